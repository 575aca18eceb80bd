import datetime
from decimal import Decimal

import pytest

from concepts.models import Chapter, Edition, FieldOfAction, GuidingPrinciple, Measure, Vision
from concepts.services.editions import edition_publish
from indicators.importers.parsing import year_period
from indicators.models import Indicator, Measurement
from tests.factories import TREE, build_concept


def adopt(edition, on=datetime.date(2021, 6, 1)):
    edition.status = Edition.Status.ADOPTED
    edition.adopted_on = on
    edition.save()
    return edition


def add_indicators(field, *, count=2, years=range(2018, 2025), name="Quote"):
    """`count` indicators on the first Handlungsziele of `field`, each with a value per year."""
    goals = list(field.operational_goals.order_by("position", "pk")[:count])
    indicators = []
    for n, goal in enumerate(goals, start=1):
        indicator = Indicator.objects.create(
            operational_goal=goal,
            code=f"F{field.pk}-{n}",
            name=f"{name} {field.position}.{n}",
            unit=Indicator.Unit.PERCENT,
            baseline_value=Decimal("10"),
            baseline_date=datetime.date(2018, 12, 31),
            target_value=Decimal("20"),
            target_year=2030,
            direction=Indicator.Direction.HIGHER_IS_BETTER,
            source="Einwohnermeldeamt",
            position=n,
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                period_kind=Measurement.PeriodKind.YEAR,
                period_start=year_period(year).start,
                period_end=year_period(year).end,
                period_label=str(year),
                value=Decimal(10 + (year - 2018)),
            )
            for year in years
        )
        indicators.append(indicator)
    return indicators


def published_edition(concept, *, size=None, user=None, title="2. Fortschreibung"):
    """An adopted and published edition of `concept` with a Leitbild and a built concept."""
    edition = Edition.objects.create(concept=concept, title=title, year=2021)
    build_concept(edition, **(size or {}), recipe=TREE)
    Vision.objects.create(
        edition=edition, title="Leitbild", motto="Vielfalt ist unsere Stärke.", text="Text."
    )
    GuidingPrinciple.objects.create(edition=edition, position=1, title="Alle gehören dazu")
    adopt(edition)
    return edition_publish(edition=edition, public=True, user=user)


@pytest.fixture
def world(world):
    """The shared world (draft `edition`) plus an adopted, published edition of the same
    concept with indicators, and an adopted edition that is not published."""
    world.published = published_edition(world.edition.concept, user=world.users["staff"])
    world.field = FieldOfAction.objects.for_edition(world.published).order_by("position").first()
    world.indicators = add_indicators(world.field)
    world.measure = Measure.objects.for_edition(world.published).order_by("pk").first()
    world.draft_field = FieldOfAction.objects.create(
        edition=world.edition, position=1, title="Handlungsfeld im Entwurf"
    )
    world.chapter = Chapter.objects.create(
        edition=world.published, part="A", title="Ausgangslage in Rheine", body="Rheine wächst."
    )
    world.draft_chapter = Chapter.objects.create(
        edition=world.edition, part="A", title="Entwurfskapitel", body="Noch nicht beschlossen."
    )
    world.unpublished = adopt(
        Edition.objects.create(concept=world.edition.concept, title="Alt", year=2010)
    )
    world.unpublished_field = FieldOfAction.objects.create(
        edition=world.unpublished, position=1, title="Altes Handlungsfeld"
    )
    return world
