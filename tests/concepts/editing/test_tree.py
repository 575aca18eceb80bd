"""The whole-concept page: tree, filters, indicator hook, progress, fixed query budget."""

import pytest
from django.urls import reverse

from concepts import extensions
from concepts.models import Edition, Measure
from concepts.tree import Progress, build_tree
from tests import factories
from tests.concepts.editing.conftest import register_counter

# Session, user, role, edition, then one query per table/link table of the tree.
# Two more than before issue 14: the fields' named sections and Schwerpunkte, one query each.
TREE_QUERY_BUDGET = 22


def tree_url(town, edition, query=""):
    return reverse("concepts:tree", args=[town.slug, edition.pk]) + query


@pytest.fixture
def small(world):
    factories.build_concept(
        world.edition, fields=1, strategic=1, operational=1, measures=1, recipe=factories.TREE
    )
    return world.edition


@pytest.fixture
def large(world):
    edition = factories.EditionFactory(concept=world.edition.concept, title="Groß")
    built = factories.build_concept(
        edition, fields=8, strategic=4, operational=4, measures=5, recipe=factories.TREE
    )
    assert len(built.measures) == 8 * 4 * 4 * 5 + 8
    return edition


@pytest.mark.parametrize("query", ["", "?status=running", "?theme=1&actor=1"])
def test_tree_costs_the_same_queries_small_and_large(
    query, world, small, large, staff_client, django_assert_max_num_queries
):
    for edition in (small, large):
        with django_assert_max_num_queries(TREE_QUERY_BUDGET):
            response = staff_client.get(tree_url(world.town, edition, query))
        assert response.status_code == 200
        assert edition.title in response.content.decode()


