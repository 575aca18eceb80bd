"""Every PDF of the site, rendered ahead of time by the worker and served from storage.

A PDF is a *kind* (the concept, the Vorlage, the Ratspaket, the controlling report, the
Synopse …) and its JSON parameters (`{"edition": 7}`). An app registers each kind once, in its
`AppConfig.ready()`:

    register_pdf(
        PdfKind(
            name="concept",
            fingerprint=lambda params: concept_fingerprint(edition_of(params)),
            render=lambda params, progress: …bytes…,
            standing=lambda town: [{"edition": pk} for pk in …],  # optional: kept ready always
        )
    )

and its view answers with `pdf_download(request, "concept", {"edition": 7}, filename=…)`:

- the stored file when its fingerprint is the current one: no rendering in the request;
- while a newer version renders, the previous file at once, in its copy marked as the previous
  version on every page and in its title (rendering/previous_version.py, made by the worker
  when it stored the file), named `vorherige-fassung-…`; the page with the download button
  says so beside it and links the progress (`pdf_state` in templatetags/pdf_state.py);
- otherwise a render task is enqueued (once, however many ask) and the answer is a page that
  shows the progress and refreshes itself (`<meta http-equiv="refresh">`, no JavaScript), with
  the previous version offered as such (`?vorherige=1`) when there is one (also asked for with
  `?warten=1`); a failed render shows its German message and a link that tries again
  (`?erneut=1`).

`prepare_town(town)` (enqueued after every successful change in a town, see
`PrepareAfterEditsMiddleware`) compares the stored fingerprints with the current ones and
enqueues a render for each PDF whose content changed, and for the kinds' `standing` PDFs, so
that the next download is already there. With the immediate backend (the tests) a render runs
inside `enqueue`, so a download answers with the PDF at once.
"""

from __future__ import annotations

import datetime
import json
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from integration_site.background.models import StoredPdf
from integration_site.background.worker import TaskTimeLimitExceeded
from integration_site.rendering.generation import remembered
from integration_site.rendering.htmx import htmx_redirect, is_htmx
from integration_site.rendering.pdf import _note_cache_status
from integration_site.rendering.previous_version import mark_previous

logger = logging.getLogger(__name__)


class PdfRenderError(Exception):
    """A render that cannot succeed for a reason the town can act on; its message (German,
    through gettext) is shown as it is."""


@dataclass(frozen=True)
class PdfKind:
    """One kind of PDF (see the module docstring).

    `fingerprint(params)` must change whenever anything shown changes and cost few queries (it
    runs on every download); `render(params, progress)` returns the PDF bytes and may call
    `progress(percent, step)` between its stages; `standing(town)` names the parameters of
    the PDFs of a town that are kept ready even before anyone asked for them. `ahead=False`
    leaves a kind out of `prepare_town`: it is rendered only when downloaded (the results of a
    running survey change with every answer; rendering them after each would keep a worker busy
    for nobody).
    """

    name: str
    fingerprint: Callable[[dict], str]
    render: Callable[[dict, Callable[[int, str], None]], bytes]
    standing: Callable[[object], Iterable[dict]] | None = None
    ahead: bool = True


_kinds: dict[str, PdfKind] = {}


def register_pdf(kind: PdfKind) -> None:
    _kinds[kind.name] = kind


def pdf_kind(name: str) -> PdfKind:
    return _kinds[name]


def registered_kinds() -> list[PdfKind]:
    return list(_kinds.values())


def params_key(params: dict) -> str:
    return json.dumps(params, sort_keys=True, separators=(",", ":"))


def stored_pdf(kind: str, params: dict, municipality=None) -> StoredPdf:
    """The row of one PDF, created on first use."""
    document, _created = StoredPdf.objects.get_or_create(
        kind=kind,
        key=params_key(params),
        defaults={"params": params, "municipality": municipality},
    )
    return document


# ---------------------------------------------------------------------------------------------
# Enqueueing


def ensure_render(document: StoredPdf, fingerprint: str, *, retry: bool = False) -> bool:
    """Enqueue a render of `document` for `fingerprint` unless the file is current, one is
    queued or running already, or the last try for this fingerprint failed (then only with
    `retry`). Returns whether a task was enqueued."""
    if _settled(document, fingerprint, retry):
        # Seen without a lock in the row as the caller read it: the many downloads that meet a
        # render under way do not queue up behind one another on the row's lock.
        return False
    with transaction.atomic():
        row = StoredPdf.objects.select_for_update().get(pk=document.pk)
        if _settled(row, fingerprint, retry):
            return False
        attempts = row.attempts + 1 if row.wanted == fingerprint else 1
        StoredPdf.objects.filter(pk=row.pk).update(
            state=StoredPdf.State.QUEUED,
            wanted=fingerprint,
            progress=0,
            step=_("Wartet auf einen freien Worker"),
            error="",
            attempts=attempts,
        )
    # After the commit: a worker must find the row in its new state; the immediate backend runs
    # the render right here.
    result = render_stored_pdf.enqueue(document.pk, fingerprint)
    StoredPdf.objects.filter(pk=document.pk, wanted=fingerprint).update(task_id=str(result.id))
    return True


