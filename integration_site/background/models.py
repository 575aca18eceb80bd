"""What the background work keeps in the database: stored PDFs and the workers' heartbeats."""

from __future__ import annotations

from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage() -> Storage:
    """STORAGES["private"]: never under a public URL; PDFs leave only through their views."""
    return storages["private"]


class StoredPdf(models.Model):
    """One PDF of the site (a kind and its parameters, e.g. the concept of edition 7): the file
    last rendered, the fingerprint it was rendered for, and the state of a render under way.

    The file stays until a newer one replaces it, so that while a render runs the previous
    version can still be offered (clearly marked as such).
    """

    class State(models.TextChoices):
        IDLE = "idle", _("bereit")
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("wird erstellt")
        FAILED = "failed", _("fehlgeschlagen")

    kind = models.CharField(_("Art"), max_length=40)
    key = models.CharField(_("Schlüssel"), max_length=200)
    params = models.JSONField(_("Parameter"), default=dict)
    municipality = models.ForeignKey(
        "concepts.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kommune"),
    )
    file = models.FileField(
        _("Datei"), upload_to="pdfs/", storage=private_storage, max_length=300, blank=True
    )
    # The same file marked as the previous version (rendering/previous_version.py): what a
    # download gets while a newer version renders.
    previous_file = models.FileField(
        _("Datei als vorherige Fassung"),
        upload_to="pdfs/",
        storage=private_storage,
        max_length=300,
        blank=True,
    )
    # Content stamps of composite PDFs (Ratspaket: Vorlage + concept) are long: no length limit.
    fingerprint = models.TextField(_("Fingerabdruck der Datei"), blank=True)
    rendered_at = models.DateTimeField(_("erstellt am"), null=True, blank=True)
    render_seconds = models.FloatField(_("Dauer der letzten Erstellung"), null=True, blank=True)
    size = models.PositiveIntegerField(_("Größe"), default=0)

    state = models.CharField(_("Zustand"), max_length=10, choices=State, default=State.IDLE)
    wanted = models.TextField(_("Fingerabdruck in Arbeit"), blank=True)
    progress = models.PositiveSmallIntegerField(_("Fortschritt"), default=0)
    step = models.CharField(_("Schritt"), max_length=200, blank=True)
    error = models.TextField(_("Fehler"), blank=True)
    task_id = models.CharField(_("Aufgabe"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("gespeichertes PDF")
        verbose_name_plural = _("gespeicherte PDFs")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="stored_pdf_kind_key_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"


class WorkerHeartbeat(models.Model):
    """A worker process writes its row every few seconds; /health/ reports a queue no living
    worker serves."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Lebenszeichen eines Workers")
        verbose_name_plural = _("Lebenszeichen der Worker")

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"


class ImportJob(models.Model):
    """One uploaded file imported by the worker (exchange JSON, indicator values, .docx): the
    stored upload (private storage, deleted after success or after `IMPORT_RETENTION`), the
    state of the task and, at the end, the result or the German problems.

    Only the town's staff see it (integration_site/background/imports.py, `ImportJobView`).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        DONE = "done", _("abgeschlossen")
        FAILED = "failed", _("fehlgeschlagen")

    kind = models.CharField(_("Art"), max_length=40)
    municipality = models.ForeignKey(
        "concepts.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Kommune"),
    )
    user = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    filename = models.CharField(_("Dateiname"), max_length=255, blank=True)
    file = models.FileField(
        _("Datei"), upload_to="imports/", storage=private_storage, max_length=300, blank=True
    )
    params = models.JSONField(_("Parameter"), default=dict)
    state = models.CharField(_("Zustand"), max_length=10, choices=State, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Fortschritt"), default=0)
    step = models.CharField(_("Schritt"), max_length=200, blank=True)
    error = models.TextField(_("Fehler"), blank=True)
    problems = models.JSONField(_("Probleme"), default=list, blank=True)
    result = models.JSONField(_("Ergebnis"), default=dict, blank=True)
    task_id = models.CharField(_("Aufgabe"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        indexes = [models.Index(fields=["municipality", "created_at"])]

    def __str__(self):
        return f"{self.kind} {self.pk} ({self.state})"
