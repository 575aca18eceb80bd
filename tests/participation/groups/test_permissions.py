import pytest

from tests.conftest import ROLES
from tests.participation.conftest import pdf_upload
from tests.permissions import PUBLIC, READ, STAFF_ONLY, Row, assert_row, expect, ids, params

TOWN = lambda w: {"town": w.town.slug}  # noqa: E731
ACTOR = lambda w: {"town": w.town.slug, "actor": w.actor.pk}  # noqa: E731
CONTACT = lambda w: {**ACTOR(w), "contact": w.contact.pk}  # noqa: E731
GROUP = lambda w: {"town": w.town.slug, "group": w.group.pk}  # noqa: E731
MEMBERSHIP = lambda w: {**GROUP(w), "membership": w.group_membership.pk}  # noqa: E731
MEETING = lambda w: {"town": w.town.slug, "meeting": w.meeting.pk}  # noqa: E731
ATTACHMENT = lambda w: {**MEETING(w), "attachment": w.attachment.pk}  # noqa: E731
INVITATION = lambda w: {"town": w.town.slug, "token": w.invitation_token}  # noqa: E731

# POSTs that succeed redirect the Stabsstelle back to the page they came from.
STAFF_POST = expect(STAFF_ONLY, staff=302, superuser=302)

TABLE = [
    Row("participation:index", READ, TOWN),
    # Akteure
    Row("participation:actor_list", READ, TOWN),
    Row("participation:actor_list", READ, TOWN, query="?art=welfare"),
    Row("participation:actor_create", STAFF_ONLY, TOWN),
    Row(
        "participation:actor_create",
        STAFF_POST,
        TOWN,
        method="post",
        data=lambda w: {"name": "Jobcenter Rheine", "kind": "jobcenter"},
    ),
    Row("participation:actor_detail", READ, ACTOR),
    Row("participation:actor_update", STAFF_ONLY, ACTOR),
    Row("participation:actor_delete", STAFF_ONLY, ACTOR),
    Row("participation:actor_delete", STAFF_POST, ACTOR, method="post"),
    Row("participation:contact_create", STAFF_ONLY, ACTOR),
    Row("participation:contact_update", STAFF_ONLY, CONTACT),
    Row("participation:contact_delete", STAFF_ONLY, CONTACT),
    Row("participation:contact_delete", STAFF_POST, CONTACT, method="post"),
    # Gremien der Beteiligung
    Row("participation:group_list", READ, TOWN),
    Row("participation:group_create", STAFF_ONLY, TOWN),
    Row(
        "participation:group_create",
        STAFF_POST,
        TOWN,
        method="post",
        data=lambda w: {"name": "AG Wohnen", "kind": "working_group"},
    ),
    Row("participation:group_detail", READ, GROUP),
    Row("participation:group_update", STAFF_ONLY, GROUP),
    Row("participation:group_delete", STAFF_ONLY, GROUP),
    Row("participation:group_delete", STAFF_POST, GROUP, method="post"),
    Row(
        "participation:group_member_add",
        STAFF_POST,
        GROUP,
        method="post",
        data=lambda w: {"user": w.users["council"].pk, "role": "member"},
    ),
    Row("participation:group_member_remove", STAFF_POST, MEMBERSHIP, method="post"),
    Row("participation:invitation_create", STAFF_ONLY, GROUP),
    Row(
        "participation:invitation_create",
        STAFF_POST,
        GROUP,
        method="post",
        data=lambda w: {"email": "eingeladen@example.org"},
    ),
    # The link is the credential: whoever holds it sees the invitation page.
    Row("participation:invitation_accept", PUBLIC, INVITATION),
    # Treffen (the member sits in the meeting's group)
    Row("participation:meeting_list", READ, TOWN),
    Row("participation:meeting_create", STAFF_ONLY, TOWN),
    Row("participation:meeting_detail", READ, MEETING),
    Row("participation:meeting_update", STAFF_ONLY, MEETING),
    Row("participation:meeting_delete", STAFF_ONLY, MEETING),
    Row("participation:meeting_delete", STAFF_POST, MEETING, method="post"),
    Row("participation:meeting_ics", READ, MEETING),
    Row(
        "participation:attachment_upload",
        STAFF_POST,
        MEETING,
        method="post",
        data=lambda w: {"file": pdf_upload()},
    ),
    Row("participation:attachment_download", READ, ATTACHMENT),
    Row("participation:attachment_delete", STAFF_POST, ATTACHMENT, method="post"),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, pworld, client_for):
    assert_row(row, role, pworld, client_for)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("participation:actor_detail", lambda w: {"town": w.town.slug, "actor": w.other_actor}),
        ("participation:group_detail", lambda w: {"town": w.town.slug, "group": w.other_group.pk}),
        (
            "participation:meeting_detail",
            lambda w: {"town": w.town.slug, "meeting": w.other_meeting.pk},
        ),
    ],
)
def test_objects_of_another_town_are_not_found(name, kwargs, pworld, client_for):
    from django.urls import reverse

    from tests.factories import ActorFactory, MeetingFactory

    pworld.other_actor = ActorFactory(municipality=pworld.other_town).pk
    pworld.other_meeting = MeetingFactory(municipality=pworld.other_town)
    response = client_for("staff").get(reverse(name, kwargs=kwargs(pworld)))
    assert response.status_code == 404
