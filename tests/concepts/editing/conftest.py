import pytest

from concepts import models
from tests import factories


@pytest.fixture(autouse=True)
def _no_indicator_counter(monkeypatch):
    """These tests describe the concept app on its own; the indicators app's counter is
    tested with the real indicators in tests/indicators/test_concept_integration.py."""
    from concepts import extensions

    alone = {n: e for n, e in extensions._extensions.items() if e.goal_counts is None}
    monkeypatch.setattr(extensions, "_extensions", alone)


def register_counter(count, *, stamps=None):
    """Register a test extension counting per goal (as the indicators app does)."""
    from concepts.extensions import ConceptExtension, GoalCounts, register

    return register(
        ConceptExtension(
            name="test-counts",
            goal_counts=GoalCounts(
                count=count,
                label="Indikatoren",
                missing_title="Handlungsziele ohne Indikator",
                missing_caption="Handlungsziele, die noch kein Indikator misst",
                none_missing="Jedes Handlungsziel hat mindestens einen Indikator.",
            ),
            stamps=stamps or {},
        )
    )


@pytest.fixture
def world(world):
    """The shared world plus one element of every kind in the draft edition."""
    edition = world.edition
    world.theme = factories.CrossCuttingThemeFactory(edition=edition, position=1)
    world.vision = factories.VisionFactory(edition=edition)
    world.principle = factories.GuidingPrincipleFactory(edition=edition, position=1)
    world.field = factories.FieldOfActionFactory(edition=edition, position=1)
    world.chapter = models.Chapter.objects.create(
        edition=edition, part="B", position=1, title="Sprache", field_of_action=world.field
    )
    world.sub_theme = factories.SubThemeFactory(field_of_action=world.field, position=1)
    world.strategic_goal = factories.StrategicGoalFactory(field_of_action=world.field, position=1)
    world.operational_goal = factories.OperationalGoalFactory(
        strategic_goal=world.strategic_goal, position=1
    )
    world.measure = factories.MeasureFactory(field_of_action=world.field, position=1)
    world.measure.operational_goals.add(world.operational_goal)
    world.involvement = factories.MeasureActorFactory(measure=world.measure)
    world.milestone = factories.MilestoneFactory(measure=world.measure, position=1)
    world.elements = {
        "leitbild": world.vision,
        "leitsaetze": world.principle,
        "kapitel": world.chapter,
        "querschnittsthemen": world.theme,
        "handlungsfelder": world.field,
        "unterthemen": world.sub_theme,
        "leitziele": world.strategic_goal,
        "handlungsziele": world.operational_goal,
        "massnahmen": world.measure,
        "umsetzungsmarker": world.milestone,
        "traeger": world.involvement,
    }
    return world
