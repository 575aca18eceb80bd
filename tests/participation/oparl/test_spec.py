"""OParl 1.1 rules beyond the schemas: effective `modified`, filters at whole seconds, stable
person ids, error objects, omit_internal, conditional GET and gzip, tombstones of TOPs."""

import datetime
import gzip
import json

from django.utils import timezone
from django.utils.dateparse import parse_datetime

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
from tests.participation.oparl.consumer import BODY_LISTS, fetch

OPARL = "https://schema.oparl.org/1.1/"
COUNCIL_MODELS = (
    LegislativeTerm,
    Committee,
    CommitteeMembership,
    CommitteeMeeting,
    AgendaItem,
    Paper,
    Consultation,
    Amendment,
    PaperAttachment,
)


def age_everything(days=30):
    old = timezone.now() - datetime.timedelta(days=days)
    for model in COUNCIL_MODELS:
        model.objects.update(created=old, modified=old)  # test set-up, not a service
    return old


def every_object(client, town, **params):
    body = fetch(client, f"/oparl/v1/body/{town.slug}/")
    found = {}
    for name in BODY_LISTS:
        url, first = body[name], params
        while url:
            page = fetch(client, url, **first)
            found.update({obj["id"]: obj for obj in page["data"]})
            url, first = page["links"].get("next"), {}  # the links carry the filters
    return found


def test_modified_shown_is_the_one_the_filter_uses(world, client):
    """After each change, modified_since returns exactly the objects whose shown `modified`
    is at or after the bound — for every list."""
    age_everything()
    since = timezone.localtime().replace(microsecond=0)
    changes = [
        lambda: Consultation.objects.get(pk=world.oparl.decision.pk).save(),  # votes/result
        lambda: Amendment.objects.get().save(),  # shown in the agenda item
        lambda: Committee.objects.get(pk=world.oparl.hfa.pk).save(),  # meeting names
        lambda: LegislativeTerm.objects.create(
            municipality=world.town, name="2030–2035", starts_on=datetime.date(2030, 11, 1)
        ),
        lambda: Paper.objects.get(pk=world.oparl.paper.pk).save(),  # resolutionText
    ]
    for change in changes:
        change()
        everything = every_object(client, world.town)
        recent = every_object(client, world.town, modified_since=since.isoformat())
        shown_recent = {
            url for url, obj in everything.items() if parse_datetime(obj["modified"]) >= since
        }
        assert set(recent) == shown_recent
        assert recent
    body = fetch(client, f"/oparl/v1/body/{world.town.slug}/")
    assert parse_datetime(body["modified"]) >= since  # a term was added
    item = fetch(client, f"/oparl/v1/agendaitem/{world.oparl.council_item.pk}/")
    assert parse_datetime(item["modified"]) >= since
    consultation = fetch(client, f"/oparl/v1/consultation/{world.oparl.decision.pk}/")
    assert parse_datetime(consultation["modified"]) >= since


def test_until_filters_include_the_second_they_name(world, client):
    moment = timezone.now().replace(microsecond=700_000)
    CommitteeMembership.objects.update(created=moment, modified=moment)
    shown = timezone.localtime(moment).replace(microsecond=0).isoformat()
    url = f"/oparl/v1/body/{world.town.slug}/membership/"
    for name in ("created_until", "modified_until", "created_since", "modified_since"):
        assert fetch(client, url, **{name: shown})["pagination"]["totalElements"] == 3, name
    before = (timezone.localtime(moment) - datetime.timedelta(seconds=1)).replace(microsecond=0)
    assert fetch(client, url, modified_until=before.isoformat())["data"] == []
    # A "+" that was not URL-encoded arrives as a space: still understood.
    assert fetch(client, url, modified_until=shown.replace("+", " "))["data"]


