"""Files that claim far more than they hold, or cannot be read at all, are refused in German.

The XLSX bomb: 4.9 KB that declare `A1:XFD1048576` and hold a row 1048576. openpyxl's
read-only reader padded every row to 16,384 columns before the row limit was checked (30 s and
6 GB). It is read here in a child process under a 1 GB address-space limit and a time limit.
"""

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from indicators.importers import values as importers
from tests.row_counts import row_counts

ROOT = Path(__file__).resolve().parents[3]

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Werte" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
</Relationships>"""
BOMB_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:XFD1048576"/>
<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Jahr</t></is></c>
<c r="B1" t="inlineStr"><is><t>Wert</t></is></c></row>
<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>
</sheetData></worksheet>"""


def xlsx_with_sheet(sheet_xml):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


CHILD = textwrap.dedent(
    """
    import os, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1024 ** 3, 1024 ** 3))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
    import django
    django.setup()
    from indicators.importers import values as importers
    try:
        importers.read_table("bombe.xlsx", sys.stdin.buffer.read())
    except importers.ImportFileError as error:
        print("REFUSED", error)
    else:
        print("READ")
    """
)


@pytest.mark.slow
def test_xlsx_claiming_a_huge_sheet_is_refused_quickly_within_a_memory_limit(tmp_path):
    data = xlsx_with_sheet(BOMB_SHEET)
    assert len(data) < 5000
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD],
        input=data,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    out = result.stdout.decode()
    assert out.startswith("REFUSED"), out
    assert "Spalte XFD" in out


def test_a_row_of_a_million_cells_is_refused_before_it_is_held_in_memory():
    cells = "<c><v>1</v></c>" * 1_000_000
    sheet = BOMB_SHEET.split("<sheetData>")[0] + f"<sheetData><row>{cells}</row></sheetData>"
    with pytest.raises(importers.ImportFileError, match="mehr als 1000 Zellen"):
        importers.read_table("breit.xlsx", xlsx_with_sheet(sheet + "</worksheet>"))


def test_xlsx_rows_beyond_the_row_limit_are_refused(monkeypatch):
    monkeypatch.setattr(importers, "MAX_ROWS", 3)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 10))
    sheet = BOMB_SHEET.split("<sheetData>")[0] + f"<sheetData>{rows}</sheetData></worksheet>"
    with pytest.raises(importers.ImportFileError, match="mehr als 3 Zeilen"):
        importers.read_table("lang.xlsx", xlsx_with_sheet(sheet))


def test_malformed_sheet_xml_is_a_german_error():
    header = BOMB_SHEET.split('<row r="1048576">')[0]
    data = xlsx_with_sheet(header + '<row r="2"><c r="A2"><v>2023</v></c><c r="B2"><v>1</v')
    with pytest.raises(importers.ImportFileError, match="XLSX-Datei kann nicht gelesen werden"):
        importers.read_table("kaputt.xlsx", data)


def test_csv_in_neither_utf8_nor_cp1252_is_a_german_error():
    # 0x81 and 0x8D are undefined in cp1252 and never valid UTF-8 on their own.
    data = "Jahr;Wert\n2023;5\n".encode() + b"\x81\x8d;1\n"
    with pytest.raises(importers.ImportFileError, match="weder in UTF-8 noch in Windows-1252"):
        importers.read_table("werte.csv", data)


def test_csv_field_beyond_the_csv_module_limit_is_a_german_error():
    data = b'Jahr;Wert\n2023;"' + b"x" * 200_000 + b'"\n'
    with pytest.raises(importers.ImportFileError, match="CSV-Datei kann nicht gelesen werden"):
        importers.read_table("werte.csv", data)


def test_an_upload_that_cannot_be_read_changes_nothing(world, staff_client):
    from django.urls import reverse

    before = row_counts()
    kwargs = {"town": world.town.slug, "edition": world.edition.pk}
    for name, data in [
        ("werte.csv", b"Jahr;Wert\n\x81\x8d;1\n"),
        ("werte.xlsx", xlsx_with_sheet("<worksheet><sheetData><row")),
    ]:
        upload = io.BytesIO(data)
        upload.name = name
        response = staff_client.post(
            reverse("indicators:import_upload", kwargs=kwargs), {"file": upload}, follow=True
        )
        assert response.status_code == 200
        preview = response.redirect_chain[0][0]
        response = staff_client.post(preview, follow=True)
        assert response.status_code == 200
        assert "kann nicht gelesen werden" in response.content.decode() or (
            "weder in UTF-8" in response.content.decode()
        )
    assert row_counts() == before


def test_a_csv_with_a_nul_character_is_refused_in_german():
    # Found by the fuzz test on PostgreSQL, which cannot store NUL in a text column.
    data = b"Year;Series;Geschlecht;Value\n2021;KITA;\x00eiblich;40,1\n"
    with pytest.raises(importers.ImportFileError, match="Nullzeichen"):
        importers.read_table("werte.csv", data)
