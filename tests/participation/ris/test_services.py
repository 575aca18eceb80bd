"""Linking, reading back and taking over results from the ALLRIS and SessionNet fixtures."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from concepts.models import Edition
from participation.models import (
    AgendaItem,
    Committee,
    CommitteeMeeting,
    Consultation,
    ConsultationLink,
    MeetingLink,
    PaperLink,
)
from participation.ris import services
from participation.ris.client import CouncilSystemError
from tests.factories import CommitteeFactory, CommitteeMeetingFactory, PaperFactory
from tests.row_counts import row_counts

REASON = "aus dem Ratsinformationssystem übernommen"
ALLRIS_AGENDA = "/public/oparl/agendaItems?id=1002246"


def test_a_system_with_one_body_is_linked_to_it(allris_town, ris_server):
    system = allris_town.council_system
    assert system.body_url == ris_server.url("/public/oparl/bodies?id=1")
    assert system.body_name == "Stadt Beispielstadt"
    assert system.name == "ALLRIS 4 – Stadt Beispielstadt"


def test_a_system_with_two_bodies_asks_which_one(world, ris_server, oparl_client):
    with pytest.raises(ValidationError) as error:
        services.council_system_connect(
            municipality=world.town,
            system_url=ris_server.url("/bi/oparl/1.0/system.asp"),
            client=oparl_client,
        )
    message = error.value.message_dict["body_url"][0]
    assert "mehrere Körperschaften" in message
    assert "Gemeinde Musterhausen" in message and "Zweckverband Wasser" in message
    system = services.council_system_connect(
        municipality=world.town,
        system_url=ris_server.url("/bi/oparl/1.0/system.asp"),
        body_url=ris_server.url("/bi/oparl/1.0/bodies.asp?id=1"),
        client=oparl_client,
    )
    assert system.body_name == "Gemeinde Musterhausen"


def test_the_web_page_instead_of_the_system_is_refused_by_name(world, ris_server, oparl_client):
    with pytest.raises(CouncilSystemError) as error:
        services.council_system_connect(
            municipality=world.town,
            system_url=ris_server.url("/public/si010"),  # the HTML 404 page of the server
            client=oparl_client,
        )
    assert str(error.value).startswith("Das OParl-System http://127.0.0.1")
    assert not hasattr(world.town, "council_system") or world.town.council_system is None


def test_a_paper_is_found_by_its_reference_over_all_pages(allris_town, oparl_client):
    found = services.paper_search(
        council_system=allris_town.council_system, query=" BV/0546/2018 ", client=oparl_client
    )
    assert [p["name"] for p in found] == [
        "Integrationskonzept der Stadt Beispielstadt – 2. Fortschreibung"
    ]
    assert (
        services.paper_search(
            council_system=allris_town.council_system, query="BV/9999/2018", client=oparl_client
        )
        == []
    )


def test_a_pasted_paper_url_is_read(allris_town, ris_server, oparl_client):
    found = services.paper_search(
        council_system=allris_town.council_system,
        query=ris_server.url("/public/oparl/papers?id=1001737"),
        client=oparl_client,
    )
    assert found[0]["reference"] == "BV/0546/2018"


def test_one_remote_paper_links_to_one_vorlage(allris_town, ris_server, oparl_client):
    link = allris_town.link
    assert link.remote_reference == "BV/0546/2018"
    other = PaperFactory(municipality=allris_town.town)
    with pytest.raises(ValidationError) as error:
        services.paper_link(
            paper=other,
            remote_url=ris_server.url("/public/oparl/papers?id=1001737"),
            client=oparl_client,
        )
    assert "bereits mit BV/0546/2018 verknüpft" in error.value.messages[0]


def test_a_meeting_url_is_no_paper(allris_town, ris_server, oparl_client):
    url = ris_server.url("/public/oparl/meetings?id=2801")
    with pytest.raises(CouncilSystemError) as error:
        services.paper_link(paper=allris_town.paper, remote_url=url, client=oparl_client)
    assert str(error.value) == (
        f"Die Vorlage {url}: Erwartet war ein Objekt vom Typ Paper, geliefert wurde "
        "„https://schema.oparl.org/1.1/Meeting“."
    )


def test_the_preview_shows_the_consultations_and_results(allris_town, oparl_client):
    plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    preliminary, decision, fraktion = plan.steps
    assert preliminary.committee == allris_town.social
    assert preliminary.role == Consultation.Role.PRELIMINARY
    assert preliminary.agenda_number == "Ö 5"
    assert preliminary.reading.result == Consultation.Result.DELIBERATED
    assert preliminary.reading.unanimous is True
    assert decision.committee == allris_town.council
    assert decision.role == Consultation.Role.DECISION
    assert decision.reading.result == Consultation.Result.ADOPTED_UNCHANGED
    assert decision.adopts is True
    assert fraktion.skipped == "Das Gremium „SPD-Fraktion“ wird laut Zuordnung nicht übernommen."
    labels = [(c.label, c.after) for c in decision.changes]
    assert ("Sitzung", "neu: Rat der Stadt Rheine am 25.03.2025") in labels
    assert ("Ergebnis", "ungeändert beschlossen") in labels
    assert plan.adopts and plan.needs_confirmation


def test_applying_writes_through_the_council_services_with_history(allris_town, oparl_client):
    plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.plan_apply(plan=plan, user=allris_town.users["staff"])
    assert "ausdrücklich bestätigen" in error.value.messages[0]
    assert row_counts() == before

    services.plan_apply(
        plan=plan,
        user=allris_town.users["staff"],
        fingerprint=plan.fingerprint,
        confirm_adoption=True,
    )
    paper = allris_town.paper
    preliminary, decision = paper.consultations.order_by("position")
    assert preliminary.committee == allris_town.social
    assert preliminary.result == Consultation.Result.DELIBERATED and preliminary.unanimous
    assert preliminary.agenda_item.number == "Ö 5"
    assert preliminary.agenda_item.result == "vorberaten"
    assert decision.result == Consultation.Result.ADOPTED_UNCHANGED
    assert decision.meeting.date == datetime.date(2025, 3, 25)
    assert decision.meeting.name == "Sitzung des Rates der Stadt Beispielstadt"
    edition = Edition.objects.get(pk=allris_town.edition.pk)
    assert edition.status == Edition.Status.ADOPTED
    assert edition.adopted_on == datetime.date(2025, 3, 25)
    # history: who and why, on every row written
    for obj in (decision, decision.agenda_item, edition, decision.meeting):
        record = obj.history.first()
        assert record.history_change_reason == REASON, obj
        assert record.history_user == allris_town.users["staff"]
    assert ConsultationLink.objects.filter(consultation__paper=paper).count() == 2
    assert MeetingLink.objects.count() == 2
    link = PaperLink.objects.get(pk=allris_town.link.pk)
    assert link.read_at is not None and link.pending == []
    assert len(link.remote_meetings) == 2


def test_reading_again_changes_nothing(allris_town, oparl_client):
    plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    services.plan_apply(plan=plan, confirm_adoption=True)
    again = services.paper_plan(link=allris_town.link, client=oparl_client)
    assert not again.has_changes
    before = row_counts()
    services.plan_apply(plan=again)
    assert row_counts() == before  # not even a history entry


def test_existing_consultations_and_meetings_are_matched_not_doubled(allris_town, oparl_client):
    from participation.council import services as council

    meeting = CommitteeMeetingFactory(
        committee=allris_town.council,
        starts_at=datetime.datetime(2025, 3, 25, 17, tzinfo=datetime.UTC),
    )
    planned = council.consultation_save(
        consultation=Consultation(
            paper=allris_town.paper, committee=allris_town.council, meeting=meeting, role="decision"
        ),
        agenda_number="12",
    )
    plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    decision = plan.steps[1]
    assert decision.consultation == planned
    assert decision.meeting == meeting
    services.plan_apply(plan=plan, confirm_adoption=True)
    planned.refresh_from_db()
    assert planned.result == Consultation.Result.ADOPTED_UNCHANGED
    assert planned.agenda_item.number == "Ö 12"
    assert allris_town.council.meetings.count() == 1
    assert allris_town.paper.consultations.count() == 2


def test_a_broken_agenda_item_names_it_and_writes_nothing(allris_town, ris_server, oparl_client):
    ris_server.set(
        ALLRIS_AGENDA,
        "<html><body>Runtime Error</body></html>",
        status=500,
        content_type="text/html",
    )
    before = row_counts()
    with pytest.raises(CouncilSystemError) as error:
        services.paper_plan(link=allris_town.link, client=oparl_client)
    assert str(error.value) == (
        f"Der Tagesordnungspunkt {ris_server.url(ALLRIS_AGENDA)}: Der Server meldet einen "
        "Fehler (HTTP 500, eine HTML-Seite)."
    )
    assert row_counts() == before


def test_a_refusal_half_way_through_rolls_everything_back(allris_town, ris_server, oparl_client):
    data = ris_server.data(ALLRIS_AGENDA)
    data["result"] = "beschlossen: Ja 99, Nein 0, Enthaltungen 0"  # the council has 45 seats
    ris_server.set(ALLRIS_AGENDA, data)
    plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    before = row_counts()
    with pytest.raises(ValidationError) as error:
        services.plan_apply(plan=plan, confirm_adoption=True)
    assert "nur 45 stimmberechtigte Mitglieder" in " ".join(error.value.messages)
    assert row_counts() == before
    assert Edition.objects.get(pk=allris_town.edition.pk).status == Edition.Status.DRAFT


def test_a_changed_system_after_the_preview_is_refused(allris_town, ris_server, oparl_client):
    plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    shown = plan.fingerprint
    data = ris_server.data(ALLRIS_AGENDA)
    data["result"] = "vertagt"
    ris_server.set(ALLRIS_AGENDA, data)
    oparl_client.cache.clear()
    fresh = services.paper_plan(link=allris_town.link, client=oparl_client)
    with pytest.raises(ValidationError) as error:
        services.plan_apply(plan=fresh, fingerprint=shown, confirm_adoption=True)
    assert "seit der Vorschau geändert" in error.value.messages[0]
    assert not Consultation.objects.filter(paper=allris_town.paper).exists()


def test_an_unmapped_body_waits_for_the_mapping(allris_town, ris_server, oparl_client):
    allris_town.council_system.organization_mappings.filter(committee=allris_town.social).delete()
    plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    assert plan.unmapped == [
        (
            ris_server.url("/public/oparl/organizations?typ=gr&id=161"),
            "Ausschuss für Soziales, Integration und Gleichstellung",
        )
    ]
    assert "noch keinem eigenen Gremium zugeordnet" in plan.steps[0].skipped
    services.plan_apply(plan=plan, confirm_adoption=True)
    assert list(allris_town.paper.consultations.values_list("committee", flat=True)) == [
        allris_town.council.pk
    ]


def test_changed_wording_without_text_is_taken_as_adopted(allris_town, ris_server, oparl_client):
    data = ris_server.data(ALLRIS_AGENDA)
    data["result"] = "mit Änderungen beschlossen"
    ris_server.set(ALLRIS_AGENDA, data)
    step = services.paper_plan(link=allris_town.link, client=oparl_client).steps[1]
    assert step.reading.result == Consultation.Result.ADOPTED
    assert "der geänderte Wortlaut fehlt" in step.warnings[0]


def test_changed_wording_with_its_text_is_recorded(allris_town, ris_server, oparl_client):
    data = ris_server.data(ALLRIS_AGENDA)
    data["result"] = "geändert beschlossen"
    data["resolutionText"] = "Der Rat beschließt die Fortschreibung mit der Ergänzung …"
    ris_server.set(ALLRIS_AGENDA, data)
    plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    services.plan_apply(plan=plan, confirm_adoption=True)
    decision = allris_town.paper.consultations.get(role="decision")
    assert decision.result == Consultation.Result.ADOPTED_AMENDED
    assert decision.decision_text.startswith("Der Rat beschließt die Fortschreibung")


@pytest.fixture
def sessionnet_town(world, ris_server, oparl_client):
    town = world.town
    world.council = CommitteeFactory(
        municipality=town, name="Gemeinderat", kind=Committee.Kind.COUNCIL, seats=30
    )
    world.board = CommitteeFactory(municipality=town, name="Integrationsbeirat", seats=15)
    system = services.council_system_connect(
        municipality=town,
        system_url=ris_server.url("/bi/oparl/1.0/system.asp"),
        body_url=ris_server.url("/bi/oparl/1.0/bodies.asp?id=1"),
        client=oparl_client,
    )
    services.organization_mappings_save(
        council_system=system,
        choices=[
            (ris_server.url("/bi/oparl/1.0/organizations.asp?id=10"), "Gemeinderat", world.council),
            (ris_server.url("/bi/oparl/1.0/organizations.asp?id=20"), "Beirat", world.board),
        ],
    )
    world.paper = PaperFactory(municipality=town, number="VO/2025/0123")
    found = services.paper_search(council_system=system, query="VO/2025/0123", client=oparl_client)
    world.link = services.paper_link(
        paper=world.paper, remote_url=found[0]["id"], client=oparl_client
    )
    return world


def test_sessionnet_linked_consultations_and_untidy_results(sessionnet_town, oparl_client):
    plan = services.paper_plan(link=sessionnet_town.link, client=oparl_client)
    board, council, hearing = plan.steps
    # 1.0 types, naive start time read as German time, votes from the text
    assert board.reading.result == Consultation.Result.ADOPTED
    assert (board.reading.votes_yes, board.reading.votes_no, board.reading.votes_abstain) == (
        9,
        2,
        1,
    )
    assert board.role == Consultation.Role.PRELIMINARY
    # the meeting is still ahead and has no result: the step is planned without one
    assert council.role == Consultation.Role.DECISION
    assert not council.apply_result and not council.reading.text
    # a text no pattern knows stays as text
    assert hearing.note == (
        "Ergebnis laut Ratsinformationssystem: Die Verwaltung hat berichtet; Aussprache ohne Votum."
    )
    assert not hearing.apply_result
    services.plan_apply(plan=plan)
    paper = sessionnet_town.paper
    first = paper.consultations.get(meeting__starts_at__date=datetime.date(2025, 5, 6))
    assert first.votes_yes == 9 and first.result == Consultation.Result.ADOPTED
    assert first.meeting.starts_at.hour == 14  # 16:00 German summer time in UTC
    third = paper.consultations.get(meeting__starts_at__date=datetime.date(2025, 6, 3))
    assert third.result == "" and third.note.startswith("Ergebnis laut Ratsinformationssystem")
    future = paper.consultations.get(committee=sessionnet_town.council)
    assert future.result == "" and future.meeting.date == datetime.date(2027, 2, 1)
    assert future.agenda_item.number == "7"
    assert (
        CommitteeMeeting.objects.filter(committee__municipality=sessionnet_town.town).count() == 3
    )
    assert (
        AgendaItem.objects.filter(meeting__committee__municipality=sessionnet_town.town).count()
        == 3
    )


def test_a_deleted_agenda_item_counts_as_none(allris_town, ris_server, oparl_client):
    ris_server.set(
        ALLRIS_AGENDA,
        {
            "id": ris_server.url(ALLRIS_AGENDA),
            "type": "https://schema.oparl.org/1.1/AgendaItem",
            "deleted": True,
            "modified": "2025-04-01T10:00:00+02:00",
        },
    )
    decision = services.paper_plan(link=allris_town.link, client=oparl_client).steps[1]
    assert decision.agenda_number == "" and not decision.reading.text
    assert not decision.apply_result


def test_hostile_values_are_kept_out(allris_town, ris_server, oparl_client):
    paper_url = "/public/oparl/papers?id=1001737"
    data = ris_server.data(paper_url)
    data["web"] = "javascript:alert(1)"
    data["name"] = "Integrationskonzept\u0000 – 2. Fortschreibung"
    del data["consultation"][0]["id"]  # an embedded consultation without its own id
    ris_server.set(paper_url, data)
    oparl_client.cache.clear()  # the fixture read the paper already
    link = services.paper_link(
        paper=allris_town.paper, remote_url=ris_server.url(paper_url), client=oparl_client
    )
    assert link.web_url == ""
    assert link.remote_name == "Integrationskonzept – 2. Fortschreibung"
    plan = services.paper_plan(link=link, client=oparl_client)
    assert plan.steps[0].remote_id == ris_server.url(paper_url) + "#beratung-1"
    services.plan_apply(plan=plan, confirm_adoption=True)
    assert ConsultationLink.objects.filter(remote_id__endswith="#beratung-1").exists()


def test_the_preview_runs_a_fixed_number_of_queries(
    allris_town, oparl_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        plan = services.paper_plan(link=allris_town.link, client=oparl_client)
    assert len(plan.changed_steps) == 2


def test_a_local_edit_after_the_preview_is_not_overwritten(allris_town, oparl_client):
    from participation.council import services as council

    meeting = CommitteeMeetingFactory(
        committee=allris_town.council,
        starts_at=datetime.datetime(2025, 3, 25, 16, tzinfo=datetime.UTC),
    )
    decision = council.consultation_save(
        consultation=Consultation(
            paper=allris_town.paper, committee=allris_town.council, meeting=meeting, role="decision"
        ),
        agenda_number="12",
    )
    shown = services.paper_plan(link=allris_town.link, client=oparl_client).fingerprint
    council.consultation_save(consultation=decision, agenda_number="12a")  # someone else, here
    fresh = services.paper_plan(link=allris_town.link, client=oparl_client)
    with pytest.raises(ValidationError):
        services.plan_apply(plan=fresh, fingerprint=shown, confirm_adoption=True)
    decision.refresh_from_db()
    assert decision.agenda_item.number == "12a" and decision.result == ""


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2025-03-04T17:00:00+01:00", datetime.datetime(2025, 3, 4, 16, tzinfo=datetime.UTC)),
        ("2025-05-06T16:00:00", datetime.datetime(2025, 5, 6, 14, tzinfo=datetime.UTC)),
        ("2025-05-06", datetime.datetime(2025, 5, 5, 22, tzinfo=datetime.UTC)),
        ("2025-13-45T99:00:00", None),
        ("2025-02-30", None),
        ("morgen", None),
        (17, None),
    ],
)
def test_meeting_starts_are_read_or_left_out(start, expected):
    assert services.remote_start({"start": start}) == expected
