import datetime

import factory
from django.utils import timezone

from participation import models
from tests.factories import MunicipalityFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Committee

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Ausschuss {n}")
    kind = models.Committee.Kind.COMMITTEE


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CommitteeMembership

    committee = factory.SubFactory(CommitteeFactory)
    person_name = factory.Sequence(lambda n: f"Ratsmitglied {n}")


class CommitteeMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CommitteeMeeting

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2017, 5, 9, 17, 0))
    )
    location = "Rathaus, Ratssaal"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Paper

    municipality = factory.SubFactory(MunicipalityFactory)
    number = factory.Sequence(lambda n: f"BV/{n + 1:04d}/2017")
    date = datetime.date(2017, 4, 20)
    author_office = "Stabsstelle Asyl und Integration"
    subject = "Integrationskonzept der Stadt Rheine – 2. Fortschreibung"
    proposal_points = factory.LazyFunction(
        lambda: ["Der Rat beschließt die 2. Fortschreibung des Integrationskonzepts."]
    )
    signature = "Der Bürgermeister"


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Consultation

    paper = factory.SubFactory(PaperFactory)
    committee = factory.SubFactory(
        CommitteeFactory, municipality=factory.SelfAttribute("..paper.municipality")
    )
    meeting = factory.SubFactory(
        CommitteeMeetingFactory, committee=factory.SelfAttribute("..committee")
    )
    role = models.Consultation.Role.PRELIMINARY
    position = factory.Sequence(lambda n: n + 1)


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Amendment

    consultation = factory.SubFactory(ConsultationFactory)
    proposer = "Fraktion Bündnis 90/Die Grünen"
    text = "In Punkt 1 wird „bis 2020“ durch „bis 2019“ ersetzt."
