"""The indicator values' import (CSV/XLSX) as a background task.

The upload and its preview stay in the request (at most 2 MB, `ImportUploadForm.MAX_BYTES`);
the confirmed import is enqueued with the same file and runs in the worker
(integration_site/background/imports.py), which parses it again and stores the values in one
transaction. The progress page links to the indicators with the summary the import showed
before.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from concepts.models import Edition
from indicators import services
from indicators.importers import values as importers
from indicators.models import Indicator
from integration_site.background.imports import ImportFailed, ImportKind

KIND = "indicator-values"


def run(job, data, progress):
    params = job.params
    progress(5, _("Datei prüfen"))
    editions = Edition.objects.for_municipality(job.municipality)
    edition = editions.filter(pk=params["edition"]).first()
    if edition is None:
        raise ImportFailed(_("Die Fassung gibt es nicht mehr; es wurde nichts importiert."))
    default = None
    if params.get("indicator"):
        default = Indicator.objects.for_edition(edition).filter(pk=params["indicator"]).first()
    try:
        parsed = importers.parse_upload(edition, job.filename, data, default)
    except importers.ImportFileError as error:
        raise ImportFailed(str(error)) from None
    problems = [(_("Zeile %(line)s") % {"line": e.line}, str(e)) for e in parsed.errors]
    if not parsed.ok and not params.get("skip_unreadable"):
        raise ImportFailed(_("Die Datei enthält Fehler; es wurde nichts importiert."), problems)
    if not parsed.items:
        raise ImportFailed(_("Die Datei enthält keine lesbare Zeile; nichts importiert."), problems)
    progress(40, _("Werte speichern"))
    try:
        created, updated = services.measurements_save(items=parsed.items, user=job.user)
    except ValidationError as error:
        raise ImportFailed(
            _("Die Werte wurden nicht gespeichert; es wurde nichts importiert."),
            [("", message) for message in error.messages],
        ) from None
    summary = [
        [
            "success",
            _("Import abgeschlossen: %(created)s Werte neu, %(updated)s geändert.")
            % {"created": created, "updated": updated},
        ]
    ]
    if not parsed.ok:
        summary.append(
            [
                "warning",
                _("Ausgelassen wurden die Zeilen mit Fehlern: %(lines)s.")
                % {"lines": ", ".join(str(line) for line in parsed.failed_lines)},
            ]
        )
    return {
        "url": reverse("indicators:index", kwargs={"town": job.municipality.slug}),
        "link": _("Zu den Indikatoren"),
        "messages": summary,
        "created": created,
        "updated": updated,
    }


def upload_url(job):
    return reverse(
        "indicators:import_upload",
        kwargs={"town": job.municipality.slug, "edition": job.params["edition"]},
    )


def background_import():
    return ImportKind(name=KIND, run=run, upload_url=upload_url)
