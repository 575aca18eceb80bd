"""The world of the participation tests: a group with the member in it, a meeting of that
group, an actor with a contact person, an attachment and a pending invitation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participation import services
from participation.models import GroupMembership, Meeting
from tests.factories import ActorFactory
from tests.participation.factories import (
    ContactPersonFactory,
    GroupMembershipFactory,
    MeetingFactory,
    WorkingGroupFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="protokoll.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def pworld(world, django_capture_on_commit_callbacks):
    town = world.town
    world.actor = ActorFactory(municipality=town, name="Caritasverband Rheine e. V.")
    world.contact = ContactPersonFactory(actor=world.actor, name="Anna Becker")
    world.group = WorkingGroupFactory(municipality=town, name="AG Sprache")
    world.group_membership = GroupMembershipFactory(
        group=world.group, user=world.users["member"], role=GroupMembership.Role.LEAD
    )
    world.other_group = WorkingGroupFactory(municipality=world.other_town, name="AG Emmerich")
    world.meeting = MeetingFactory(
        municipality=town, group=world.group, kind=Meeting.Kind.GROUP_SESSION
    )
    world.attachment = services.attachment_add(
        meeting=world.meeting, uploaded_file=pdf_upload(), user=world.users["staff"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        world.invitation, world.invitation_token = services.invitation_create(
            group=world.group, email="neu@example.org", invited_by=world.users["staff"]
        )
    return world
