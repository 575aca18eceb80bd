"""The exchange format: one edition as JSON (docs/austauschformat.md).

`edition_export(edition)` → dict, `dumps(data)` → the canonical text (so that export → import →
export gives the same bytes), `edition_import(*, municipality, data, user)` → a new draft
edition, or `ImportProblems` with one German message per JSON path and nothing written.

Other apps add their part under `"extensions"` through their `ConceptExtension.exchange_sections`
(`concepts.extensions`): an exporter that turns the edition into JSON (getting the keys of the
concept's elements), an optional checker, and an importer that gets the created elements by key.

Here what the parts share: the format name, the registry of sections, the error. `export`
writes the file, `check` finds its problems (against concept-export.schema.json next to it),
`load` imports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

FORMAT = "integrationskonzept-austausch/2"
# Files of version 1 still import: version 2 only adds keys (docs/austauschformat.md).
FORMATS = (FORMAT, "integrationskonzept-austausch/1")
IMPORT_REASON = "importiert aus einer Austauschdatei"
# The largest file the import form accepts: nine times the largest real concept (`demo --large`,
# 1.1 MB), and small enough to import well inside gunicorn's 120 s timeout
# (benchmarks/bench_exchange_import.py; at 20 MB it took up to two minutes on a busy machine).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass
class ExchangeSection:
    """A part of the file other apps contribute, stored under `extensions[name]`.

    export(edition, keys) → JSON value; keys maps (model, pk) → the element's key in the file.
    check(value, known_keys) → [(json_path, German message)] (optional).
    import_(edition, value, objects, user) creates the part; objects maps key → created element.
    """

    name: str
    export: Callable
    import_: Callable
    check: Callable | None = None
    schema: dict | None = None


def sections() -> dict[str, ExchangeSection]:
    """{name: section} of every registered extension."""
    from concepts.extensions import exchange_sections

    return exchange_sections()


class ImportProblems(Exception):
    """The file cannot be imported; `problems` is a list of (JSON path, German message)."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} Probleme")
        self.problems = problems


def natural_key(key: str) -> list[int | str]:
    """Sorts "m2" before "m10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def _run_background_import(job, data, progress):
    """The exchange file's import as a background task (integration_site/background/imports)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from concepts.exchange.load import edition_import
    from integration_site.background.imports import ImportFailed

    try:
        edition = edition_import(
            municipality=job.municipality, data=data, user=job.user, progress=progress
        )
    except ImportProblems as error:
        count = len(error.problems)
        message = ngettext(
            "Die Datei wurde nicht importiert: %(count)s Problem",
            "Die Datei wurde nicht importiert: %(count)s Probleme",
            count,
        ) % {"count": count}
        raise ImportFailed(message, error.problems) from None
    town = job.municipality.slug
    if edition.based_on_id:
        # The file names a predecessor already in the town: the staff confirm which of its
        # goals and measures each element continues (concepts/exchange/matching.py).
        summary = _(
            "„%(title)s“ ist importiert. Bitte die vorgeschlagene Zuordnung zur "
            "Vorfassung „%(predecessor)s“ prüfen und bestätigen."
        ) % {"title": edition.title, "predecessor": edition.based_on.title}
        url_name, link = "concepts:predecessor_match", _("Zuordnung zur Vorfassung prüfen")
    else:
        if edition.status == edition.Status.DRAFT:
            summary = _("„%(title)s“ ist als neuer Entwurf importiert.") % {"title": edition.title}
        else:
            # The file's status stands (e.g. an adopted edition moving in from another system).
            summary = _("„%(title)s“ ist importiert (Status laut Datei: %(status)s).") % {
                "title": edition.title,
                "status": edition.get_status_display(),
            }
        url_name, link = "concepts:edition_detail", _("Zum neuen Entwurf")
    return {
        "url": reverse(url_name, kwargs={"town": town, "edition": edition.pk}),
        "link": link,
        "edition": edition.pk,
        "messages": [["success", summary]],
    }


def _upload_url(job):
    from django.urls import reverse

    return reverse("concepts:edition_import", kwargs={"town": job.municipality.slug})


def background_import():
    from integration_site.background.imports import ImportKind

    return ImportKind(name="exchange", run=_run_background_import, upload_url=_upload_url)
