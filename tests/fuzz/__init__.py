"""Property-based fuzzing (Hypothesis) of every importer: a file gives a successful import or a
German error, never an exception, and a refused file changes no row."""
