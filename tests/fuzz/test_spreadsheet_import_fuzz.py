"""Fuzzing the values import (CSV, XLSX, the template and the Open-SDG long format).

Every file, random or a mutation of a valid one, goes the way of the upload views: parse, show
the preview, save. The outcome must be an import or a German message — ImportFileError, row
errors, or a ValidationError, the exceptions the views turn into messages — never any other
exception; and a refused file changes no row of any table.
"""

import csv
import datetime
import io
import os
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from indicators import services
from indicators.importers import values as importers
from indicators.models import Indicator
from tests.factories import (
    FieldOfActionFactory,
    IndicatorFactory,
    MeasurementFactory,
    OperationalGoalFactory,
)
from tests.row_counts import row_counts

# FUZZ_EXAMPLES=2000 for a longer hunt on a developer's machine; CI keeps the default.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
GERMAN = re.compile(
    r"\b(Bitte|Zeile|Datei|Spalte|Spalten|kein|keine|nicht|ist|der|die|das|und|höchstens|"
    r"Zeitraum|Zahl|Wert)\b"
)


@pytest.fixture
def town(world):
    field = FieldOfActionFactory(edition=world.edition, title="Bildung", position=1)
    goal = OperationalGoalFactory(
        strategic_goal__field_of_action=field, field_of_action=field, title="Mehr Kita-Kinder"
    )
    world.indicator = IndicatorFactory(
        operational_goal=goal,
        code="KITA",
        name="Kita-Besuchsquote",
        breakdowns="Geschlecht, Staatsangehörigkeit",
    )
    world.count = IndicatorFactory(
        operational_goal=goal, code="SPRACH", name="Sprachkurse", unit=Indicator.Unit.COUNT
    )
    world.text = IndicatorFactory(
        operational_goal=goal, code="NETZ", name="Netzwerk", is_qualitative=True, unit=""
    )
    MeasurementFactory(indicator=world.indicator, year=2022)
    MeasurementFactory(indicator=world.text, year=2022, value=None, text="besteht")
    return world


def run_import(world, filename, data, default_indicator=None):
    """What ImportUploadView and ImportPreviewView do with a file: (outcome, messages)."""
    try:
        parsed = importers.parse_upload(world.edition, filename, data, default_indicator)
    except importers.ImportFileError as error:
        return "refused", [str(error)]
    if not parsed.ok:
        return "refused", [str(e) for e in parsed.errors]
    importers.preview(parsed.items)
    try:
        services.measurements_save(items=parsed.items, user=world.users["staff"])
    except ValidationError as error:
        return "refused", error.messages
    return "imported", []


def check(world, filename, data, default_indicator=None):
    before = row_counts()
    outcome, messages = run_import(world, filename, data, default_indicator)
    if outcome == "refused":
        assert messages
        for message in messages:
            assert GERMAN.search(message), f"keine deutsche Meldung: {message!r}"
        assert row_counts() == before, "eine abgelehnte Datei hat Zeilen geändert"


# Cells that reach every branch of the parsers ------------------------------------------------

TEMPLATE_HEADER = importers.TEMPLATE_COLUMNS
LONG_HEADERS = [
    "Year",
    "Jahr",
    "Series",
    "Indikator",
    "Units",
    "Geschlecht",
    "Staatsangehörigkeit",
    "GeoCode",
    "Observation status",
    "Value",
    "Wert",
]
tricky_text = st.sampled_from(
    [
        "",
        " ",
        "KITA",
        "kita",
        "SPRACH",
        "NETZ",
        "Kita-Besuchsquote",
        "UNBEKANNT",
        "2023",
        "2022/23",
        "2022/24",
        "31.12.2023",
        "31.02.2023",
        "2023-06-30",
        "03/2024",
        "13/2024",
        "1850",
        "12,5",
        "1.234,5",
        "-3,25",
        "ca. 70",
        "~5",
        "12,5 %",
        "1e999",
        "9" * 30,
        "0,00001",
        "−4",
        "ja",
        "nein",
        "x",
        "vielleicht",
        "Geschlecht: weiblich",
        "Geschlecht: w; Staatsangehörigkeit: nichtdeutsch",
        "Alter: 3",
        "insgesamt",
        "_T",
        "Geschlecht:",
        "=1+1",
        "'=1+1",
        "'-2+3",
        "@SUM(A1)",
        '"',
        "a\nb",
        "\x00",
        "ä" * 400,
    ]
)
cell_text = st.one_of(tricky_text, st.text(max_size=30))
xlsx_value = st.one_of(
    cell_text,
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2200, 12, 31)),
)


