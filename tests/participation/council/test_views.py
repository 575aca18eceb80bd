"""Staff keep bodies, meetings, Vorlagen and their Gremienweg through the forms."""

from django.urls import reverse

from participation.models import AgendaItem, CommitteeMeeting, Paper, PaperNumbering
from tests.permissions import current_version


def url(world, name, **kwargs):
    return reverse(f"council:{name}", kwargs={"town": world.town.slug, **kwargs})


def test_meeting_form_takes_date_and_times(council_world, staff_client):
    response = staff_client.post(
        url(council_world, "meeting_create", committee=council_world.committee.pk),
        {
            "date": "2026-12-10",
            "start_time": "17:00",
            "end_time": "19:30",
            "location": "Rathaus, Ratssaal",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    meeting = CommitteeMeeting.objects.get(location="Rathaus, Ratssaal", starts_at__year=2026)
    assert meeting.date.isoformat() == "2026-12-10"
    assert (meeting.ends_at - meeting.starts_at).seconds == 150 * 60
    response = staff_client.post(
        url(council_world, "meeting_update", meeting=meeting.pk),
        {
            "date": "2026-12-10",
            "start_time": "17:00",
            "end_time": "16:00",
            "version": current_version(meeting),
        },
    )
    assert "Das Ende muss nach dem Beginn liegen." in response.content.decode()


def test_paper_form_numbers_the_vorlage_and_its_points(council_world, staff_client):
    response = staff_client.post(
        url(council_world, "paper_create"),
        {
            "kind": "resolution",
            "date": "2017-06-01",
            "author_office": "Fachstelle Migration & Integration",
            "subject": "Bericht zum Integrationskonzept",
            "proposal_points": "1. Der Rat nimmt den Bericht zur Kenntnis.\n\n"
            "Die Verwaltung berichtet\njährlich.",
            "signature": "Die Bürgermeisterin",
            "edition": council_world.edition.pk,
        },
    )
    assert response.status_code == 302
    paper = Paper.objects.get(subject="Bericht zum Integrationskonzept")
    assert paper.number == "BV/0001/2017"
    assert paper.proposal_points == [
        "Der Rat nimmt den Bericht zur Kenntnis.",
        "Die Verwaltung berichtet jährlich.",
    ]
    assert paper.history.first().history_user == council_world.users["staff"]


def test_paper_form_asks_for_the_author_in_german(council_world, staff_client):
    response = staff_client.post(
        url(council_world, "paper_create"),
        {"kind": "motion", "date": "2017-06-01", "subject": "Antrag", "signature": ""},
    )
    assert "Bitte die antragstellende Ratsfraktion angeben." in response.content.decode()


def test_consultation_form_puts_the_vorlage_on_the_agenda(council_world, staff_client):
    integration_council = council_world.integration_council
    meeting = CommitteeMeeting.objects.create(
        committee=integration_council, starts_at=council_world.meeting.starts_at
    )
    response = staff_client.post(
        url(council_world, "consultation_create", paper=council_world.paper.pk),
        {
            "committee": integration_council.pk,
            "meeting": meeting.pk,
            "agenda_number": "3.1",
            "role": "preliminary",
        },
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.number == "3.1" and item.consultation.paper == council_world.paper
    assert not item.is_public  # the checkbox was not ticked
    assert item.consultation.position == 3
    response = staff_client.post(
        url(council_world, "consultation_create", paper=council_world.paper.pk),
        {"committee": integration_council.pk, "meeting": council_world.meeting.pk},
    )
    assert "Bitte eine Sitzung des gewählten Gremiums wählen." in response.content.decode()


def test_numbering_form_sets_pattern_and_last_number(council_world, staff_client):
    response = staff_client.post(
        url(council_world, "numbering_create"),
        {"kind": "motion", "pattern": "A/{nr:03d}/{jahr}", "last_number": "17"},
    )
    assert response.status_code == 302
    numbering = PaperNumbering.objects.get(kind="motion")
    assert "18" in staff_client.get(url(council_world, "numbering_list")).content.decode()
    assert list(numbering.counters.values()) == [17]
    response = staff_client.post(
        url(council_world, "numbering_create"), {"kind": "motion", "pattern": "A/{nr}"}
    )
    assert response.status_code == 200  # one numbering per kind
    response = staff_client.post(
        url(council_world, "numbering_create"), {"kind": "notice", "pattern": "MV/{nummer}"}
    )
    assert "Unbekannter Platzhalter {nummer}" in response.content.decode()


def test_a_step_without_result_can_be_removed_with_its_top(council_world, staff_client):
    from participation.council.services import consultation_record_result

    consultation = council_world.consultation
    item_pk = consultation.agenda_item.pk
    consultation_record_result(consultation=council_world.decision, result="postponed")
    response = staff_client.post(
        url(council_world, "consultation_delete", consultation=council_world.decision.pk),
        follow=True,
    )
    assert "bereits ein Ergebnis" in response.content.decode()
    staff_client.post(url(council_world, "consultation_delete", consultation=consultation.pk))
    assert not council_world.paper.consultations.filter(pk=consultation.pk).exists()
    assert not AgendaItem.objects.filter(pk=item_pk).exists()


def test_consultation_form_refuses_a_public_step_in_a_non_public_meeting(
    council_world, staff_client
):
    integration_council = council_world.integration_council
    closed = CommitteeMeeting.objects.create(
        committee=integration_council, starts_at=council_world.meeting.starts_at, is_public=False
    )
    before = council_world.paper.consultations.count()
    form = {
        "committee": integration_council.pk,
        "meeting": closed.pk,
        "agenda_number": "7",
        "role": "preliminary",
        "is_public": "on",
    }
    response = staff_client.post(
        url(council_world, "consultation_create", paper=council_world.paper.pk), form
    )
    assert response.status_code == 200
    assert "Die Sitzung ist nichtöffentlich" in response.content.decode()
    assert council_world.paper.consultations.count() == before
    del form["is_public"]
    response = staff_client.post(
        url(council_world, "consultation_create", paper=council_world.paper.pk), form
    )
    assert response.status_code == 302


def test_meeting_with_public_steps_cannot_turn_non_public(council_world, staff_client):
    integration_council = council_world.integration_council
    meeting = CommitteeMeeting.objects.create(
        committee=integration_council, starts_at=council_world.meeting.starts_at
    )
    staff_client.post(
        url(council_world, "consultation_create", paper=council_world.paper.pk),
        {
            "committee": integration_council.pk,
            "meeting": meeting.pk,
            "agenda_number": "2",
            "role": "preliminary",
            "is_public": "on",
        },
    )
    response = staff_client.post(
        url(council_world, "meeting_update", meeting=meeting.pk),
        {"date": "2026-12-10", "start_time": "17:00"},
    )
    assert "In dieser Sitzung stehen öffentliche Beratungen" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.is_public


def test_a_new_vorlage_is_written_by_the_towns_office(council_world, staff_client):
    from django.urls import reverse

    town = council_world.town
    town.office = "Stabsstelle Asyl und Integration"
    town.save()
    html = staff_client.get(
        reverse("council:paper_create", kwargs={"town": town.slug})
    ).content.decode()
    assert 'value="Stabsstelle Asyl und Integration"' in html
