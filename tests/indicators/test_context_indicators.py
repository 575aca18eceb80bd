"""Context indicators and comparison series (issue 14, points 1 and 2): an indicator belongs to a
goal, a sub-theme, a field or the whole edition; context indicators have no target and no status
but chart and table, in the field's Ausgangslage (pages, public view, concept PDF) and on
"Daten und Fakten"; areas and groups are series beside the indicator's own, which alone makes
the status."""

import datetime
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concepts import document
from concepts.models import Edition, FieldOfAction, SubTheme
from concepts.services.editions import edition_publish
from indicators.charts import describe, indicator_chart_svg
from indicators.importers.parsing import parse_period
from indicators.models import Indicator, Measurement, Status
from indicators.overview import facts_overview, indicator_rows
from indicators.services import MeasurementInput, measurements_save
from indicators.status import compute_status
from tests.factories import IndicatorFactory, build_concept
from tests.indicators.untidy import add_context_indicators, untidy_indicators


@pytest.fixture
def untidy(world):
    build_concept(world.edition, fields=2, strategic=1, operational=1, measures=1)
    return untidy_indicators(world.edition, world.users["staff"])


def test_an_indicator_belongs_to_a_goal_a_sub_theme_a_field_or_the_edition(untidy, world):
    assert untidy["goal"].field_of_action_id and not untidy["goal"].is_context
    assert untidy["sub_theme"].field_of_action == untidy["field_obj"]
    assert untidy["field"].is_context and untidy["field"].attachment == untidy["field_obj"]
    whole = untidy["edition"]
    assert (whole.edition, whole.field_of_action, whole.is_context) == (world.edition, None, True)
    assert set(Indicator.objects.for_edition(world.edition).context()) == {
        untidy["field"],
        untidy["sub_theme"],
        whole,
    }


def test_context_indicators_refuse_a_target_and_a_goal_with_a_sub_theme(untidy, world):
    whole = untidy["edition"]
    whole.target_value, whole.target_year = D("5"), 2030
    with pytest.raises(ValidationError, match="Kontextindikator"):
        whole.full_clean()
    both = untidy["goal"]
    both.sub_theme = untidy["sub_theme_obj"]
    with pytest.raises(ValidationError, match="nicht zu beidem"):
        both.full_clean()
    clash = Indicator(edition=world.edition, code="arbl", name="Doppelt")
    with pytest.raises(ValidationError, match="Kennung gibt es"):
        clash.full_clean()


def test_context_indicators_have_no_status_but_their_latest_value(untidy):
    row = indicator_rows([untidy["field"]])[0]
    assert row.status.status is None
    assert "Kontextindikator" in row.status.reason
    assert row.latest.period_label == "Ende 2016" and row.latest.area == ""


def test_only_the_own_series_makes_the_status(world):
    indicator = IndicatorFactory(
        operational_goal=world.goal,
        baseline_value=D("10"),
        baseline_date=datetime.date(2020, 12, 31),
        target_value=D("20"),
        target_year=2026,
    )
    items = [
        MeasurementInput(indicator=indicator, period=parse_period("2024"), value=D("11")),
        # NRW and women reached the target long ago: they must not count.
        MeasurementInput(
            indicator=indicator, period=parse_period("2024"), value=D("25"), area="NRW"
        ),
        MeasurementInput(
            indicator=indicator, period=parse_period("2025"), value=D("30"), group="Frauen"
        ),
    ]
    measurements_save(items=items, user=None)
    series = list(Measurement.objects.filter(indicator=indicator))
    result = compute_status(indicator, series, as_of=datetime.date(2025, 3, 1))
    assert result.status == Status.OFF_TRACK
    assert result.latest.value == D("11")


def test_chart_draws_comparison_series_and_says_so(untidy):
    row = indicator_rows([untidy["field"]])[0]
    text = describe(row.indicator, row.series)
    assert "im Vergleich mit Deutschland, NRW" in text
    svg = indicator_chart_svg(row.indicator, row.series, None)
    assert "NRW" in svg and "Deutschland" in svg and "Gesamt" in svg


def test_detail_page_shows_series_side_by_side_and_sources(untidy, world, staff_client):
    url = reverse("indicators:indicator_detail", args=[world.town.slug, untidy["field"].pk])
    html = staff_client.get(url).content.decode()
    assert "Kontextindikator zur Ausgangslage des Handlungsfelds" in html
    assert '<th scope="col" class="text-end">NRW</th>' in html
    assert '<th scope="col" class="text-end">Deutschland</th>' in html
    assert "Juni 2016 (IT.NRW)" in html and "Juni 2016 (Einwohnermeldeamt)" in html
    assert "2013 und 2014 (Mittel)" in html


def test_facts_page_lists_context_indicators_in_fixed_queries(untidy, world, member_client):
    url = reverse("indicators:facts", args=[world.town.slug, world.edition.pk])
    with CaptureQueriesContext(connection) as few:
        response = member_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Kommune insgesamt" in html and "SGB-II-Quote" in html
    assert "Betreuungsquote unter 3 Jahren" in html and "Unterthema Frühe Bildung" in html
    assert "Kreis Steinfurt" in html and "unter der Veröffentlichungsgrenze" in html
    facts = facts_overview(world.edition)
    assert [row.indicator.code for row in facts.edition_rows] == ["SGB2"]
    for field in FieldOfAction.objects.for_edition(world.edition):
        add_context_indicators(world.edition, field, count=4, years=range(2015, 2025))
    with CaptureQueriesContext(connection) as many:
        assert member_client.get(url).status_code == 200
    assert len(many) == len(few)


