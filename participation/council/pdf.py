"""The council PDFs: the Beschlussvorlage and the Ratspaket (Vorlage + concept as Anlage 01).

Both are cached with `cached_pdf` under a fingerprint of everything they show, so a second
download of an unchanged Vorlage is read from disk; any change to the paper, a step of its
Gremienweg, an amendment, a meeting, a body or an attachment renders it anew.

The concept part is the concept document of `concepts.document`, rendered on its own and
joined page by page, so that each part keeps its own page numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils.translation import gettext

from concepts.document import concept_fingerprint as document_fingerprint
from concepts.document import concept_html
from integration_site.background.pdfs import PdfKind
from integration_site.rendering.pdf import cached_pdf, documents_to_pdf, render_pdf
from integration_site.rendering.stamps import Stamp, fingerprint
from participation.council.status import decision_diff, papers_with_path
from participation.models import Consultation, Paper

if TYPE_CHECKING:
    from concepts.models import Edition

# What the Vorlage PDF is made of besides the paper's rows: its template and stylesheets (by
# their content); raise the version when the print layout changes in code.
PAPER_STAMP = Stamp(
    "vorlage",
    templates=("participation/pdf/vorlage.html",),
    static=("css/print.css", "css/council_print.css"),
    version="vorlage-1",
    edition=False,
)


def attachment_list(paper: Paper) -> list[dict[str, Any]]:
    """Anlagen as numbered in the Vorlage: the concept first („Anlage 01“), then uploads."""
    entries = []
    if paper.has_concept_attachment:
        edition = paper.edition
        entries.append(
            {
                "title": f"{edition.concept.title} – {edition.title} ({edition.year})",
                "generated": True,
            }
        )
    entries.extend({"title": a.title, "attachment": a} for a in paper.attachments.all())
    for number, entry in enumerate(entries, start=1):
        entry["number"] = f"{number:02d}"
    return entries


def paper_fingerprint(paper: Paper) -> str:
    """Changes whenever anything the Vorlage PDF shows changes."""
    path = Consultation.objects.filter(paper=paper).aggregate(
        n_consultations=Count("pk", distinct=True),
        last_consultation=Max("modified"),
        last_meeting=Max("meeting__modified"),
        last_committee=Max("committee__modified"),
        last_agenda_item=Max("agenda_item__modified"),
        n_amendments=Count("amendments", distinct=True),
        last_amendment=Max("amendments__modified"),
    )
    attachments = paper.attachments.aggregate(
        n_attachments=Count("pk"), last_attachment=Max("modified")
    )
    edition = paper.edition
    return fingerprint(
        PAPER_STAMP,
        None,
        paper.pk,
        paper.modified.isoformat(),
        paper.municipality.modified.isoformat(),
        edition.modified.isoformat() if edition else "",
        *(str(path[key]) for key in sorted(path)),
        *(str(attachments[key]) for key in sorted(attachments)),
    )


def paper_context(paper: Paper, *, public: bool = False) -> dict[str, Any]:
    paper = papers_with_path(
        Paper.objects.filter(pk=paper.pk).select_related("municipality", "edition__concept"),
        public=public,
    )[0]
    decisions = [
        {"consultation": c, "diff": decision_diff(paper.proposal_text, c.decision_text)}
        for c in paper.path
        if c.decision_text
    ]
    return {
        "paper": paper,
        "municipality": paper.municipality,
        "path": paper.path,
        "decisions": decisions,
        "attachments": attachment_list(paper),
        "amendments": [(c, a) for c in paper.path for a in c.amendments.all()],
    }


def paper_html(paper: Paper) -> str:
    return render_to_string("participation/pdf/vorlage.html", paper_context(paper))


def paper_pdf(paper: Paper, *, public: bool = False) -> bytes:
    """The Beschlussvorlage as PDF bytes (cached).

    `public=True` is the variant for anonymous readers (OParl): only the public steps of the
    Gremienweg (`Consultation.objects.public()`) with their amendments and decisions. It has
    its own cache key, so that the full Vorlage of the town's staff is never served for it.
    """
    return cached_pdf(
        "vorlage-oeffentlich" if public else "vorlage",
        paper_fingerprint(paper),
        lambda: render_pdf("participation/pdf/vorlage.html", paper_context(paper, public=public)),
    )


def paper_package_pdf(paper: Paper) -> bytes:
    """Vorlage and concept in one PDF/UA document; each part keeps its own page numbers."""
    edition = paper.edition if paper.has_concept_attachment else None
    fingerprint = paper_fingerprint(paper)
    if edition is not None:
        fingerprint += "|" + concept_fingerprint(edition)

    return cached_pdf("ratspaket", fingerprint, lambda: render_paper_package(paper))


def render_paper_package(paper: Paper, progress=None) -> bytes:
    """The Ratspaket rendered (uncached); `progress(percent, step)` hears its stages.

    The Vorlage and the concept are rendered one after the other, the concept in parts
    (integration_site/rendering/parts.py), and joined: memory stays bounded at any size."""
    edition = paper.edition if paper.has_concept_attachment else None
    documents = [paper_html(paper)]
    if edition is not None:
        documents.append(concept_document(edition))
    if progress is not None:
        progress(20, gettext("Die Seiten werden gesetzt"))
    return documents_to_pdf(documents, progress)


def package_fingerprint(paper: Paper) -> str:
    fingerprint = paper_fingerprint(paper)
    if paper.has_concept_attachment and paper.edition is not None:
        fingerprint += "|" + concept_fingerprint(paper.edition)
    return fingerprint


def _paper(params: dict) -> Paper:
    return Paper.objects.select_related("municipality", "edition__concept").get(pk=params["paper"])


# The kinds of the background renders (integration_site/background/pdfs.py); registered in
# ParticipationConfig.ready().
PAPER_PDF = PdfKind(
    name="vorlage",
    fingerprint=lambda params: paper_fingerprint(_paper(params)),
    render=lambda params, progress: render_pdf(
        "participation/pdf/vorlage.html", paper_context(_paper(params)), progress
    ),
)
PAPER_PACKAGE_PDF = PdfKind(
    name="ratspaket",
    fingerprint=lambda params: package_fingerprint(_paper(params)),
    render=lambda params, progress: render_paper_package(_paper(params), progress),
)


# The concept part comes from the concept document (concepts.document), which also owns its
# fingerprint; the Ratspaket labels its title page "Anlage 01".


def concept_document(edition: Edition) -> str:
    """The concept's print HTML as the Ratspaket's Anlage (to be joined after the Vorlage)."""
    return concept_html(edition, annex="Anlage 01")


def concept_fingerprint(edition: Edition) -> str:
    return document_fingerprint(edition)
