"""The CSV/XLSX import with periods and values as sources write them (issue 14, point 3):
uncertain periods, qualified values, areas, groups and two sources for one period; rows it cannot
read are listed and the rest is imported only on explicit confirmation."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import Workbook

from indicators.importers import values as importers
from indicators.importers.parsing import parse_period, parse_qualified_number
from indicators.models import Measurement
from indicators.services import measurements_save
from tests.factories import IndicatorFactory

HEADER = ";".join(importers.TEMPLATE_COLUMNS)


def csv_bytes(*lines):
    return ("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8")


# Indikator;Bezeichnung;Einheit;Zeitraum;Aufschlüsselung;Wert;ca.;Zeitreihenbruch;Text;
# Quellenhinweis;Gebiet;Gruppe;Quelle
UNTIDY_ROWS = [
    "AUSL;;;Jan 23;;60;;;;;;;",
    "AUSL;;;Juni 2016;;rund 60;;;;;;;",
    "AUSL;;;Ende 2016;;ca. siebzig;;;;;;;",
    "AUSL;;;Ende 2016;;mehr als 60;;;;;NRW;;",
    "AUSL;;;Ende 2016;;< 5;;;;;;Frauen;",
    "AUSL;;;ab 2015;;61,5;;;;;Deutschland;;",
    "AUSL;;;2014–2016;;58;;;;;;;",
    "AUSL;;;01.03.2015–31.12.2016;;57;;;;;;;",
    "AUSL;;;2013 und 2014 (Mittel);;55,5;;;;;;;",
    "AUSL;;;Beginn Schuljahr 2016/2017;;*;;;;;;;",
    "AUSL;;;31.12.2016;;12,0;;;;;;;Einwohnermeldeamt",
    "AUSL;;;31.12.2016;;12,4;;;;;;;IT.NRW",
]


@pytest.fixture
def indicator(world):
    return IndicatorFactory(
        operational_goal=world.goal, code="AUSL", name="Ausländeranteil", unit="percent"
    )


@pytest.mark.parametrize(
    ("raw", "value", "approximate", "qualifier"),
    [
        ("rund 60", D("60"), True, ""),
        ("ca. siebzig", D("70"), True, ""),
        ("mehr als 60", D("60"), False, "more_than"),
        ("über 1.200", D("1200"), False, "more_than"),
        ("< 5", D("5"), False, "less_than"),
        ("weniger als 3,5", D("3.5"), False, "less_than"),
        ("*", None, False, "suppressed"),
        ("geheim", None, False, "suppressed"),
        ("12,5", D("12.5"), False, ""),
    ],
)
def test_qualified_values_are_read(raw, value, approximate, qualifier):
    number = parse_qualified_number(raw)
    assert (number.value, number.approximate, number.qualifier) == (value, approximate, qualifier)


@pytest.mark.parametrize("raw", ["mehr als", "rund", "ca. viele", "12,5 %", "siebzig Prozent"])
def test_unreadable_qualified_values_are_refused_in_german(raw):
    with pytest.raises(ValueError, match="keine Zahl"):
        parse_qualified_number(raw)


def test_untidy_csv_is_read_and_stored_with_periods_areas_groups_and_sources(world, indicator):
    parsed = importers.parse_upload(world.edition, "werte.csv", csv_bytes(*UNTIDY_ROWS))
    assert [str(e) for e in parsed.errors] == []
    assert len(parsed.items) == len(UNTIDY_ROWS)
    created, updated = measurements_save(items=parsed.items, user=world.users["staff"])
    assert (created, updated) == (len(UNTIDY_ROWS), 0)
    stored = {
        (m.period_label, m.area, m.group, m.source): m
        for m in Measurement.objects.filter(indicator=indicator)
    }
    assert stored[("Jan 23", "", "", "")].period_edtf == "2023-01"
    ende = stored[("Ende 2016", "", "", "")]
    assert (ende.period_edtf, ende.value, ende.is_approximate) == ("2016-12~", D("70"), True)
    assert stored[("Ende 2016", "NRW", "", "")].qualifier == "more_than"
    assert stored[("Ende 2016", "", "Frauen", "")].qualifier == "less_than"
    ab = stored[("ab 2015", "Deutschland", "", "")]
    assert (ab.period_edtf, ab.period_start, ab.period_kind) == (
        "2015/..",
        datetime.date(2015, 1, 1),
        "open",
    )
    assert stored[("2014–2016", "", "", "")].period_kind == "range"
    assert stored[("2013 und 2014 (Mittel)", "", "", "")].period_kind == "mean"
    assert stored[("01.03.2015–31.12.2016", "", "", "")].period_edtf == "2015-03-01/2016-12-31"
    school = stored[("Beginn Schuljahr 2016/2017", "", "", "")]
    assert (school.period_edtf, school.value, school.qualifier) == ("2016-08~", None, "suppressed")
    # Two sources for one Stichtag coexist.
    assert stored[("31.12.2016", "", "", "Einwohnermeldeamt")].value == D("12.0")
    assert stored[("31.12.2016", "", "", "IT.NRW")].value == D("12.4")
    # A second import of the same file changes nothing.
    again = importers.parse_upload(world.edition, "werte.csv", csv_bytes(*UNTIDY_ROWS))
    assert {row.change for row in importers.preview(again.items)} == {"unchanged"}


def test_untidy_xlsx_with_dates_and_text_cells_is_read(world, indicator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(importers.TEMPLATE_COLUMNS)
    for line in UNTIDY_ROWS:
        sheet.append(line.split(";"))
    sheet.append(["AUSL", "", "", datetime.datetime(2017, 6, 30), "", 12.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = importers.parse_upload(world.edition, "werte.xlsx", buffer.getvalue())
    assert [str(e) for e in parsed.errors] == []
    assert len(parsed.items) == len(UNTIDY_ROWS) + 1


def test_export_template_reimports_qualifiers_and_dimensions_unchanged(world, indicator):
    parsed = importers.parse_upload(world.edition, "werte.csv", csv_bytes(*UNTIDY_ROWS))
    measurements_save(items=parsed.items, user=world.users["staff"])
    exported = importers.write_csv(importers.template_rows(world.edition))
    text = exported.decode("utf-8-sig")
    assert "mehr als 60" in text and ";*;" in text and "NRW" in text and "IT.NRW" in text
    again = importers.parse_upload(world.edition, "export.csv", exported)
    assert [str(e) for e in again.errors] == []
    assert {row.change for row in importers.preview(again.items)} == {"unchanged"}


def test_long_table_with_area_group_and_source_columns(world, indicator):
    data = (
        "Jahr;Wert;Gebiet;Gruppe;Quelle\r\n"
        "2016;12,0;;;\r\n2016;13,1;NRW;;\r\n2016;11,9;;Frauen;\r\n2016;12,2;;;IT.NRW\r\n"
    ).encode()
    parsed = importers.parse_upload(world.edition, "lang.csv", data, default_indicator=indicator)
    assert [str(e) for e in parsed.errors] == []
    assert [(i.area, i.group, i.source, i.breakdown) for i in parsed.items] == [
        ("", "", "", ""),
        ("NRW", "", "", ""),
        ("", "Frauen", "", ""),
        ("", "", "IT.NRW", ""),
    ]


BAD_ROWS = [
    "AUSL;;;irgendwann;;60;;;;;;;",  # line 3: period
    "AUSL;;;2019;;sechzig Prozent;;;;;;;",  # line 5: value
    "AUSL;;;laufend;;60;;;;;;;",  # line 7: no known bound
]


def upload(client, world, data):
    url = reverse("indicators:import_upload", args=[world.town.slug, world.edition.pk])
    payload = {"file": io.BytesIO(data)}
    payload["file"].name = "werte.csv"
    response = client.post(url, payload)
    assert response.status_code == 302
    return client.get(response["Location"])


def test_unreadable_rows_are_listed_and_the_rest_imported_only_on_confirmation(
    world, indicator, staff_client
):
    lines = [
        "AUSL;;;Jan 23;;60;;;;;;;",
        BAD_ROWS[0],
        "AUSL;;;Feb 23;;rund 61;;;;;;;",
        BAD_ROWS[1],
        "AUSL;;;Mär 23;;62;;;;;;;",
        BAD_ROWS[2],
    ]
    preview = upload(staff_client, world, csv_bytes(*lines))
    text = preview.content.decode()
    assert "Zeile 3, Spalte D (Zeitraum): „irgendwann“ ist kein Zeitraum" in text
    assert "Zeile 5, Spalte F (Wert): „sechzig Prozent“ ist keine Zahl" in text
    assert "Zeile 7, Spalte D (Zeitraum): „laufend“ hat weder einen bekannten Anfang" in text
    assert 'name="skip_unreadable"' in text and "3 Zeilen mit Fehlern auslassen" in text
    # Default: all or nothing.
    response = staff_client.post(preview.wsgi_request.path)
    assert response.status_code == 302
    assert not Measurement.objects.filter(indicator=indicator).exists()
    # Confirmed: the readable rows only.
    response = staff_client.post(preview.wsgi_request.path, {"skip_unreadable": "1"}, follow=True)
    assert "Ausgelassen wurden die Zeilen mit Fehlern: 3, 5, 7." in response.content.decode()
    assert sorted(
        Measurement.objects.filter(indicator=indicator).values_list("period_edtf", flat=True)
    ) == ["2023-01", "2023-02", "2023-03"]


def test_a_file_without_errors_shows_no_partial_choice(world, indicator, staff_client):
    preview = upload(staff_client, world, csv_bytes("AUSL;;;Jan 23;;60;;;;;;;"))
    assert 'name="skip_unreadable"' not in preview.content.decode()


def test_parse_period_keeps_tidy_labels_and_reads_untidy_ones():
    assert parse_period("2022/23").label == "2022/23"
    assert parse_period("2014/2016").edtf == "2014/2016"
    assert parse_period("Jan 23").label == "Jan 23"


def test_an_empty_value_cell_is_no_value():
    assert parse_qualified_number("  ").value is None
    assert parse_qualified_number("").qualifier == ""
