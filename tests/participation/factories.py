import datetime

import factory
from django.utils import timezone

from participation import models
from tests.factories import ActorFactory, MunicipalityFactory


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ContactPerson

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Ansprechperson {n}")
    function = "Fachdienstleitung"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WorkingGroup

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"AG {n}")
    kind = models.WorkingGroup.Kind.WORKING_GROUP


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GroupMembership

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    role = models.GroupMembership.Role.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Treffen {n}")
    kind = models.Meeting.Kind.GROUP_SESSION
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    place = "Rathaus, Raum 101"
