"""A consumer that keeps itself up to date with `modified_since` ends with the API's picture:
after results change, a body is renamed, a term is added, a paper is depublished and agenda
items, files, memberships and a meeting are deleted (spec §2.5 Aktualisierungsmechanismus, §2.8)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from concepts.models import Municipality
from participation.council.services import consultation_save
from participation.models import (
    AgendaItem,
    Amendment,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    LegislativeTerm,
    Paper,
    PaperAttachment,
)
from participation.oparl import tombstones
from tests.participation.oparl.conftest import published_paper
from tests.participation.oparl.consumer import Consumer, fetch


def age_everything():
    """The set-up happened last month: only what the test changes is newer than `since`."""
    old = timezone.now() - datetime.timedelta(days=30)
    for model in (
        Municipality,
        LegislativeTerm,
        Committee,
        CommitteeMembership,
        CommitteeMeeting,
        AgendaItem,
        Paper,
        Consultation,
        Amendment,
        PaperAttachment,
    ):
        model.objects.update(created=old, modified=old)  # test set-up, not a service


def now_in_seconds():
    return timezone.localtime().replace(microsecond=0)


@pytest.mark.parametrize("params", [{}, {"omit_internal": "true"}], ids=["full", "omit_internal"])
def test_consumer_stays_in_sync_through_changes_and_deletions(
    world, client, django_capture_on_commit_callbacks, params
):
    o = world.oparl
    second = published_paper(
        world.town, o.council, o.council_meeting, "BV/0600/2026", "Sprachkurse für Eltern"
    )
    anna = CommitteeMembership.objects.create(committee=o.hfa, person_name="Anna Müller")
    anna_without_umlaut = CommitteeMembership.objects.create(
        committee=o.council, person_name="Anna Muller"
    )
    age_everything()
    tombstones.reconcile_all()  # what the commit of the set-up would have recorded
    pks = {
        "attachment": o.attachment.pk,
        "anna": anna_without_umlaut.pk,
        "meeting": o.closed_meeting.pk,
    }

    consumer = Consumer(client, **params)
    since = now_in_seconds()
    consumer.full_read()
    before = dict(consumer.store)
    persons = [obj for obj in before.values() if obj["type"].endswith("/Person")]
    assert {"Anna Müller", "Anna Muller"} <= {p["name"] for p in persons}  # two persons

    with django_capture_on_commit_callbacks(execute=True):
        decision = Consultation.objects.get(pk=o.decision.pk)
        decision.votes_yes, decision.votes_abstain = 37, 1
        decision.save()  # a result changes: agenda item, consultation, paper, meeting
        hfa = Committee.objects.get(pk=o.hfa.pk)
        hfa.name = "Ausschuss für Finanzen"
        hfa.save()  # the meeting's derived name changes
        LegislativeTerm.objects.create(
            municipality=world.town, name="2030–2035", starts_on=datetime.date(2030, 11, 1)
        )
        step = second.consultations.get()
        step.is_public = False
        step.save()  # the second paper is depublished
        preliminary = Consultation.objects.get(pk=o.preliminary.pk)
        consultation_save(consultation=preliminary, agenda_number="")  # TOP removed
        o.attachment.delete()
        anna_without_umlaut.delete()
        CommitteeMembership.objects.get(person_name="Ayşe Demir").delete()
        o.closed_meeting.delete()

    consumer.update(since.isoformat())
    fresh = Consumer(client, **params)
    fresh.full_read()
    assert consumer.store == fresh.store

    # It needed the tombstones: these objects were in the first read and are gone now.
    gone = set(before) - set(fresh.store)
    expected_gone = {
        f"http://testserver/oparl/v1/{path}/"
        for path in (
            f"agendaitem/{o.hfa_item.pk}",
            f"consultation/{o.preliminary.pk}",
            f"paper/{second.pk}",
            f"paper/{second.pk}/mainfile",
            f"consultation/{step.pk}",
            f"file/{pks['attachment']}",
            f"membership/{pks['anna']}",
            f"body/{world.town.slug}/person/{pks['anna']}",
            f"meeting/{pks['meeting']}",
            f"agendaitem/{o.closed_item.pk}",
        )
    }
    assert expected_gone <= gone
    for url in gone:
        tombstone = fetch(client, url)  # HTTP 200, as the spec wants
        assert tombstone["deleted"] is True and tombstone["id"] == url
        assert parse_datetime(tombstone["modified"]) >= since
        assert tombstone["created"] == before[url]["created"]
    assert f"http://testserver/oparl/v1/body/{world.town.slug}/person/{anna.pk}/" in fresh.store

    # What changed shows a new `modified` (the one modified_since used).
    changed = [url for url in set(before) & set(fresh.store) if before[url] != fresh.store[url]]
    assert changed
    for url in changed:
        assert parse_datetime(fresh.store[url]["modified"]) >= since, url
    meeting = fresh.store[f"http://testserver/oparl/v1/meeting/{o.hfa_meeting.pk}/"]
    assert meeting["name"] == "Sitzung Ausschuss für Finanzen"
    # The parents of what was deleted were bumped.
    for parent in (
        f"meeting/{o.hfa_meeting.pk}",  # lost its agenda item
        f"paper/{o.paper.pk}",  # lost its attachment
        f"organization/{o.council.pk}",  # lost a membership
        f"body/{world.town.slug}",  # got a term
    ):
        assert f"http://testserver/oparl/v1/{parent}/" in changed, parent


def test_without_modified_since_no_tombstones_are_listed(
    world, client, django_capture_on_commit_callbacks
):
    tombstones.reconcile_all()
    with django_capture_on_commit_callbacks(execute=True):
        attachment = world.oparl.attachment.pk
        world.oparl.attachment.delete()
    url = f"/oparl/v1/body/{world.town.slug}/file/"
    plain = fetch(client, url)["data"]
    assert not any(obj.get("deleted") for obj in plain)
    listed = fetch(client, url, modified_since="2000-01-01")["data"]
    [tombstone] = [obj for obj in listed if obj.get("deleted")]
    assert tombstone["id"].endswith(f"/file/{attachment}/")
    assert fetch(client, url, modified_since="2999-01-01")["data"] == []
