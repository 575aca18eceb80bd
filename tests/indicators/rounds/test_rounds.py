"""The controlling cycle: invitations, the token page, reminders, closing."""

import datetime
import importlib
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Measurement
from indicators.rounds import services
from indicators.rounds.models import ReportingRound, ReportingTask
from integration_site.versions import version_of
from tests import factories
from tests.indicators.rounds.conftest import ANNA, BERND, REFERENCE_DATE

LINK = re.compile(r"http://testserver(/\S+/meldung/\S+/)|https?://[^/\s]+(/\S+/meldung/\S+/)")


def link_path(mail):
    match = LINK.search(mail.body)
    assert match, mail.body
    return match.group(1) or match.group(2)


def test_starting_a_round_mails_each_responsible_person_once(started_round, mailoutbox):
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ANNA.lower(), BERND.lower()])
    anna_mail = next(m for m in mailoutbox if m.to == [ANNA.lower()])
    assert "Stichtag 31.12.2024" in anna_mail.body
    assert "1 Maßnahme und 1 Indikator" in anna_mail.body
    assert "Anna Schmidt" in anna_mail.body
    assert started_round.round.tasks.count() == 2
    assert all(t.invited_at for t in started_round.round.tasks.all())


def test_round_without_responsible_people_is_refused(world):
    with pytest.raises(ValidationError, match="verantwortlichen Person"):
        services.round_start(
            edition=factories.EditionFactory(concept__municipality=world.town),
            title="Leer",
            reference_date=REFERENCE_DATE,
            deadline=datetime.date.today(),
            user=world.users["staff"],
        )
    assert not ReportingRound.objects.exists()


def test_staff_starts_a_round_in_the_browser(world, controlling, staff_client, mailoutbox):
    url = reverse("indicators:round_create", kwargs={"town": "rheine"})
    response = staff_client.post(
        url,
        {
            "edition": controlling.edition.pk,
            "title": "Bericht 2024",
            "reference_date": "2024-12-31",
            "deadline": (datetime.date.today() + datetime.timedelta(days=14)).isoformat(),
            "message": "Bitte auch die Fotos schicken.",
        },
    )
    round_ = ReportingRound.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/berichtsrunden/{round_.pk}/")
    assert len(mailoutbox) == 2
    assert "Bitte auch die Fotos schicken." in mailoutbox[0].body


def test_past_deadline_is_refused_with_a_german_message(world, controlling, staff_client):
    url = reverse("indicators:round_create", kwargs={"town": "rheine"})
    response = staff_client.post(
        url,
        {
            "edition": controlling.edition.pk,
            "title": "Bericht",
            "reference_date": "2024-12-31",
            "deadline": "2020-01-01",
        },
    )
    assert response.status_code == 200
    assert "Die Meldefrist liegt in der Vergangenheit" in response.content.decode()


def test_mailed_link_shows_only_that_persons_items(started_round, mailoutbox, client):
    anna_mail = next(m for m in mailoutbox if m.to == [ANNA.lower()])
    response = client.get(link_path(anna_mail))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Elterncafés in Kitas" in page
    assert "Drei Kitas gewonnen" in page
    assert "Kita-Besuchsquote" in page
    assert "Jobbegleitung" not in page
    assert "SGB-II-Quote" not in page
    assert "Messe ohne Verantwortliche" not in page


def anna_post(started_round, **overrides):
    kita, measure, milestone = (
        started_round.kita,
        started_round.kita_measure,
        started_round.milestone,
    )
    measure.refresh_from_db()
    milestone.refresh_from_db()
    data = {
        f"measure-{measure.pk}-status": "completed",
        f"milestone-{milestone.pk}-done": "on",
        f"indicator-{kita.pk}-value": "ca. 70,5",
        "note": "Werte vom Jugendamt.",
        # The versions the page hands out (integration_site/versions.py); no value is stored yet.
        f"measure-{measure.pk}-version": version_of(measure),
        f"milestone-{milestone.pk}-version": version_of(milestone),
        f"indicator-{kita.pk}-version": "",
    }
    data.update(overrides)
    return data


def test_person_reports_status_milestones_and_values(started_round, client):
    task = started_round.anna
    url = reverse("indicators:task_report", kwargs={"town": "rheine", "token": task.make_token()})
    response = client.post(url, anna_post(started_round))
    assert response.status_code == 302
    started_round.kita_measure.refresh_from_db()
    started_round.milestone.refresh_from_db()
    task.refresh_from_db()
    assert started_round.kita_measure.status == "completed"
    assert started_round.milestone.done and started_round.milestone.done_on
    value = Measurement.objects.get(indicator=started_round.kita, period_label="2024")
    assert value.value == Decimal("70.5") and value.is_approximate
    assert task.has_reported and task.note == "Werte vom Jugendamt."
    # History keeps who reported it and why.
    last = started_round.kita_measure.history.first()
    assert "Meldung von anna.schmidt@kita-rheine.example" in last.history_change_reason
    # The page shows the stored value again.
    page = client.get(url).content.decode()
    assert "ca. 70,5" in page


