"""The controlling cycle: reporting rounds, their tasks, pages and the controlling report."""
