import datetime

import pytest
from django.utils import timezone

from participation.models import GroupMembership, WorkingGroup
from participation.review import services
from tests import factories

CHAPTER_BODY = (
    "Sprache ist der Schlüssel zur Teilhabe.\n\n"
    "Die Stadt baut die Sprachcafés in den Stadtteilen aus.\n\n"
    "Die Volkshochschule bietet Kurse mit Kinderbetreuung an."
)


def make_member(world, username, group, organisation="", actor=None):
    user = factories.UserFactory(username=username)
    factories.MembershipFactory(
        user=user, municipality=world.town, role="member", organisation=organisation
    )
    GroupMembership.objects.create(group=group, user=user, actor=actor)
    return user


@pytest.fixture
def review(world):
    """Two groups of the town: "mitglied" sits in A only; one open round per group."""
    world.group_a = WorkingGroup.objects.create(municipality=world.town, name="AG Sprache")
    world.group_b = WorkingGroup.objects.create(municipality=world.town, name="AG Arbeit")
    GroupMembership.objects.create(group=world.group_a, user=world.users["member"])
    world.member_b = make_member(world, "mitglied-b", world.group_b)
    world.chapter = factories.ChapterFactory(
        edition=world.edition, title="Sprachförderung", body=CHAPTER_BODY
    )
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    world.round = services.review_round_open(
        chapter=world.chapter, groups=[world.group_a], deadline=deadline, user=world.users["staff"]
    )
    world.round_b = services.review_round_open(
        chapter=world.chapter, groups=[world.group_b], deadline=deadline, user=world.users["staff"]
    )
    world.comment = services.comment_create(
        round_=world.round,
        author=world.users["member"],
        text="Bitte Dorenkamp nennen.",
        paragraph=2,
    )
    world.comment_b = services.comment_create(
        round_=world.round_b, author=world.member_b, text="Geheimer Hinweis der AG Arbeit."
    )
    return world


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"
