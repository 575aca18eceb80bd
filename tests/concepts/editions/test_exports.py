import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from concepts.exports import headers, measure_rows
from concepts.models import Measure
from tests.factories import build_concept


@pytest.fixture
def filled(world):
    build_concept(world.edition)
    first = Measure.objects.for_edition(world.edition).order_by("position", "pk").first()
    first.ends_on = datetime.date(2027, 12, 31)
    first.needs_council_decision = True
    first.save()
    milestone = first.milestones.first()
    milestone.done = True
    milestone.save()
    return world.edition


def url(world, name):
    return reverse(
        f"concepts:{name}", kwargs={"town": world.town.slug, "edition": world.edition.pk}
    )


def test_rows_hold_field_goals_lead_status_dates_and_resources(filled):
    rows = measure_rows(filled)
    assert len(rows) == 16
    row = dict(zip(headers(), rows[0], strict=True))
    assert row["Nr."] == "1.1"
    assert row["Handlungsfeld"] == "Handlungsfeld 1"
    assert row["Leitziele"] == "1.1 Leitziel 1.1"
    assert row["Handlungsziele"] == "Handlungsziel 1.1.1"
    assert row["Träger (federführend)"] == "Caritasverband"
    assert row["beteiligt"] == "Volkshochschule"
    assert row["Status"] == "laufend"
    assert row["Beginn"] == datetime.date(2026, 1, 1)
    assert row["Ende"] == datetime.date(2027, 12, 31)
    assert row["Personal (VZÄ)"] == Decimal("0.50")
    assert row["Sachkosten (€)"] == Decimal("1200.00")
    assert row["bedarf Ratsbeschluss"] == "ja"
    assert row["Umsetzungsmarker (erledigt/gesamt)"] == "1/2"


def test_xlsx_download_for_readers(world, filled, client_for):
    response = client_for("council").get(url(world, "measures_xlsx"))
    assert response.status_code == 200
    assert "massnahmen.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Maßnahmen"
    assert [c.value for c in sheet[1]] == headers()
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 28
    assert sheet.max_row == 17
    assert sheet["N2"].value == datetime.datetime(2026, 1, 1)
    assert sheet["N2"].number_format == "DD.MM.YYYY"
    assert sheet["S2"].value == 1200
    assert sheet["J2"].value == "Caritasverband"


def test_csv_is_semicolon_separated_utf8_with_bom(world, filled, client_for):
    response = client_for("member").get(url(world, "measures_csv"))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].split(";")[:3] == ["Nr.", "Handlungsfeld", "Leitziele"]
    assert "Maßnahme" in lines[0]
    assert len(lines) == 17
    assert ";01.01.2026;31.12.2027;" in lines[1]
    assert ";0,50;1200,00;" in lines[1] or ";0,50;1.200,00;" in lines[1]


def test_spreadsheet_query_count_is_fixed(world, django_assert_max_num_queries):
    build_concept(world.edition, fields=8, strategic=4, operational=4, measures=5)
    with django_assert_max_num_queries(12):
        assert len(measure_rows(world.edition)) == 640


def test_text_that_looks_like_a_formula_stays_text(world, client_for):
    from tests.factories import MeasureFactory

    MeasureFactory(field_of_action__edition=world.edition, title='=HYPERLINK("http://x")')
    response = client_for("staff").get(url(world, "measures_xlsx"))
    cell = load_workbook(io.BytesIO(response.content)).active["E2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    csv_text = client_for("staff").get(url(world, "measures_csv")).content.decode("utf-8-sig")
    assert ";\"'=HYPERLINK" in csv_text
