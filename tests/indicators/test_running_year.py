"""Values of the running year (issue 15, point 5): imported on 5 December 2026, a value for
"2026" shows on the dashboard, the indicator page, the public view and in the PDF, marked as
vorläufig; and the import preview shows the number as it was read, decimals kept."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.importers import values as importers
from indicators.models import Indicator, Measurement
from tests.factories import IndicatorFactory, MeasurementFactory

TODAY = datetime.date(2026, 12, 5)
HEADER = ";".join(importers.TEMPLATE_COLUMNS)


@pytest.fixture
def today_is_5_december_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def persons(world):
    return IndicatorFactory(
        operational_goal=world.goal,
        code="BER",
        name="Beratene Personen",
        unit=Indicator.Unit.PERSONS,
        decimal_places=0,
        baseline_value=D("1000"),
        target_value=D("2000"),
    )


def upload(client, world, data):
    url = reverse("indicators:import_upload", args=[world.town.slug, world.edition.pk])
    payload = {"file": io.BytesIO(("\ufeff" + HEADER + "\r\n" + data + "\r\n").encode())}
    payload["file"].name = "werte.csv"
    response = client.post(url, payload)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_import_preview_shows_the_number_as_read_with_its_decimals(
    world, persons, client_for, today_is_5_december_2026
):
    staff = client_for("staff")
    preview = staff.get(upload(staff, world, "BER;;;2026;;1.234,5;;;;"))
    text = preview.content.decode()
    assert "1.234,5 Personen" in text
    assert "1.234 Personen" not in text
    # Whole numbers keep the indicator's own format.
    preview = staff.get(upload(staff, world, "BER;;;2026;;1.200;;;;"))
    assert "1.200 Personen" in preview.content.decode()


def test_a_value_of_the_running_year_shows_everywhere_marked_as_provisional(
    world, persons, client_for, today_is_5_december_2026
):
    MeasurementFactory(indicator=persons, year=2025, value=D("1100"))
    staff = client_for("staff")
    preview = upload(staff, world, "BER;;;2026;;1.234;;;;")
    assert staff.post(preview).status_code == 302
    assert Measurement.objects.get(indicator=persons, period_label="2026").value == D("1234")

    detail = staff.get(
        reverse("indicators:indicator_detail", args=[world.town.slug, persons.pk])
    ).content.decode()
    assert "2026 (laufendes Jahr, vorläufig)" in detail
    assert "1.234 Personen" in detail
    assert "2025 (laufendes Jahr" not in detail

    dashboard = staff.get(reverse("indicators:index", args=[world.town.slug])).content.decode()
    row = dashboard[dashboard.index("Beratene Personen") :]
    row = row[: row.index("</tr>")]
    assert "1.234 Personen" in row, "the current year's value is the latest value"
    assert "2026 (laufendes Jahr, vorläufig)" in row
    assert "steigend" in row


def test_a_value_of_next_year_is_not_yet_the_latest(world, persons, today_is_5_december_2026):
    from indicators.overview import indicator_rows

    MeasurementFactory(indicator=persons, year=2026, value=D("1100"))
    MeasurementFactory(indicator=persons, year=2027, value=D("1900"))
    row = indicator_rows([persons])[0]
    assert row.latest.period_label == "2026"
    assert row.latest.is_running
