import pytest

from tests.factories import (
    FieldOfActionFactory,
    IndicatorFactory,
    MeasurementFactory,
    OperationalGoalFactory,
)


@pytest.fixture
def world(world):
    """The shared world plus a field, goal, indicator and value in each town."""
    field = FieldOfActionFactory(edition=world.edition, title="Bildung", position=1)
    goal = OperationalGoalFactory(
        strategic_goal__field_of_action=field, field_of_action=field, title="Mehr Kita-Kinder"
    )
    world.field = field
    world.goal = goal
    world.indicator = IndicatorFactory(operational_goal=goal, code="KITA", name="Kita-Besuchsquote")
    world.measurement = MeasurementFactory(indicator=world.indicator, year=2023)
    other_field = FieldOfActionFactory(edition=world.other_edition, position=1)
    other_goal = OperationalGoalFactory(
        strategic_goal__field_of_action=other_field, field_of_action=other_field
    )
    world.other_indicator = IndicatorFactory(operational_goal=other_goal, code="FREMD")
    world.other_measurement = MeasurementFactory(indicator=world.other_indicator, year=2023)
    return world
