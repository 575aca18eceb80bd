"""Writes of the participation area that touch more than one row, each in one transaction."""

from __future__ import annotations

import secrets
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concepts.models import Membership
from participation.groups.uploads import check_upload
from participation.models import Attachment, GroupMembership, Invitation
from participation.models.invitations import hash_token

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from concepts.models import Actor
    from participation.models import Meeting, WorkingGroup


def actor_delete(*, actor: Actor) -> None:
    """Delete an actor; refused while measures name it as Träger."""
    try:
        with transaction.atomic():
            actor.delete()
    except ProtectedError as error:
        raise ValidationError(
            _(
                "„%(actor)s“ ist Träger oder Akteur von Maßnahmen und kann nicht gelöscht werden. "
                "Bitte zuerst die Maßnahmen ändern."
            )
            % {"actor": actor}
        ) from error


@transaction.atomic
def group_member_add(
    *,
    group: WorkingGroup,
    user: User,
    role: str = GroupMembership.Role.MEMBER,
    actor: Actor | None = None,
) -> GroupMembership:
    if not Membership.objects.filter(user=user, municipality=group.municipality).exists():
        raise ValidationError(_("Die Person hat keine Rolle in dieser Kommune."))
    if actor is not None and actor.municipality_id != group.municipality_id:
        raise ValidationError(_("Der Akteur gehört zu einer anderen Kommune."))
    membership, created = GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"role": role, "actor": actor}
    )
    if not created:
        membership.role = role
        membership.actor = actor
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def group_member_remove(*, membership: GroupMembership) -> None:
    membership.delete()


@transaction.atomic
def attachment_add(*, meeting: Meeting, uploaded_file: UploadedFile, user: User) -> Attachment:
    """Store a checked upload under a random name; nothing is stored if the check fails."""
    kind = check_upload(uploaded_file)
    attachment = Attachment(
        meeting=meeting,
        original_name=PurePath(uploaded_file.name).name[:255],
        extension=kind.extension,
        content_type=kind.content_type,
        size=uploaded_file.size,
        uploaded_by=user,
    )
    attachment.file.save("upload", uploaded_file, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def attachment_delete(*, attachment: Attachment) -> None:
    with transaction.atomic():
        attachment.delete()
        # Remove the file only once the row is gone for good.
        transaction.on_commit(lambda: attachment.file.delete(save=False))


def meeting_delete(*, meeting: Meeting) -> None:
    """Delete a meeting with its attachments; the files go once the rows are gone."""
    with transaction.atomic():
        files = [attachment.file for attachment in meeting.attachments.all()]
        meeting.delete()
        for file in files:
            transaction.on_commit(lambda file=file: file.delete(save=False))


@transaction.atomic
def invitation_create(
    *, group: WorkingGroup, email: str, invited_by: User
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link; returns (invitation, token).

    The token appears only in the e-mail; the database keeps its hash.
    """
    email = email.strip().lower()
    if GroupMembership.objects.filter(group=group, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s ist bereits Mitglied von „%(group)s“.") % {"email": email, "group": group}
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        group=group, email=email, token_hash=hash_token(token), invited_by=invited_by
    )
    invitation.full_clean()
    invitation.save()
    link = settings.SITE_URL.rstrip("/") + reverse(
        "participation:invitation_accept",
        kwargs={"town": group.municipality.slug, "token": token},
    )
    context = {"invitation": invitation, "group": group, "link": link, "invited_by": invited_by}
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Einladung zur Mitarbeit in „%(group)s“") % {"group": group},
            message=render_to_string("participation/email/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return invitation, token


def invitation_check(invitation: Invitation) -> None:
    if invitation.is_used:
        raise ValidationError(
            _("Diese Einladung wurde bereits angenommen. Bitte melden Sie sich mit Ihrem Konto an.")
        )
    if invitation.is_expired:
        raise ValidationError(
            _(
                "Diese Einladung ist abgelaufen. Bitte bitten Sie die Stabsstelle um eine neue "
                "Einladung."
            )
        )


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    """Accept an invitation: as an existing user, or by creating the account with a password.

    The person becomes Arbeitsgruppen-Mitglied of the town (unless they already have a role
    there) and member of the group. Returns the user.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check(invitation)
    group = invitation.group
    if user is None:
        user = _user_create(
            email=invitation.email, first_name=first_name, last_name=last_name, password=password
        )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _(
                "Diese Einladung gilt für eine andere E-Mail-Adresse. "
                "Bitte melden Sie sich mit dem Konto an, an das die Einladung geschickt wurde."
            )
        )
    Membership.objects.get_or_create(
        user=user,
        municipality=group.municipality,
        defaults={"role": Membership.Role.MEMBER},
    )
    GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"role": GroupMembership.Role.MEMBER}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save()
    return user


def _user_create(*, email, first_name, last_name, password):
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            _(
                "Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Bitte melden Sie sich an, "
                "um die Einladung anzunehmen."
            )
        )
    username = email[:150]
    suffix = 1
    while User.objects.filter(username__iexact=username).exists():
        suffix += 1
        username = f"{email[:140]}-{suffix}"
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_password(password)
    try:
        user.full_clean()
        user.save()
    except IntegrityError as error:
        raise ValidationError(_("Das Konto konnte nicht angelegt werden.")) from error
    return user
