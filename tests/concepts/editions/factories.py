"""A concept of any size, built with bulk inserts (the tests and the benchmark share it)."""

import datetime
from decimal import Decimal

from concepts.models import (
    Actor,
    Chapter,
    CrossCuttingTheme,
    FieldOfAction,
    GuidingPrinciple,
    Measure,
    MeasureActor,
    Milestone,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
    Vision,
)


def build_concept(edition, *, fields=2, strategic=2, operational=2, measures=2):
    """Fill `edition` with fields × Leitziele × Handlungsziele × Maßnahmen and everything else.

    Each Handlungsziel gets `measures` measures (with lead, partner, two milestones and a
    theme); each field a Unterthema, a chapter and a Kernaussage. Returns the edition.
    """
    town = edition.concept.municipality
    Vision.objects.create(edition=edition, title="Leitbild", motto="Vielfalt leben", text="Text")
    GuidingPrinciple.objects.bulk_create(
        [GuidingPrinciple(edition=edition, position=n, title=f"Leitsatz {n}") for n in (1, 2, 3)]
    )
    themes = CrossCuttingTheme.objects.bulk_create(
        [CrossCuttingTheme(edition=edition, position=n, title=f"Thema {n}") for n in (1, 2)]
    )
    lead, partner = (
        Actor.objects.get_or_create(municipality=town, name=name)[0]
        for name in ("Caritasverband", "Volkshochschule")
    )
    Chapter.objects.bulk_create(
        [Chapter(edition=edition, part="A", position=1, title="Vorwort", body="Vorwort.")]
    )
    field_objs = FieldOfAction.objects.bulk_create(
        [
            FieldOfAction(
                edition=edition, position=f, title=f"Handlungsfeld {f}", short_title=f"HF{f}"
            )
            for f in range(1, fields + 1)
        ]
    )
    FieldOfAction.themes.through.objects.bulk_create(
        [
            FieldOfAction.themes.through(fieldofaction_id=f.pk, crosscuttingtheme_id=themes[0].pk)
            for f in field_objs
        ]
    )
    subs = SubTheme.objects.bulk_create(
        [
            SubTheme(field_of_action=f, position=1, title=f"Unterthema {f.position}")
            for f in field_objs
        ]
    )
    Chapter.objects.bulk_create(
        [
            Chapter(
                edition=edition,
                part="B",
                position=10 + f.position,
                title=f.title,
                field_of_action=f,
            )
            for f in field_objs
        ]
    )
    GuidingPrinciple.objects.bulk_create(
        [
            GuidingPrinciple(edition=edition, field_of_action=f, position=1, title="Kernaussage")
            for f in field_objs
        ]
    )
    sgs = StrategicGoal.objects.bulk_create(
        [
            StrategicGoal(
                field_of_action=f, sub_theme=subs[i], position=s, title=f"Leitziel {f.position}.{s}"
            )
            for i, f in enumerate(field_objs)
            for s in range(1, strategic + 1)
        ]
    )
    ogs = OperationalGoal.objects.bulk_create(
        [
            OperationalGoal(
                field_of_action_id=sg.field_of_action_id,
                strategic_goal=sg,
                position=o,
                title=f"Handlungsziel {sg.title[9:]}.{o}",
            )
            for sg in sgs
            for o in range(1, operational + 1)
        ]
    )
    if len(sgs) > 1:
        OperationalGoal.also_serves.through.objects.bulk_create(
            [
                OperationalGoal.also_serves.through(
                    operationalgoal_id=ogs[0].pk, strategicgoal_id=sgs[1].pk
                )
            ]
        )
    measure_objs = Measure.objects.bulk_create(
        [
            Measure(
                field_of_action_id=og.field_of_action_id,
                position=(og.position - 1) * measures + m,
                title=f"Maßnahme {og.title[14:]}.{m}",
                description="Beschreibung der Maßnahme.",
                status=Measure.Status.RUNNING,
                starts_on=datetime.date(2026, 1, 1),
                staff_fte=Decimal("0.50"),
                material_costs=Decimal("1200.00"),
                funding="Landesmittel",
            )
            for og in ogs
            for m in range(1, measures + 1)
        ]
    )
    through = Measure.operational_goals.through
    through.objects.bulk_create(
        [
            through(measure_id=m.pk, operationalgoal_id=ogs[i // measures].pk)
            for i, m in enumerate(measure_objs)
        ]
    )
    Measure.themes.through.objects.bulk_create(
        [
            Measure.themes.through(measure_id=m.pk, crosscuttingtheme_id=themes[1].pk)
            for m in measure_objs
        ]
    )
    MeasureActor.objects.bulk_create(
        [MeasureActor(measure=m, actor=lead, role=MeasureActor.Role.LEAD) for m in measure_objs]
        + [
            MeasureActor(measure=m, actor=partner, role=MeasureActor.Role.PARTNER)
            for m in measure_objs
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(measure=m, position=n, title=f"Schritt {n}", due_on=datetime.date(2026, 6, n))
            for m in measure_objs
            for n in (1, 2)
        ]
    )
    return edition