# A render still "running" after this long lost its worker (killed, out of memory, the server
# restarted): the next download enqueues it again.
RENDER_STALLED_AFTER = datetime.timedelta(minutes=15)


def _settled(row: StoredPdf, fingerprint: str, retry: bool) -> bool:
    """Whether `row` (as read, no lock) needs no new render for `fingerprint`: it is stored, or
    a render is queued (it renders the content as it is when it starts, so any newer content
    too), or its render is running (and not stalled), or failed and no retry was asked for."""
    if row.fingerprint == fingerprint and row.file:
        return True
    if row.state == StoredPdf.State.QUEUED:
        return True
    if row.wanted != fingerprint:
        return False
    return _under_way(row) or (row.state == StoredPdf.State.FAILED and not retry)


def _under_way(row: StoredPdf) -> bool:
    """A render is queued, or running and has not lost its worker."""
    return row.state == StoredPdf.State.QUEUED or (
        row.state == StoredPdf.State.RUNNING and not _stalled(row)
    )


def _stalled(row: StoredPdf) -> bool:
    return row.started_at is None or timezone.now() - row.started_at > RENDER_STALLED_AFTER


@task()
def render_stored_pdf(document_id: int, fingerprint: str) -> dict:
    """The task: render one stored PDF, report progress, store the file or a German error."""
    document = StoredPdf.objects.filter(pk=document_id).first()
    if document is None:
        return {"skipped": "gone"}
    kind = pdf_kind(document.kind)
    current = kind.fingerprint(document.params)
    if document.fingerprint == current and document.file:
        StoredPdf.objects.filter(pk=document_id).update(state=StoredPdf.State.IDLE, progress=100)
        return {"skipped": "current"}
    not_before = _spaced(document, kind)
    if not_before is not None:
        # Rendered a moment ago and changed again since (someone is editing): render the
        # content as it is then. The row stays queued, so downloads get the previous version.
        result = render_stored_pdf.using(run_after=not_before).enqueue(document_id, current)
        StoredPdf.objects.filter(pk=document_id).update(
            task_id=str(result.id),
            step=_("Wird ab %(time)s Uhr neu erstellt: die Inhalte werden gerade geändert")
            % {"time": formats.time_format(timezone.localtime(not_before), "H:i")},
        )
        return {"deferred": not_before.isoformat()}

    def progress(percent: int, step: str) -> None:
        percent = max(0, min(percent, 99))
        StoredPdf.objects.filter(pk=document_id).update(progress=percent, step=step)

    started = time.monotonic()
    StoredPdf.objects.filter(pk=document_id).update(
        state=StoredPdf.State.RUNNING,
        wanted=current,
        started_at=timezone.now(),
        progress=1,
        step=_("Die Daten werden zusammengestellt"),
    )
    try:
        # Council documents are German, whoever's request enqueued them.
        with translation.override(settings.LANGUAGE_CODE):
            data = kind.render(document.params, progress)
    except Exception as error:
        StoredPdf.objects.filter(pk=document_id).update(
            state=StoredPdf.State.FAILED, error=failure_message(error), progress=0, step=""
        )
        logger.exception("PDF %s %s could not be rendered", document.kind, document.key)
        raise
    seconds = time.monotonic() - started
    _store(document, current, data, seconds)
    if kind.ahead:
        _renew_if_changed(document, current)
    return {"fingerprint": current, "bytes": len(data), "seconds": round(seconds, 2)}


def _renew_if_changed(document: StoredPdf, rendered: str) -> None:
    """The content changed while the render ran (as it does while people edit): enqueue the
    next render now. Until it is done, downloads get the file just stored as the previous
    version at once, instead of the first of them computing the fingerprint and enqueueing."""
    try:
        now = current_fingerprint(document.kind, document.params)
    except (LookupError, ObjectDoesNotExist):
        return
    if now != rendered:
        document.refresh_from_db()
        ensure_render(document, now)


def _spaced(document: StoredPdf, kind: PdfKind) -> datetime.datetime | None:
    """When a render of `document` may start, if not now (`PDF_RENDER_SPACING_SECONDS`)."""
    spacing = settings.PDF_RENDER_SPACING_SECONDS
    if not (spacing and kind.ahead and document.file and document.rendered_at):
        return None
    if not render_stored_pdf.get_backend().supports_defer:
        return None
    not_before = document.rendered_at + datetime.timedelta(seconds=spacing)
    return not_before if not_before > timezone.now() else None


