"""OParl 1.1: objects against the spec's required fields, ids, lists, embedding, files."""

import datetime
import re

import pytest
from django.utils import timezone

from participation.council.pdf import paper_pdf
from participation.models import (
    Amendment,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    Paper,
    PaperAttachment,
)
from tests.crawler import pdf_text
from tests.participation.oparl.conftest import PDF_BYTES, at, published_paper

OPARL = "https://schema.oparl.org/1.1/"

# Required properties of OParl 1.1 ("Pflicht" / "ZWINGEND" in the specification, chapter
# "Schema"). Body's lists beyond the 1.0 set (agendaItem, consultation, file, locationList,
# legislativeTermList, membership) were added in 1.1 and we serve them all.
REQUIRED = {
    "System": ["id", "type", "oparlVersion", "body"],
    "Body": [
        "id",
        "type",
        "name",
        "organization",
        "person",
        "meeting",
        "paper",
        "legislativeTerm",
        "agendaItem",
        "consultation",
        "file",
        "locationList",
        "legislativeTermList",
        "membership",
    ],
    "LegislativeTerm": ["id", "type"],
    "Organization": ["id", "type"],
    "Person": ["id", "type"],
    "Membership": ["id", "type", "organization"],
    "Meeting": ["id", "type"],
    "AgendaItem": ["id", "type", "order"],
    "Paper": ["id", "type"],
    "Consultation": ["id", "type", "organization"],
    "File": ["id", "type", "accessUrl"],
    "Location": ["id", "type"],
}
# Objects embedded in another leave out the back-reference to it; standalone they carry it.
BACK_REFERENCE = {"Membership": "person", "AgendaItem": "meeting", "Consultation": "paper"}
LISTS = {
    "organization": "Organization",
    "person": "Person",
    "meeting": "Meeting",
    "paper": "Paper",
    "agendaItem": "AgendaItem",
    "consultation": "Consultation",
    "file": "File",
    "locationList": "Location",
    "legislativeTermList": "LegislativeTerm",
    "membership": "Membership",
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
DATE_FIELDS = {"date", "startDate", "endDate"}
DATE_TIME_FIELDS = {"created", "modified", "start", "end"}


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def assert_valid(obj, kind):
    assert obj["type"] == f"{OPARL}{kind}"
    missing = [field for field in REQUIRED[kind] if field not in obj]
    assert not missing, f"{kind} ohne Pflichtfelder {missing}: {obj['id']}"
    assert obj["id"].startswith("http://testserver/oparl/v1/")
    for key, value in obj.items():
        if key in DATE_FIELDS:
            assert DATE.match(value), (kind, key, value)
        if key in DATE_TIME_FIELDS:
            assert DATE_TIME.match(value), (kind, key, value)
        assert value not in (None, ""), f"{kind}.{key} ist leer; leere Felder entfallen"


def walk(client, url):
    """Every object of a list, following `next` links."""
    objects = []
    while url:
        page = get(client, url)
        assert set(page) >= {"data", "pagination", "links"}
        objects.extend(page["data"])
        url = page["links"].get("next")
    return objects


def test_system_and_body(world, client):
    system = get(client, "/oparl/v1/")
    assert_valid(system, "System")
    assert system["oparlVersion"] == OPARL
    bodies = walk(client, system["body"])
    body = next(b for b in bodies if b["shortName"] == "Rheine")
    assert_valid(body, "Body")
    assert body == get(client, body["id"])
    assert re.match(r"^\d{8}$", body["ags"])
    assert body["ags"] == world.town.ags
    assert [t["name"] for t in body["legislativeTerm"]] == ["2025–2030"]
    for term in body["legislativeTerm"]:
        assert_valid(term, "LegislativeTerm")


def test_every_object_has_required_fields_and_its_id_serves_it(world, client):
    body = get(client, "/oparl/v1/body/rheine/")
    counts = {}
    for field, kind in LISTS.items():
        objects = walk(client, body[field])
        counts[kind] = len(objects)
        for obj in objects:
            assert_valid(obj, kind)
            if kind in BACK_REFERENCE:
                assert BACK_REFERENCE[kind] in obj, f"{kind} ohne Rückverweis"
            assert get(client, obj["id"]) == obj, f"{obj['id']} liefert ein anderes Objekt"
    assert counts == {
        "Organization": 2,
        "Person": 2,
        "Meeting": 3,
        "Paper": 1,
        "AgendaItem": 4,
        "Consultation": 2,
        "File": 2,  # the attachment and the paper's main file
        "Location": 2,
        "LegislativeTerm": 1,
        "Membership": 3,
    }


def test_meeting_embeds_its_agenda_items_and_location(world, client):
    meeting = get(client, f"/oparl/v1/meeting/{world.oparl.council_meeting.pk}/")
    assert meeting["name"] == "12. Sitzung des Rates"
    assert meeting["start"] == "2026-03-19T17:00:00+01:00"
    assert meeting["end"] == "2026-03-19T21:30:00+01:00"
    assert_valid(meeting["location"], "Location")
    assert meeting["location"]["description"] == "Rathaus, Ratssaal"
    [item] = meeting["agendaItem"]
    assert_valid(item, "AgendaItem")
    assert "meeting" not in item  # embedded: no back-reference
    assert item["number"] == "7"
    assert item["consultation"].endswith(f"/consultation/{world.oparl.decision.pk}/")


def test_paper_embeds_consultations_and_files(world, client):
    paper = get(client, f"/oparl/v1/paper/{world.oparl.paper.pk}/")
    assert paper["reference"] == "BV/0546/2026"
    assert paper["name"] == "Integrationskonzept der Stadt Rheine – 2. Fortschreibung"
    assert paper["date"] == "2026-02-10"
    assert paper["paperType"] == "Beschlussvorlage"
    consultations = paper["consultation"]
    assert [c["role"] for c in consultations] == ["Vorberatung", "Entscheidung"]
    for consultation in consultations:
        assert_valid(consultation, "Consultation")
        assert "paper" not in consultation
    assert consultations[1]["authoritative"] is True
    [attachment] = paper["auxiliaryFile"]
    assert_valid(attachment, "File")
    assert attachment["mimeType"] == "application/pdf"
    assert attachment["fileName"] == "stellungnahme.pdf"
    main = paper["mainFile"]
    assert_valid(main, "File")
    assert "paper" not in main
    standalone = get(client, main["id"])
    assert standalone["paper"] == [paper["id"]]
    assert {k: v for k, v in standalone.items() if k != "paper"} == main


def test_main_file_is_the_vorlage_as_pdf(world, client):
    paper = get(client, f"/oparl/v1/paper/{world.oparl.paper.pk}/")
    response = client.get(paper["mainFile"]["downloadUrl"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="Beschlussvorlage-BV-0546-2026.pdf"' in response["Content-Disposition"]
    draft = f"/oparl/v1/paper/{world.oparl.draft.pk}/mainfile/access/"
    missing = client.get(draft)
    assert missing.status_code == 404
    assert missing.json()["type"] == f"{OPARL}Error"


def test_person_embeds_memberships(world, client):
    person = get(client, f"/oparl/v1/body/rheine/person/{world.oparl.chair.pk}/")
    assert person["name"] == "Heinz Brüggemann"
    assert len(person["membership"]) == 2
    for membership in person["membership"]:
        assert_valid(membership, "Membership")
        assert "person" not in membership
    assert person["membership"][0]["role"] == "Vorsitz"
    assert person["membership"][0]["startDate"] == "2025-11-01"


def test_result_is_german_text_and_votes_are_an_extension(world, client):
    item = get(client, f"/oparl/v1/agendaitem/{world.oparl.council_item.pk}/")
    assert item["result"] == "ungeändert beschlossen"
    assert item["x-integration:votes"] == {"yes": 38, "no": 2, "abstain": None, "unanimous": False}
    assert "Der Rat beschließt die 2. Fortschreibung." in item["resolutionText"]
    [amendment] = item["x-integration:amendments"]
    assert amendment["result"] == "abgelehnt"
    assert amendment["x-integration:votes"]["no"] == 30
    preliminary = get(client, f"/oparl/v1/agendaitem/{world.oparl.hfa_item.pk}/")
    assert preliminary["result"] == "vorberaten"
    assert "x-integration:votes" not in preliminary


def test_unanimous_vote_without_counts(world, client):
    Consultation.objects.filter(pk=world.oparl.decision.pk).update(
        votes_yes=None, votes_no=None, unanimous=True
    )
    item = get(client, f"/oparl/v1/agendaitem/{world.oparl.council_item.pk}/")
    assert item["x-integration:votes"] == {
        "yes": None,
        "no": None,
        "abstain": None,
        "unanimous": True,
    }


def test_non_public_agenda_items_are_reduced(world, client):
    secret = get(client, f"/oparl/v1/agendaitem/{world.oparl.secret_item.pk}/")
    assert secret["public"] is False
    assert secret["name"] == "Nichtöffentlicher Tagesordnungspunkt"
    closed = get(client, f"/oparl/v1/meeting/{world.oparl.closed_meeting.pk}/")
    [item] = closed["agendaItem"]
    assert item["public"] is False
    body = str(get(client, "/oparl/v1/body/rheine/agendaitem/"))
    assert "Grundstücksgeschäft" not in body and "Personalangelegenheit" not in body
    consultation_ids = [
        c["id"] for c in get(client, f"/oparl/v1/paper/{world.oparl.paper.pk}/")["consultation"]
    ]
    assert not any(i.endswith(f"/{world.oparl.hidden_consultation.pk}/") for i in consultation_ids)
    url = f"/oparl/v1/consultation/{world.oparl.hidden_consultation.pk}/"
    assert client.get(url).status_code == 404


def test_unpublished_paper_and_its_files_stay_internal(world, client):
    assert client.get(f"/oparl/v1/paper/{world.oparl.draft.pk}/").status_code == 404
    draft_file = world.oparl.draft_attachment.pk
    assert client.get(f"/oparl/v1/file/{draft_file}/").status_code == 404
    assert client.get(f"/oparl/v1/file/{draft_file}/download/").status_code == 404
    papers = walk(client, "/oparl/v1/body/rheine/paper/")
    assert [p["reference"] for p in papers] == ["BV/0546/2026"]


def test_files_download_with_their_content_type(world, client):
    paper = get(client, f"/oparl/v1/paper/{world.oparl.paper.pk}/")
    [attachment] = paper["auxiliaryFile"]
    access = client.get(attachment["accessUrl"])
    assert access.status_code == 200
    assert access["Content-Type"] == "application/pdf"
    assert b"".join(access.streaming_content) == PDF_BYTES
    assert access["Content-Disposition"].startswith("inline")
    download = client.get(attachment["downloadUrl"])
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="stellungnahme.pdf"' in download["Content-Disposition"]


def test_other_towns_objects_are_not_in_this_towns_lists(world, client):
    other = Committee.objects.create(
        municipality=world.other_town, name="Rat der Stadt Emmerich", kind="council"
    )
    CommitteeMeeting.objects.create(committee=other, starts_at=at(2026, 5, 1, 17))
    names = [o["name"] for o in walk(client, "/oparl/v1/body/rheine/organization/")]
    assert "Rat der Stadt Emmerich" not in names
    assert len(walk(client, "/oparl/v1/body/emmerich/meeting/")) == 1


def test_pagination_and_modified_since_work_together(world, client):
    old = timezone.now() - datetime.timedelta(days=30)
    CommitteeMembership.objects.update(created=old, modified=old)  # test set-up, not a service
    for n in range(7):
        CommitteeMembership.objects.create(committee=world.oparl.hfa, person_name=f"Neu {n}")
    since = (timezone.now() - datetime.timedelta(days=1)).replace(microsecond=0).isoformat()
    first = get(client, "/oparl/v1/body/rheine/membership/", modified_since=since, limit=3)
    assert first["pagination"] == {
        "totalElements": 7,
        "elementsPerPage": 3,
        "currentPage": 1,
        "totalPages": 3,
    }
    for name in ("first", "last", "next", "self"):
        link = first["links"][name]
        assert link.startswith("http://testserver/oparl/v1/body/rheine/membership/?")
        assert "modified_since=" in link and "limit=3" in link
    assert "prev" not in first["links"]
    names = [m["id"] for m in first["data"]]
    url = first["links"]["next"]
    while url:
        page = get(client, url)
        names += [m["id"] for m in page["data"]]
        url = page["links"].get("next")
    assert len(names) == len(set(names)) == 7
    last = get(client, first["links"]["last"])
    assert last["pagination"]["currentPage"] == 3 and "next" not in last["links"]
    assert "prev" in last["links"]
    created = get(client, "/oparl/v1/body/rheine/membership/", created_since=since)
    assert created["pagination"]["totalElements"] == 7
    until = get(client, "/oparl/v1/body/rheine/membership/", modified_until=since)
    assert until["pagination"]["totalElements"] == 3


def test_paper_counts_as_modified_when_a_consultation_changes(world, client):
    old = timezone.now() - datetime.timedelta(days=30)
    Paper.objects.update(created=old, modified=old)
    Consultation.objects.update(modified=old)
    PaperAttachment.objects.update(modified=old)
    Amendment.objects.update(modified=old)  # shown in the consultation's agenda item
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert get(client, "/oparl/v1/body/rheine/paper/", modified_since=since)["data"] == []
    decision = Consultation.objects.get(pk=world.oparl.decision.pk)
    decision.note = "Protokollnotiz"
    decision.save()
    [paper] = get(client, "/oparl/v1/body/rheine/paper/", modified_since=since)["data"]
    assert paper["reference"] == "BV/0546/2026"
    assert paper["modified"] > paper["created"]


def test_bad_filter_is_a_german_400(world, client):
    response = client.get("/oparl/v1/body/rheine/paper/", {"modified_since": "gestern"})
    assert response.status_code == 400
    error = response.json()
    assert error["type"] == f"{OPARL}Error"
    assert "ISO 8601" in error["message"]


@pytest.mark.parametrize(
    ("list_name", "budget"),
    [
        ("paper", 6),
        ("meeting", 6),
        ("agendaitem", 6),
        ("consultation", 4),
        ("organization", 4),
        ("person", 3),
        ("membership", 3),
        ("file", 5),  # attachments and main files: count and page of each
    ],
)
def test_list_query_count_is_bounded(
    world, client, django_assert_max_num_queries, list_name, budget
):
    for n in range(30):
        meeting = CommitteeMeeting.objects.create(
            committee=world.oparl.hfa, starts_at=at(2026, 6, 1, 17), location=f"Raum {n}"
        )
        published_paper(
            world.town,
            world.oparl.hfa,
            meeting,
            f"BV/{1000 + n}/2026",
            f"Vorlage {n}",
        )
        CommitteeMembership.objects.create(committee=world.oparl.council, person_name=f"P {n}")
    url = f"/oparl/v1/body/rheine/{list_name}/"
    with django_assert_max_num_queries(budget):
        page = get(client, url)
    assert page["data"]
    # With modified_since the tombstones follow: one count and one page more.
    with django_assert_max_num_queries(budget + 2):
        page = get(client, url, modified_since="2000-01-01T00:00:00+01:00", limit=50)
    assert page["data"]


def test_main_file_shows_only_the_public_steps_of_the_gremienweg(world, client):
    hidden = world.oparl.hidden_consultation
    Consultation.objects.filter(pk=hidden.pk).update(
        result="adopted_amended", decision_text="Nichtöffentlicher Beschlusswortlaut"
    )
    Amendment.objects.create(
        consultation=hidden, proposer="Ratsfraktion X", text="Nichtöffentlicher Antrag"
    )
    # Saved without clean(): a step marked public, but in the non-public meeting.
    Consultation.objects.create(
        paper=world.oparl.paper,
        position=4,
        committee=world.oparl.hfa,
        meeting=world.oparl.closed_meeting,
        agenda_item=world.oparl.closed_item,
        decision_text="Beschluss aus der nichtöffentlichen Sitzung",
        result="adopted_amended",
    )
    main_file = f"/oparl/v1/paper/{world.oparl.paper.pk}/mainfile/access/"
    public = " ".join(pdf_text(client.get(main_file).content).split())
    assert "Rat der Stadt Rheine" in public and "Handlungsfeld Klima" in public
    for secret in ("Nichtöffentlich", "nichtöffentlichen Sitzung", "Ratsfraktion X"):
        assert secret not in public
    full = " ".join(pdf_text(paper_pdf(world.oparl.paper)).split())
    assert "Nichtöffentlicher Beschlusswortlaut" in full and "Ratsfraktion X" in full
    consultations = walk(client, "/oparl/v1/body/rheine/consultation/")
    assert len(consultations) == 2  # the HFA's and the council's, not the two closed ones
