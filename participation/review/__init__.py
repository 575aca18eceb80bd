"""The review of draft chapters: rounds, comments, notifications, exports."""
