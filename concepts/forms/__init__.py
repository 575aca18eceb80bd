"""Forms of the concept: its elements and its editions."""
