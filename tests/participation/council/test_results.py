"""Results and votes of the Beratungsfolge, amendments, and the adoption of the edition."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concepts.models import Edition
from participation.council.services import (
    amendment_save,
    consultation_record_result,
    edition_adopt,
)
from participation.council.status import decision_diff, paper_state, word_diff
from participation.models import Amendment, Consultation
from tests import factories
from tests.participation.council.factories import CommitteeMembershipFactory
from tests.permissions import current_version

ADOPTED = Consultation.Result.ADOPTED


def record(consultation, result, **votes):
    return consultation_record_result(consultation=consultation, result=result, **votes)


def messages_of(error):
    return " ".join(m for ms in error.value.message_dict.values() for m in ms)


def test_preliminary_body_records_vorberaten_without_adopting(council_world):
    consultation = record(council_world.consultation, "deliberated", votes_yes=11, votes_no=2)
    assert consultation.get_result_display() == "vorberaten"
    assert consultation.agenda_item.result == "vorberaten"
    council_world.edition.refresh_from_db()
    assert council_world.edition.status == Edition.Status.DRAFT


def test_deciding_body_adopts_the_edition_with_the_meeting_date(council_world):
    concept = council_world.edition.concept
    previous = factories.EditionFactory(
        concept=concept,
        title="1. Fortschreibung",
        year=2012,
        status=Edition.Status.ADOPTED,
        adopted_on=datetime.date(2012, 3, 1),
    )
    record(council_world.decision, ADOPTED, votes_yes=40, votes_no=3, votes_abstain=1)
    edition = Edition.objects.get(pk=council_world.edition.pk)
    assert edition.status == Edition.Status.ADOPTED
    assert edition.adopted_on == datetime.date(2017, 5, 30)
    assert edition.is_locked
    previous.refresh_from_db()
    assert previous.status == Edition.Status.SUPERSEDED and previous.is_locked
    assert edition.history.first().status == Edition.Status.ADOPTED


@pytest.mark.parametrize("result", ["adopted_unchanged", "adopted_amended"])
def test_every_adopting_result_adopts(council_world, result):
    record(council_world.decision, result, unanimous=True, decision_text="Geänderter Wortlaut.")
    council_world.edition.refresh_from_db()
    assert council_world.edition.status == Edition.Status.ADOPTED


@pytest.mark.parametrize("result", ["rejected", "postponed", "referred", "withdrawn", "noted"])
def test_other_results_of_the_deciding_body_do_not_adopt(council_world, result):
    record(council_world.decision, result)
    council_world.edition.refresh_from_db()
    assert not council_world.edition.is_locked


def test_an_adopting_result_cannot_be_turned_into_another(council_world):
    record(council_world.decision, ADOPTED, votes_yes=40)
    with pytest.raises(ValidationError) as error:
        record(council_world.decision, "rejected")
    assert "bereits beschlossen" in messages_of(error)
    # the votes may still be corrected
    record(council_world.decision, ADOPTED, votes_yes=41, votes_no=2)
    assert Consultation.objects.get(pk=council_world.decision.pk).votes_yes == 41


def test_a_superseded_edition_cannot_be_adopted_again(council_world):
    edition = council_world.edition
    edition.status, edition.adopted_on = Edition.Status.SUPERSEDED, datetime.date(2010, 1, 1)
    edition.save()
    with pytest.raises(ValidationError) as error:
        edition_adopt(edition=edition, adopted_on=datetime.date(2017, 5, 30))
    assert "neue Fortschreibung" in error.value.messages[0]


def test_result_needs_the_meeting(council_world):
    consultation = council_world.decision
    consultation.meeting = None
    consultation.agenda_item = None
    consultation.save()
    with pytest.raises(ValidationError) as error:
        record(consultation, ADOPTED)
    assert "Sitzung" in messages_of(error)


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        ({"votes_yes": -1}, "Ja-Stimmen können nicht negativ sein"),
        ({"votes_no": -3}, "Nein-Stimmen können nicht negativ sein"),
        ({"votes_abstain": -2}, "Enthaltungen können nicht negativ sein"),
        ({"unanimous": True, "votes_no": 2}, "Einstimmig heißt: keine Gegenstimmen"),
        ({"votes_yes": 40, "votes_no": 5, "votes_abstain": 1}, "nur 45 stimmberechtigte"),
    ],
)
def test_impossible_votes_are_refused_in_german(council_world, votes, message):
    with pytest.raises(ValidationError) as error:
        record(council_world.decision, ADOPTED, **votes)
    assert message in messages_of(error)
    council_world.edition.refresh_from_db()
    assert council_world.edition.status == Edition.Status.DRAFT  # nothing happened


@pytest.mark.parametrize(
    "votes",
    [
        {},  # counts unknown
        {"votes_yes": 30, "votes_no": 12},  # Ja/Nein without Enthaltungen
        {"unanimous": True},  # einstimmig without counts
        {"unanimous": True, "votes_yes": 44, "votes_no": 0, "votes_abstain": 1},
        {"votes_yes": 40, "votes_no": 4, "votes_abstain": 1},  # exactly the 45 seats
    ],
)
def test_possible_votes_are_accepted(council_world, votes):
    record(council_world.decision, ADOPTED, **votes)
    stored = Consultation.objects.get(pk=council_world.decision.pk)
    assert stored.result == ADOPTED
    assert stored.unanimous == votes.get("unanimous", False)
    for field in ("votes_yes", "votes_no", "votes_abstain"):
        assert getattr(stored, field) == votes.get(field)


def test_recorded_members_limit_the_votes_on_the_meeting_date(council_world):
    committee = council_world.committee
    committee.seats = None  # size not given: the recorded members count
    committee.save()
    for _ in range(5):
        CommitteeMembershipFactory(committee=committee, starts_on=datetime.date(2014, 6, 1))
    CommitteeMembershipFactory(committee=committee, voting_right=False)  # beratend
    CommitteeMembershipFactory(committee=committee, ends_on=datetime.date(2016, 12, 31))
    with pytest.raises(ValidationError) as error:
        record(council_world.consultation, "deliberated", votes_yes=5, votes_no=1)
    assert "nur 5 stimmberechtigte Mitglieder" in messages_of(error)
    record(council_world.consultation, "deliberated", votes_yes=4, votes_abstain=1)


def test_amended_decision_keeps_both_texts_and_shows_the_difference(council_world):
    paper = council_world.paper
    paper.proposal_points = [
        "Der Rat beschließt die 2. Fortschreibung des Integrationskonzepts.",
        "Die Verwaltung berichtet jährlich im Sozialausschuss.",
    ]
    paper.save()
    with pytest.raises(ValidationError) as error:
        record(council_world.decision, "adopted_amended", votes_yes=38)
    assert "beschlossenen Wortlaut" in messages_of(error)
    changed = (
        "1. Der Rat beschließt die 2. Fortschreibung des Integrationskonzepts.\n"
        "2. Die Verwaltung berichtet jährlich im Integrationsrat und im Sozialausschuss."
    )
    consultation = record(council_world.decision, "adopted_amended", decision_text=changed)
    assert consultation.adopted_text == changed
    assert "Die Verwaltung berichtet jährlich im Sozialausschuss." in paper.proposal_text
    diff = word_diff(paper.proposal_text, consultation.decision_text)
    assert "<ins>Integrationsrat und im </ins>" in diff or "<ins>Integrationsrat" in diff
    assert "<del>" not in diff


def test_word_diff_escapes_user_text():
    diff = word_diff("Punkt <b>eins</b>", "Punkt <script>zwei</script>")
    assert "<script>" not in diff and "<b>" not in diff and "&lt;" in diff


def test_amendments_are_recorded_with_their_own_result_and_votes(council_world):
    amendment = amendment_save(
        amendment=Amendment(
            consultation=council_world.decision,
            proposer="Fraktion Bündnis 90/Die Grünen",
            text="Punkt 2 wird um den Integrationsrat ergänzt.",
            result=Amendment.Result.ACCEPTED,
            votes_yes=25,
            votes_no=18,
        )
    )
    assert amendment.position == 1
    bad = Amendment(
        consultation=council_world.decision,
        proposer="FDP-Fraktion",
        text="Punkt 1 streichen.",
        result=Amendment.Result.REJECTED,
        votes_yes=30,
        votes_no=30,
    )
    with pytest.raises(ValidationError) as error:
        amendment_save(amendment=bad)
    assert "nur 45 stimmberechtigte" in messages_of(error)


def test_paper_state_in_words(council_world):
    paper = council_world.paper
    assert paper_state(paper) == (
        "Vorberatung im Sozialausschuss am 09.05.2017, "
        "Entscheidung im Rat der Stadt Rheine am 30.05.2017"
    )
    record(council_world.consultation, "deliberated")
    assert paper_state(paper) == (
        "im Sozialausschuss am 09.05.2017 vorberaten, "
        "Entscheidung im Rat der Stadt Rheine am 30.05.2017"
    )


def test_result_form_shows_vote_errors_and_adopts_through_the_view(council_world, staff_client):
    url = reverse(
        "council:consultation_result",
        kwargs={"town": council_world.town.slug, "consultation": council_world.decision.pk},
    )
    version = current_version(council_world.decision)
    response = staff_client.post(url, {"result": ADOPTED, "votes_yes": -4, "version": version})
    assert response.status_code == 200
    assert "Ja-Stimmen können nicht negativ sein" in response.content.decode()
    response = staff_client.post(
        url,
        {
            "result": ADOPTED,
            "votes_yes": 40,
            "decision_text": council_world.paper.proposal_text,
            "version": version,
            "confirmed": "1",
        },
        follow=True,
    )
    assert "ist nun beschlossen (am 30.05.2017)" in response.content.decode()
    council_world.edition.refresh_from_db()
    assert council_world.edition.is_locked
    # unchanged wording: only the proposal is kept
    assert Consultation.objects.get(pk=council_world.decision.pk).decision_text == ""


def test_paper_state_skips_steps_that_were_passed_over(council_world):
    record(council_world.decision, ADOPTED, votes_yes=40)
    assert paper_state(council_world.paper) == ("im Rat der Stadt Rheine am 30.05.2017 beschlossen")


def test_a_decided_paper_and_its_edition_refuse_changes(council_world, staff_client):
    from participation.council.services import paper_update

    record(council_world.decision, ADOPTED, votes_yes=40)
    with pytest.raises(ValidationError) as error:
        paper_update(paper=council_world.paper, subject="Anderer Betreff")
    assert "bereits entschieden" in error.value.messages[0]
    url = reverse(
        "council:paper_update",
        kwargs={"town": council_world.town.slug, "paper": council_world.paper.pk},
    )
    response = staff_client.post(
        url,
        {
            "kind": "resolution",
            "date": "2017-04-20",
            "author_office": "Stabsstelle",
            "subject": "Anderer Betreff",
            "signature": "Der Bürgermeister",
            "is_public": "on",
            "edition": council_world.edition.pk,
            "version": current_version(council_world.paper),
        },
    )
    assert response.status_code == 200
    assert "bereits entschieden" in response.content.decode()
    council_world.paper.refresh_from_db()
    assert council_world.paper.subject != "Anderer Betreff"
    # the concept edition is locked: the state every concept service checks
    edition = Edition.objects.get(pk=council_world.edition.pk)
    assert edition.is_locked and edition.status == Edition.Status.ADOPTED


def test_history_records_who_changed_the_council_path(council_world):
    user = council_world.users["staff"]
    consultation = consultation_record_result(
        consultation=council_world.consultation, result="deliberated", user=user
    )
    latest = consultation.history.first()
    assert latest.history_user == user and latest.result == "deliberated"
    assert consultation.agenda_item.history.first().history_user == user


def test_a_decision_in_the_proposals_words_shows_no_deviation(council_world, staff_client):
    paper = council_world.paper
    same = paper.proposal_text.replace(" ", "  ") + "\n"
    assert decision_diff(paper.proposal_text, same) is None
    assert decision_diff(paper.proposal_text, "") is None
    assert "<ins>" in decision_diff(paper.proposal_text, paper.proposal_text + " Neu.")
    record(council_world.decision, "adopted", decision_text=paper.proposal_text)
    page = staff_client.get(
        reverse("council:paper_detail", args=[council_world.town.slug, paper.pk])
    )
    assert page.status_code == 200
    assert "Abweichungen vom Beschlussvorschlag" not in page.content.decode()
