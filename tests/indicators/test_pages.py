import datetime
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from concepts.models import Edition
from indicators.copying import copy_indicators
from indicators.counts import indicator_counts
from indicators.models import Indicator, Measurement
from integration_site.versions import version_of
from tests.factories import (
    FieldOfActionFactory,
    IndicatorFactory,
    MeasurementFactory,
    OperationalGoalFactory,
    StrategicGoalFactory,
)


def detail_url(world, indicator):
    return reverse("indicators:indicator_detail", args=[world.town.slug, indicator.pk])


def test_indicator_page_shows_an_accessible_svg_chart_and_the_data_table(world, member_client):
    indicator = world.indicator
    MeasurementFactory(indicator=indicator, year=2024, value=D("1234.5"), is_approximate=True)
    response = member_client.get(detail_url(world, indicator))
    html = response.content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.DOTALL).group(0)
    assert 'role="img"' in svg and "aria-labelledby=" in svg
    assert re.search(r"<title id=\"[^\"]+\">Kita-Besuchsquote</title>", svg)
    desc = re.search(r"<desc id=\"[^\"]+\">(.*?)</desc>", svg).group(1)
    assert "von 2023 (12,5 %) bis 2024 (ca. 1.234,5 %)" in desc
    assert "Zielwert 20,0 bis 2030" in desc
    # The data as a table beside the chart, German numbers.
    assert '<th scope="row">2024' in html
    assert "ca. 1.234,5" in html


def test_chart_does_not_join_the_line_across_a_series_break(world):
    from indicators.charts import indicator_chart_svg

    indicator = world.indicator
    values = [
        MeasurementFactory.build(indicator=indicator, year=y, value=D(v))
        for y, v in [(2020, "10"), (2021, "11"), (2022, "30"), (2023, "31")]
    ]
    values[2].is_series_break = True
    joined = indicator_chart_svg(indicator, values[:2] + list(values[2:]), size="small")
    values[2].is_series_break = False
    unbroken = indicator_chart_svg(indicator, values, size="small")
    # Each plotted run is one <path> in a "line2d" group; a break makes two runs of the total.
    assert joined.count('id="c') > 0
    assert (
        len(re.findall(r'<g id="[^"]*line2d_', joined))
        == len(re.findall(r'<g id="[^"]*line2d_', unbroken)) + 1
    )


def test_chart_svg_endpoint_serves_svg(world, member_client):
    url = reverse("indicators:indicator_chart", args=[world.town.slug, world.indicator.pk])
    response = member_client.get(url + "?groesse=klein")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b"<title" in response.content


def test_dashboard_lists_indicators_with_value_trend_status_and_chart(world, member_client):
    MeasurementFactory(indicator=world.indicator, year=2024, value=D("14"))
    response = member_client.get(reverse("indicators:index", args=[world.town.slug]))
    html = response.content.decode()
    assert detail_url(world, world.indicator) in html
    assert "14,0 %" in html
    assert "steigend (günstig)" in html
    assert "status-badge" in html
    assert "grafik.svg?groesse=klein" in html


def test_dashboard_filters_by_status(world, member_client):
    stale = IndicatorFactory(operational_goal=world.goal, name="Alte Zahl", code="ALT")
    MeasurementFactory(indicator=stale, year=2015)
    MeasurementFactory(indicator=world.indicator, year=datetime.date.today().year - 1)
    url = reverse("indicators:index", args=[world.town.slug])
    html = member_client.get(url + "?status=no_data").content.decode()
    assert "Alte Zahl" in html and "Kita-Besuchsquote" not in html


def test_dashboard_query_count_does_not_grow_with_indicators(
    world, member_client, django_assert_max_num_queries
):
    for f in range(4):
        field = FieldOfActionFactory(edition=world.edition, position=f + 2)
        for _g in range(3):
            goal = OperationalGoalFactory(
                strategic_goal__field_of_action=field, field_of_action=field
            )
            for _ in range(5):
                indicator = IndicatorFactory(operational_goal=goal)
                Measurement.objects.bulk_create(
                    MeasurementFactory.build(indicator=indicator, year=y) for y in range(2015, 2025)
                )
    assert Indicator.objects.count() > 60
    with django_assert_max_num_queries(15):
        response = member_client.get(reverse("indicators:index", args=[world.town.slug]))
    assert response.status_code == 200


def test_indicator_page_query_count(world, member_client, django_assert_max_num_queries):
    Measurement.objects.bulk_create(
        MeasurementFactory.build(indicator=world.indicator, year=y) for y in range(2000, 2023)
    )
    with django_assert_max_num_queries(15):
        response = member_client.get(detail_url(world, world.indicator))
    assert response.status_code == 200
    assert world.indicator.name in response.content.decode()


