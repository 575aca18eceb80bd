"""The measures as a spreadsheet (XLSX and CSV): the table Verwaltungen keep by hand.

One row per measure, in the order of the concept. `measure_rows(edition)` builds the rows with
a fixed number of queries; the writers only format them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from concepts.models import Measure, MeasureActor
from integration_site import spreadsheets

if TYPE_CHECKING:
    from concepts.models import Edition

# (header, width in characters, number format for XLSX or None)
COLUMNS = [
    (_("Nr."), 8, None),
    (_("Handlungsfeld"), 28, None),
    (_("Leitziele"), 40, None),
    (_("Handlungsziele"), 40, None),
    (_("Maßnahme"), 40, None),
    (_("Beschreibung"), 60, None),
    (_("Status"), 16, None),
    (_("Herkunft"), 12, None),
    (_("Leitprojekt"), 11, None),
    (_("Träger (federführend)"), 30, None),
    (_("beteiligt"), 30, None),
    (_("Förderer"), 24, None),
    (_("Verantwortliche Person"), 24, None),
    (_("Beginn"), 12, "DD.MM.YYYY"),
    (_("Ende"), 12, "DD.MM.YYYY"),
    (_("Zielgruppen"), 28, None),
    (_("Sozialraum"), 18, None),
    (_("Personal (VZÄ)"), 13, "#,##0.00"),
    (_("Sachkosten (€)"), 15, '#,##0.00 "€"'),
    (_("Finanzierung/Fördermittel"), 30, None),
    (_("bedarf Ratsbeschluss"), 12, None),
    (_("Umsetzungsmarker (erledigt/gesamt)"), 16, None),
    (_("Querschnittsthemen"), 30, None),
]


def headers() -> list[str]:
    """The column headers in the active language."""
    return [str(c[0]) for c in COLUMNS]


def _goal_number(goal):
    return f"{goal.field_of_action.position}.{goal.position}"


def measure_rows(edition: Edition) -> list[list]:
    """Rows of Python values (dates, Decimals, None), in the order of the concept."""
    measures = (
        Measure.objects.for_edition(edition)
        .select_related("field_of_action")
        .order_by("field_of_action__position", "field_of_action__pk", "position", "pk")
        .prefetch_related(
            "strategic_goals__field_of_action",
            "operational_goals__strategic_goal__field_of_action",
            "operational_goals__field_of_action",
            "themes",
            "milestones",
            Prefetch("involvements", queryset=MeasureActor.objects.select_related("actor")),
        )
    )
    rows = []
    for index_in_field, measure in _numbered(measures):
        field = measure.field_of_action
        by_role = {role: [] for role in MeasureActor.Role.values}
        for inv in measure.involvements.all():
            by_role[inv.role].append(str(inv.actor))
        operational = sorted(measure.operational_goals.all(), key=lambda g: (g.position, g.pk))
        strategic = {g.pk: g for g in measure.strategic_goals.all()}
        for goal in operational:
            if goal.strategic_goal_id:
                strategic.setdefault(goal.strategic_goal_id, goal.strategic_goal)
        strategic_sorted = sorted(strategic.values(), key=lambda g: (g.position, g.pk))
        milestones = list(measure.milestones.all())
        rows.append(
            [
                f"{field.position}.{index_in_field}",
                field.title,
                "\n".join(f"{_goal_number(g)} {g.title}" for g in strategic_sorted),
                "\n".join(g.title for g in operational),
                measure.label,
                measure.description,
                measure.get_status_display(),
                measure.get_origin_display(),
                gettext("ja") if measure.is_flagship else gettext("nein"),
                ", ".join(by_role[MeasureActor.Role.LEAD]),
                ", ".join(by_role[MeasureActor.Role.PARTNER]),
                ", ".join(by_role[MeasureActor.Role.FUNDER]),
                measure.responsible_person,
                measure.starts_on,
                measure.ends_on,
                measure.target_groups,
                measure.social_area,
                measure.staff_fte,
                measure.material_costs,
                measure.funding,
                gettext("ja") if measure.needs_council_decision else gettext("nein"),
                f"{sum(1 for m in milestones if m.done)}/{len(milestones)}" if milestones else "",
                ", ".join(t.title for t in measure.themes.all()),
            ]
        )
    return rows


def _numbered(measures):
    current, n = None, 0
    for measure in measures:
        if measure.field_of_action_id != current:
            current, n = measure.field_of_action_id, 0
        n += 1
        yield n, measure


def measures_xlsx(edition: Edition) -> bytes:
    workbook, sheet = spreadsheets.new_workbook(gettext("Maßnahmen"))
    spreadsheets.append_row(sheet, headers())
    for row in measure_rows(edition):
        spreadsheets.append_row(sheet, row)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    for col, (_header, width, number_format) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = width
        head = sheet.cell(row=1, column=col)
        head.font, head.fill = bold, fill
        head.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[letter][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if number_format:
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return spreadsheets.xlsx_bytes(workbook)


def _csv_value(value):
    if isinstance(value, date):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True)
    return str(value)


def measures_csv(edition: Edition) -> bytes:
    return spreadsheets.csv_bytes(headers(), measure_rows(edition), format_value=_csv_value)
