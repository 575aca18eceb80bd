import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from participation.models import NotificationSettings
from participation.review import services
from tests import factories
from tests.background import DATABASE_BACKEND, run_worker


def switch_off(user, **flags):
    NotificationSettings.objects.update_or_create(user=user, defaults=flags)


def open_round(world, **kwargs):
    return services.review_round_open(
        chapter=world.chapter,
        groups=[world.group_a],
        deadline=kwargs.pop("deadline", timezone.localdate() + datetime.timedelta(days=10)),
        user=world.users["staff"],
        **kwargs,
    )


def test_opening_a_round_mails_the_groups_members(review, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_round(review, note="Bitte auf die Stadtteile achten.")
    assert [m.to for m in mail.outbox] == [[review.users["member"].email]]
    message = mail.outbox[0]
    assert "Bitte um Rückmeldung: Sprachförderung" in message.subject
    assert "Bitte auf die Stadtteile achten." in message.body
    assert f"http://testserver.example/rheine/beteiligung/rueckmeldung/{round_.pk}/" in message.body


@pytest.mark.django_db(transaction=True)  # the worker closes the connection between tasks
def test_the_mails_of_a_round_go_out_through_the_worker_not_the_request(
    review, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_BACKEND
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        open_round(review)
    assert mail.outbox == []  # enqueued: the request did not wait for the mail server
    run_worker()
    assert [m.to for m in mail.outbox] == [[review.users["member"].email]]
    assert "Bitte um Rückmeldung: Sprachförderung" in mail.outbox[0].subject


def test_no_mail_when_switched_off(review, django_capture_on_commit_callbacks):
    switch_off(review.users["member"], round_opened=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        open_round(review)
    assert mail.outbox == []


def test_reply_mails_the_author_with_text_and_link(review, django_capture_on_commit_callbacks):
    other = factories.UserFactory(username="zweite")
    factories.MembershipFactory(user=other, municipality=review.town, role="member")
    review.group_a.memberships.create(user=other)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_create(
            round_=review.round, author=other, text="Stimme **zu**.", parent=review.comment
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [review.users["member"].email]
    # The text as a reader sees it: Markdown without its markup.
    assert "Stimme zu." in message.body and "Bitte Dorenkamp nennen." in message.body
    assert "**" not in message.body
    assert f"#kommentar-{reply.pk}" in message.body
    # Switched off: no mail; replying to oneself: no mail either.
    switch_off(review.users["member"], reply=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(round_=review.round, author=other, text="x", parent=review.comment)
        services.comment_create(
            round_=review.round, author=review.users["member"], text="y", parent=review.comment
        )
    assert mail.outbox == []


def test_closing_mails_each_member_their_answers(review, django_capture_on_commit_callbacks):
    services.comment_answer(
        comment=review.comment,
        user=review.users["staff"],
        disposition="accepted",
        answer="Dorenkamp wird genannt.",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_round_close(round_=review.round, user=review.users["staff"])
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Prüfrunde abgeschlossen" in mail.outbox[0].subject
    assert "Absatz 2: Bitte Dorenkamp nennen." in body
    assert "Entscheidung: übernommen" in body and "Antwort: Dorenkamp wird genannt." in body
    assert f"#kommentar-{review.comment.pk}" in body


def test_closing_mail_respects_the_setting(review, django_capture_on_commit_callbacks):
    switch_off(review.users["member"], round_closed=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_round_close(round_=review.round, user=review.users["staff"])
    assert mail.outbox == []


def test_reminder_command_is_idempotent(review):
    soon = open_round(review, deadline=timezone.localdate() + datetime.timedelta(days=3))
    open_round(review, deadline=timezone.localdate() + datetime.timedelta(days=10))
    mail.outbox.clear()
    call_command("send_review_reminders", stdout=StringIO())
    # The fixture's rounds end in 14 days; only the round due in three days reminds.
    assert len(mail.outbox) == 1
    assert "Erinnerung" in mail.outbox[0].subject and "in 3 Tagen" in mail.outbox[0].body
    assert str(soon.pk) in mail.outbox[0].body
    call_command("send_review_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_reminder_respects_the_setting(review):
    switch_off(review.users["member"], deadline_reminder=False)
    open_round(review, deadline=timezone.localdate() + datetime.timedelta(days=1))
    mail.outbox.clear()
    call_command("send_review_reminders", stdout=StringIO())
    assert mail.outbox == []


def test_settings_page_switches_mails_off(review, member_client):
    url = reverse("participation:notification_settings", kwargs={"town": review.town.slug})
    assert "Antwort auf meinen Kommentar" in member_client.get(url).content.decode()
    member_client.post(url, {"round_opened": "on", "deadline_reminder": "on"})
    settings = NotificationSettings.objects.get(user=review.users["member"])
    assert settings.round_opened and settings.deadline_reminder
    assert not settings.reply and not settings.round_closed


def test_no_mail_to_group_members_without_a_member_role_in_the_town(
    review, django_capture_on_commit_callbacks
):
    former = factories.UserFactory(username="ehemalig")
    review.group_a.memberships.create(user=former)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        open_round(review)
    assert [m.to for m in mail.outbox] == [[review.users["member"].email]]
