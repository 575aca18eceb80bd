"""List pages of the council path keep a fixed number of queries on a busy town."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import AgendaItem, Amendment, Consultation
from tests.factories import (
    CommitteeFactory,
    CommitteeMeetingFactory,
    PaperFactory,
)


@pytest.fixture
def busy_town(world):
    town = world.town
    committees = [CommitteeFactory(municipality=town, seats=50) for _ in range(6)]
    soon = timezone.now() + datetime.timedelta(days=3)
    meetings = [
        CommitteeMeetingFactory(committee=c, starts_at=soon + datetime.timedelta(days=i))
        for i, c in enumerate(committees * 3)
    ]
    for n in range(40):
        paper = PaperFactory(municipality=town, number=f"BV/{n:04d}/2026", edition=world.edition)
        for step, meeting in enumerate(meetings[n % 10 : n % 10 + 3], start=1):
            item = AgendaItem.objects.create(meeting=meeting, number=str(n), name=paper.subject)
            consultation = Consultation.objects.create(
                paper=paper,
                committee=meeting.committee,
                meeting=meeting,
                agenda_item=item,
                position=step,
                result="deliberated" if step == 1 and n % 2 else "",
            )
            Amendment.objects.create(consultation=consultation, proposer="SPD", text="Ändern.")
    return world


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("council:index", 12),
        ("council:paper_list", 8),
        ("council:committee_list", 7),
    ],
)
def test_list_pages_stay_within_their_query_budget(
    name, budget, busy_town, council_client, django_assert_max_num_queries
):
    url = reverse(name, kwargs={"town": busy_town.town.slug})
    with django_assert_max_num_queries(budget):
        response = council_client.get(url)
    assert response.status_code == 200
    assert busy_town.town.name in response.content.decode()


def test_detail_pages_stay_within_their_query_budget(
    busy_town, staff_client, django_assert_max_num_queries
):
    paper = busy_town.town.papers.first()
    meeting = paper.consultations.first().meeting
    for url, shown in [
        (
            reverse("council:paper_detail", kwargs={"town": "rheine", "paper": paper.pk}),
            paper.number,
        ),
        (
            reverse("council:meeting_detail", kwargs={"town": "rheine", "meeting": meeting.pk}),
            meeting.committee.name,
        ),
        (
            reverse(
                "council:committee_detail",
                kwargs={"town": "rheine", "committee": meeting.committee.pk},
            ),
            meeting.committee.name,
        ),
    ]:
        with django_assert_max_num_queries(12):
            response = staff_client.get(url)
        assert response.status_code == 200, url
        assert shown in response.content.decode(), url
