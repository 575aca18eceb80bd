"""Handlungsbedarf: each kind of gap is listed and links to where it is fixed."""

import datetime

import pytest
from django.urls import reverse

from concepts import extensions
from concepts.services.gaps import find_gaps
from tests import factories
from tests.concepts.editing.conftest import register_counter


def gaps_url(world, edition=None):
    return reverse("concepts:gaps", args=[world.town.slug, (edition or world.edition).pk])


@pytest.fixture
def gappy(world):
    field = world.field
    lonely_goal = factories.OperationalGoalFactory(
        strategic_goal=world.strategic_goal, position=2, title="Ziel ohne Maßnahme"
    )
    orphan = factories.MeasureFactory(field_of_action=field, title="Maßnahme ohne Träger")
    overdue = factories.MilestoneFactory(
        measure=world.measure, title="Konzept vorlegen", due_on=datetime.date(2020, 1, 31)
    )
    factories.MilestoneFactory(
        measure=world.measure, title="Erledigt", due_on=datetime.date(2020, 1, 31), done=True
    )
    factories.MilestoneFactory(
        measure=world.measure, title="Zukunft", due_on=datetime.date(2999, 1, 1)
    )
    council = factories.MeasureFactory(
        field_of_action=field, title="Neue Stelle Integrationslotse", needs_council_decision=True
    )
    factories.MeasureActorFactory(measure=council)
    factories.MeasureFactory(
        field_of_action=field,
        title="Alter Beschluss",
        needs_council_decision=True,
        status="completed",
    )
    return {"lonely_goal": lonely_goal, "orphan": orphan, "overdue": overdue, "council": council}


def test_find_gaps_lists_each_kind(world, gappy):
    gaps = find_gaps(world.edition)
    assert gaps.goals_without_measures == [gappy["lonely_goal"]]
    assert gappy["orphan"] in gaps.measures_without_lead
    assert world.measure not in gaps.measures_without_lead
    assert gaps.overdue_milestones == [gappy["overdue"]]
    assert [m.title for m in gaps.council_decisions] == ["Neue Stelle Integrationslotse"]
    assert gaps.goals_without_count == [] and gaps.counts is None


def test_gap_view_links_each_row_to_its_fix(world, gappy, staff_client):
    text = staff_client.get(gaps_url(world)).content.decode()
    town, ed = world.town.slug, world.edition.pk
    create_measure = reverse("concepts:element_create", args=[town, ed, "massnahmen"])
    assert f"{create_measure}?handlungsziel={gappy['lonely_goal'].pk}" in text
    add_lead = reverse("concepts:element_create", args=[town, ed, "traeger"])
    assert f"{add_lead}?massnahme={gappy['orphan'].pk}" in text
    edit_milestone = reverse(
        "concepts:element_update", args=[town, ed, "umsetzungsmarker", gappy["overdue"].pk]
    )
    assert edit_milestone in text and "31.01.2020" in text
    edit_measure = reverse(
        "concepts:element_update", args=[town, ed, "massnahmen", gappy["council"].pk]
    )
    assert edit_measure in text
    assert "ohne Indikator" not in text  # the core names no dependant


def test_readers_see_gaps_with_links_to_read(world, gappy, council_client):
    text = council_client.get(gaps_url(world)).content.decode()
    assert "Ziel ohne Maßnahme" in text and "/neu/" not in text and "bearbeiten" not in text
    assert (
        reverse("concepts:field_detail", args=[world.town.slug, world.edition.pk, world.field.pk])
        in text
    )


def test_goals_without_indicators_come_from_the_hook(world, gappy, staff_client):
    def count(edition):
        return {world.operational_goal.pk: 1}, {}

    register_counter(count)
    try:
        gaps = find_gaps(world.edition)
        text = staff_client.get(gaps_url(world)).content.decode()
    finally:
        extensions.unregister("test-counts")
    assert gaps.goals_without_count == [gappy["lonely_goal"]]
    assert "Handlungsziele ohne Indikator" in text and "zum Handlungsziel" in text


def test_gap_view_has_a_fixed_query_budget(world, staff_client, django_assert_max_num_queries):
    edition = factories.EditionFactory(concept=world.edition.concept)
    factories.build_concept(
        edition, fields=8, strategic=4, operational=4, measures=5, recipe=factories.TREE
    )
    with django_assert_max_num_queries(14):
        response = staff_client.get(gaps_url(world, edition))
    assert response.status_code == 200
    assert edition.title in response.content.decode()
