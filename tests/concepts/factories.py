"""Factories for the concept's remaining models, and a builder for whole concepts of any size."""

import datetime

import factory

from concepts import models
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


STATUSES = list(models.Measure.Status.values)


def build_concept(edition, *, fields=2, strategic=2, operational=2, measures=2):
    """A regular concept: fields × Leitziele × Handlungsziele × Maßnahmen, with Träger,
    partners, Querschnittsthemen and one shared Handlungsziel per field. Bulk inserts: fast,
    without history rows (tests of history create their own objects)."""
    municipality = edition.concept.municipality
    themes = models.CrossCuttingTheme.objects.bulk_create(
        models.CrossCuttingTheme(edition=edition, position=n, title=f"Querschnittsthema {n}")
        for n in (1, 2, 3)
    )
    actors = models.Actor.objects.bulk_create(
        models.Actor(municipality=municipality, name=f"Träger {edition.pk}-{n} e. V.")
        for n in range(1, 7)
    )
    field_objs = models.FieldOfAction.objects.bulk_create(
        models.FieldOfAction(edition=edition, position=f, title=f"Handlungsfeld {f}")
        for f in range(1, fields + 1)
    )
    sg_objs = models.StrategicGoal.objects.bulk_create(
        models.StrategicGoal(field_of_action=fo, position=s, title=f"Leitziel {fo.position}.{s}")
        for fo in field_objs
        for s in range(1, strategic + 1)
    )
    og_objs = models.OperationalGoal.objects.bulk_create(
        models.OperationalGoal(
            field_of_action_id=sg.field_of_action_id,
            strategic_goal=sg,
            position=o,
            title=f"Handlungsziel {sg.pk}.{o}",
        )
        for sg in sg_objs
        for o in range(1, operational + 1)
    )
    measure_objs = []
    links = []
    for og in og_objs:
        for n in range(1, measures + 1):
            measure_objs.append(
                models.Measure(
                    field_of_action_id=og.field_of_action_id,
                    position=len(measure_objs) + 1,
                    # Every fifth measure has only a sentence, as in real concepts.
                    title="" if n == 5 else f"Maßnahme {og.pk}.{n}",
                    description=f"Die Maßnahme {og.pk}.{n} wird von mehreren Trägern umgesetzt.",
                    status=STATUSES[len(measure_objs) % len(STATUSES)],
                )
            )
            links.append(og)
    models.Measure.objects.bulk_create(measure_objs)
    models.Measure.operational_goals.through.objects.bulk_create(
        models.Measure.operational_goals.through(measure_id=m.pk, operationalgoal_id=og.pk)
        for m, og in zip(measure_objs, links, strict=True)
    )
    models.Measure.themes.through.objects.bulk_create(
        models.Measure.themes.through(measure_id=m.pk, crosscuttingtheme_id=themes[i % 3].pk)
        for i, m in enumerate(measure_objs)
    )
    models.FieldOfAction.themes.through.objects.bulk_create(
        models.FieldOfAction.themes.through(
            fieldofaction_id=f.pk, crosscuttingtheme_id=themes[0].pk
        )
        for f in field_objs
    )
    involvements = []
    for i, m in enumerate(measure_objs):
        involvements.append(
            models.MeasureActor(measure=m, actor=actors[i % 6], role=models.MeasureActor.Role.LEAD)
        )
        involvements.append(
            models.MeasureActor(
                measure=m, actor=actors[(i + 1) % 6], role=models.MeasureActor.Role.PARTNER
            )
        )
    models.MeasureActor.objects.bulk_create(involvements)
    # The first Handlungsziel of each field also serves the field's second Leitziel.
    if strategic > 1:
        through = models.OperationalGoal.also_serves.through
        shared = []
        for fo in field_objs:
            goals = [g for g in sg_objs if g.field_of_action_id == fo.pk]
            first_og = next(o for o in og_objs if o.strategic_goal_id == goals[0].pk)
            shared.append(through(operationalgoal_id=first_og.pk, strategicgoal_id=goals[1].pk))
        through.objects.bulk_create(shared)
    # One measure per field without any goal.
    loose = models.Measure.objects.bulk_create(
        models.Measure(
            field_of_action=fo, position=1000 + fo.position, title=f"Freie Maßnahme {fo.pk}"
        )
        for fo in field_objs
    )
    return {
        "fields": field_objs,
        "strategic": sg_objs,
        "operational": og_objs,
        "measures": measure_objs + loose,
        "actors": actors,
        "themes": themes,
    }
