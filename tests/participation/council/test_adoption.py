"""Adopting an edition through a council result: not before the meeting, only after a
confirmation that says what changes, and reversible by the Stabsstelle when entered by mistake."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concepts.models import Edition
from participation.council.services import consultation_record_result
from participation.models import Consultation
from tests import factories
from tests.permissions import current_version

ADOPTED = Consultation.Result.ADOPTED


@pytest.fixture
def previous(council_world):
    """The edition in force before the council decides on the new one, shown to the public."""
    return factories.EditionFactory(
        concept=council_world.edition.concept,
        title="Integrationskonzept 2012",
        year=2012,
        status=Edition.Status.ADOPTED,
        adopted_on=datetime.date(2012, 3, 1),
        is_public=True,
    )


def result_url(world):
    return reverse(
        "council:consultation_result",
        kwargs={"town": world.town.slug, "consultation": world.decision.pk},
    )


def revert_url(world):
    return reverse(
        "council:consultation_revert",
        kwargs={"town": world.town.slug, "consultation": world.decision.pk},
    )


def result_data(world, **extra):
    return {
        "result": ADOPTED,
        "votes_yes": 40,
        "decision_text": world.paper.proposal_text,
        "version": current_version(world.decision),
        **extra,
    }


def statuses(*editions):
    return [Edition.objects.get(pk=e.pk).status for e in editions]


def move_meeting_to(world, days):
    meeting = world.council_meeting
    meeting.starts_at = timezone.now() + datetime.timedelta(days=days)
    meeting.save()


def test_a_final_result_for_a_meeting_in_the_future_is_refused(
    council_world, previous, staff_client
):
    move_meeting_to(council_world, 30)
    response = staff_client.post(
        result_url(council_world), result_data(council_world, confirmed="1")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "hat noch nicht stattgefunden" in page
    assert "erst ab dem Tag der Sitzung" in page
    assert statuses(council_world.edition, previous) == ["draft", "adopted"]
    assert Consultation.objects.get(pk=council_world.decision.pk).result == ""
    with pytest.raises(ValidationError) as error:
        consultation_record_result(consultation=council_world.decision, result="rejected")
    assert "noch nicht stattgefunden" in " ".join(error.value.messages)


def test_a_withdrawal_may_be_recorded_before_the_meeting(council_world):
    move_meeting_to(council_world, 30)
    consultation = consultation_record_result(
        consultation=council_world.decision, result=Consultation.Result.WITHDRAWN
    )
    assert consultation.result == Consultation.Result.WITHDRAWN


def test_a_result_on_the_day_of_the_meeting_is_accepted(council_world):
    meeting = council_world.council_meeting
    meeting.starts_at = timezone.now()
    meeting.save()
    consultation_record_result(consultation=council_world.decision, result=ADOPTED)
    assert statuses(council_world.edition) == ["adopted"]


def test_adopting_asks_for_confirmation_that_says_what_changes(
    council_world, previous, staff_client
):
    url = result_url(council_world)
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, result_data(council_world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Beschluss bestätigen" in page
    assert "Die Fassung „1. Fortschreibung“ wird beschlossen und gilt ab 30.05.2017" in page
    assert (
        "Die bisher geltende Fassung „Integrationskonzept 2012“ (beschlossen am 01.03.2012) "
        "wird abgelöst" in page
    )
    assert "Zurzeit ist keine geltende Fassung veröffentlicht" in page
    assert 'name="confirmed" value="1"' in page
    # neither the GET nor the first POST has changed anything
    assert statuses(council_world.edition, previous) == ["draft", "adopted"]
    assert Consultation.objects.get(pk=council_world.decision.pk).result == ""

    response = staff_client.post(url, result_data(council_world, confirmed="1"), follow=True)
    assert "ist nun beschlossen (am 30.05.2017)" in response.content.decode()
    assert statuses(council_world.edition, previous) == ["adopted", "superseded"]
    assert not Edition.objects.get(pk=council_world.edition.pk).is_public


def test_back_from_the_confirmation_keeps_the_input_and_changes_nothing(
    council_world, staff_client
):
    response = staff_client.post(
        result_url(council_world), result_data(council_world, votes_yes=37, back="1")
    )
    assert response.status_code == 200
    assert 'value="37"' in response.content.decode()
    assert statuses(council_world.edition) == ["draft"]


def test_confirmation_can_publish_the_new_edition_at_once(council_world, previous, staff_client):
    staff_client.post(
        result_url(council_world), result_data(council_world, confirmed="1", publish="1")
    )
    edition = Edition.objects.get(pk=council_world.edition.pk)
    assert edition.status == "adopted" and edition.is_public
    public = staff_client.get(reverse("public:index", args=[council_world.town.slug]))
    assert "Zurzeit ist keine geltende Fassung veröffentlicht" not in public.content.decode()


def test_a_non_adopting_result_needs_no_confirmation(council_world, staff_client):
    response = staff_client.post(
        result_url(council_world), result_data(council_world, result="postponed")
    )
    assert response.status_code == 302
    assert Consultation.objects.get(pk=council_world.decision.pk).result == "postponed"


def adopt(world):
    consultation_record_result(
        consultation=world.decision, result=ADOPTED, votes_yes=40, user=world.users["staff"]
    )


def test_staff_take_back_a_mistaken_adoption(council_world, previous, staff_client):
    adopt(council_world)
    edition = Edition.objects.get(pk=council_world.edition.pk)
    assert edition.status == "adopted"
    paper_page = staff_client.get(
        reverse("council:paper_detail", args=[council_world.town.slug, council_world.paper.pk])
    ).content.decode()
    assert revert_url(council_world) in paper_page

    page = staff_client.get(revert_url(council_world)).content.decode()
    assert (
        "Die Fassung „1. Fortschreibung“ ist nicht mehr beschlossen, sondern wieder „Entwurf“"
        in page
    )
    assert "Die Fassung „Integrationskonzept 2012“ (beschlossen am 01.03.2012) gilt wieder" in page
    assert statuses(edition, previous) == ["adopted", "superseded"]  # GET changes nothing

    response = staff_client.post(revert_url(council_world), {"reason": ""})
    assert "Bitte kurz angeben, warum der Beschluss falsch ist." in response.content.decode()
    assert statuses(edition, previous) == ["adopted", "superseded"]

    response = staff_client.post(
        revert_url(council_world), {"reason": "Sitzung war noch nicht"}, follow=True
    )
    assert "Der Beschlusseintrag wurde zurückgenommen" in response.content.decode()
    assert statuses(edition, previous) == ["draft", "adopted"]
    edition.refresh_from_db()
    assert edition.adopted_on is None and not edition.is_locked
    consultation = Consultation.objects.get(pk=council_world.decision.pk)
    assert consultation.result == "" and consultation.votes_yes is None
    assert consultation.agenda_item.result == ""

    staff = council_world.users["staff"]
    for record in (
        edition.history.first(),
        Edition.objects.get(pk=previous.pk).history.first(),
        consultation.history.first(),
    ):
        assert record.history_user == staff
        assert record.history_change_reason == (
            "Beschlusseintrag zurückgenommen: Sitzung war noch nicht"
        )
    # the adoption stays on record before its reversal
    assert [r.status for r in edition.history.order_by("history_date")][-2:] == [
        "adopted",
        "draft",
    ]
    # the public view shows the old edition as the one in force again
    public = staff_client.get(reverse("public:index", args=[council_world.town.slug]))
    assert "Zurzeit ist keine geltende Fassung veröffentlicht" not in public.content.decode()
    # and the right result can now be entered
    consultation_record_result(consultation=council_world.decision, result="postponed")


def test_taking_back_an_adoption_also_withdraws_its_publication(council_world, staff_client):
    adopt(council_world)
    staff_client.post(revert_url(council_world), {"reason": "Irrtum"})
    edition = Edition.objects.get(pk=council_world.edition.pk)
    assert edition.status == "draft" and not edition.is_public


def test_no_reversal_once_a_revision_started_from_the_edition(council_world, staff_client):
    adopt(council_world)
    factories.EditionFactory(
        concept=council_world.edition.concept, title="Nächste", based_on=council_world.edition
    )
    page = staff_client.get(revert_url(council_world)).content.decode()
    assert "bereits eine Fortschreibung angelegt" in page
    staff_client.post(revert_url(council_world), {"reason": "Irrtum"})
    assert statuses(council_world.edition) == ["adopted"]


@pytest.mark.parametrize("role", ["member", "council", "outsider"])
def test_only_staff_take_back_an_adoption(council_world, previous, client_for, role):
    adopt(council_world)
    response = client_for(role).post(revert_url(council_world), {"reason": "Irrtum"})
    assert response.status_code == 403
    assert statuses(council_world.edition, previous) == ["adopted", "superseded"]
    page = client_for("council").get(
        reverse("council:paper_detail", args=[council_world.town.slug, council_world.paper.pk])
    )
    assert revert_url(council_world) not in page.content.decode()
