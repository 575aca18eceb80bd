"""Participation lists on a big town: query count and median server time per page and role.

A town with 200 actors (each with a contact person), 30 working groups of 20 members, and
600 meetings over five years; the member sits in three groups. Prints one line per page.
"""

import datetime

from common import median_ms, query_count, setup_django

vendor = setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from concepts.models import Actor, Membership, Municipality  # noqa: E402
from participation.models import (  # noqa: E402
    ContactPerson,
    GroupMembership,
    Meeting,
    WorkingGroup,
)


def build():
    User = get_user_model()
    town = Municipality.objects.create(name="Großstadt", slug="gross")
    staff = User.objects.create_user("stab")
    member = User.objects.create_user("mitglied")
    Membership.objects.create(user=staff, municipality=town, role="staff")
    Membership.objects.create(user=member, municipality=town, role="member")
    actors = Actor.objects.bulk_create(
        Actor(municipality=town, name=f"Träger {n}", kind=Actor.Kind.values[n % 9])
        for n in range(200)
    )
    ContactPerson.objects.bulk_create(
        ContactPerson(actor=a, name=f"Person {a.pk}", function="Leitung") for a in actors
    )
    people = User.objects.bulk_create(User(username=f"p{n}") for n in range(300))
    Membership.objects.bulk_create(
        Membership(user=p, municipality=town, role="member") for p in people
    )
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(municipality=town, name=f"AG {n:02d}", kind=WorkingGroup.Kind.values[n % 4])
        for n in range(30)
    )
    memberships = []
    for index, group in enumerate(groups):
        group.actors.set(actors[index * 5 : index * 5 + 8])
        for offset in range(20):
            memberships.append(
                GroupMembership(
                    group=group,
                    user=people[(index * 10 + offset) % 300],
                    actor=actors[(index + offset) % 200],
                    role="lead" if offset < 2 else "member",
                )
            )
    memberships += [GroupMembership(group=g, user=member) for g in groups[:3]]
    GroupMembership.objects.bulk_create(memberships)
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(
            municipality=town,
            group=groups[n % 30] if n % 7 else None,
            kind=Meeting.Kind.values[n % 6],
            title=f"Treffen {n}",
            starts_at=now + datetime.timedelta(days=n * 3 - 1500),
            place="Rathaus",
            minutes="## TOP 1\n\nText " * 20,
        )
        for n in range(600)
    )
    return town, groups[0]


town, group = build()
meeting = Meeting.objects.filter(group=group).first()
pages = {
    "Beteiligung (Überblick)": f"/{town.slug}/beteiligung/",
    "Treffen (Liste)": f"/{town.slug}/beteiligung/treffen/",
    "Gremien (Liste)": f"/{town.slug}/beteiligung/gruppen/",
    "Akteure (Liste)": f"/{town.slug}/beteiligung/akteure/",
    "Gremium (Detail)": f"/{town.slug}/beteiligung/gruppen/{group.pk}/",
    "Treffen (Detail)": f"/{town.slug}/beteiligung/treffen/{meeting.pk}/",
}
print(f"Datenbank: {vendor}; 200 Akteure, 30 Gremien à 20 Mitglieder, 600 Treffen")
for username in ("stab", "mitglied"):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for label, url in pages.items():

        def get(url=url, client=client):
            response = client.get(url, HTTP_HOST="localhost")
            assert response.status_code == 200, (url, response.status_code)

        queries = query_count(get)
        print(
            f"{username:<9} {label:<26} {queries:>3} Abfragen  {median_ms(get, repeat=9):7.1f} ms"
        )
