"""Mail to many recipients, sent by the worker: a request (opening a review round for three
groups, a reminder run) only enqueues the prepared messages, so a slow mail server never holds
a web worker. One SMTP connection per task (`send_mass_mail`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.mail import send_mass_mail
from django_tasks import task


def send_mails_later(messages: Iterable[Sequence]) -> int:
    """Enqueue `(subject, body, from_email, [recipients])` messages; returns how many."""
    messages = [[subject, body, sender, list(to)] for subject, body, sender, to in messages]
    if messages:
        send_mails.enqueue(messages)
    return len(messages)


@task()
def send_mails(messages: list[list]) -> int:
    return send_mass_mail(
        [(subject, body, sender, to) for subject, body, sender, to in messages],
        fail_silently=False,
    )
