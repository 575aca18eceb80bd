"""Online surveys (Onlineumfragen) of the town's actors and residents; see docs/umfragen.md."""
