"""Import of measured values from CSV and XLSX, and the template (= export format).

Two layouts are recognised by their header row:

* **Vorlage** (our template and export): one row per indicator × period × area × group ×
  breakdown × source with the columns in `TEMPLATE_COLUMNS`; "Indikator" holds the indicator's
  Kennung (or its name). "Gebiet", "Gruppe" and "Quelle" may be missing (older templates).
* **Langformat** as statistics offices publish it (Open SDG, Integrationsmonitoring der Länder):
  "Year"/"Jahr", "Value"/"Wert", optionally "Series"/"Indicator"/"Indikator"/"Reihe", and every
  other column is a breakdown dimension (e.g. "Staatsangehörigkeit", "Geschlecht"); an empty
  breakdown cell means the total. A file without an indicator column is read for the indicator
  chosen in the upload form.

Periods and values are read as sources write them ("Jan 23", "Ende 2016", "2014–2016",
"rund 60", "mehr als 60", "< 5", see `indicators.importers.parsing`). Every bad cell is reported
with its line and column; a file with any error imports nothing, unless the person confirms
importing the readable rows only (the preview lists the others).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from indicators.importers.parsing import (
    format_number,
    parse_period,
    parse_qualified_number,
)
from indicators.models import Indicator
from indicators.series import load_series
from indicators.services import (
    MeasurementInput,
    differs,
    existing_measurements,
    normalise_breakdown,
)
from integration_site import spreadsheets

if TYPE_CHECKING:
    from concepts.models import Edition

TEMPLATE_COLUMNS = [
    "Indikator",
    "Bezeichnung",
    "Einheit",
    "Zeitraum",
    "Aufschlüsselung",
    "Wert",
    "ca.",
    "Zeitreihenbruch",
    "Text",
    "Quellenhinweis",
    "Gebiet",
    "Gruppe",
    "Quelle",
]
# Optional columns of the template: files written before they existed still import.
OPTIONAL_COLUMNS = {"Gebiet", "Gruppe", "Quelle"}
QUALIFIER_WORDS = {"more_than": "mehr als", "less_than": "weniger als", "suppressed": "*"}
YES = {"ja", "j", "x", "1", "true", "wahr", "yes"}
NO = {"", "nein", "n", "0", "false", "falsch", "no"}
LONG_YEAR = {"year", "jahr", "zeitraum", "stichtag"}
LONG_VALUE = {"value", "wert"}
LONG_INDICATOR = {"series", "indicator", "indikator", "reihe", "serie"}
LONG_AREA = {"gebiet", "region", "raum", "vergleichsgebiet", "area"}
LONG_GROUP = {"gruppe", "group", "personengruppe"}
LONG_SOURCE = {"quelle", "source"}
LONG_IGNORED = {
    "units",
    "unit",
    "einheit",
    "geocode",
    "observation status",
    "comment",
    "kommentar",
    "bezeichnung",
}
MAX_ROWS = 50_000
MAX_COLUMNS = 50
MAX_CELLS_PER_ROW = 1_000
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_PLACES = 4


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, empty, unknown header)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Zeile %(row)s, Spalte %(column)s: %(message)s") % {
                "row": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Zeile %(row)s: %(message)s") % {"row": self.line, "message": self.message}


@dataclass
class ParsedFile:
    layout: str
    items: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    skipped: int = 0

    @property
    def ok(self):
        return not self.errors

    @property
    def failed_lines(self):
        return sorted({error.line for error in self.errors})


# Reading raw tables -------------------------------------------------------------------------


def read_table(filename: str, data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    """(header, [(line, cells)]) from CSV or XLSX bytes; empty rows are left out.

    Both readers stream and stop after `MAX_ROWS` rows with content, so a file that claims a
    million rows or 16,384 columns costs no more than a file of the allowed size.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise ImportFileError(
            _("Bitte eine CSV- oder XLSX-Datei hochladen (Endung .csv oder .xlsx).")
        )
    if not rows:
        raise ImportFileError(_("Die Datei ist leer."))
    (_line, header), body = rows[0], rows[1:]
    return [str(h if h is not None else "").strip() for h in header], body


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _bounded(lines):
    """The rows with content from (line, cells), refusing more than MAX_ROWS of them or cells
    beyond MAX_COLUMNS."""
    rows = []
    for line, cells in lines:
        if all(_blank(c) for c in cells):
            continue
        if any(not _blank(c) for c in cells[MAX_COLUMNS:]):
            raise ImportFileError(
                _(
                    "Zeile %(row)s hat mehr als %(max)s Spalten; so breite Tabellen werden "
                    "nicht gelesen. Bitte überzählige Spalten löschen."
                )
                % {"row": line, "max": MAX_COLUMNS}
            )
        rows.append((line, list(cells[:MAX_COLUMNS])))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                _("Die Datei hat mehr als %(max)s Zeilen; bitte aufteilen.") % {"max": MAX_ROWS}
            )
    return rows


