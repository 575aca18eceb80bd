"""The whole-concept page's fields, written in Python (concepts/tree_html.py), are the same bytes
the templates write (the includes of concepts/includes/ are the reference), on untidy concepts:
sub-themes, shared goals, goals without a Leitziel, measures without a goal, Schwerpunkte,
sections, characters that need escaping, a count per goal, filters, readers and a locked edition.
"""

import difflib
from pathlib import Path

import pytest
from django.db import connection
from django.template import engines
from django.template.context import make_context
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concepts.forms.elements import TreeFilterForm
from concepts.models import (
    Actor,
    CrossCuttingTheme,
    Edition,
    FieldSection,
    FocusArea,
    Measure,
    MeasureActor,
    Municipality,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
)
from concepts.tree import build_tree
from concepts.tree_html import TreeHtml
from tests import factories
from tests.concepts.editing.conftest import register_counter

# The loop of concepts/includes/tree_body.html as it was before tree_html.py, with the includes
# it uses (which the field page still renders).
REFERENCE = (Path(__file__).parent / "tree_fields_reference.html").read_text()

NASTY = "<b>\"Kita\" & 'Schule'</b>"


def rendered_both(edition, *, can_edit=True, query="", move_target="#gesamtansicht-ergebnis"):
    town = edition.concept.municipality
    url = reverse("concepts:tree", args=[town.slug, edition.pk]) + query
    request = RequestFactory().get(url)
    filters = TreeFilterForm.parse(request.GET)
    tree = build_tree(edition, filters=filters, lean=True)
    context = {
        "municipality": town,
        "edition": edition,
        "can_edit": can_edit,
        "move_target": move_target,
        "csrf_token": "csrf-placeholder-0123456789abcdef",
        "tree": tree,
        "filters": filters,
        "request": request,
    }
    template = engines["django"].from_string(REFERENCE).template
    reference = template.render(make_context(context, request))
    # The lean tree holds every column the fields show: writing them asks the database nothing.
    with CaptureQueriesContext(connection) as queries:
        written = TreeHtml(tree, context).fields()
    assert not queries.captured_queries, [q["sql"] for q in queries.captured_queries]
    return reference, written


def assert_same(reference, written):
    if reference != written:
        diff = "\n".join(
            difflib.unified_diff(
                reference.splitlines(), written.splitlines(), "templates", "tree_html", lineterm=""
            )
        )
        pytest.fail(f"tree_html.py writes other HTML than the templates:\n{diff[:6000]}")


@pytest.fixture
def untidy(world):
    """A large tree (shared goals, loose measures, many Träger) plus every odd part."""
    edition = world.edition
    recipe = factories.Recipe(**{**factories.TREE.__dict__, "also_serves": None})
    built = factories.build_concept(
        edition, fields=3, strategic=2, operational=2, measures=3, recipe=recipe
    )
    first, second = built.fields[0], built.fields[1]
    sub = SubTheme.objects.create(field_of_action=first, position=1, title=f"Frühe {NASTY}")
    sg = StrategicGoal.objects.filter(field_of_action=first).order_by("position").first()
    sg.sub_theme = sub
    sg.title = f"Leitziel mit {NASTY}"
    sg.save()
    # A Handlungsziel without a Leitziel, one without measures, measures straight to a
    # Leitziel, under a sub-theme, and a flagship with an actor's note.
    loose = OperationalGoal.objects.create(
        field_of_action=second, position=9, title=f"Ohne Leitziel {NASTY}"
    )
    OperationalGoal.objects.create(field_of_action=second, position=10, title="Leer")
    direct = Measure.objects.create(
        field_of_action=first, position=90, title="", description=f"Nur Text {NASTY} " * 9
    )
    direct.strategic_goals.add(sg)
    on_loose = Measure.objects.create(
        field_of_action=second, position=91, title="Am losen Ziel", is_flagship=True, status=""
    )
    on_loose.operational_goals.add(loose)
    actor = Actor.objects.create(
        municipality=world.town, name=f"Verein {NASTY}", short_name="", kind=""
    )
    MeasureActor.objects.create(
        measure=on_loose, actor=actor, role=MeasureActor.Role.LEAD, note="bis 2016 & danach"
    )
    under_sub = Measure.objects.create(field_of_action=first, position=92, title="Im Unterthema")
    under_sub.sub_theme = sub
    under_sub.save()
    FieldSection.objects.create(field_of_action=first, position=1, title=f"Ausgangslage {NASTY}")
    FocusArea.objects.create(field_of_action=first, position=1, title=f"Sprache {NASTY}")
    FocusArea.objects.create(field_of_action=first, position=2, title="Arbeit")
    # A field with nothing in it.
    factories.FieldOfActionFactory(edition=edition, position=7, title=f"Leer {NASTY}")
    return built


@pytest.mark.parametrize("can_edit", [True, False])
def test_the_untidy_tree_is_written_as_the_templates_write_it(untidy, world, can_edit):
    reference, written = rendered_both(world.edition, can_edit=can_edit)
    assert "tree-measure" in written and "Ohne Leitziel" in written
    assert "&lt;b&gt;&quot;Kita&quot; &amp; &#x27;Schule&#x27;" in written
    assert ("verschieben-leitziele-" in written) is can_edit
    assert_same(reference, written)


def test_with_a_count_per_goal_and_without_a_move_target(untidy, world):
    register_counter(lambda edition: ({}, {}))
    reference, written = rendered_both(world.edition, move_target="")
    assert "Indikatoren: 0" in written
    assert_same(reference, written)


@pytest.mark.parametrize(
    "query", ["?status=running", "?status=planned&year=2020", "?theme=THEME", "?field=FIELD"]
)
def test_filtered_trees_too(untidy, world, query):
    theme = CrossCuttingTheme.objects.filter(edition=world.edition).order_by("position").last()
    field = untidy.fields[1]
    query = query.replace("THEME", str(theme.pk)).replace("FIELD", str(field.pk))
    reference, written = rendered_both(world.edition, query=query)
    assert_same(reference, written)


def test_no_match_and_no_fields(world):
    empty = factories.EditionFactory(concept=world.edition.concept, title="Leer")
    assert_same(*rendered_both(empty))
    assert_same(*rendered_both(empty, query="?status=running"))


def test_a_locked_edition_shows_no_controls(untidy, world):
    Edition.objects.filter(pk=world.edition.pk).update(status=Edition.Status.ADOPTED)
    world.edition.refresh_from_db()
    reference, written = rendered_both(world.edition)
    assert world.edition.is_locked and "verschieben-" not in written
    assert_same(reference, written)


def test_the_demo_concept(db, demo_db):
    """Rheine's real concept, imported from its exchange file."""
    town = Municipality.objects.get(slug="rheine")
    for edition in Edition.objects.for_municipality(town):
        reference, written = rendered_both(edition)
        assert "tree-measure" in written or not Measure.objects.for_edition(edition).exists()
        assert_same(reference, written)
