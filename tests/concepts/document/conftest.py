import datetime
from decimal import Decimal

import pytest

from concepts.models import Actor, GuidingPrinciple, MeasureActor, Milestone, Vision
from tests import factories


def build_concept(edition, *, fields=2, strategic=2, operational=2, measures=2):
    """A concept with every element the document prints, of the given size."""
    town = edition.concept.municipality
    # update_or_create: the concepts tests' `world` may already give the edition a Leitbild.
    Vision.objects.update_or_create(
        edition=edition,
        defaults={
            "title": "Integrationsverständnis",
            "motto": "Rheine sagt Willkommen",
            "text": "Integration ist **Aufgabe aller**.",
        },
    )
    for n, title in enumerate(["Rheine sagt Willkommen", "Gemeinsame Werte"], start=1):
        GuidingPrinciple.objects.create(edition=edition, position=n, title=title)
    factories.ChapterFactory(
        edition=edition, part="A", position=1, title="Vorwort und Einführung", body="Vorwort."
    )
    lead = Actor.objects.get_or_create(municipality=town, name="Volkshochschule Rheine")[0]
    partner = Actor.objects.get_or_create(municipality=town, name="Caritasverband Rheine e. V.")[0]
    funder = Actor.objects.get_or_create(municipality=town, name="Jobcenter Kreis Steinfurt")[0]
    for f in range(1, fields + 1):
        field = factories.FieldOfActionFactory(
            edition=edition, position=f, title=f"Handlungsfeld Nummer {f}"
        )
        factories.ChapterFactory(
            edition=edition,
            part="B",
            position=f,
            title=field.title,
            field_of_action=field,
            body=f"Ausgangslage im Feld {f}.",
        )
        GuidingPrinciple.objects.create(
            edition=edition, field_of_action=field, position=1, title=f"Kernaussage {f}"
        )
        position = 0
        for s in range(1, strategic + 1):
            goal = factories.StrategicGoalFactory(
                field_of_action=field, position=s, title=f"Leitziel {f}-{s} des Konzepts"
            )
            for o in range(1, operational + 1):
                op = factories.OperationalGoalFactory(
                    strategic_goal=goal, position=o, title=f"Handlungsziel {f}-{s}-{o} prüfbar"
                )
                for _ in range(measures):
                    position += 1
                    measure = factories.MeasureFactory(
                        field_of_action=field,
                        position=position,
                        title=f"Maßnahme {f}-{position}",
                        staff_fte=Decimal("0.5"),
                        material_costs=Decimal("18000"),
                        funding="ESF Plus",
                        needs_council_decision=True,
                        starts_on=datetime.date(2025, 1, 1),
                        ends_on=datetime.date(2026, 12, 31),
                    )
                    measure.operational_goals.add(op)
                    MeasureActor.objects.create(measure=measure, actor=lead, role="lead")
                    MeasureActor.objects.create(measure=measure, actor=partner, role="partner")
                    MeasureActor.objects.create(measure=measure, actor=funder, role="funder")
                    Milestone.objects.create(
                        measure=measure, position=1, title="Kursstandort eröffnet", done=False
                    )
    return edition


@pytest.fixture(autouse=True)
def _concept_document_alone(monkeypatch):
    """These tests describe the concept document itself; the indicators' section is tested in
    tests/indicators/test_concept_integration.py."""
    from concepts import extensions

    monkeypatch.setattr(extensions, "_extensions", {})


@pytest.fixture
def concept(world):
    return build_concept(world.edition)
