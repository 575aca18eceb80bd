"""Export of all values of an edition: one row per indicator × period × breakdown.

The columns are the import template's, so an exported file can be edited and imported again.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from indicators.models import Measurement
from indicators.parsing import format_number

COLUMNS = [
    "Indikator",
    "Name",
    "Einheit",
    "Zeitraum",
    "Aufschlüsselung",
    "Wert",
    "ca.",
    "Zeitreihenbruch",
    "Text",
    "Quellenhinweis",
]


def value_rows(edition):
    """The export's rows as strings, German number format, in the edition's order."""
    measurements = (
        Measurement.objects.for_edition(edition)
        .select_related("indicator__field_of_action")
        .order_by(
            "indicator__field_of_action__position",
            "indicator__position",
            "indicator_id",
            "period_end",
            "breakdown",
        )
    )
    for m in measurements:
        indicator = m.indicator
        yield [
            indicator.code,
            indicator.name,
            indicator.unit_label,
            m.period_label,
            m.breakdown,
            format_number(m.value, indicator.decimal_places) if m.value is not None else "",
            "ja" if m.is_approximate else "",
            "ja" if m.is_series_break else "",
            m.text,
            m.source_note,
        ]


def values_csv(edition):
    """Semicolon-separated UTF-8 with BOM: what German Excel opens without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(value_rows(edition))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def values_xlsx(edition):
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Messwerte"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in value_rows(edition):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJ", (16, 48, 10, 12, 30, 12, 6, 14, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
