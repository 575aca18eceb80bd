"""The final step of the Word import as a background task.

The upload, its reading and the preview with corrections stay in the request (bounded by the
upload limit of `WordUploadForm`); "Importieren" stores the read document, the corrections and
the titles (JSON, private storage) and the worker imports them through the exchange import
(integration_site/background/imports.py), all or nothing.
"""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concepts.exchange import ImportProblems
from integration_site.background.imports import ImportFailed, ImportKind


def run(job, data, progress):
    from concepts.word.document import import_word
    from concepts.word.reader import WordDocument
    from concepts.word.roles import Rules, apply_edits, propose

    progress(5, _("Datei prüfen"))
    stored = json.loads(data)
    document = WordDocument.from_dict(stored["document"])
    rules = Rules.from_dict(stored["rules"])
    lines = apply_edits(document.lines, rules)
    roles = propose(lines, rules)
    progress(40, _("Elemente anlegen"))
    try:
        edition = import_word(
            municipality=job.municipality,
            lines=lines,
            roles=roles,
            user=job.user,
            doc_title=document.title,
            **stored["titles"],
        )
    except ImportProblems as error:
        count = len(error.problems)
        raise ImportFailed(
            ngettext(
                "Die Datei wurde nicht importiert: %(count)s Problem",
                "Die Datei wurde nicht importiert: %(count)s Probleme",
                count,
            )
            % {"count": count},
            error.problems,
        ) from None
    return {
        "url": reverse(
            "concepts:edition_detail",
            kwargs={"town": job.municipality.slug, "edition": edition.pk},
        ),
        "link": _("Zum neuen Entwurf"),
        "edition": edition.pk,
        "messages": [
            [
                "success",
                _("„%(title)s“ ist als neuer Entwurf aus Word importiert.")
                % {"title": edition.title},
            ]
        ],
    }


def upload_url(job):
    return reverse("concepts:word_upload", kwargs={"town": job.municipality.slug})


def background_import():
    return ImportKind(name="word", run=run, upload_url=upload_url)
