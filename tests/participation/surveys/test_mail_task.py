"""A survey's invitations and reminders go out through the worker: one task per run, with
every person's mail, each addressed to that person alone."""

from types import SimpleNamespace

from integration_site.background import mail
from participation.surveys import services
from tests import factories


def test_inviting_many_enqueues_one_task_with_a_mail_each(surveys, mailoutbox, monkeypatch):
    people = [
        factories.ContactPersonFactory(
            actor=surveys.actor, name=f"Person {n}", email=f"p{n}@caritas.example"
        )
        for n in range(4)
    ]
    enqueued = []
    task = mail.send_mails
    monkeypatch.setattr(
        mail,
        "send_mails",
        SimpleNamespace(
            enqueue=lambda messages: enqueued.append(messages) or task.enqueue(messages)
        ),
    )
    mailoutbox.clear()
    links = services.survey_invite(survey=surveys.survey, contact_persons=people, user=None)
    assert len(links) == 4
    assert len(enqueued) == 1 and len(enqueued[0]) == 4
    # The immediate backend (as the tests run) sent them: one mail per person, alone in "To".
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert all(len(m.to) == 1 for m in mailoutbox)
    tokens = {link.email: link.make_token() for link in links}
    for message in mailoutbox:
        assert f"/umfrage/{tokens[message.to[0]]}/" in message.body


def test_a_reminder_run_is_one_task_too(surveys, mailoutbox, monkeypatch):
    services.survey_invite(survey=surveys.survey, contact_persons=[surveys.other_person], user=None)
    enqueued = []
    task = mail.send_mails
    monkeypatch.setattr(
        mail,
        "send_mails",
        SimpleNamespace(
            enqueue=lambda messages: enqueued.append(messages) or task.enqueue(messages)
        ),
    )
    mailoutbox.clear()
    assert services.survey_remind(survey=surveys.survey) == 2
    assert len(enqueued) == 1 and len(mailoutbox) == 2