def test_one_value_is_entered_on_the_indicator_page(world, staff_client):
    url = reverse("indicators:measurement_create", args=[world.town.slug, world.indicator.pk])
    response = staff_client.post(url, {"period": "31.12.2024", "value": "ca. 1.234,5"})
    assert response.status_code == 302
    m = Measurement.objects.get(indicator=world.indicator, period_kind="date")
    assert (m.value, m.is_approximate, m.entered_by) == (D("1234.5"), True, world.users["staff"])
    # The same period again shows the stored value and replaces it only when asked to.
    asked = staff_client.post(url, {"period": "31.12.2024", "value": "17"})
    assert asked.status_code == 200 and "Vorhandenen Wert ersetzen" in asked.content.decode()
    m.refresh_from_db()
    assert m.value == D("1234.5")
    staff_client.post(url, {"period": "31.12.2024", "value": "17", "version": version_of(m)})
    m.refresh_from_db()
    assert m.value == D("17") and not m.is_approximate


def test_bad_value_is_shown_with_a_german_error(world, staff_client):
    url = reverse("indicators:measurement_create", args=[world.town.slug, world.indicator.pk])
    response = staff_client.post(url, {"period": "2024/26", "value": "12,5%"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ist keine Zahl" in html and "ist kein Schuljahr" in html


def test_table_for_one_stichtag_saves_all_or_nothing(world, staff_client):
    second = IndicatorFactory(operational_goal=world.goal, code="ZWEI")
    url = reverse(
        "indicators:measurement_table", args=[world.town.slug, world.edition.pk, world.field.pk]
    )
    url += "?zeitraum=31.12.2024"
    page = staff_client.get(url)
    assert page.status_code == 200
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-indicator": str(world.indicator.pk),
        "form-0-value": "15,5",
        "form-1-indicator": str(second.pk),
        "form-1-value": "12,5%",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "ist keine Zahl" in response.content.decode()
    assert not Measurement.objects.filter(period_kind="date").exists()
    data["form-1-value"] = "ca. 9"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    stored = dict(
        Measurement.objects.filter(period_kind="date").values_list("indicator_id", "value")
    )
    assert stored == {world.indicator.pk: D("15.5"), second.pk: D("9")}


def test_staff_creates_edits_and_deletes_an_indicator(world, staff_client):
    url = reverse("indicators:indicator_create", args=[world.town.slug, world.edition.pk])
    response = staff_client.post(
        url,
        {
            "goal": f"og:{world.goal.pk}",
            "code": "BESCH",
            "name": "Beschäftigungsquote",
            "unit": "percent",
            "decimal_places": "1",
            "rhythm": "annual",
            "direction": "higher",
            "baseline_value": "45,2",
            "baseline_date": "2022-12-31",
            "target_value": "50",
            "target_year": "2030",
        },
    )
    assert response.status_code == 302, response.content.decode()
    indicator = Indicator.objects.get(code="BESCH")
    assert indicator.baseline_value == D("45.2") and indicator.field_of_action == world.field
    edit = reverse("indicators:indicator_update", args=[world.town.slug, indicator.pk])
    response = staff_client.post(
        edit,
        {
            "goal": f"og:{world.goal.pk}",
            "code": "KITA",
            "name": "x",
            "unit": "percent",
            "decimal_places": "1",
            "rhythm": "annual",
            "direction": "higher",
        },
    )
    assert "Diese Kennung gibt es in dieser Fassung schon" in response.content.decode()
    delete = reverse("indicators:indicator_delete", args=[world.town.slug, indicator.pk])
    assert staff_client.post(delete).status_code == 302
    assert not Indicator.objects.filter(code="BESCH").exists()


def test_locked_edition_refuses_indicator_changes_but_takes_values(world, staff_client):
    world.edition.status = Edition.Status.ADOPTED
    world.edition.adopted_on = datetime.date(2025, 1, 1)
    world.edition.save()
    delete = reverse("indicators:indicator_delete", args=[world.town.slug, world.indicator.pk])
    response = staff_client.post(delete, follow=True)
    assert "beschlossen oder abgelöst" in response.content.decode()
    assert Indicator.objects.filter(pk=world.indicator.pk).exists()
    url = reverse("indicators:measurement_create", args=[world.town.slug, world.indicator.pk])
    assert staff_client.post(url, {"period": "2024", "value": "3"}).status_code == 302


def test_indicator_needs_a_parent_and_at_most_one_goal(world):
    from django.core.exceptions import ValidationError

    indicator = Indicator(code="X", name="X")
    with pytest.raises(ValidationError, match="wozu der Indikator gehört"):
        indicator.full_clean()
    indicator.operational_goal = world.goal
    indicator.strategic_goal = world.goal.strategic_goal
    with pytest.raises(ValidationError, match="höchstens ein Ziel"):
        indicator.full_clean()


def test_indicator_counts_per_goal_in_one_query(world, django_assert_num_queries):
    strategic = StrategicGoalFactory(field_of_action=world.field)
    IndicatorFactory(operational_goal=world.goal)
    IndicatorFactory(operational_goal=None, strategic_goal=strategic, field_of_action=world.field)
    with django_assert_num_queries(1):
        operational, by_strategic = indicator_counts(world.edition)
    assert operational == {world.goal.pk: 2}
    assert by_strategic == {strategic.pk: 1}


def test_copied_indicators_continue_the_series(world, member_client):
    target = Edition.objects.create(
        concept=world.edition.concept, title="2. Fortschreibung", year=2027, based_on=world.edition
    )
    new_field = FieldOfActionFactory(edition=target, position=1)
    new_goal = OperationalGoalFactory(
        strategic_goal__field_of_action=new_field, field_of_action=new_field
    )
    mapping = {type(world.goal): {world.goal.pk: new_goal.pk}}
    copies = copy_indicators(source=world.edition, target=target, mapping=mapping)
    assert len(copies) == 1
    copy = copies[0]
    assert (copy.continues, copy.code, copy.operational_goal) == (world.indicator, "KITA", new_goal)
    # The old values show on the new indicator's page.
    html = member_client.get(detail_url(world, copy)).content.decode()
    assert "aus früherer Fassung" in html
    # Calling it twice does not copy twice.
    assert copy_indicators(source=world.edition, target=target, mapping=mapping) == []


def test_chart_axis_uses_german_numbers(world):
    from indicators.charts import indicator_chart_svg

    indicator = world.indicator
    indicator.baseline_value, indicator.target_value = D("1000"), D("5000")
    values = [
        MeasurementFactory.build(indicator=indicator, year=y, value=D(v))
        for y, v in [(2021, "1500"), (2022, "2500"), (2023, "3250.5")]
    ]
    svg = indicator_chart_svg(indicator, values)
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert any(re.fullmatch(r"\d\.\d{3}", label) for label in labels), labels
    assert not any(re.fullmatch(r"\d,\d{3}", label) for label in labels), labels


def test_town_start_page_shows_the_indicator_panel(world, member_client):
    html = member_client.get(reverse("town_home", args=[world.town.slug])).content.decode()
    assert "panel-indikatoren" in html
    assert "1 Indikator im aktuellen Konzept" in html


def test_overview_rolls_up_per_goal_leitziel_and_field(world):
    from indicators.models import Status
    from indicators.overview import edition_overview

    this_year = datetime.date.today().year
    strategic = world.goal.strategic_goal
    behind = IndicatorFactory(operational_goal=world.goal, code="HINTEN")
    MeasurementFactory(indicator=behind, year=this_year - 1, value=D("5"))
    direct = IndicatorFactory(
        operational_goal=None, strategic_goal=strategic, field_of_action=world.field, code="LZ"
    )
    MeasurementFactory(indicator=direct, year=this_year - 1, value=D("25"))
    (block,) = edition_overview(world.edition)
    goal_rollups = {(g.kind, g.goal.pk): g.rollup for g in block.goals}
    assert goal_rollups[("strategic", strategic.pk)].summary == Status.ACHIEVED
    # KITA (2023 value, stale) and HINTEN (off track) under the Handlungsziel.
    assert goal_rollups[("operational", world.goal.pk)].summary == Status.OFF_TRACK
    leitziel = block.strategic_rollups()[strategic.pk]
    assert leitziel.counts == {Status.ACHIEVED: 1, Status.OFF_TRACK: 1, Status.NO_DATA: 1}
    assert block.rollup.summary == Status.OFF_TRACK


def test_indicator_page_links_its_history_and_the_history_shows_a_change(world, client_for):
    indicator = Indicator.objects.filter(field_of_action__edition=world.edition).first()
    indicator.name = "Umbenannter Indikator"
    indicator.save()  # a history row, as every save through the indicator form
    client = client_for("member")
    page = client.get(
        reverse("indicators:indicator_detail", kwargs={"town": world.town.slug, "pk": indicator.pk})
    ).content.decode()
    history_url = reverse(
        "concepts:history",
        kwargs={
            "town": world.town.slug,
            "edition": world.edition.pk,
            "kind": "indikator",
            "pk": indicator.pk,
        },
    )
    assert f'href="{history_url}"' in page
    history = client.get(history_url)
    assert history.status_code == 200
    assert "Umbenannter Indikator" in history.content.decode()


def test_an_indicator_is_restored_from_its_history(world, client_for):
    indicator = Indicator.objects.filter(field_of_action__edition=world.edition).first()
    old_name, position = indicator.name, indicator.position
    first = indicator.history.earliest("history_date")
    indicator.name = "Versehentlich umbenannt"
    indicator.save()
    kwargs = {
        "town": world.town.slug,
        "edition": world.edition.pk,
        "kind": "indikator",
        "pk": indicator.pk,
    }
    url = reverse("concepts:history_restore", kwargs={**kwargs, "history_id": first.history_id})
    staff = client_for("staff")
    confirm = staff.get(url)
    assert confirm.status_code == 200 and "Versehentlich umbenannt" in confirm.content.decode()
    response = staff.post(url)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == old_name and indicator.position == position