def test_fortschreibung_copies_context_indicators_to_their_new_parents(untidy, world):
    from concepts.services.editions import edition_copy

    world.edition.status = Edition.Status.ADOPTED
    world.edition.adopted_on = datetime.date(2021, 6, 1)
    world.edition.save()
    new = edition_copy(source=world.edition, user=world.users["staff"], title="Neu", year=2027)
    copies = {i.code: i for i in Indicator.objects.for_edition(new)}
    assert copies["SGB2"].edition == new and copies["SGB2"].field_of_action is None
    assert copies["AUSL"].field_of_action.edition == new
    assert copies["KITA-U3"].sub_theme.field_of_action.edition == new
    assert copies["KITA-U3"].continues == untidy["sub_theme"]
    from concepts.services.compare import compare_editions

    section = next(
        r for r in compare_editions(world.edition, new) if r.section.key == "indikatoren"
    )
    assert section.is_empty  # copied unchanged, context indicators included


def test_staff_creates_context_indicators_through_the_form(untidy, world, staff_client):
    url = reverse("indicators:indicator_create", args=[world.town.slug, world.edition.pk])
    base = {
        "name": "Einbürgerungen",
        "unit": "count",
        "decimal_places": "0",
        "rhythm": "annual",
        "direction": "higher",
        "position": "",
    }
    choices = {
        "ED": f"ed:{world.edition.pk}",
        "FA": f"fa:{untidy['field_obj'].pk}",
        "ST": f"st:{untidy['sub_theme_obj'].pk}",
    }
    page = staff_client.get(url).content.decode()
    assert "Ganze Fassung – Kontextindikator (Daten und Fakten)" in page
    for code, choice in choices.items():
        response = staff_client.post(url, {**base, "code": code, "goal": choice})
        assert response.status_code == 302, response.content.decode()[:3000]
    made = {i.code: i for i in Indicator.objects.filter(code__in=choices)}
    assert made["ED"].is_context and made["ED"].field_of_action is None
    assert made["FA"].field_of_action == untidy["field_obj"] and made["FA"].sub_theme is None
    assert made["ST"].sub_theme == untidy["sub_theme_obj"]


def _publish(edition, user):
    edition.status = Edition.Status.ADOPTED
    edition.adopted_on = datetime.date(2021, 6, 1)
    edition.save()
    edition_publish(edition=edition, public=True, user=user)


def test_public_field_page_shows_the_ausgangslage_in_figures(untidy, world, client):
    _publish(world.edition, world.users["staff"])
    field = untidy["field_obj"]
    url = f"/{world.town.slug}/oeffentlich/{world.edition.pk}/handlungsfelder/{field.pk}/"
    html = client.get(url).content.decode()
    assert "Ausgangslage in Zahlen" in html
    assert "Anteil ausländischer Einwohner/innen" in html and "Unterthema Frühe Bildung" in html
    assert '<th scope="col" class="text-end">NRW</th>' in html
    assert "12,5" in html and "13,1" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils fehlt")
def test_concept_pdf_prints_the_ausgangslage_and_daten_und_fakten(untidy, world, tmp_path):
    path = tmp_path / "konzept.pdf"
    path.write_bytes(document.concept_pdf(world.edition))
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Ausgangslage in Zahlen" in flat
    assert "Anteil ausländischer Einwohner/innen" in flat
    assert "Daten und Fakten" in flat and "SGB-II-Quote" in flat
    assert "Kreis Steinfurt" in flat and "2. Halbjahr 2016" in flat
    assert "Unterthema Frühe Bildung" in flat
    assert SubTheme.objects.filter(title="Frühe Bildung").exists()


def test_single_value_form_takes_untidy_period_area_group_source_and_qualifier(world, staff_client):
    url = reverse("indicators:measurement_create", args=[world.town.slug, world.indicator.pk])
    posts = [
        {"period": "Ende 2016", "value": "12,5", "area": "NRW", "qualifier": "more_than"},
        {"period": "Ende 2016", "value": "11,0", "group": "Frauen"},
        {"period": "Ende 2016", "value": "10,9", "source": "IT.NRW"},
        {"period": "Beginn Schuljahr 2016/2017", "qualifier": "suppressed"},
    ]
    for data in posts:
        response = staff_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
    stored = {
        (m.period_label, m.area, m.group, m.source): m
        for m in Measurement.objects.filter(indicator=world.indicator)
    }
    assert stored[("Ende 2016", "NRW", "", "")].qualifier == "more_than"
    assert stored[("Ende 2016", "", "Frauen", "")].value == D("11.0")
    assert stored[("Ende 2016", "", "", "IT.NRW")].period_edtf == "2016-12~"
    suppressed = stored[("Beginn Schuljahr 2016/2017", "", "", "")]
    assert (suppressed.value, suppressed.qualifier) == (None, "suppressed")
    refused = staff_client.post(url, {"period": "2019", "value": "3", "qualifier": "suppressed"})
    assert "unter der Veröffentlichungsgrenze hat keine Zahl" in refused.content.decode()
