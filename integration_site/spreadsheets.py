"""Every CSV and XLSX the product hands out is written here, so user text never runs as a formula.

Comments, measure titles and the texts of a Berichtsrunde are typed by people we do not fully
trust; a spreadsheet program would run `=HYPERLINK(...)`, `-2+3+cmd|...` or `@SUM(...)` as a
formula. So:

* CSV: text beginning with `= + - @`, a tab or a carriage return gets a leading apostrophe
  (the usual spreadsheet escape); the CSV importer takes that apostrophe off again, so an
  exported file imports unchanged. Numbers and dates are formatted by the caller and are not
  text, so `-1,5` stays a number.
* XLSX: every text cell is a string cell (never `data_type "f"`); text that looks like a formula
  is also marked `quotePrefix`, so editing the cell in Excel keeps it text.

Views answer with `download()`; tests find every export through it (see
tests/site/test_spreadsheet_exports.py), so a new export needs a row in that table.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_text(text):
    """`text` as a spreadsheet shows it, never as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unescape_text(text):
    """Undo `escape_text` for a cell read back from one of our CSV files."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


# CSV ----------------------------------------------------------------------------------------


def csv_bytes(header, rows, *, format_value=str):
    """Semicolon-separated, UTF-8 with BOM: what German Excel opens without asking.

    Text (`str`) is escaped; every other value goes through `format_value` (numbers with a
    decimal comma, dates as TT.MM.JJJJ) and is left as it is, since it is not user text.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(h, format_value) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(value, format_value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value, format_value):
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_text(value)
    return format_value(value)


# XLSX ---------------------------------------------------------------------------------------


def new_workbook(title):
    """A workbook whose first sheet is called `title`: (workbook, sheet)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    return workbook, sheet


def append_row(sheet, values):
    """Append one row; text is a string cell whatever it begins with, numbers stay numbers."""
    sheet.append([_xlsx_value(v) for v in values])
    # The row just appended, found without `max_row`/`sheet[row]`: those scan every cell of the
    # sheet, which made big exports quadratic; openpyxl keeps the last appended row itself.
    row = sheet._current_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            cell = sheet.cell(row=row, column=column)
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
    return row


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        # openpyxl refuses control characters (a 500 from a pasted comment); they show as nothing.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if value is None or isinstance(value, (int, float, date, datetime)):
        return value
    return str(value)


def xlsx_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Responses ----------------------------------------------------------------------------------


def download(content, *, kind, filename):
    """The response of every spreadsheet export; `kind` is `"csv"` or `"xlsx"`."""
    content_type = {"csv": CSV, "xlsx": XLSX}[kind]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
