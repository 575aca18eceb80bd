"""The measures as a spreadsheet (XLSX and CSV): the table Verwaltungen keep by hand.

One row per measure, in the order of the concept. `measure_rows(edition)` builds the rows with
a fixed number of queries; the writers only format them.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import formats
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from concepts.models import Measure, MeasureActor
from integration_site import spreadsheets

# (header, width in characters, number format for XLSX or None)
COLUMNS = [
    ("Nr.", 8, None),
    ("Handlungsfeld", 28, None),
    ("Leitziele", 40, None),
    ("Handlungsziele", 40, None),
    ("Maßnahme", 40, None),
    ("Beschreibung", 60, None),
    ("Status", 16, None),
    ("Herkunft", 12, None),
    ("Leitprojekt", 11, None),
    ("Träger (federführend)", 30, None),
    ("beteiligt", 30, None),
    ("Förderer", 24, None),
    ("Verantwortliche Person", 24, None),
    ("Beginn", 12, "DD.MM.YYYY"),
    ("Ende", 12, "DD.MM.YYYY"),
    ("Zielgruppen", 28, None),
    ("Sozialraum", 18, None),
    ("Personal (VZÄ)", 13, "#,##0.00"),
    ("Sachkosten (€)", 15, '#,##0.00 "€"'),
    ("Finanzierung/Fördermittel", 30, None),
    ("bedarf Ratsbeschluss", 12, None),
    ("Umsetzungsmarker (erledigt/gesamt)", 16, None),
    ("Querschnittsthemen", 30, None),
]
HEADERS = [c[0] for c in COLUMNS]


def _goal_number(goal):
    return f"{goal.field_of_action.position}.{goal.position}"


def measure_rows(edition):
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
                "ja" if measure.is_flagship else "nein",
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
                "ja" if measure.needs_council_decision else "nein",
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


def measures_xlsx(edition):
    workbook, sheet = spreadsheets.new_workbook("Maßnahmen")
    spreadsheets.append_row(sheet, HEADERS)
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


def measures_csv(edition):
    return spreadsheets.csv_bytes(HEADERS, measure_rows(edition), format_value=_csv_value)