def test_tree_queries_do_not_grow_exactly(world, small, large, staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.indicators.untidy import add_context_indicators

    # Context indicators (issue 14) hang on fields and the edition, not on goals: no query more.
    for field in large.fields_of_action.all():
        add_context_indicators(large, field, count=2, years=range(2020, 2025))
    counts = []
    for edition in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            staff_client.get(tree_url(world.town, edition))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_field_and_measure_pages_have_a_fixed_budget(
    world, large, staff_client, django_assert_max_num_queries
):
    field = large.fields_of_action.first()
    measure = Measure.objects.for_edition(large).first()
    with django_assert_max_num_queries(TREE_QUERY_BUDGET + 4):
        field_page = staff_client.get(
            reverse("concepts:field_detail", args=[world.town.slug, large.pk, field.pk])
        )
    with django_assert_max_num_queries(15):
        measure_page = staff_client.get(
            reverse("concepts:measure_detail", args=[world.town.slug, large.pk, measure.pk])
        )
    assert field_page.status_code == measure_page.status_code == 200
    assert field.title in field_page.content.decode()
    assert measure.title in measure_page.content.decode()


def test_tree_shows_hierarchy_with_badges_and_traeger(world, staff_client):
    text = staff_client.get(tree_url(world.town, world.edition)).content.decode()
    for item in (
        world.field.title,
        world.strategic_goal.title,
        world.operational_goal.title,
        world.measure.title,
        str(world.involvement.actor),
        "status-planned",
        "<details",
        "<summary",
    ):
        assert item in text, item


def test_measure_without_goal_appears_under_its_field(world, staff_client):
    loose = factories.MeasureFactory(field_of_action=world.field, title="Offenes Sprachcafé")
    tree = build_tree(world.edition)
    assert tree.fields[0].unassigned == [loose]
    text = staff_client.get(tree_url(world.town, world.edition)).content.decode()
    assert "Maßnahmen ohne Zielzuordnung" in text and "Offenes Sprachcafé" in text


def test_shared_operational_goal_shows_under_each_leitziel_marked(world, staff_client):
    second = factories.StrategicGoalFactory(field_of_action=world.field, position=2)
    world.operational_goal.also_serves.add(second)
    tree = build_tree(world.edition)
    first_node, second_node = tree.fields[0].strategic
    assert [(n.goal, n.shared) for n in first_node.operational] == [(world.operational_goal, False)]
    assert [(n.goal, n.shared) for n in second_node.operational] == [(world.operational_goal, True)]
    # Both Leitziele count the measure in their progress.
    assert first_node.progress.total == second_node.progress.total == 1
    text = staff_client.get(tree_url(world.town, world.edition)).content.decode()
    assert "dient auch Leitziel 1.2" in text
    assert "gehört zu Leitziel 1.1, dient auch diesem" in text


def test_measure_serving_a_leitziel_directly_sits_under_it(world, staff_client):
    direct = factories.MeasureFactory(field_of_action=world.field, title="Ehrenamtspreis")
    direct.strategic_goals.add(world.strategic_goal)
    node = build_tree(world.edition).fields[0]
    assert node.strategic[0].measures == [direct] and node.unassigned == []
    text = staff_client.get(tree_url(world.town, world.edition)).content.decode()
    assert "Maßnahmen direkt zum Leitziel" in text


def test_operational_goal_without_leitziel_sits_under_the_field(world):
    loose = factories.OperationalGoalFactory(
        strategic_goal=None, field_of_action=world.field, title="Ohne Leitziel"
    )
    tree = build_tree(world.edition)
    assert [n.goal for n in tree.fields[0].operational] == [loose]


class TestFilters:
    @pytest.fixture
    def concept(self, world):
        return factories.build_concept(
            world.edition, fields=3, strategic=2, operational=2, recipe=factories.TREE
        )

    def shown_measures(self, tree):
        seen = set()
        for node in tree.fields:
            seen.update(m.pk for m in node.unassigned)
            for sg in node.strategic:
                seen.update(m.pk for m in sg.measures)
                for og in sg.operational:
                    seen.update(m.pk for m in og.measures)
            for og in node.operational:
                seen.update(m.pk for m in og.measures)
        return seen

    def test_by_field(self, world, concept, staff_client):
        field = concept.fields[1]
        response = staff_client.get(tree_url(world.town, world.edition, f"?field={field.pk}"))
        assert [n.field for n in response.context["tree"].fields] == [field]

    def test_by_status(self, world, concept, staff_client):
        response = staff_client.get(tree_url(world.town, world.edition, "?status=running"))
        shown = self.shown_measures(response.context["tree"])
        expected = {
            m.pk for m in Measure.objects.for_edition(world.edition).filter(status="running")
        }
        assert shown == expected and shown

    def test_by_traeger(self, world, concept, staff_client):
        actor = concept.actors[2]
        response = staff_client.get(tree_url(world.town, world.edition, f"?actor={actor.pk}"))
        shown = self.shown_measures(response.context["tree"])
        expected = set(
            Measure.objects.for_edition(world.edition)
            .filter(involvements__actor=actor)
            .values_list("pk", flat=True)
        )
        assert shown == expected and shown

    def test_by_theme(self, world, concept, staff_client):
        # Field themes are cleared so that only measure tags count.
        for field in concept.fields:
            field.themes.clear()
        theme = concept.themes[1]
        response = staff_client.get(tree_url(world.town, world.edition, f"?theme={theme.pk}"))
        shown = self.shown_measures(response.context["tree"])
        expected = set(theme.measures.values_list("pk", flat=True))
        assert shown == expected and shown

    def test_theme_of_a_field_includes_its_measures(self, world, concept):
        theme = concept.themes[0]  # tags every field in build_concept
        tree = build_tree(world.edition, filters={"theme": theme.pk})
        tagged = Measure.objects.for_edition(world.edition).filter(field_of_action__themes=theme)
        assert tree.measure_count == tagged.count() == len(concept.measures)

    def test_filter_form_is_a_get_form_with_german_labels(self, world, concept, staff_client):
        text = staff_client.get(tree_url(world.town, world.edition)).content.decode()
        assert 'method="get"' in text
        for label in ("Handlungsfeld", "Status", "Träger/Akteur", "Querschnittsthema"):
            assert f">{label}</label>" in text

    def test_unknown_filter_values_are_ignored(self, world, concept, staff_client):
        response = staff_client.get(tree_url(world.town, world.edition, "?status=x&field=abc"))
        assert response.status_code == 200
        assert len(response.context["tree"].fields) == 4


class TestIndicatorHook:
    def test_without_a_counter_the_page_shows_a_dash(self, world, staff_client):
        text = staff_client.get(tree_url(world.town, world.edition)).content.decode()
        assert "Indikatoren:" not in text  # the core names no dependant

    def test_registered_counter_is_called_once_and_shown(
        self, world, staff_client, django_assert_max_num_queries
    ):
        calls = []

        def count(edition):
            calls.append(edition.pk)
            Edition.objects.filter(pk=edition.pk).exists()  # its one query
            return {world.operational_goal.pk: 3}, {world.strategic_goal.pk: 2}

        register_counter(count)
        try:
            with django_assert_max_num_queries(TREE_QUERY_BUDGET + 1):
                response = staff_client.get(tree_url(world.town, world.edition))
        finally:
            extensions.unregister("test-counts")
        assert response.status_code == 200
        text = response.content.decode()
        assert calls == [world.edition.pk]
        assert "Indikatoren: 3" in text and "Indikatoren: 2" in text


class TestProgress:
    def test_counts_and_text(self):
        measures = [Measure(status=s) for s in ["running", "running", "completed", "idea"]]
        progress = Progress.of(measures)
        assert progress.total == 4
        assert [(s.status, s.count, s.percent) for s in progress.segments] == [
            ("idea", 1, 25.0),
            ("running", 2, 50.0),
            ("completed", 1, 25.0),
        ]
        assert progress.text == "4 Maßnahmen: 1 Idee, 2 laufend, 1 abgeschlossen"
        assert Progress.of([]).text == "keine Maßnahmen"

    def test_rolled_up_from_measures_to_goals_and_fields(self, world, staff_client):
        second_op = factories.OperationalGoalFactory(
            strategic_goal=world.strategic_goal, position=2
        )
        done = factories.MeasureFactory(field_of_action=world.field, status="completed")
        done.operational_goals.add(second_op)
        direct = factories.MeasureFactory(field_of_action=world.field, status="running")
        direct.strategic_goals.add(world.strategic_goal)
        factories.MeasureFactory(field_of_action=world.field, status="idea")  # no goal
        tree = build_tree(world.edition)
        field_node = tree.fields[0]
        assert field_node.progress.text == (
            "4 Maßnahmen: 1 Idee, 1 geplant, 1 laufend, 1 abgeschlossen"
        )
        assert field_node.strategic[0].progress.text == (
            "3 Maßnahmen: 1 geplant, 1 laufend, 1 abgeschlossen"
        )
        text = staff_client.get(tree_url(world.town, world.edition)).content.decode()
        assert "progress-stack" in text and "3 Maßnahmen: 1 geplant" in text
        field_page = staff_client.get(
            reverse(
                "concepts:field_detail", args=[world.town.slug, world.edition.pk, world.field.pk]
            )
        ).content.decode()
        assert "4 Maßnahmen: 1 Idee" in field_page


def test_edition_page_links_the_whole_concept_and_the_gap_view(world, member_client):
    text = member_client.get(
        reverse("concepts:edition_detail", args=[world.town.slug, world.edition.pk])
    ).content.decode()
    assert tree_url(world.town, world.edition) in text
    assert reverse("concepts:gaps", args=[world.town.slug, world.edition.pk]) in text


def test_readers_read_every_chapter_on_the_edition_page(world, member_client):
    from concepts.models import Chapter

    Chapter.objects.create(
        edition=world.edition,
        part="A",
        position=1,
        title="Definitionen",
        body="**Migration** ist …",
    )
    text = member_client.get(
        reverse("concepts:edition_detail", args=[world.town.slug, world.edition.pk])
    ).content.decode()
    assert "<strong>Migration</strong> ist …" in text and "Teil A – Grundlagen" in text


def test_deleting_a_field_from_the_tree_returns_to_the_tree(world, staff_client):
    tree = tree_url(world.town, world.edition)
    delete = reverse(
        "concepts:element_delete",
        args=[world.town.slug, world.edition.pk, "handlungsfelder", world.field.pk],
    )
    assert staff_client.post(delete, {"next": tree})["Location"] == tree


def test_edition_page_has_a_fixed_budget(world, small, large, staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for edition in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            response = staff_client.get(
                reverse("concepts:edition_detail", args=[world.town.slug, edition.pk])
            )
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 15


def test_field_page_shows_every_explanation_to_readers(world, council_client):
    world.strategic_goal.description = "Leitziel *erläutert*"
    world.strategic_goal.save()
    world.operational_goal.description = "Handlungsziel *erläutert*"
    world.operational_goal.save()
    world.sub_theme.description = "Unterthema *erläutert*"
    world.sub_theme.save()
    text = council_client.get(
        reverse("concepts:field_detail", args=[world.town.slug, world.edition.pk, world.field.pk])
    ).content.decode()
    for what in ("Leitziel", "Handlungsziel", "Unterthema"):
        assert f"{what} <em>erläutert</em>" in text