XLSX_UNREADABLE = gettext_lazy(
    "Die XLSX-Datei kann nicht gelesen werden. Bitte in Excel/LibreOffice als "
    "„Excel 2007-365 (.xlsx)“ speichern."
)


def _read_xlsx(data):
    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook["Werte"] if "Werte" in workbook.sheetnames else workbook.worksheets[0]
            with workbook._archive.open(sheet._worksheet_path) as source:
                _check_sheet_shape(source)
            # The declared <dimension> is the file's claim, not its content: reading by it pads
            # every row to that width. Without it openpyxl reads the cells that are there.
            sheet.reset_dimensions()
            lines = enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1)
            return _bounded(lines)
        finally:
            workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl and its XML parser raise many kinds for broken files
        raise ImportFileError(str(XLSX_UNREADABLE)) from error


def _check_unpacked_size(data):
    """Refuse archives that unpack to far more than a table of MAX_ROWS rows (zip bombs).

    zipfile never reads past an entry's declared size, so the declared sizes are a bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportFileError(str(XLSX_UNREADABLE)) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "Die XLSX-Datei ist entpackt zu groß. Bitte nur das Tabellenblatt mit den Werten "
                "speichern oder die Datei aufteilen."
            )
        )


def _check_sheet_shape(source):
    """Walk the sheet's XML once, keeping one row in memory, before openpyxl reads it.

    openpyxl holds a whole row at a time, and a row may hold millions of cells; so rows with
    more than MAX_CELLS_PER_ROW cells, values beyond MAX_COLUMNS and more than MAX_ROWS rows
    with values are refused here.
    """
    rows_with_values, cells, has_value, sheet_data = 0, 0, False, None
    # The parser openpyxl itself uses; expat refuses entity expansion bombs and fetches nothing.
    for event, element in ElementTree.iterparse(source, events=("start", "end")):  # noqa: S314
        tag = element.tag.rpartition("}")[2]
        if event == "start":
            if tag == "sheetData":
                sheet_data = element
            elif tag == "row":
                cells, has_value = 0, False
            elif tag == "c":
                cells += 1
                if cells > MAX_CELLS_PER_ROW:
                    raise ImportFileError(
                        _(
                            "Eine Zeile hat mehr als %(max)s Zellen; so breite Tabellen "
                            "werden nicht gelesen. Bitte überzählige Spalten löschen."
                        )
                        % {"max": MAX_CELLS_PER_ROW}
                    )
        elif tag == "c":
            if any(child.tag.rpartition("}")[2] in {"v", "is"} for child in element):
                has_value = True
                column = column_index_from_string(
                    coordinate_from_string(element.get("r") or "A1")[0]
                )
                if column > MAX_COLUMNS:
                    raise ImportFileError(
                        _(
                            "Die Tabelle hat Werte in Spalte %(column)s; gelesen werden "
                            "höchstens %(max)s Spalten. Bitte überzählige Spalten löschen."
                        )
                        % {"column": get_column_letter(column), "max": MAX_COLUMNS}
                    )
            element.clear()
        elif tag == "row":
            rows_with_values += has_value
            if rows_with_values > MAX_ROWS:
                raise ImportFileError(
                    _("Die Datei hat mehr als %(max)s Zeilen; bitte aufteilen.") % {"max": MAX_ROWS}
                )
            if sheet_data is not None:
                sheet_data.clear()  # drops the rows read so far


def _read_csv(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            _(
                "Die CSV-Datei ist weder in UTF-8 noch in Windows-1252 gespeichert. Bitte in "
                "Excel/LibreOffice als „CSV UTF-8“ speichern."
            )
        )
    if "\x00" in text:
        # No spreadsheet writes NUL into a CSV, and PostgreSQL cannot store it in text.
        raise ImportFileError(
            _(
                "Die CSV-Datei enthält ein Nullzeichen und ist wohl keine Textdatei. Bitte in "
                "Excel/LibreOffice öffnen und als „CSV UTF-8“ speichern."
            )
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = (
        (n, [spreadsheets.unescape_text(cell) for cell in row])
        for n, row in enumerate(reader, start=1)
    )
    try:
        return _bounded(lines)
    except csv.Error as error:
        raise ImportFileError(
            _(
                "Die CSV-Datei kann nicht gelesen werden (ein Feld ist zu lang oder ein "
                "Anführungszeichen nicht geschlossen). Bitte die Datei in Excel/LibreOffice prüfen "
                "und als „CSV UTF-8“ speichern."
            )
        ) from error


# Parsing ------------------------------------------------------------------------------------


def parse_upload(
    edition: Edition, filename: str, data: bytes, default_indicator: Indicator | None = None
) -> ParsedFile:
    header, body = read_table(filename, data)
    lowered = [h.lower() for h in header]
    indicators = list(Indicator.objects.for_edition(edition))
    lookup = {}
    for indicator in indicators:
        lookup.setdefault(indicator.name.lower(), indicator)
    for indicator in indicators:
        lookup[indicator.code.lower()] = indicator
    if "indikator" in lowered and "zeitraum" in lowered and "wert" in lowered:
        parsed = _parse_template(header, body, lookup, default_indicator)
    elif set(lowered) & LONG_YEAR and set(lowered) & LONG_VALUE:
        parsed = _parse_long(header, body, lookup, default_indicator)
    else:
        raise ImportFileError(
            _(
                "Die Kopfzeile wurde nicht erkannt. Erwartet wird die Vorlage "
                "(Spalten „Indikator“, „Zeitraum“, „Wert“ …) "
                "oder eine Langtabelle mit „Jahr“/„Year“ und „Wert“/„Value“."
            )
        )
    return parsed


def _column(header, index):
    return f"{get_column_letter(index + 1)} ({header[index]})"


class _RowReader:
    def __init__(self, header, line, cells, parsed):
        self.header, self.line, self.cells, self.parsed = header, line, cells, parsed
        self.failed = False

    def cell(self, index):
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        return value.strip() if isinstance(value, str) else value

    def error(self, index, message):
        column = _column(self.header, index) if index is not None else ""
        self.parsed.errors.append(RowError(self.line, column, message))
        self.failed = True


def _find(lowered, names):
    for index, name in enumerate(lowered):
        if name in names:
            return index
    return None


def _parse_template(header, body, lookup, default_indicator):
    lowered = [h.lower() for h in header]
    col = {name: _find(lowered, {name.lower()}) for name in TEMPLATE_COLUMNS}
    parsed = ParsedFile(layout="Vorlage")
    seen = {}
    for line, cells in body:
        row = _RowReader(header, line, cells, parsed)
        value_cell, text_cell = row.cell(col["Wert"]), row.cell(col["Text"])
        if _blank(value_cell) and _blank(text_cell):
            parsed.skipped += 1
            continue
        indicator = _indicator(row, col["Indikator"], lookup, default_indicator)
        breakdown = _breakdown(
            row, col["Aufschlüsselung"], indicator, row.cell(col["Aufschlüsselung"])
        )
        approx_flag = _flag(row, col["ca."])
        series_break = _flag(row, col["Zeitreihenbruch"])
        item = _item(row, indicator, col["Zeitraum"], col["Wert"], value_cell, text_cell, breakdown)
        if item is not None:
            item.is_approximate = item.is_approximate or (approx_flag and item.value is not None)
            item.is_series_break = series_break
            item.source_note = str(row.cell(col["Quellenhinweis"]) or "")[:300]
            item.area = _label(row, col["Gebiet"], 120)
            item.group = _label(row, col["Gruppe"], 120)
            item.source = _label(row, col["Quelle"], 200)
            if not row.failed:
                _add(parsed, seen, row, item, col["Indikator"])
    return parsed


def _parse_long(header, body, lookup, default_indicator):
    lowered = [h.lower() for h in header]
    year_col = _find(lowered, LONG_YEAR)
    value_col = _find(lowered, LONG_VALUE)
    indicator_col = _find(lowered, LONG_INDICATOR)
    area_col, group_col = _find(lowered, LONG_AREA), _find(lowered, LONG_GROUP)
    source_col = _find(lowered, LONG_SOURCE)
    used = {year_col, value_col, indicator_col, area_col, group_col, source_col}
    dimension_cols = [
        i for i, name in enumerate(lowered) if i not in used and name and name not in LONG_IGNORED
    ]
    parsed = ParsedFile(layout="Langtabelle (Statistik)")
    seen = {}
    for line, cells in body:
        row = _RowReader(header, line, cells, parsed)
        value_cell = row.cell(value_col)
        if _blank(value_cell):
            parsed.skipped += 1
            continue
        indicator = _indicator(row, indicator_col, lookup, default_indicator)
        parts = [
            f"{header[i]}: {row.cell(i)}"
            for i in dimension_cols
            if not _blank(row.cell(i)) and str(row.cell(i)).lower() not in {"_t", "insgesamt"}
        ]
        breakdown = _breakdown(
            row, dimension_cols[0] if dimension_cols else None, indicator, "; ".join(parts)
        )
        item = _item(row, indicator, year_col, value_col, value_cell, None, breakdown)
        if item is not None:
            item.area = _label(row, area_col, 120)
            item.group = _label(row, group_col, 120)
            item.source = _label(row, source_col, 200)
            if not row.failed:
                _add(parsed, seen, row, item, indicator_col)
    return parsed


def _indicator(row, index, lookup, default_indicator):
    raw = row.cell(index)
    if _blank(raw):
        if default_indicator is not None:
            return default_indicator
        row.error(index, _("Der Indikator fehlt. Bitte die Kennung aus der Vorlage eintragen."))
        return None
    indicator = lookup.get(str(raw).strip().lower())
    if indicator is None:
        row.error(
            index,
            _("Unbekannter Indikator „%(value)s“. Bitte die Kennung aus der Vorlage verwenden.")
            % {"value": raw},
        )
    return indicator


def _breakdown(row, index, indicator, raw):
    if indicator is None:
        return ""
    try:
        return normalise_breakdown(indicator, raw)
    except ValueError as error:
        row.error(index, str(error))
        return ""


def _label(row, index, limit):
    """A short text cell (Gebiet, Gruppe, Quelle); "gesamt"/"insgesamt" mean none."""
    text = " ".join(str(row.cell(index) or "").split())
    if text.lower() in {"gesamt", "insgesamt", "alle", "_t"}:
        return ""
    if len(text) > limit:
        row.error(index, _("Bitte höchstens %(max)s Zeichen angeben.") % {"max": limit})
        return ""
    return text


def _flag(row, index):
    raw = row.cell(index)
    text = str(raw if raw is not None else "").strip().lower()
    if text in YES:
        return True
    if text not in NO:
        row.error(
            index,
            _("„%(value)s“ verstehe ich nicht: bitte „ja“ oder leer lassen.") % {"value": raw},
        )
    return False


def _item(row, indicator, period_col, value_col, value_cell, text_cell, breakdown):
    try:
        period = parse_period(row.cell(period_col))
    except ValueError as error:
        row.error(period_col, str(error))
        period = None
    try:
        number = parse_qualified_number(value_cell)
        value, approximate, qualifier = number.value, number.approximate, number.qualifier
    except ValueError as error:
        row.error(value_col, str(error))
        value, approximate, qualifier = None, False, ""
    if value is not None:
        if -value.as_tuple().exponent > MAX_PLACES:
            row.error(
                value_col,
                _("Bitte höchstens %(places)s Nachkommastellen angeben.") % {"places": MAX_PLACES},
            )
        elif abs(value) >= Decimal(10) ** 14:
            row.error(value_col, _("Die Zahl ist zu groß."))
        if indicator is not None and indicator.is_qualitative and not qualifier:
            row.error(
                value_col,
                _(
                    "Qualitative Indikatoren haben keinen Zahlenwert; "
                    "bitte die Spalte „Text“ nutzen."
                ),
            )
    if row.failed or indicator is None:
        return None
    return MeasurementInput(
        indicator=indicator,
        period=period,
        breakdown=breakdown,
        value=value,
        text=str(text_cell or "").strip(),
        is_approximate=approximate,
        qualifier=qualifier,
        extra={"line": row.line},
    )


def _add(parsed, seen, row, item, indicator_col):
    if item.key in seen:
        row.error(
            indicator_col,
            _(
                "Doppelte Zeile: derselbe Indikator, Zeitraum, dasselbe Gebiet, dieselbe Gruppe, "
                "Aufschlüsselung und Quelle stehen schon in Zeile %(row)s."
            )
            % {"row": seen[item.key]},
        )
        return
    seen[item.key] = row.line
    parsed.items.append(item)


# Preview ------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    change: str  # "new", "changed", "unchanged"
    item: MeasurementInput
    existing: object = None

    @property
    def change_label(self):
        return {"new": _("neu"), "changed": _("geändert"), "unchanged": _("unverändert")}[
            self.change
        ]


def preview(items: list[MeasurementInput]) -> list[PreviewRow]:
    """Compare parsed items with what is stored (including predecessor editions' values)."""
    current = existing_measurements(items)
    rows = []
    for item in items:
        existing = current.get(item.key)
        if existing is None:
            change = "new"
        elif differs(existing, item):
            change = "changed"
        else:
            change = "unchanged"
        rows.append(PreviewRow(change, item, existing))
    return rows


# Template and export ------------------------------------------------------------------------


def template_rows(edition: Edition) -> list[dict[str, object]]:
    """The rows of the template: every stored value, and one empty row per indicator."""
    indicators = list(
        Indicator.objects.for_edition(edition)
        .with_goals()
        .order_by("field_of_action__position", "operational_goal__position", "position", "pk")
    )
    series = load_series(indicators)
    rows = []
    for indicator in indicators:
        for m in series[indicator.pk]:
            rows.append(
                {
                    "Indikator": indicator.code,
                    "Bezeichnung": indicator.name,
                    "Einheit": indicator.unit_label,
                    "Zeitraum": m.period_label,
                    "Aufschlüsselung": m.breakdown,
                    "Gebiet": m.area,
                    "Gruppe": m.group,
                    "Wert": _qualified_value(m),
                    "ca.": "ja" if m.is_approximate else "",
                    "Zeitreihenbruch": "ja" if m.is_series_break else "",
                    "Text": m.text,
                    "Quellenhinweis": m.source_note,
                    "Quelle": m.source,
                }
            )
        rows.append(
            {
                "Indikator": indicator.code,
                "Bezeichnung": indicator.name,
                "Einheit": indicator.unit_label,
                **dict.fromkeys(TEMPLATE_COLUMNS[3:], ""),
                "Wert": None,
            }
        )
    return rows


def _qualified_value(measurement):
    """The value cell: the number, "mehr als 60"/"weniger als 5", or "*" (kept back)."""
    if measurement.qualifier == "suppressed":
        return "*"
    if measurement.qualifier and measurement.value is not None:
        return f"{QUALIFIER_WORDS[measurement.qualifier]} {_cell_text(measurement.value)}"
    return measurement.value


def _cell_text(value):
    if isinstance(value, Decimal):
        places = max(0, -value.normalize().as_tuple().exponent)
        return format_number(value, places)
    return "" if value is None else str(value)


def write_csv(rows: list[dict[str, object]]) -> bytes:
    """CSV as German spreadsheets open it: UTF-8 with BOM, semicolons, decimal comma."""
    return spreadsheets.csv_bytes(
        TEMPLATE_COLUMNS,
        ([row.get(c) for c in TEMPLATE_COLUMNS] for row in rows),
        format_value=_cell_text,
    )


def write_xlsx(rows: list[dict[str, object]], title: str = "Werte") -> bytes:
    workbook, sheet = spreadsheets.new_workbook(title)
    spreadsheets.append_row(sheet, TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        spreadsheets.append_row(sheet, [row.get(c) for c in TEMPLATE_COLUMNS])
    widths = [14, 40, 10, 16, 34, 10, 5, 15, 30, 30, 16, 16, 24]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # Periods are text ("2022/23", "31.12.2023"): keep spreadsheets from turning them into dates.
    for cell in sheet["D"][1:]:
        cell.number_format = "@"
    sheet.freeze_panes = "A2"
    return spreadsheets.xlsx_bytes(workbook)


def template_filename(edition: Edition, extension: str) -> str:
    stamp = datetime.date.today().strftime("%Y-%m-%d")
    return f"indikatoren-{slugify(edition.concept.title)}-{stamp}.{extension}"
