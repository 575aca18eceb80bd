"""The site's own models live in their sub-packages; Django finds them here."""

from integration_site.background.models import StoredPdf, WorkerHeartbeat

__all__ = ["StoredPdf", "WorkerHeartbeat"]
