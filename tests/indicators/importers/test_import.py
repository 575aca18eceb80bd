import datetime
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.importers import values as importers
from indicators.importers.parsing import parse_number, parse_period
from indicators.models import Measurement
from tests.factories import IndicatorFactory, MeasurementFactory

HEADER = ";".join(importers.TEMPLATE_COLUMNS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,5", (D("12.5"), False)),
        ("1.234,5", (D("1234.5"), False)),
        ("1.234", (D("1234"), False)),
        ("12.5", (D("12.5"), False)),
        ("-3,25", (D("-3.25"), False)),
        ("ca. 70", (D("70"), True)),
        ("ca.1.200", (D("1200"), True)),
        ("", (None, False)),
        (7, (D("7"), False)),
        (12.5, (D("12.5"), False)),
    ],
)
def test_german_numbers_are_read(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["12,5%", "12,5 %", "zwölf", "1,2,3", "1.23.4"])
def test_numbers_with_units_or_garbage_are_refused(raw):
    with pytest.raises(ValueError, match="keine Zahl"):
        parse_number(raw)


@pytest.mark.parametrize(
    ("raw", "kind", "start", "end", "label"),
    [
        ("2023", "year", datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), "2023"),
        (2023, "year", datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), "2023"),
        (
            "31.12.2023",
            "date",
            datetime.date(2023, 12, 31),
            datetime.date(2023, 12, 31),
            "31.12.2023",
        ),
        (
            "2023-06-30",
            "date",
            datetime.date(2023, 6, 30),
            datetime.date(2023, 6, 30),
            "30.06.2023",
        ),
        (
            "2022/23",
            "school_year",
            datetime.date(2022, 8, 1),
            datetime.date(2023, 7, 31),
            "2022/23",
        ),
        ("03/2024", "month", datetime.date(2024, 3, 1), datetime.date(2024, 3, 31), "03/2024"),
    ],
)
def test_periods_are_read(raw, kind, start, end, label):
    period = parse_period(raw)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)


@pytest.mark.parametrize("raw", ["31.02.2023", "2022/24", "13/2024", "irgendwann", "", "1850"])
def test_bad_periods_are_refused_in_german(raw):
    with pytest.raises(ValueError, match="Zeitraum|Datum|Schuljahr|Monat|Jahr"):
        parse_period(raw)


@pytest.fixture
def indicators(world):
    goal = world.goal
    quote = IndicatorFactory(
        operational_goal=goal, code="SGB2", name="SGB-II-Quote", breakdowns="Staatsangehörigkeit"
    )
    count = IndicatorFactory(
        operational_goal=goal, code="EINB", name="Einbürgerungen", unit="count"
    )
    return {"quote": quote, "count": count}


def csv_bytes(*lines):
    return ("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8")


def test_good_csv_is_parsed_with_breakdowns_flags_and_german_numbers(world, indicators):
    data = csv_bytes(
        "SGB2;SGB-II-Quote;%;2023;;12,5;;;;BA",
        "SGB2;;;2023;Staatsangehörigkeit: nichtdeutsch;ca. 25,1;;;;",
        "SGB2;;;2024;nichtdeutsch;24;ja;ja;;",
        "EINB;;;2024;;1.234;;;;",
        "EINB;;;2025;;;;;;",  # empty row of the template: skipped
    )
    parsed = importers.parse_upload(world.edition, "werte.csv", data)
    assert parsed.errors == []
    assert parsed.skipped == 1
    values = [
        (i.indicator.code, i.period.label, i.breakdown, i.value, i.is_approximate)
        for i in parsed.items
    ]
    assert values == [
        ("SGB2", "2023", "", D("12.5"), False),
        ("SGB2", "2023", "Staatsangehörigkeit: nichtdeutsch", D("25.1"), True),
        ("SGB2", "2024", "Staatsangehörigkeit: nichtdeutsch", D("24"), True),
        ("EINB", "2024", "", D("1234"), False),
    ]
    assert parsed.items[2].is_series_break


