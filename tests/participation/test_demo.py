from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from participation.models import ContactPerson, GroupMembership, Meeting, WorkingGroup


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demo_has_groups_tandems_and_meetings_and_loads_once(db, media, demo_db):
    call_command("demo", stdout=StringIO())  # idempotent: a second load changes nothing
    groups = WorkingGroup.objects.filter(municipality__slug="rheine")
    assert (
        groups.filter(kind=WorkingGroup.Kind.WORKING_GROUP).count()
        + groups.filter(kind=WorkingGroup.Kind.CIRCLE).count()
        == 4
    )
    assert groups.filter(kind=WorkingGroup.Kind.STEERING_GROUP).count() == 1
    assert groups.filter(kind=WorkingGroup.Kind.NETWORK).count() == 1
    for group in groups.exclude(kind__in=["steering_group", "network"]):
        assert group.memberships.filter(role=GroupMembership.Role.LEAD).count() == 2  # Tandem
        assert group.fields_of_action.count() == 2
    assert GroupMembership.objects.filter(
        user__username="mitglied", group__kind=WorkingGroup.Kind.WORKING_GROUP
    ).exists()
    meetings = Meeting.objects.filter(municipality__slug="rheine")
    assert meetings.count() >= 6
    assert meetings.filter(starts_at__lt=timezone.now()).exclude(minutes="").count() >= 4
    assert meetings.filter(starts_at__gte=timezone.now()).count() >= 2
    assert meetings.filter(kind=Meeting.Kind.DIALOGUE_FORUM).count() == 1
    assert ContactPerson.objects.filter(actor__municipality__slug="rheine").count() >= 5
