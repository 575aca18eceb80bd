import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from concepts.models import Membership
from participation.groups import services
from participation.models import GroupMembership, Invitation
from tests.factories import MembershipFactory, UserFactory, WorkingGroupFactory

PASSWORD = "Sprachcafe-Dorenkamp-42"


def accept_url(town, token):
    return reverse("participation:invitation_accept", args=[town.slug, token])


def new_account(first="Leyla", last="Kaya"):
    return {"first_name": first, "last_name": last, "password1": PASSWORD, "password2": PASSWORD}


def test_staff_invites_by_email_and_the_mail_carries_the_link(
    pworld, staff_client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    url = reverse("participation:invitation_create", args=[pworld.town.slug, pworld.group.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"email": "Leyla.Kaya@Example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="leyla.kaya@example.org")
    assert invitation.invited_by == pworld.users["staff"]
    assert invitation.expires_at - timezone.now() > datetime.timedelta(days=13)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leyla.kaya@example.org"]
    assert "Einladung" in message.subject and "AG Sprache" in message.subject
    assert "Passwort" in message.body and "gültig" in message.body
    link = next(line for line in message.body.splitlines() if "/einladung/" in line).strip()
    token = link.rsplit("/", 2)[-2]
    assert invitation.token_hash != token  # only the hash is stored
    assert Invitation.objects.by_token(token).get() == invitation


def test_new_person_sets_password_and_lands_as_group_member(pworld, client):
    url = accept_url(pworld.town, pworld.invitation_token)
    page = client.get(url)
    assert "Konto anlegen" in page.content.decode()
    response = client.post(url, new_account())
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "participation:group_detail", args=[pworld.town.slug, pworld.group.pk]
    )
    user = get_user_model().objects.get(email="neu@example.org")
    assert user.check_password(PASSWORD)
    assert user.get_full_name() == "Leyla Kaya"
    membership = Membership.objects.get(user=user, municipality=pworld.town)
    assert membership.role == Membership.Role.MEMBER
    assert GroupMembership.objects.filter(group=pworld.group, user=user).exists()
    # Logged in: the group page opens.
    assert client.get(response["Location"]).status_code == 200
    pworld.invitation.refresh_from_db()
    assert pworld.invitation.accepted_by == user and pworld.invitation.accepted_at


def test_used_link_is_refused_in_german(pworld, client):
    url = accept_url(pworld.town, pworld.invitation_token)
    client.post(url, new_account())
    client.logout()
    page = client.get(url).content.decode()
    assert "bereits angenommen" in page
    response = client.post(url, new_account("Eve", "Zweitkonto"))
    assert "bereits angenommen" in response.content.decode()
    assert get_user_model().objects.filter(email="neu@example.org").count() == 1


def test_expired_link_is_refused_in_german(pworld, client):
    pworld.invitation.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    pworld.invitation.save()
    url = accept_url(pworld.town, pworld.invitation_token)
    assert "abgelaufen" in client.get(url).content.decode()
    response = client.post(url, new_account())
    assert response.status_code == 200
    assert "abgelaufen" in response.content.decode()
    assert not get_user_model().objects.filter(email="neu@example.org").exists()


def test_link_of_another_town_is_not_found(pworld, client):
    assert client.get(accept_url(pworld.other_town, pworld.invitation_token)).status_code == 404
    assert client.get(accept_url(pworld.town, "erfundenes-token")).status_code == 404


def test_weak_or_mismatched_passwords_are_refused_in_german(pworld, client):
    url = accept_url(pworld.town, pworld.invitation_token)
    data = new_account()
    data["password2"] = "etwas-anderes-123"
    response = client.post(url, data)
    assert "stimmen nicht überein" in response.content.decode()
    data = {**new_account(), "password1": "12345678", "password2": "12345678"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="neu@example.org").exists()


def test_existing_user_logs_in_and_the_invitation_adds_the_group(
    pworld, client_for, django_capture_on_commit_callbacks
):
    council = pworld.users["council"]
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            group=pworld.group, email=council.email.upper(), invited_by=pworld.users["staff"]
        )
    anonymous = client_for("anonymous")
    page = anonymous.get(accept_url(pworld.town, token)).content.decode()
    assert "bereits ein Konto" in page and "Anmelden" in page
    client = client_for("council")
    assert "Einladung annehmen" in client.get(accept_url(pworld.town, token)).content.decode()
    response = client.post(accept_url(pworld.town, token))
    assert response.status_code == 302
    assert GroupMembership.objects.filter(group=pworld.group, user=council).exists()
    # An existing role in the town is kept.
    assert Membership.objects.get(user=council, municipality=pworld.town).role == "council"


def test_existing_user_of_another_town_becomes_member_here(pworld, client_for):
    outsider = pworld.users["outsider"]
    invitation, token = services.invitation_create(
        group=pworld.group, email=outsider.email, invited_by=pworld.users["staff"]
    )
    response = client_for("outsider").post(accept_url(pworld.town, token))
    assert response.status_code == 302
    assert Membership.objects.get(user=outsider, municipality=pworld.town).role == "member"
    assert Membership.objects.get(user=outsider, municipality=pworld.other_town).role == "staff"


def test_logged_in_with_another_account_cannot_take_the_invitation(pworld, client_for):
    client = client_for("member")
    url = accept_url(pworld.town, pworld.invitation_token)
    assert "andere E-Mail-Adresse" in client.get(url).content.decode()
    response = client.post(url)
    assert "andere E-Mail-Adresse" in response.content.decode()
    pworld.invitation.refresh_from_db()
    assert pworld.invitation.accepted_at is None


def test_inviting_an_existing_member_is_refused(pworld, staff_client):
    url = reverse("participation:invitation_create", args=[pworld.town.slug, pworld.group.pk])
    response = staff_client.post(url, {"email": pworld.users["member"].email})
    assert response.status_code == 200
    assert "bereits Mitglied" in response.content.decode()


def test_invitation_to_group_of_another_town_is_not_found(pworld, staff_client):
    group = WorkingGroupFactory(municipality=pworld.other_town)
    url = reverse("participation:invitation_create", args=[pworld.town.slug, group.pk])
    assert staff_client.post(url, {"email": "x@example.org"}).status_code == 404


@pytest.mark.parametrize("role", ["member", "council"])
def test_only_the_stabsstelle_invites(role, pworld, client_for):
    url = reverse("participation:invitation_create", args=[pworld.town.slug, pworld.group.pk])
    assert client_for(role).post(url, {"email": "x@example.org"}).status_code == 403
    assert not Invitation.objects.filter(email="x@example.org").exists()


def test_group_members_can_be_added_and_removed_by_staff(pworld, staff_client):
    person = UserFactory(first_name="Klaus", last_name="Schulte")
    MembershipFactory(user=person, municipality=pworld.town, role="member")
    url = reverse("participation:group_member_add", args=[pworld.town.slug, pworld.group.pk])
    response = staff_client.post(url, {"user": person.pk, "role": "lead", "actor": pworld.actor.pk})
    assert response.status_code == 302
    membership = GroupMembership.objects.get(group=pworld.group, user=person)
    assert membership.role == "lead" and membership.actor == pworld.actor
    detail = staff_client.get(response["Location"]).content.decode()
    assert "Tandem" in detail  # two leads now
    remove = reverse(
        "participation:group_member_remove",
        args=[pworld.town.slug, pworld.group.pk, membership.pk],
    )
    assert staff_client.post(remove).status_code == 302
    assert not GroupMembership.objects.filter(group=pworld.group, user=person).exists()


def test_people_of_another_town_cannot_be_added(pworld, staff_client):
    url = reverse("participation:group_member_add", args=[pworld.town.slug, pworld.group.pk])
    response = staff_client.post(url, {"user": pworld.users["outsider"].pk, "role": "member"})
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()
    assert not GroupMembership.objects.filter(user=pworld.users["outsider"]).exists()