def test_two_people_whose_names_slug_alike_are_two_persons(world, client):
    anna = CommitteeMembership.objects.create(committee=world.oparl.hfa, person_name="Anna Müller")
    other = CommitteeMembership.objects.create(
        committee=world.oparl.council, person_name="Anna Muller"
    )
    again = CommitteeMembership.objects.create(
        committee=world.oparl.council, person_name="Anna Müller"
    )
    persons = fetch(client, f"/oparl/v1/body/{world.town.slug}/person/")["data"]
    by_name = {p["name"]: p for p in persons}
    assert by_name["Anna Müller"]["id"].endswith(f"/person/{anna.pk}/")
    assert by_name["Anna Muller"]["id"].endswith(f"/person/{other.pk}/")
    assert len(by_name["Anna Müller"]["membership"]) == 2
    membership = fetch(client, f"/oparl/v1/membership/{again.pk}/")
    assert membership["person"] == by_name["Anna Müller"]["id"]


def test_system_body_and_location_follow_the_schema_names(world, client):
    system = fetch(client, "/oparl/v1/")
    assert system["license"].startswith("https://")
    assert system["created"] and system["modified"]
    other = fetch(client, f"/oparl/v1/body/{world.other_town.slug}/")
    assert other["legislativeTerm"] == []  # required list: empty, not left out
    location = fetch(client, f"/oparl/v1/location/{world.oparl.hfa_meeting.pk}/")
    assert location["meetings"] == [
        f"http://testserver/oparl/v1/meeting/{world.oparl.hfa_meeting.pk}/"
    ]
    assert "meeting" not in location
    files = fetch(client, f"/oparl/v1/body/{world.town.slug}/file/")["data"]
    assert f"http://testserver/oparl/v1/paper/{world.oparl.paper.pk}/mainfile/" in {
        f["id"] for f in files
    }


