import factory
from django.contrib.auth import get_user_model

from concepts import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("geheim-und-lang-2026")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Municipality
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    slug = factory.Sequence(lambda n: f"musterstadt-{n}")
    ags = "05566076"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = models.Membership.Role.STAFF


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Concept

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.LazyAttribute(lambda c: f"Integrationskonzept {c.municipality.name}")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Edition

    concept = factory.SubFactory(ConceptFactory)
    title = "1. Fortschreibung"
    year = 2026
    status = models.Edition.Status.DRAFT


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Actor

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Träger {n} e. V.")
    kind = models.Actor.Kind.WELFARE


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Chapter

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Kapitel {n}")
    position = factory.Sequence(lambda n: n + 1)
    body = "Erster Absatz.\n\nZweiter Absatz."


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FieldOfAction

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    position = factory.Sequence(lambda n: n + 1)


class StrategicGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StrategicGoal

    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Leitziel {n}")
    position = factory.Sequence(lambda n: n + 1)


class OperationalGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OperationalGoal

    strategic_goal = factory.SubFactory(StrategicGoalFactory)
    field_of_action = factory.LazyAttribute(lambda g: g.strategic_goal.field_of_action)
    title = factory.Sequence(lambda n: f"Handlungsziel {n}")
    position = factory.Sequence(lambda n: n + 1)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Measure

    field_of_action = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    description = "Beschreibung der Maßnahme."
    position = factory.Sequence(lambda n: n + 1)
    status = models.Measure.Status.PLANNED
