"""Running an installation: backup, logs, system check."""
