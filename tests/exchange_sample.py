"""A small but complete exchange file, and rows of another town for it to aim at.

Shared by the tests of the closed format (tests/concepts/exchange/test_exchange_closed.py) and the
fuzz suite (tests/fuzz/test_exchange_fuzz.py).
"""

import datetime
import json
from decimal import Decimal
from types import SimpleNamespace

from concepts.exchange.export import dumps, edition_export
from concepts.models import Edition, FieldSection, FocusArea, OperationalGoal, StrategicGoal
from tests.factories import IndicatorFactory, MeasurementFactory, build_concept


def sample_export(world):
    """The world's edition filled with every kind of element, as the parsed export."""
    build_concept(world.edition, fields=2, strategic=2, operational=1, measures=1)
    goal = OperationalGoal.objects.for_edition(world.edition).first()
    FieldSection.objects.create(
        field_of_action=goal.field_of_action, position=1, title="Ausgangslage", body="Text."
    )
    FocusArea.objects.create(field_of_action=goal.field_of_action, position=1, title="Sprache")
    leitziel = StrategicGoal.objects.for_edition(world.edition).last()
    indicator = IndicatorFactory(operational_goal=goal, code="KITA", name="Kita-Quote")
    MeasurementFactory(indicator=indicator, year=2022)
    MeasurementFactory(indicator=indicator, year=2023, value=None, text="nicht erhoben")
    on_leitziel = IndicatorFactory(
        operational_goal=None,
        strategic_goal=leitziel,
        field_of_action=leitziel.field_of_action,
        code="QUAL",
        name="Willkommenskultur",
        is_qualitative=True,
        unit="",
        baseline_value=None,
        baseline_date=None,
        target_value=None,
        target_year=None,
    )
    MeasurementFactory(indicator=on_leitziel, year=2023, value=None, text="spürbar besser")
    return json.loads(dumps(edition_export(world.edition)))


def other_town_rows(world):
    """An adopted, public concept of the other town with a goal, an indicator and a value."""
    edition = world.other_edition
    build_concept(edition, fields=1, strategic=1, operational=1, measures=1)
    goal = OperationalGoal.objects.for_edition(edition).get()
    indicator = IndicatorFactory(operational_goal=goal, code="FREMD", name="Fremder Indikator")
    measurement = MeasurementFactory(indicator=indicator, year=2023, value=Decimal("7"))
    edition.status = Edition.Status.ADOPTED
    edition.adopted_on = datetime.date(2024, 1, 1)
    edition.is_public = True
    edition.save()
    return SimpleNamespace(
        municipality=world.other_town,
        concept=edition.concept,
        edition=edition,
        goal=goal,
        indicator=indicator,
        measurement=measurement,
        user=world.users["outsider"],
    )