def test_errors_are_oparl_error_objects(world, client):
    for url, status in (
        ("/oparl/v1/paper/999999/", 404),
        ("/oparl/v1/gibt-es-nicht/", 404),
        (f"/oparl/v1/body/{world.town.slug}/paper/?page=7", 404),
        (f"/oparl/v1/body/{world.town.slug}/paper/?limit=viele", 400),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"] == "application/json; charset=utf-8"
        error = response.json()
        assert error["type"] == f"{OPARL}Error" and error["message"] and error["debug"]
    response = client.post("/oparl/v1/")
    assert response.status_code == 405
    assert response.json()["type"] == f"{OPARL}Error"
    assert client.get("/oparl/v1/paper").status_code == 301  # APPEND_SLASH still works


def test_omit_internal_leaves_out_the_internal_lists(world, client):
    town = world.town.slug
    params = {"omit_internal": "true"}
    body = fetch(client, f"/oparl/v1/body/{town}/", **params)
    assert "legislativeTerm" not in body
    paper = fetch(client, f"/oparl/v1/paper/{world.oparl.paper.pk}/", **params)
    assert "auxiliaryFile" not in paper and paper["consultation"]
    meeting = fetch(client, f"/oparl/v1/meeting/{world.oparl.council_meeting.pk}/", **params)
    assert "agendaItem" not in meeting
    page = fetch(client, f"/oparl/v1/body/{town}/person/", limit=1, **params)
    assert "membership" not in page["data"][0]
    assert "omit_internal=true" in page["links"]["next"]
    full = fetch(client, f"/oparl/v1/paper/{world.oparl.paper.pk}/")
    assert full["auxiliaryFile"]


def test_etag_last_modified_conditional_get_and_gzip(world, client):
    url = f"/oparl/v1/paper/{world.oparl.paper.pk}/"
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag and last_modified
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    Consultation.objects.filter(pk=world.oparl.decision.pk).update(votes_yes=39)
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    listed = client.get(f"/oparl/v1/body/{world.town.slug}/paper/")
    assert listed["ETag"]
    assert (
        client.get(
            f"/oparl/v1/body/{world.town.slug}/paper/", headers={"if-none-match": listed["ETag"]}
        ).status_code
        == 304
    )
    zipped = client.get(url, headers={"accept-encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == changed.json()


def test_removing_a_top_leaves_a_tombstone_and_bumps_the_meeting(
    world, client, django_capture_on_commit_callbacks
):
    old = age_everything()
    tombstones.reconcile_all()
    item = world.oparl.hfa_item
    url = f"/oparl/v1/agendaitem/{item.pk}/"
    created = fetch(client, url)["created"]
    with django_capture_on_commit_callbacks(execute=True):
        preliminary = Consultation.objects.get(pk=world.oparl.preliminary.pk)
        consultation_save(consultation=preliminary, agenda_number="")
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    response = client.get(url)
    assert response.status_code == 200
    tombstone = response.json()
    assert tombstone == {
        "id": f"http://testserver{url}",
        "type": f"{OPARL}AgendaItem",
        "created": created,
        "modified": tombstone["modified"],
        "deleted": True,
    }
    assert parse_datetime(tombstone["modified"]) > old + datetime.timedelta(days=1)
    meeting = fetch(client, f"/oparl/v1/meeting/{world.oparl.hfa_meeting.pk}/")
    assert parse_datetime(meeting["modified"]) >= parse_datetime(tombstone["modified"])
    assert all(not a["id"].endswith(f"/{item.pk}/") for a in meeting["agendaItem"])


def test_a_paper_published_again_loses_its_tombstone(
    world, client, django_capture_on_commit_callbacks
):
    tombstones.reconcile_all()
    paper_url = f"/oparl/v1/paper/{world.oparl.paper.pk}/"
    steps = Consultation.objects.filter(paper=world.oparl.paper, is_public=True)
    with django_capture_on_commit_callbacks(execute=True):
        for step in steps:
            step.is_public = False
            step.save()
    assert fetch(client, paper_url)["deleted"] is True
    assert fetch(client, f"/oparl/v1/file/{world.oparl.attachment.pk}/")["deleted"] is True
    with django_capture_on_commit_callbacks(execute=True):
        for step in Consultation.objects.filter(pk__in=[world.oparl.preliminary.pk]):
            step.is_public = True
            step.save()
    again = fetch(client, paper_url)
    assert "deleted" not in again and again["reference"] == "BV/0546/2026"
    listed = fetch(client, f"/oparl/v1/body/{world.town.slug}/paper/", modified_since="2000-01-01")
    assert [p["id"] for p in listed["data"]] == [f"http://testserver{paper_url}"]


def test_oparl_records_command_records_what_is_shown(world):
    from io import StringIO

    from django.core.management import call_command

    from participation.models import OParlRecord

    out = StringIO()
    call_command("oparl_records", stdout=out)
    kinds = set(OParlRecord.objects.values_list("kind", flat=True))
    assert kinds == set(tombstones.TYPES)
    assert not OParlRecord.objects.filter(kind="paper", key=str(world.oparl.draft.pk)).exists()
    shown = OParlRecord.objects.filter(deleted_at__isnull=True).count()
    assert f"OParl: {shown} veröffentlichte, 0 gelöschte Objekte." in out.getvalue()


def test_a_deleted_town_is_a_body_tombstone(world, client, django_capture_on_commit_callbacks):
    tombstones.reconcile_all()
    slug = world.other_town.slug
    with django_capture_on_commit_callbacks(execute=True):
        world.other_town.delete()
    plain = fetch(client, "/oparl/v1/body/")["data"]
    assert slug not in {b["id"].rstrip("/").rsplit("/", 1)[-1] for b in plain}
    listed = fetch(client, "/oparl/v1/body/", modified_since="2000-01-01")["data"]
    [tombstone] = [b for b in listed if b.get("deleted")]
    assert tombstone["id"] == f"http://testserver/oparl/v1/body/{slug}/"
    assert fetch(client, tombstone["id"]) == tombstone