def failure_message(error: Exception) -> str:
    if isinstance(error, PdfRenderError):
        return str(error)
    if isinstance(error, TaskTimeLimitExceeded):
        return _(
            "Das PDF wurde nach %(seconds)d Sekunden abgebrochen, weil die Erstellung länger "
            "dauerte als erlaubt. Bitte versuchen Sie es erneut; bleibt es dabei, wenden Sie "
            "sich an die Administration."
        ) % {"seconds": math.ceil(error.seconds)}
    return _(
        "Das PDF konnte nicht erstellt werden. Bitte versuchen Sie es erneut; bleibt der "
        "Fehler, wenden Sie sich an die Administration (Fehlerart: %(kind)s)."
    ) % {"kind": type(error).__name__}


def _store(document: StoredPdf, fingerprint: str, data: bytes, seconds: float) -> None:
    old_names = (
        StoredPdf.objects.filter(pk=document.pk).values_list("file", "previous_file").first()
    )
    rendered_at = timezone.now()
    name = f"{document.kind}-{document.pk}-{fingerprint[:16]}"
    document.file.save(f"{name}.pdf", ContentFile(data), save=False)
    previous = _marked_copy(document, data, rendered_at)
    if previous is not None:
        document.previous_file.save(f"{name}-vorherige.pdf", ContentFile(previous), save=False)
    else:
        document.previous_file = ""
    StoredPdf.objects.filter(pk=document.pk).update(
        file=document.file.name,
        previous_file=document.previous_file.name or "",
        fingerprint=fingerprint,
        rendered_at=rendered_at,
        render_seconds=seconds,
        size=len(data),
        error="",
    )
    # Done, unless a newer render was queued while this one ran: that one stays queued.
    StoredPdf.objects.filter(pk=document.pk).exclude(state=StoredPdf.State.QUEUED).update(
        state=StoredPdf.State.IDLE, progress=100, step=""
    )
    kept = {document.file.name, document.previous_file.name}
    for old_name in old_names or ():
        if old_name and old_name not in kept:
            document.file.storage.delete(old_name)


def stored_pdfs_delete(documents) -> None:
    """Delete the rows of `documents` (a queryset) and, after the commit, their files: the
    stored file and its marked copy."""
    for document in documents:
        for file in (document.file, document.previous_file):
            if file:
                transaction.on_commit(partial(file.storage.delete, file.name))
        document.delete()


