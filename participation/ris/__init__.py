"""Results read back from the town's Ratsinformationssystem over OParl (issue 16)."""
