""" "Daten und Fakten" in the public view and the value tables with comparison columns (issue 14,
points 1 and 2): every context indicator of a published edition, the edition's own first, then
field by field; the town's own series first, then comparison areas, then groups, side by side,
with German numbers, qualifiers and periods as written."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concepts.models import FieldOfAction
from indicators.overview import indicator_rows
from indicators.public import value_table
from tests.indicators.untidy import add_context_indicators, untidy_indicators

pytestmark = pytest.mark.django_db


def facts_url(world, edition=None):
    edition = edition or world.published
    return reverse("public_indicators:facts", args=[world.town.slug, edition.pk])


@pytest.fixture
def untidy(world):
    return untidy_indicators(world.published, world.users["staff"])


def test_public_facts_show_every_context_indicator_with_its_comparison_columns(
    untidy, world, client
):
    response = client.get(facts_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Kommune insgesamt" in html and "SGB-II-Quote" in html
    assert "Anteil ausländischer Einwohner/innen" in html  # the field's
    assert "Betreuungsquote unter 3 Jahren" in html  # the sub-theme's
    assert "Arbeitslose Ausländer/innen" not in html  # a goal's indicator is no context figure
    # The own series is named after the town when areas stand beside it, areas in columns.
    town = world.town.name
    assert re.search(
        rf'<th scope="col" class="text-end">{town}</th><th scope="col" class="text-end">'
        r'Deutschland</th><th scope="col" class="text-end">NRW</th>',
        html,
    )
    # German numbers, periods as written, two sources of one period told apart.
    assert "12,5" in html and "Ende 2016" in html and "2013 und 2014 (Mittel)" in html
    assert "Juni 2016 (Einwohnermeldeamt)" in html and "Juni 2016 (IT.NRW)" in html
    assert "unter der Veröffentlichungsgrenze" in html
    assert "None" not in html and "<script" not in html
    # Nothing of the work around the figures: no responsible person, no edit link.
    for indicator in (untidy["field"], untidy["sub_theme"], untidy["edition"]):
        if indicator.responsible_email:
            assert indicator.responsible_email not in html
    assert "/indikatoren/" not in html


def test_public_facts_cost_the_same_queries_for_few_and_many_indicators(untidy, world, client):
    url = facts_url(world)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for field in FieldOfAction.objects.for_edition(world.published):
        add_context_indicators(world.published, field, count=5, years=range(2015, 2025))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200 and "Kontext field 5" in response.content.decode()
    assert len(many) == len(few) <= 8


def test_public_and_staff_edition_pages_link_daten_und_fakten_only_when_there_are_any(
    world, client, staff_client
):
    public_edition = reverse("public:edition", args=[world.town.slug, world.published.pk])
    staff_edition = reverse("concepts:edition_detail", args=[world.town.slug, world.published.pk])
    assert facts_url(world) not in client.get(public_edition).content.decode()
    untidy_indicators(world.published, world.users["staff"])
    assert facts_url(world) in client.get(public_edition).content.decode()
    staff_facts = reverse("indicators:facts", args=[world.town.slug, world.published.pk])
    assert staff_facts in staff_client.get(staff_edition).content.decode()


def test_a_drafts_facts_are_not_found_publicly(untidy, world, client):
    field = FieldOfAction.objects.for_edition(world.edition).first()
    add_context_indicators(world.edition, field, count=1)
    assert client.get(facts_url(world, world.edition)).status_code == 404


def test_value_table_puts_the_own_series_first_then_areas_then_groups(untidy, world):
    row = indicator_rows([untidy["field"]])[0]
    names, lines, _notes = value_table(row)
    assert names == ["Deutschland", "NRW"]
    goal_row = indicator_rows([untidy["goal"]])[0]
    names, lines, _notes = value_table(goal_row)
    assert names == ["Frauen", "unter 18 Jahren"]
    november = next(line for line in lines if line["label"] == "Nov 23")
    assert november["total"].is_own
    assert [cell.group for cell in november["cells"]] == ["Frauen", "unter 18 Jahren"]


def test_staff_indicator_page_shows_areas_and_groups_as_columns(untidy, world, staff_client):
    url = reverse("indicators:indicator_detail", args=[world.town.slug, untidy["field"].pk])
    html = staff_client.get(url).content.decode()
    assert (
        f'<th scope="col" class="text-end">{world.town.name}</th>'
        '<th scope="col" class="text-end">Deutschland</th>'
    ) in html
    goal = reverse("indicators:indicator_detail", args=[world.town.slug, untidy["goal"].pk])
    html = staff_client.get(goal).content.decode()
    assert '<th scope="col" class="text-end">Gesamt</th>' in html  # groups only: a total
    assert "mehr als 60" in html and "ca. 70" in html