def _marked_copy(document: StoredPdf, data: bytes, rendered_at) -> bytes | None:
    """The copy a download gets while the next version renders; None if it cannot be made
    (then such a download gets the waiting page, which offers this file as the previous
    version)."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return mark_previous(data, rendered_at)
    except Exception:
        logger.exception("PDF %s %s: no marked previous version", document.kind, document.key)
        return None


# ---------------------------------------------------------------------------------------------
# Ready before anyone asks


def prepare_documents(town) -> int:
    """Enqueue a render for every PDF of `town` whose content changed, and for the kinds'
    standing PDFs not stored yet. Returns how many renders were enqueued."""
    wanted = {}
    for kind in registered_kinds():
        if kind.standing is not None:
            for params in kind.standing(town):
                wanted[(kind.name, params_key(params))] = (kind, params)
    stored = {(d.kind, d.key): d for d in StoredPdf.objects.filter(municipality=town)}
    for (name, key), document in stored.items():
        if name in _kinds and _kinds[name].ahead:
            wanted.setdefault((name, key), (_kinds[name], document.params))
    enqueued = 0
    for (name, key), (_kind, params) in wanted.items():
        document = stored.get((name, key)) or stored_pdf(name, params, town)
        try:
            fingerprint = current_fingerprint(name, params)
        except (LookupError, ObjectDoesNotExist):
            # The object is gone (an edition or paper deleted): its PDF with it.
            stored_pdfs_delete([document])
            continue
        enqueued += ensure_render(document, fingerprint)
    return enqueued


@task()
def prepare_town(town_id: int) -> int:
    from concepts.models import Municipality

    town = Municipality.objects.filter(pk=town_id).first()
    return prepare_documents(town) if town is not None else 0


class PrepareAfterEditsMiddleware:
    """After a successful change (POST …) in a town's pages, enqueue `prepare_town` for it —
    at most once every few seconds per town, since the task looks at all its PDFs anyway."""

    DEBOUNCE_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if (
            request.method in ("POST", "PUT", "PATCH", "DELETE")
            and response.status_code < 400
            and settings.PDF_PREPARE_AFTER_EDITS
            and request.resolver_match is not None
            and "town" in request.resolver_match.kwargs
        ):
            self._prepare(request.resolver_match.kwargs["town"])
        return response

    def _prepare(self, slug: str) -> None:
        from concepts.models import Municipality

        if not cache.add(f"pdf-prepare:{slug}", 1, timeout=self.DEBOUNCE_SECONDS):
            return
        town_id = Municipality.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if town_id is not None:
            try:
                prepare_town.enqueue(town_id)
            except Exception:
                # Never fail the edit that was already saved because the queue hiccuped.
                logger.exception("Could not enqueue the PDF preparation of %s", slug)


# ---------------------------------------------------------------------------------------------
# Serving


def pdf_download(
    request: HttpRequest,
    kind: str,
    params: dict,
    *,
    filename: str,
    inline: bool = True,
    municipality=None,
) -> HttpResponse:
    """The answer of every PDF view (after its permission check): see the module docstring."""
    document = stored_pdf(kind, params, municipality)
    if document.file and being_replaced(document) and not request.GET.get("erneut"):
        # A newer version is queued or rendering (enqueued by the edit that changed it, and
        # rendered from the content as it is when the render starts): the stored file is the
        # previous one, and neither answer needs the current fingerprint.
        return _while_replaced(request, document, filename, inline, municipality)
    try:
        current = current_fingerprint(kind, params)
    except (LookupError, ObjectDoesNotExist) as error:
        raise Http404 from error
    if document.fingerprint == current and document.file:
        return _current_version(request, document, filename, inline, "hit")
    if request.GET.get("vorherige") and document.file:
        return _previous_version(document, filename, inline)
    ensure_render(document, current, retry=bool(request.GET.get("erneut")))
    document.refresh_from_db()
    if document.fingerprint == current and document.file:
        return _current_version(request, document, filename, inline, "miss")
    if document.file and being_replaced(document):
        return _while_replaced(request, document, filename, inline, municipality)
    return _wait_page(request, document, filename, municipality)


def _current_version(request, document, filename, inline, cache_status) -> HttpResponse:
    if is_htmx(request):
        # The waiting page asked (htmx polls it): the browser loads the PDF itself.
        return htmx_redirect(_url(request, drop=("warten",)))
    _note_cache_status(cache_status)
    return _file_response(document.file, filename, inline)


def _while_replaced(request, document, filename, inline, municipality) -> HttpResponse:
    """The previous version, marked as such, at once; the waiting page with the progress when
    asked for (`?warten=1`, linked beside every download button, see `pdf_state`) or when the
    file has no marked copy."""
    if request.GET.get("warten") or not (document.previous_file or request.GET.get("vorherige")):
        return _wait_page(request, document, filename, municipality)
    return _previous_version(document, filename, inline)


def _previous_version(document: StoredPdf, filename: str, inline: bool) -> HttpResponse:
    _note_cache_status("hit")
    response = _file_response(
        document.previous_file or document.file, f"vorherige-fassung-{filename}", inline
    )
    response["X-PDF-Version"] = "previous"
    return response


def _wait_page(request, document, filename, municipality) -> HttpResponse:
    """Progress (refreshing itself without JavaScript), the previous version if there is one,
    or the failure with "Erneut versuchen"."""
    return render(
        request,
        "integration_site/pdf_wait.html",
        {
            "document": document,
            "filename": filename,
            "refresh_seconds": 3,
            "refresh_url": _url(request, drop=("erneut", "vorherige")),
            "previous_url": _url(request, vorherige="1"),
            "retry_url": _url(request, drop=("vorherige",), erneut="1"),
            "elapsed": _elapsed(document),
            "municipality": municipality,
            "current_municipality": municipality,
        },
        status=200,
    )


def current_fingerprint(kind: str, params: dict) -> str:
    """The fingerprint of the PDF's content now, remembered until the next write
    (rendering/generation.py)."""
    return remembered(("pdf", kind, params_key(params)), lambda: pdf_kind(kind).fingerprint(params))


def being_replaced(document: StoredPdf) -> bool:
    """Whether a render of newer content than the stored file is queued or running (and has
    not lost its worker)."""
    return (
        _under_way(document) and bool(document.wanted) and document.wanted != document.fingerprint
    )


def _url(request: HttpRequest, drop=(), **add) -> str:
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    for name, value in add.items():
        query[name] = value
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def _elapsed(document: StoredPdf) -> int | None:
    if document.state == StoredPdf.State.RUNNING and document.started_at:
        return int((timezone.now() - document.started_at).total_seconds())
    return None


def _file_response(file, filename: str, inline: bool) -> HttpResponse:
    # Read whole (a few MB, from local disk or the object storage): the answer keeps a length
    # and the file may be replaced by the next render while a slow client still reads.
    try:
        with file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as error:
        raise Http404(_("Die Datei fehlt.")) from error
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