def test_one_bad_row_among_many_names_line_and_column_and_imports_nothing(
    world, indicators, staff_client
):
    lines = [f"EINB;;;{year};;{100 + year % 100};;;;" for year in range(2000, 2020)]
    lines[7] = "EINB;;;2007;;12,5%;;;;"
    response = upload(staff_client, world, "werte.csv", csv_bytes(*lines))
    text = response.content.decode()
    # Header is line 1, so the eighth data row is line 9; "Wert" is column F.
    assert "Zeile 9, Spalte F (Wert): „12,5%“ ist keine Zahl" in text
    assert "es wird nichts importiert" in text
    response = confirm(staff_client, response)
    assert not Measurement.objects.filter(indicator=indicators["count"]).exists()


def test_every_kind_of_bad_row_is_reported(world, indicators):
    data = csv_bytes(
        "UNBEKANNT;;;2023;;1;;;;",
        "EINB;;;31.02.2023;;1;;;;",
        "EINB;;;2023;;12,5 %;;;;",
        "EINB;;;2022;;5;;;;",
        "EINB;;;2022;;6;;;;",
        "EINB;;;2021;Geschlecht: weiblich;6;;;;",
        "SGB2;;;2021;Geschlecht: weiblich;6;vielleicht;;;",
    )
    parsed = importers.parse_upload(world.edition, "werte.csv", data)
    messages = [str(e) for e in parsed.errors]
    assert messages[0].startswith(
        "Zeile 2, Spalte A (Indikator): Unbekannter Indikator „UNBEKANNT“"
    )
    assert messages[1].startswith(
        "Zeile 3, Spalte D (Zeitraum): „31.02.2023“ ist kein gültiges Datum"
    )
    assert messages[2].startswith("Zeile 4, Spalte F (Wert): „12,5 %“ ist keine Zahl")
    assert messages[3].startswith("Zeile 6, Spalte A (Indikator): Doppelte Zeile")
    assert "Zeile 5" in messages[3]
    assert messages[4].startswith(
        "Zeile 7, Spalte E (Aufschlüsselung): Der Indikator „EINB“ hat keine"
    )
    assert any(
        m.startswith("Zeile 8, Spalte E (Aufschlüsselung): „Geschlecht“ ist keine")
        for m in messages
    )
    assert any(m.startswith("Zeile 8, Spalte G (ca.)") for m in messages)


def test_unknown_header_and_wrong_file_type_are_refused(world):
    with pytest.raises(importers.ImportFileError, match="Kopfzeile"):
        importers.parse_upload(world.edition, "x.csv", b"a;b;c\n1;2;3\n")
    with pytest.raises(importers.ImportFileError, match="CSV- oder XLSX"):
        importers.parse_upload(world.edition, "x.pdf", b"%PDF")
    with pytest.raises(importers.ImportFileError, match="XLSX-Datei kann nicht gelesen"):
        importers.parse_upload(world.edition, "x.xlsx", b"kein zip")


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_long_table_as_statistics_offices_publish_it(world, indicators):
    data = xlsx_bytes(
        [
            ["Year", "Series", "Staatsangehörigkeit", "Units", "Value"],
            [2021, "SGB2", None, "Prozent", 13.1],
            [2021, "SGB2", "deutsch", "Prozent", 8.2],
            [2021, "SGB2", "nichtdeutsch", "Prozent", "27,4"],
            [2022, "SGB-II-Quote", None, "Prozent", 12.4],
            [2023, "SGB2", None, "Prozent", None],
        ]
    )
    parsed = importers.parse_upload(world.edition, "bund.xlsx", data)
    assert parsed.layout.startswith("Langtabelle")
    assert parsed.errors == []
    got = [(i.period.label, i.breakdown, i.value) for i in parsed.items]
    assert got == [
        ("2021", "", D("13.1")),
        ("2021", "Staatsangehörigkeit: deutsch", D("8.2")),
        ("2021", "Staatsangehörigkeit: nichtdeutsch", D("27.4")),
        ("2022", "", D("12.4")),
    ]