def headers(extra):
    return st.one_of(
        st.just(TEMPLATE_HEADER),
        st.lists(st.sampled_from(LONG_HEADERS), min_size=1, max_size=7, unique=True),
        st.lists(st.one_of(st.sampled_from(TEMPLATE_HEADER + LONG_HEADERS), extra), max_size=8),
    )


@st.composite
def tables(draw, cells):
    header = draw(headers(st.text(max_size=12)))
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 2), max_size=8))
    return [list(header), *rows]


def csv_bytes(table, delimiter, encoding):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(table)
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(table):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Werte"
    for row in table:
        # openpyxl refuses control characters: a real spreadsheet program cannot save them.
        sheet.append([importers_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def importers_safe(value):
    if isinstance(value, str):
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    return value


# Mutations of valid files --------------------------------------------------------------------


@st.composite
def mutated(draw, data):
    data = bytearray(data)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not data:
            break
        where = draw(st.integers(min_value=0, max_value=len(data) - 1))
        kind = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        if kind == "flip":
            data[where] = draw(st.integers(min_value=0, max_value=255))
        elif kind == "delete":
            del data[where : where + draw(st.integers(min_value=1, max_value=64))]
        elif kind == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "duplicate":
            data[where:where] = data[where : where + draw(st.integers(1, 200))]
        else:
            del data[where:]
    return bytes(data)


@st.composite
def mutated_xlsx(draw, data):
    """A valid workbook whose sheet XML (or another part) is mutated, then packed again."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target = draw(st.sampled_from(["xl/worksheets/sheet1.xml", *names]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            content = source.read(name)
            if name == target:
                content = draw(mutated(content))
            archive.writestr(name, content)
    return buffer.getvalue()


def valid_template(world, fmt):
    rows = importers.template_rows(world.edition)
    return importers.write_csv(rows) if fmt == "csv" else importers.write_xlsx(rows)


LONG_VALID = (
    "Year;Series;Units;Geschlecht;Staatsangehörigkeit;GeoCode;Value\n"
    "2021;KITA;Prozent;;;05566000;41,2\n"
    "2021;KITA;Prozent;weiblich;;05566000;40,1\n"
    "2021;KITA;Prozent;_T;nichtdeutsch;05566000;33\n"
    "2022;SPRACH;Anzahl;;;05566000;1.204\n"
)


# The fuzz tests ------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(["w.csv", "w.txt", "w.xlsx"]))
def test_random_bytes(town, data, name):
    check(town, name, data)


@FUZZ
@given(
    table=tables(cell_text),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    default=st.booleans(),
)
def test_csv_tables(town, table, delimiter, encoding, default):
    check(
        town,
        "werte.csv",
        csv_bytes(table, delimiter, encoding),
        town.indicator if default else None,
    )


@FUZZ
@given(table=tables(xlsx_value), default=st.booleans())
def test_xlsx_tables(town, table, default):
    check(town, "werte.xlsx", xlsx_bytes(table), town.count if default else None)


@pytest.fixture
def seeds(town):
    """The valid files, built once: imports during the run change the template, and Hypothesis
    needs the same seed for every example."""
    return {fmt: valid_template(town, fmt) for fmt in ("csv", "xlsx")}


@FUZZ
@given(data=st.data(), fmt=st.sampled_from(["csv", "xlsx"]))
def test_mutated_templates(town, seeds, data, fmt):
    valid = seeds[fmt]
    strategy = mutated(valid) if fmt == "csv" else st.one_of(mutated(valid), mutated_xlsx(valid))
    check(town, f"vorlage.{fmt}", data.draw(strategy))


@FUZZ
@given(data=st.data(), default=st.booleans())
def test_mutated_long_format(town, data, default):
    valid = LONG_VALID.encode()
    check(town, "opensdg.csv", data.draw(mutated(valid)), town.indicator if default else None)


def test_the_valid_files_import(town):
    """The seeds of the mutations are themselves accepted, so the mutations start from good."""
    for name, data in [
        ("vorlage.csv", valid_template(town, "csv")),
        ("vorlage.xlsx", valid_template(town, "xlsx")),
        ("opensdg.csv", LONG_VALID.encode()),
    ]:
        assert run_import(town, name, data) == ("imported", []), name
    assert town.indicator.measurements.filter(value=Decimal("40.1")).exists()
