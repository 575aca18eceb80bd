"""The Synopse of a review round: every comment with paragraph, organisation of its author,
the Stabsstelle's answer and decision — as XLSX and as a landscape PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.table import Table, TableStyleInfo

from integration_site import spreadsheets
from integration_site.background.pdfs import PdfKind
from integration_site.rendering.pdf import cached_pdf, render_pdf
from participation.review.display import load_comments

if TYPE_CHECKING:
    from participation.models import ReviewRound

HEADERS = [
    gettext_lazy("Nr."),
    gettext_lazy("Absatz"),
    gettext_lazy("Kommentar"),
    gettext_lazy("Organisation des Verfassers"),
    gettext_lazy("Antwort"),
    gettext_lazy("Entscheidung"),
]


def headers() -> list[str]:
    """The column headers in the active language."""
    return [str(h) for h in HEADERS]


def filename(round_: ReviewRound) -> str:
    return f"synopse-{slugify(round_.title)[:60]}-{round_.pk}"


def synopsis_rows(round_: ReviewRound) -> list[dict[str, Any]]:
    """One row per comment that was not withdrawn, in the order of the text."""
    comments = [c for c in load_comments(round_) if not c.is_withdrawn]
    comments.sort(key=lambda c: (c.paragraph or 0, c.parent_id or c.pk, c.pk))
    rows = []
    for comment in comments:
        text = comment.text
        if comment.parent_id:
            text = _("(Antwort auf Nr. %(number)s) %(text)s") % {
                "number": comment.parent_number,
                "text": text,
            }
        rows.append(
            {
                "number": comment.number,
                "paragraph": comment.paragraph_label,
                "text": text,
                "organisation": comment.organisation
                or comment.author.get_full_name()
                or comment.author.username,
                "answer": comment.answer,
                "disposition": comment.get_disposition_display() or _("offen"),
                "comment": comment,
            }
        )
    return rows


def synopsis_xlsx(round_: ReviewRound) -> bytes:
    workbook, sheet = spreadsheets.new_workbook(_("Synopse"))
    spreadsheets.append_row(sheet, [_("Synopse: %(title)s") % {"title": round_.title}])
    sheet["A1"].font = Font(bold=True, size=14)
    spreadsheets.append_row(
        sheet,
        [
            _("Prüfrunde mit %(groups)s, Frist %(deadline)s, Stand %(today)s")
            % {
                "groups": ", ".join(g.name for g in round_.groups.all()),
                "deadline": f"{round_.deadline:%d.%m.%Y}",
                "today": f"{timezone.localtime():%d.%m.%Y}",
            }
        ],
    )
    sheet.append([])
    header_row = spreadsheets.append_row(sheet, headers())
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8ECF0")
    rows = synopsis_rows(round_)
    for row in rows:
        spreadsheets.append_row(
            sheet,
            [
                row["number"],
                row["paragraph"],
                row["text"],
                row["organisation"],
                row["answer"],
                row["disposition"],
            ],
        )
    for column, width in zip("ABCDEF", (6, 16, 60, 28, 50, 20), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=header_row + 1):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if rows:
        table = Table(displayName="Synopse", ref=f"A{header_row}:F{sheet.max_row}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        sheet.add_table(table)
    sheet.freeze_panes = f"A{header_row + 1}"
    return spreadsheets.xlsx_bytes(workbook)


def synopsis_pdf(round_: ReviewRound) -> bytes:
    return cached_pdf("synopse", synopsis_fingerprint(round_), lambda: render_synopsis(round_))


def synopsis_fingerprint(round_: ReviewRound) -> str:
    stamp = round_.comments.aggregate(latest=Max("modified"), count=Count("pk"))
    return f"{round_.pk}:{round_.modified.isoformat()}:{stamp['latest']}:{stamp['count']}"


def render_synopsis(round_: ReviewRound, progress=None) -> bytes:
    return render_pdf(
        "participation/pdf/synopse.html",
        {
            "round": round_,
            "groups": list(round_.groups.all()),
            "rows": synopsis_rows(round_),
            "municipality": round_.municipality,
            "today": timezone.localdate(),
        },
        progress,
    )


def _round(params: dict) -> ReviewRound:
    from participation.models import ReviewRound

    return ReviewRound.objects.select_related("chapter").get(pk=params["round"])


# The background render of the Synopse (integration_site/background/pdfs.py).
SYNOPSIS_PDF = PdfKind(
    name="synopse",
    fingerprint=lambda params: synopsis_fingerprint(_round(params)),
    render=lambda params, progress: render_synopsis(_round(params), progress),
)
