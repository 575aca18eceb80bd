"""Dashboard and start-page panel are cached under the indicators' fingerprint, never stale."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, Measurement
from tests.factories import (
    FieldOfActionFactory,
    IndicatorFactory,
    MeasurementFactory,
    OperationalGoalFactory,
)

# Session, user, memberships, town, concepts, current edition, fingerprint.
CACHED_DASHBOARD_BUDGET = 8


def dashboard(world):
    return reverse("indicators:index", args=[world.town.slug])


def main(response):
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.fixture
def many(world):
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


def test_second_dashboard_request_is_served_from_the_cache(
    world, many, member_client, django_assert_max_num_queries
):
    first = main(member_client.get(dashboard(world)))
    with django_assert_max_num_queries(CACHED_DASHBOARD_BUDGET):
        second = main(member_client.get(dashboard(world)))
    assert first == second and "Kita-Besuchsquote" in second


def test_new_value_shows_on_the_dashboard_and_start_page_at_once(world, member_client):
    start = reverse("town_home", args=[world.town.slug])
    assert "12,5 %" in main(member_client.get(dashboard(world)))
    assert "1 Indikator im aktuellen Konzept" in member_client.get(start).content.decode()
    MeasurementFactory(indicator=world.indicator, year=2025, value=D("31.5"))
    assert "31,5 %" in main(member_client.get(dashboard(world)))
    IndicatorFactory(operational_goal=world.goal, code="NEU", name="Neue Kennzahl")
    assert "Neue Kennzahl" in main(member_client.get(dashboard(world)))
    assert "2 Indikatoren im aktuellen Konzept" in member_client.get(start).content.decode()


def test_deleted_value_and_renamed_goal_show_at_once(world, member_client):
    MeasurementFactory(indicator=world.indicator, year=2025, value=D("31.5"))
    assert "31,5 %" in main(member_client.get(dashboard(world)))
    services.measurement_delete(measurement=Measurement.objects.get(value=D("31.5")), user=None)
    world.goal.title = "Mehr Kinder in der Kita"
    world.goal.save()
    text = main(member_client.get(dashboard(world)))
    assert "31,5 %" not in text and "Mehr Kinder in der Kita" in text


def test_readers_never_get_the_staff_buttons(world, staff_client, member_client, council_client):
    assert "Neuer Indikator" in main(staff_client.get(dashboard(world)))
    for client in (member_client, council_client):
        assert "Neuer Indikator" not in main(client.get(dashboard(world)))


def test_another_towns_dashboard_is_never_served(world, member_client, client_for):
    assert "FREMD" not in member_client.get(dashboard(world)).content.decode()
    outsider = client_for("outsider")
    other = outsider.get(reverse("indicators:index", args=[world.other_town.slug]))
    assert world.other_indicator.name in main(other)
    assert "Kita-Besuchsquote" not in main(other)


def test_member_start_page_has_a_fixed_budget(
    world, many, member_client, django_assert_max_num_queries
):
    start = reverse("town_home", args=[world.town.slug])
    member_client.get(start)
    # Session, user, memberships, town, current edition (page and panel), fingerprint, the
    # review and meeting panels; the statuses of 60 indicators come from the cache.
    with django_assert_max_num_queries(12):
        html = member_client.get(start).content.decode()
    assert "61 Indikatoren im aktuellen Konzept" in html