def test_bad_number_is_reported_in_german_and_nothing_saved(started_round, client):
    task = started_round.anna
    url = reverse("indicators:task_report", kwargs={"town": "rheine", "token": task.make_token()})
    data = anna_post(started_round, **{f"indicator-{started_round.kita.pk}-value": "12,5%"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ist keine Zahl" in response.content.decode()
    started_round.kita_measure.refresh_from_db()
    assert started_round.kita_measure.status == "running"
    task.refresh_from_db()
    assert not task.has_reported


def test_service_refuses_items_of_someone_else(started_round):
    report = services.Report(measure_status={started_round.job_measure.pk: "completed"})
    with pytest.raises(ValidationError, match="nicht verantwortlich"):
        services.task_submit(task=started_round.anna, report=report)


def test_forged_and_foreign_tokens_are_refused(started_round, world, client):
    task = started_round.anna
    token = task.make_token()
    bad = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for url in (
        reverse("indicators:task_report", kwargs={"town": "rheine", "token": bad}),
        reverse("indicators:task_report", kwargs={"town": "rheine", "token": "nonsense"}),
        # A valid token under another town's address.
        reverse("indicators:task_report", kwargs={"town": "emmerich", "token": token}),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Dieser Link ist nicht gültig" in response.content.decode()
        assert "Elterncafés" not in response.content.decode()


def test_renewed_nonce_voids_old_links(started_round, client):
    task = started_round.anna
    old = task.make_token()
    task.nonce = "neu"
    task.save()
    url = reverse("indicators:task_report", kwargs={"town": "rheine", "token": old})
    assert client.get(url).status_code == 404


def test_expired_link_is_refused(started_round, client, settings):
    settings.REPORTING_LINK_MAX_AGE = 60
    token = started_round.anna.make_token()
    url = reverse("indicators:task_report", kwargs={"town": "rheine", "token": token})
    assert client.get(url).status_code == 200
    later = datetime.datetime.now().timestamp() + 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(url)
    assert response.status_code == 404


def test_closed_round_refuses_the_page_and_the_post(started_round, client):
    task = started_round.anna
    url = reverse("indicators:task_report", kwargs={"town": "rheine", "token": task.make_token()})
    started_round.round.status = ReportingRound.Status.CLOSED
    started_round.round.save()
    assert client.get(url).status_code == 410
    response = client.post(url, anna_post(started_round))
    assert response.status_code == 410
    assert "abgeschlossen" in response.content.decode()
    started_round.kita_measure.refresh_from_db()
    assert started_round.kita_measure.status == "running"


def test_overview_shows_who_has_reported(started_round, staff_client):
    services.task_submit(task=started_round.anna, report=services.Report())
    url = reverse(
        "indicators:round_detail", kwargs={"town": "rheine", "round": started_round.round.pk}
    )
    page = staff_client.get(url).content.decode()
    pending = page.split("Noch nicht gemeldet")[1].split("<h2>Gemeldet</h2>")[0]
    reported = page.split("<h2>Gemeldet</h2>")[1]
    assert BERND.lower() in pending and ANNA.lower() not in pending
    assert ANNA.lower() in reported
    assert "1 von 2" in page


def test_reminder_button_mails_the_person_once_a_day(started_round, staff_client, mailoutbox):
    mailoutbox.clear()
    url = reverse(
        "indicators:round_remind",
        kwargs={"town": "rheine", "round": started_round.round.pk, "task": started_round.bernd.pk},
    )
    staff_client.post(url)
    response = staff_client.post(url, follow=True)
    assert [m.to for m in mailoutbox] == [[BERND.lower()]]
    assert mailoutbox[0].subject.startswith("Erinnerung")
    assert "heute schon erinnert" in response.content.decode()
    # The reminder's link works too.
    assert staff_client.get(link_path(mailoutbox[0])).status_code == 200


def test_remind_all_skips_those_who_reported(started_round, staff_client, mailoutbox):
    services.task_submit(task=started_round.anna, report=services.Report())
    mailoutbox.clear()
    url = reverse(
        "indicators:round_remind_all", kwargs={"town": "rheine", "round": started_round.round.pk}
    )
    staff_client.post(url)
    assert [m.to for m in mailoutbox] == [[BERND.lower()]]


def test_reminder_command_reminds_only_pending_people_once(started_round, mailoutbox):
    round_ = started_round.round
    services.task_submit(task=started_round.anna, report=services.Report())
    mailoutbox.clear()
    deadline = round_.deadline
    # Too early: nothing.
    call_command("send_reporting_reminders", date=deadline - datetime.timedelta(days=10))
    assert mailoutbox == []
    # Three days before: Bernd only, and only once that day.
    day = deadline - datetime.timedelta(days=3)
    call_command("send_reporting_reminders", date=day)
    call_command("send_reporting_reminders", date=day)
    assert [m.to for m in mailoutbox] == [[BERND.lower()]]
    # Next day: already reminded in this window.
    call_command("send_reporting_reminders", date=day + datetime.timedelta(days=1))
    assert len(mailoutbox) == 1
    task = ReportingTask.objects.get(pk=started_round.bernd.pk)
    assert task.last_reminded_on == day and task.reminder_count == 1


def test_reminder_command_ignores_closed_rounds(started_round, mailoutbox):
    round_ = started_round.round
    round_.status = ReportingRound.Status.CLOSED
    round_.save()
    mailoutbox.clear()
    call_command("send_reporting_reminders", date=round_.deadline)
    assert mailoutbox == []


def test_dashboard_links_to_the_report_and_the_rounds(world, controlling, staff_client):
    page = staff_client.get(reverse("indicators:index", kwargs={"town": "rheine"})).content.decode()
    assert reverse("indicators:report", kwargs={"town": "rheine"}) in page
    assert reverse("indicators:round_list", kwargs={"town": "rheine"}) in page
    url = reverse("indicators:report", kwargs={"town": "rheine"})
    chosen = staff_client.get(url, {"fassung": world.edition.pk}).content.decode()
    assert f'<option value="{world.edition.pk}" selected>' in chosen


def test_pages_keep_their_query_budget_with_many_items(
    started_round, client, staff_client, django_assert_max_num_queries
):
    from concepts.models import Milestone
    from tests.indicators.rounds.conftest import add_indicator, add_value

    goal = started_round.kita.operational_goal
    for n in range(30):
        measure = factories.MeasureFactory(
            field_of_action=started_round.field, title=f"Maßnahme {n}", responsible_email=ANNA
        )
        Milestone.objects.create(measure=measure, title=f"Schritt {n}")
        indicator = add_indicator(goal, code=f"X{n}", name=f"Indikator {n}", responsible_email=ANNA)
        add_value(indicator, 2024, n)
    for n in range(30):
        ReportingTask.objects.create(round=started_round.round, email=f"person{n}@example.org")
    url = reverse(
        "indicators:task_report",
        kwargs={"town": "rheine", "token": started_round.anna.make_token()},
    )
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert "Indikator 29" in response.content.decode()
    detail = reverse(
        "indicators:round_detail", kwargs={"town": "rheine", "round": started_round.round.pk}
    )
    with django_assert_max_num_queries(10):
        response = staff_client.get(detail)
    assert response.status_code == 200
    assert "person29@example.org" in response.content.decode()
    rounds = reverse("indicators:round_list", kwargs={"town": "rheine"})
    with django_assert_max_num_queries(10):
        response = staff_client.get(rounds)
    assert response.status_code == 200
    assert started_round.round.title in response.content.decode()


def test_the_reporter_is_recorded_internally_and_shown_to_staff_only(
    started_round, client, staff_client, member_client
):
    task = started_round.anna
    url = reverse("indicators:task_report", kwargs={"town": "rheine", "token": task.make_token()})
    assert client.post(url, anna_post(started_round)).status_code == 302
    value = Measurement.objects.get(indicator=started_round.kita, period_label="2024")
    assert value.reporter_email == ANNA
    assert value.source_note == ""  # the Quellenhinweis is public text
    detail = reverse(
        "indicators:indicator_detail", kwargs={"town": "rheine", "pk": started_round.kita.pk}
    )
    assert f"gemeldet von {ANNA}" in staff_client.get(detail).content.decode()
    assert ANNA not in member_client.get(detail).content.decode()


def test_migration_moves_reporters_out_of_the_source_note(started_round):
    from django.apps import apps

    migration = importlib.import_module("indicators.migrations.0002_measurement_reporter_email")
    kita = started_round.kita
    reported = Measurement.objects.filter(indicator=kita).order_by("period_end").first()
    reported.source_note = f"gemeldet von {ANNA}"
    reported.save()
    Measurement.objects.filter(indicator=kita).exclude(pk=reported.pk).update(
        source_note="Jugendamt, Stand 31.12."
    )
    migration.move_reporter_out_of_source_note(apps, None)
    reported.refresh_from_db()
    assert (reported.reporter_email, reported.source_note) == (ANNA, "")
    others = Measurement.objects.filter(indicator=kita).exclude(pk=reported.pk)
    assert set(others.values_list("source_note", flat=True)) == {"Jugendamt, Stand 31.12."}
