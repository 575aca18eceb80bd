"""Participation and council of the large demo town, so that its member start page has
content and a council Vorlage (with the concept as Anlage) exists for PDF downloads.

A working group with the town's member as lead, past and coming meetings, the Rat with a
meeting and a Beschlussvorlage for the large edition. Idempotent through the group's name.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from concepts.demo.large import TOWN_NAME, large_edition
from concepts.demo.workdays import next_working_day
from concepts.models import Membership
from participation.council import services
from participation.models import (
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    GroupMembership,
    Meeting,
    Paper,
    WorkingGroup,
)

GROUP_NAME = "AG Sprache und Bildung (Großstadt)"


def _at(days, hour):
    day = next_working_day(timezone.localdate() + datetime.timedelta(days=days))
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


@transaction.atomic
def load(*, stdout=None):
    edition = large_edition()
    if edition is None:
        return None
    town = edition.concept.municipality
    if WorkingGroup.objects.filter(municipality=town, name=GROUP_NAME).exists():
        return None
    group = populate(town, edition, GROUP_NAME)
    if stdout:
        stdout.write(f"Großes Demo-Konzept: Arbeitsgruppe, Treffen und Ratsvorlage ({TOWN_NAME}).")
    return group


def populate(town, edition, group_name):
    """A working group with five meetings, the Rat with a meeting and a Beschlussvorlage for
    `edition`, for the town's demo people (also used by `demo --towns`)."""
    people = list(
        get_user_model().objects.filter(memberships__municipality=town).order_by("username")
    )
    roles = dict(Membership.objects.filter(municipality=town).values_list("user_id", "role"))
    group = WorkingGroup.objects.create(
        municipality=town,
        name=group_name,
        kind=WorkingGroup.Kind.WORKING_GROUP,
        description="Begleitet die Handlungsfelder Sprache und Bildung.",
        starts_on=datetime.date(2025, 1, 15),
    )
    group.fields_of_action.set(edition.fields_of_action.order_by("position")[:2])
    for user in people:
        if roles[user.pk] != Membership.Role.COUNCIL:
            GroupMembership.objects.create(
                group=group,
                user=user,
                role=(
                    GroupMembership.Role.LEAD
                    if roles[user.pk] == Membership.Role.MEMBER
                    else GroupMembership.Role.MEMBER
                ),
            )
    invited = [m.user for m in group.memberships.all()]
    for number, days in enumerate((-40, -10, 7, 21, 35), start=1):
        meeting = Meeting.objects.create(
            municipality=town,
            group=group,
            title=f"{number}. Sitzung der {group_name}",
            kind=Meeting.Kind.GROUP_SESSION,
            starts_at=_at(days, 14),
            ends_at=_at(days, 16),
            place="Rathaus, Raum 101",
            method=Meeting.Method.MEETING,
            agenda="1. Begrüßung\n2. Stand der Maßnahmen\n3. Indikatoren\n4. Verschiedenes",
        )
        meeting.invited_users.set(invited)
        if days < 0:
            meeting.present_users.set(invited)
    _council(town, edition, people, roles)
    return group


def _council(town, edition, people, roles):
    council = Committee.objects.create(
        municipality=town,
        name=f"Rat der Stadt {town.name}",
        short_name="Rat",
        kind=Committee.Kind.COUNCIL,
        seats=60,
        position=1,
    )
    for user in people:
        if roles[user.pk] == Membership.Role.COUNCIL:
            CommitteeMembership.objects.create(
                committee=council,
                user=user,
                person_name=user.get_full_name() or user.username,
                party_group="Fraktion der Mitte",
                starts_on=datetime.date(2025, 11, 1),
            )
    meeting = CommitteeMeeting.objects.create(
        committee=council, starts_at=_at(28, 17), location="Rathaus, Ratssaal"
    )
    paper = services.paper_create(
        municipality=town,
        kind=Paper.Kind.RESOLUTION,
        date=next_working_day(timezone.localdate()),
        reference="50-Integr.",
        author_office="Amt für Integration",
        subject=f"Integrationskonzept der Stadt {town.name} – 1. Fortschreibung",
        proposal_points=[
            f"Der Rat der Stadt {town.name} beschließt die 1. Fortschreibung des "
            "Integrationskonzepts (Anlage 01).",
            "Die Verwaltung berichtet jährlich über die Kernindikatoren.",
        ],
        reasoning="Das Konzept wurde mit den Arbeitsgruppen und dem Integrationsrat erarbeitet.",
        financial_effect=Paper.FinancialEffect.NONE,
        financial_impact="Keine unmittelbaren.",
        legal_basis="§ 41 Abs. 1 GO NRW",
        signature="Die Oberbürgermeisterin",
        signatory="Dr. Eva Lindner",
        edition=edition,
    )
    services.consultation_save(
        consultation=Consultation(
            paper=paper, committee=council, meeting=meeting, role=Consultation.Role.DECISION
        ),
        agenda_number="5",
    )
    return paper
