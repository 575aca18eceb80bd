"""E-mails about review rounds, in German, each with an absolute link (settings.SITE_URL).

Every function respects the person's NotificationSettings (no row: all mails) and skips
people without an e-mail address. Called after the commit by review.services; the messages go
out through the task worker (integration_site/background/mail.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concepts.models import Membership
from integration_site.background.mail import send_mails_later
from participation.models import Comment, GroupMembership, NotificationSettings, ReviewRound

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REMINDER_DAYS = 3


def round_url(round_: ReviewRound, comment: Comment | None = None) -> str:
    path = reverse(
        "participation:review_round_detail",
        kwargs={"town": round_.municipality.slug, "round": round_.pk},
    )
    anchor = f"#{comment.anchor}" if comment else ""
    return f"{settings.SITE_URL.rstrip('/')}{path}{anchor}"


def settings_url(round_: ReviewRound) -> str:
    path = reverse("participation:notification_settings", kwargs={"town": round_.municipality.slug})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def wanting(users: Iterable[User], kind: str) -> list[User]:
    """The users among `users` who have an address and did not switch `kind` off."""
    users = [user for user in users if user.email and user.is_active]
    off = set(
        NotificationSettings.objects.filter(user__in=users, **{kind: False}).values_list(
            "user_id", flat=True
        )
    )
    return [user for user in users if user.pk not in off]


def group_members(round_: ReviewRound) -> list[User]:
    """People in the round's groups who still are Arbeitsgruppen-Mitglieder of the town."""
    user_ids = GroupMembership.objects.filter(group__review_rounds=round_).values("user_id")
    return list(
        get_user_model().objects.filter(
            pk__in=user_ids,
            memberships__municipality=round_.municipality,
            memberships__role=Membership.Role.MEMBER,
        )
    )


def _send(messages):
    # Sent by the background worker: a round for many groups does not wait for the mail server.
    return send_mails_later(messages)


def _message(template, subject, recipient, context):
    body = render_to_string(f"participation/review/email/{template}.txt", context)
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])


def round_opened(round_: ReviewRound) -> int:
    subject = _("Bitte um Rückmeldung: %(title)s (bis %(date)s)") % {
        "title": round_.title,
        "date": f"{round_.deadline:%d.%m.%Y}",
    }
    return _send(
        _message(
            "round_opened",
            subject,
            user,
            {
                "round": round_,
                "user": user,
                "url": round_url(round_),
                "settings_url": settings_url(round_),
            },
        )
        for user in wanting(group_members(round_), "round_opened")
    )


def reply_posted(reply: Comment) -> int:
    parent = reply.parent
    round_ = reply.round
    if not wanting([parent.author], "reply"):
        return 0
    subject = _("Antwort auf Ihren Kommentar: %(title)s") % {"title": round_.title}
    return _send(
        [
            _message(
                "reply",
                subject,
                parent.author,
                {
                    "round": round_,
                    "user": parent.author,
                    "reply": reply,
                    "parent": parent,
                    "url": round_url(round_, reply),
                    "settings_url": settings_url(round_),
                },
            )
        ]
    )


def round_closed(round_: ReviewRound) -> int:
    comments_by_author = {}
    for comment in Comment.objects.filter(round=round_).active().order_by("paragraph", "pk"):
        comments_by_author.setdefault(comment.author_id, []).append(comment)
    subject = _("Prüfrunde abgeschlossen: %(title)s") % {"title": round_.title}
    return _send(
        _message(
            "round_closed",
            subject,
            user,
            {
                "round": round_,
                "user": user,
                "comments": [
                    (comment, round_url(round_, comment))
                    for comment in comments_by_author.get(user.pk, [])
                ],
                "url": round_url(round_),
                "settings_url": settings_url(round_),
            },
        )
        for user in wanting(group_members(round_), "round_closed")
    )


def deadline_reminders(today: datetime.date | None = None) -> int:
    """Remind the groups of open rounds whose deadline is at most three days away, once.

    Idempotent: a round is reminded only once (`reminder_sent_at`), so a daily timer may run
    it any number of times a day.
    """
    today = today or timezone.localdate()
    due = ReviewRound.objects.open().filter(
        reminder_sent_at__isnull=True,
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=REMINDER_DAYS),
    )
    sent = 0
    for round_ in due.select_related("chapter__edition__concept__municipality"):
        # Mark first: a crash after sending must not remind the same people twice.
        round_.reminder_sent_at = timezone.now()
        round_.save(update_fields=["reminder_sent_at", "modified"])
        days_left = (round_.deadline - today).days
        subject = _("Erinnerung: Rückmeldung zu „%(title)s“ bis %(date)s") % {
            "title": round_.title,
            "date": f"{round_.deadline:%d.%m.%Y}",
        }
        own = {}
        for comment in Comment.objects.filter(round=round_).active():
            own[comment.author_id] = own.get(comment.author_id, 0) + 1
        sent += _send(
            _message(
                "deadline_reminder",
                subject,
                user,
                {
                    "round": round_,
                    "user": user,
                    "days_left": days_left,
                    "own_count": own.get(user.pk, 0),
                    "url": round_url(round_),
                    "settings_url": settings_url(round_),
                },
            )
            for user in wanting(group_members(round_), "deadline_reminder")
        )
    return sent
