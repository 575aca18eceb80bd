"""Factories for the concept's remaining models, and a builder for whole concepts of any size."""

import datetime

import factory

from concepts import models
from concepts.demo.large import build_concept  # noqa: F401  (re-exported for the tests)
from tests.factories import (  # noqa: F401  (re-exported for the concept tests)
    ActorFactory,
    FieldOfActionFactory,
    MeasureFactory,
    OperationalGoalFactory,
    StrategicGoalFactory,
)


class CrossCuttingThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CrossCuttingTheme

    edition = factory.SubFactory("tests.factories.EditionFactory")
    title = factory.Sequence(lambda n: f"Querschnittsthema {n}")
    position = factory.Sequence(lambda n: n + 1)


class SubThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SubTheme

    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Unterthema {n}")
    position = factory.Sequence(lambda n: n + 1)


class VisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Vision

    edition = factory.SubFactory("tests.factories.EditionFactory")
    title = "Leitbild"
    motto = "Es ist normal, verschieden zu sein."


class GuidingPrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GuidingPrinciple

    edition = factory.SubFactory("tests.factories.EditionFactory")
    title = factory.Sequence(lambda n: f"Leitsatz {n}")
    position = factory.Sequence(lambda n: n + 1)


class MeasureActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeasureActor

    measure = factory.SubFactory(MeasureFactory)
    actor = factory.SubFactory(
        ActorFactory,
        municipality=factory.LazyAttribute(
            lambda a: a.factory_parent.measure.field_of_action.edition.concept.municipality
        ),
    )
    role = models.MeasureActor.Role.LEAD


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Milestone

    measure = factory.SubFactory(MeasureFactory)
    title = factory.Sequence(lambda n: f"Umsetzungsmarker {n}")
    due_on = datetime.date(2030, 6, 30)
    position = factory.Sequence(lambda n: n + 1)
