"""User text in charts is drawn as written: a `$` never reaches matplotlib's math parser.

A breakdown like `Geschlecht: $\\undefinedmacro$` used to make the chart raise, and with it the
public field page, the indicator page, the SVG and the controlling PDF (issue 12, fault 7).
"""

import html
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from concepts.models import FieldOfAction
from indicators.importers.parsing import year_period
from indicators.models import Indicator, Measurement
from tests.concepts.public.conftest import add_indicators, published_edition

BREAKDOWN = r"Geschlecht: $\undefinedmacro$"
UNIT = r"$\frac{Plätze$ je $x^2$"


@pytest.fixture
def indicator(world):
    """An indicator of a published edition whose breakdown and unit hold TeX-like text."""
    edition = published_edition(world.edition.concept, user=world.users["staff"])
    field = FieldOfAction.objects.for_edition(edition).order_by("position").first()
    indicator = add_indicators(field, count=1)[0]
    indicator.unit = Indicator.Unit.OTHER
    indicator.unit_other = UNIT
    indicator.save()
    for year in (2022, 2023):
        period = year_period(year)
        Measurement.objects.create(
            indicator=indicator,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            period_label=period.label,
            breakdown=BREAKDOWN,
            value=Decimal("7"),
        )
    return indicator


def svg_texts(page):
    """The text of every <text> element of the page's charts."""
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)
    return [html.unescape(t) for svg in svgs for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg)]


def test_public_field_page_draws_dollar_labels_as_text(world, client, indicator):
    field = indicator.field_of_action
    url = f"/{world.town.slug}/oeffentlich/{field.edition.pk}/handlungsfelder/{field.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    texts = svg_texts(response.content.decode())
    assert BREAKDOWN in texts and UNIT in texts


def test_indicator_page_draws_dollar_labels_as_text(world, member_client, indicator):
    url = reverse("indicators:indicator_detail", args=[world.town.slug, indicator.pk])
    response = member_client.get(url)
    assert response.status_code == 200
    texts = svg_texts(response.content.decode())
    assert BREAKDOWN in texts and UNIT in texts


def test_chart_svg_draws_dollar_labels_as_text(world, member_client, indicator):
    url = reverse("indicators:indicator_chart", args=[world.town.slug, indicator.pk])
    response = member_client.get(url)
    assert response.status_code == 200
    texts = svg_texts(response.content.decode())
    assert BREAKDOWN in texts and UNIT in texts


def test_controlling_pdf_draws_dollar_labels_as_text(world, staff_client, indicator, tmp_path):
    url = reverse("indicators:report_pdf", args=[world.town.slug])
    edition = indicator.field_of_action.edition
    response = staff_client.get(url, {"fassung": edition.pk, "stichtag": "2024-12-31"})
    assert response.status_code == 200
    path = tmp_path / "bericht.pdf"
    path.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert BREAKDOWN in text and UNIT in text
