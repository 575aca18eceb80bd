"""The Beschlussvorlage as .docx, for council systems that take the Vorlage as a Word file.

Same content as the PDF (participation/pdf/vorlage.html, `paper_context`): head block, the
Gremienweg, the Beschlussvorschlag as a numbered list, Begründung and the other texts (Markdown
→ Word formatting), finances, Anlagen; built with the core's `WordWriter` from the town's Word
template (or the default), with heading styles, tables with header rows, de-DE and page numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import formats, translation
from django.utils.translation import gettext as _

from concepts.word.export import WordWriter, word_template
from participation.council.pdf import paper_context

if TYPE_CHECKING:
    from participation.models import Paper


def _date(value) -> str:
    return formats.date_format(value, "d.m.Y") if value else ""


def _finances(writer: WordWriter, paper) -> None:
    if paper.financial_effect == "none":
        writer.paragraph(_("Keine."))
    elif paper.financial_effect == "yes":
        amount = (
            f"{formats.number_format(paper.amount, 2, use_l10n=True, force_grouping=True)} €"
            if paper.amount is not None
            else _("keine Angabe")
        )
        writer.table(
            [_("Angabe"), _("Wert")],
            [
                [_("Produkt/Kostenstelle"), paper.budget_product or _("keine Angabe")],
                [
                    _("Haushaltsjahr"),
                    str(paper.budget_year) if paper.budget_year else _("keine Angabe"),
                ],
                [_("Betrag"), amount],
                [_("Mittel im Haushalt vorhanden"), paper.get_funds_available_display()],
            ],
            weights=[2, 3],
        )
    elif not paper.financial_impact:
        writer.paragraph(_("Keine Angabe."))
    if paper.financial_impact:
        writer.markdown(paper.financial_impact)


def paper_docx(paper: Paper) -> bytes:
    """The Vorlage as a Word document (always German: it is a council paper)."""
    with translation.override("de"):
        context = paper_context(paper)
        paper = context["paper"]
        writer = WordWriter(
            word_template(paper.municipality), title=f"{paper.number}: {paper.subject}"
        )
        writer.paragraph(str(context["municipality"]))
        if paper.signature:
            writer.paragraph(paper.signature)
        writer.title(paper.get_kind_display())
        writer.paragraph(_("öffentlich") if paper.is_public else _("nichtöffentlich"))
        author_label = _("Antragsteller:") if paper.kind == "motion" else _("Verfasser:")
        writer.table(
            [_("Angabe"), _("Wert")],
            [
                [_("Vorlage:"), paper.number],
                [_("Datum:"), _date(paper.date)],
                [author_label, paper.author or ""],
                [_("Az.:"), paper.reference],
                [_("Betreff:"), paper.subject],
            ],
            weights=[1, 4],
        )
        writer.heading(_("Gremienweg"), 1)
        if context["path"]:
            writer.table(
                [_("Datum"), _("Gremium"), _("TOP"), _("öffentlich"), _("Ergebnis")],
                [
                    [
                        _date(c.date) or _("offen"),
                        f"{c.committee.name} ({c.get_role_display()})",
                        c.agenda_item.number if c.agenda_item else "",
                        _("ja") if c.is_public else _("nein"),
                        c.get_result_display() if c.result else "",
                    ]
                    for c in context["path"]
                ],
                weights=[2, 4, 1, 2, 2],
            )
        else:
            writer.paragraph(_("Der Gremienweg ist noch nicht festgelegt."))
        writer.heading(_("Beschlussvorschlag"), 1)
        points = [p for p in paper.proposal_points if p.strip()]
        for point in points:
            writer.paragraph(point, "List Number" if len(points) > 1 else None)
        for decision in context["decisions"]:
            c = decision["consultation"]
            writer.heading(
                _("Beschluss des Gremiums %(committee)s") % {"committee": c.committee.name}
                + (f" {_('am')} {_date(c.date)}" if c.date else "")
                + f" ({c.get_result_display()})",
                2,
            )
            writer.markdown(c.decision_text)
        for title, text in (
            (_("Begründung"), paper.reasoning),
            (_("Bezug zum Leitbild"), paper.vision_reference),
            (_("Bereits gefasste Beschlüsse"), paper.previous_decisions),
        ):
            if text:
                writer.heading(title, 1)
                writer.markdown(text, heading_level=2)
        writer.heading(_("Finanzielle Auswirkungen"), 1)
        _finances(writer, paper)
        if paper.legal_basis:
            writer.heading(_("Beschlussvorschriften"), 1)
            writer.markdown(paper.legal_basis)
        writer.heading(_("Anlagen"), 1)
        if context["attachments"]:
            for entry in context["attachments"]:
                writer.paragraph(
                    _("Anlage %(number)s: %(entry)s")
                    % {"number": entry["number"], "entry": entry["title"]},
                    "List Bullet",
                )
        else:
            writer.paragraph(_("Keine."))
        writer.paragraph(paper.signature)
        if paper.signatory:
            writer.paragraph(paper.signatory)
        return writer.bytes()
