"""The participation demo data: groups, review, council, a large town."""
