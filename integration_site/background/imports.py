"""Imports of uploaded files run by the worker, with a progress page for the town's staff.

The same machinery as the PDFs (`pdfs.py`): django-tasks enqueues, the worker runs, the row
keeps state, progress, step and a German error; the page refreshes itself without JavaScript
(`<meta http-equiv="refresh">`) and offers "Erneut versuchen" after a failure. An app registers
each kind of import once, in its `AppConfig.ready()`:

    register_import(ImportKind(name="exchange", run=…))

`run(job, data, progress)` gets the stored upload's bytes, may call `progress(percent, step)`
between its stages and returns the result: `{"url": …, "link": …, "messages": [[level, text]]}`
(the summary the synchronous import showed). It raises `ImportFailed(message, problems)` for a
file that cannot be imported (nothing written: the import runs in one transaction); the page
shows the message and the problems with their place in the file (JSON path, row).

The upload view checks size and type in the request and calls `start_import(...)`, which stores
the file in the private storage (never under a public URL) and enqueues `run_import`; the view
redirects to `job_url(job)`. The stored upload is deleted after a success, or after
`IMPORT_RETENTION` (kept so long so that a failed import can be tried again).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_tasks import task

from concepts.scoping import StaffRequiredMixin
from integration_site.background.models import ImportJob

logger = logging.getLogger(__name__)

# A failed upload is kept this long for "Erneut versuchen"; a successful one is deleted at once.
IMPORT_RETENTION = datetime.timedelta(days=2)
# An import still "running" after this long lost its worker: it may be tried again.
IMPORT_STALLED_AFTER = datetime.timedelta(minutes=15)
REFRESH_SECONDS = 2


class ImportFailed(Exception):
    """The file cannot be imported: a German message and [(place in the file, message)]."""

    def __init__(self, message: str, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = [list(problem) for problem in problems]


@dataclass(frozen=True)
class ImportKind:
    name: str
    run: Callable[[ImportJob, bytes, Callable[[int, str], None]], dict]
    # The form to upload a file again: (job) → URL.
    upload_url: Callable[[ImportJob], str]


_kinds: dict[str, ImportKind] = {}


def register_import(kind: ImportKind) -> None:
    _kinds[kind.name] = kind


def import_kind(name: str) -> ImportKind:
    return _kinds[name]


def job_url(job: ImportJob) -> str:
    return reverse("import_job", kwargs={"town": job.municipality.slug, "job": job.pk})


def start_import(kind: str, *, municipality, user, filename: str, data: bytes, params=None):
    """Store the upload privately, enqueue its import, return the job."""
    purge_expired_uploads()
    job = ImportJob.objects.create(
        kind=kind,
        municipality=municipality,
        user=user if user is not None and user.is_authenticated else None,
        filename=filename[:255],
        params=params or {},
    )
    job.file.save(f"{kind}-{job.pk}.upload", ContentFile(data), save=False)
    ImportJob.objects.filter(pk=job.pk).update(file=job.file.name)
    enqueue_import(job)
    job.refresh_from_db()
    return job


def enqueue_import(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.QUEUED,
        progress=0,
        step=_("Wartet auf einen freien Worker"),
        error="",
        problems=[],
        result={},
        attempts=job.attempts + 1,
        started_at=None,
        finished_at=None,
    )
    # The immediate backend (the tests) runs the import right here.
    result = run_import.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id))


def can_retry(job: ImportJob) -> bool:
    if not job.file:
        return False
    if job.state == ImportJob.State.FAILED:
        return True
    return job.state == ImportJob.State.RUNNING and (
        job.started_at is None or timezone.now() - job.started_at > IMPORT_STALLED_AFTER
    )


def purge_expired_uploads() -> int:
    """Delete the stored uploads older than IMPORT_RETENTION (the rows stay, without file)."""
    cutoff = timezone.now() - IMPORT_RETENTION
    expired = list(ImportJob.objects.filter(created_at__lt=cutoff).exclude(file=""))
    for job in expired:
        job.file.storage.delete(job.file.name)
    ImportJob.objects.filter(pk__in=[job.pk for job in expired]).update(file="")
    return len(expired)


@task()
def run_import(job_id: int) -> dict:
    """The task: import one stored upload, report its stages, keep the result or the problems."""
    job = ImportJob.objects.select_related("municipality", "user").filter(pk=job_id).first()
    if job is None or job.state == ImportJob.State.DONE:
        return {"skipped": "gone" if job is None else "done"}

    def progress(percent: int, step: str) -> None:
        percent = max(1, min(percent, 99))
        ImportJob.objects.filter(pk=job_id).update(progress=percent, step=step)

    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJob.State.RUNNING,
        started_at=timezone.now(),
        progress=1,
        step=_("Datei prüfen"),
    )
    try:
        with translation.override(settings.LANGUAGE_CODE):
            try:
                with job.file.open("rb") as handle:
                    data = handle.read()
            except (FileNotFoundError, ValueError):
                raise ImportFailed(
                    _(
                        "Die hochgeladene Datei ist nicht mehr vorhanden. Bitte laden Sie sie "
                        "erneut hoch."
                    )
                ) from None
            result = import_kind(job.kind).run(job, data, progress)
    except ImportFailed as failure:
        _finish(job_id, ImportJob.State.FAILED, error=failure.message, problems=failure.problems)
        return {"failed": failure.message, "problems": len(failure.problems)}
    except Exception as error:
        _finish(
            job_id,
            ImportJob.State.FAILED,
            error=_(
                "Der Import ist abgebrochen; es wurde nichts übernommen. Bitte versuchen Sie es "
                "erneut; bleibt der Fehler, wenden Sie sich an die Administration (Fehlerart: "
                "%(kind)s)."
            )
            % {"kind": type(error).__name__},
        )
        logger.exception("Import %s (%s) failed", job_id, job.kind)
        raise
    _finish(job_id, ImportJob.State.DONE, result=result)
    # The data now lives in the database: the upload is not kept.
    if job.file:
        job.file.storage.delete(job.file.name)
        ImportJob.objects.filter(pk=job_id).update(file="")
    return {"done": True}


def _finish(job_id: int, state: str, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        state=state,
        progress=100 if state == ImportJob.State.DONE else 0,
        step="",
        finished_at=timezone.now(),
        **fields,
    )


class ImportJobView(StaffRequiredMixin, TemplateView):
    """The progress of one import, then its result or its problems; POST tries it again.
    Only the staff of the town that uploaded the file see it (404 from another town)."""

    template_name = "integration_site/import_job.html"

    def load_objects(self):
        super().load_objects()
        self.job = get_object_or_404(
            ImportJob.objects.select_related("municipality"),
            pk=self.kwargs["job"],
            municipality=self.municipality,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        elapsed = None
        if job.state == ImportJob.State.RUNNING and job.started_at:
            elapsed = int((timezone.now() - job.started_at).total_seconds())
        context.update(
            job=job,
            municipality=self.municipality,
            current_municipality=self.municipality,
            in_flight=job.state in (ImportJob.State.QUEUED, ImportJob.State.RUNNING),
            refresh_seconds=REFRESH_SECONDS,
            elapsed=elapsed,
            can_retry=can_retry(job),
            upload_url=import_kind(job.kind).upload_url(job) if job.kind in _kinds else "",
        )
        return context

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=self.job.pk)
            retry = can_retry(job)
            if retry:
                # Inside the lock: a second click finds the job queued and does not enqueue.
                enqueue_import(job)
        if not retry:
            messages.error(
                request,
                _(
                    "Dieser Import kann nicht erneut versucht werden; bitte laden Sie die Datei "
                    "erneut hoch."
                ),
            )
        return redirect(job_url(self.job))