def test_long_table_without_indicator_column_uses_the_chosen_indicator(world, indicators):
    data = "Jahr;Geschlecht;Wert\n2022;;310\n2023;;355\n".encode("cp1252")
    parsed = importers.parse_upload(world.edition, "einb.csv", data, indicators["count"])
    # An empty breakdown cell is the total, so the undeclared dimension does no harm here.
    assert parsed.errors == []
    assert [i.value for i in parsed.items] == [D("310"), D("355")]


def test_template_round_trips_and_preview_sees_unchanged_values(world, indicators):
    MeasurementFactory(indicator=indicators["quote"], year=2022, value=D("12.5"))
    MeasurementFactory(
        indicator=indicators["quote"],
        year=2022,
        value=D("25"),
        breakdown="Staatsangehörigkeit: nichtdeutsch",
        is_approximate=True,
    )
    rows = importers.template_rows(world.edition)
    for data, name in (
        (importers.write_csv(rows), "v.csv"),
        (importers.write_xlsx(rows), "v.xlsx"),
    ):
        parsed = importers.parse_upload(world.edition, name, data)
        assert parsed.errors == []
        changes = {r.change for r in importers.preview(parsed.items)}
        assert changes == {"unchanged"}
    sheet = load_workbook(io.BytesIO(importers.write_xlsx(rows))).active
    assert [c.value for c in sheet[1]] == importers.TEMPLATE_COLUMNS


def upload(client, world, name, data, indicator=None):
    url = reverse("indicators:import_upload", args=[world.town.slug, world.edition.pk])
    payload = {"file": io.BytesIO(data)}
    payload["file"].name = name
    if indicator:
        payload["indicator"] = indicator.pk
    response = client.post(url, payload)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def confirm(client, preview_response):
    return client.post(preview_response.wsgi_request.path)


def test_upload_shows_preview_and_imports_only_after_confirmation(world, indicators, staff_client):
    MeasurementFactory(indicator=indicators["count"], year=2022, value=D("300"))
    MeasurementFactory(indicator=indicators["count"], year=2023, value=D("320"))
    data = csv_bytes("EINB;;;2022;;300;;;;", "EINB;;;2023;;325;;;;", "EINB;;;2024;;1.010;;;;")
    response = upload(staff_client, world, "werte.csv", data)
    text = response.content.decode()
    assert (
        "<strong>1</strong> neue Werte, <strong>1</strong> geänderte, "
        "<strong>1</strong> unverändert" in text
    )
    assert Measurement.objects.filter(indicator=indicators["count"]).count() == 2
    response = confirm(staff_client, response)
    assert response.status_code == 302
    values = dict(
        Measurement.objects.filter(indicator=indicators["count"]).values_list(
            "period_label", "value"
        )
    )
    assert values == {"2022": D("300"), "2023": D("325"), "2024": D("1010")}
    entered = Measurement.objects.get(indicator=indicators["count"], period_label="2024")
    assert entered.entered_by == world.users["staff"]


def test_confirm_parses_again_and_refuses_a_stale_token(
    world, indicators, staff_client, client_for
):
    data = csv_bytes("EINB;;;2024;;10;;;;")
    response = upload(staff_client, world, "werte.csv", data)
    # Another staff session cannot use this token.
    other = client_for("superuser")
    stolen = other.post(response.wsgi_request.path)
    assert stolen.status_code == 302
    assert not Measurement.objects.filter(indicator=indicators["count"]).exists()
    confirm(staff_client, response)
    assert Measurement.objects.filter(indicator=indicators["count"]).count() == 1
    again = confirm(staff_client, response)
    assert again.status_code == 302 and "import/" in again["Location"]


def test_imported_values_have_history_with_the_person(world, indicators, staff_client):
    response = upload(staff_client, world, "werte.csv", csv_bytes("EINB;;;2024;;10;;;;"))
    confirm(staff_client, response)
    response = upload(staff_client, world, "werte.csv", csv_bytes("EINB;;;2024;;11;;;;"))
    confirm(staff_client, response)
    measurement = Measurement.objects.get(indicator=indicators["count"])
    history = list(measurement.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert [h.value for h in history] == [D("10"), D("11")]
    assert {h.history_user for h in history} == {world.users["staff"]}
