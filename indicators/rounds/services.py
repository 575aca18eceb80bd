"""Writes of the controlling cycle: start a round, report, remind, close.

Each function is keyword-only and does its rows in one transaction; mails go out after the
transaction, so a failed write sends nothing. Measure status and milestones are implementation
progress, not the concept's wording, so a round may update them in an adopted edition too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concepts.models import Measure
from indicators.importers.parsing import date_period, year_period
from indicators.models import Indicator, Measurement
from indicators.rounds.models import ReportingRound, ReportingTask
from integration_site.background.mail import send_mails_later

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

    from concepts.models import Edition

# The automatic reminder goes out this many days before the deadline (and not again).
REMINDER_DAYS_BEFORE = 3


def responsible_people(edition: Edition) -> dict[str, str]:
    """{e-mail (lower case): name} of everyone responsible for a measure or an indicator."""
    people = {}
    sources = [
        Measure.objects.for_edition(edition).exclude(responsible_email=""),
        Indicator.objects.for_edition(edition).exclude(responsible_email=""),
    ]
    for queryset in sources:
        for email, name in queryset.values_list("responsible_email", "responsible_person"):
            key = email.strip().lower()
            if not people.get(key):
                people[key] = name.strip()
    return dict(sorted(people.items()))


def task_measures(task: ReportingTask) -> QuerySet[Measure]:
    return (
        Measure.objects.for_edition(task.round.edition)
        .filter(responsible_email__iexact=task.email)
        .select_related("field_of_action")
        .prefetch_related("milestones")
        .order_by("field_of_action__position", "position", "pk")
    )


def task_indicators(task: ReportingTask) -> QuerySet[Indicator]:
    return (
        Indicator.objects.for_edition(task.round.edition)
        .filter(responsible_email__iexact=task.email)
        .with_goals()
        .order_by("field_of_action__position", "position", "pk")
    )


def task_link(task: ReportingTask) -> str:
    path = reverse(
        "indicators:task_report",
        kwargs={"town": task.round.municipality.slug, "token": task.make_token()},
    )
    return settings.SITE_URL.rstrip("/") + path


def _send_task_mail(task, kind):
    subject, body, sender, to = _task_message(task, kind)
    send_mail(subject, body, sender, to, fail_silently=False)


def _task_message(task, kind):
    """(subject, body, from, [to]) of one person's mail of the round."""
    context = {
        "task": task,
        "round": task.round,
        "municipality": task.round.municipality,
        "link": task_link(task),
        "measure_count": task_measures(task).count(),
        "indicator_count": task_indicators(task).count(),
    }
    subject = render_to_string(f"indicators/rounds/email/{kind}_subject.txt", context)
    body = render_to_string(f"indicators/rounds/email/{kind}.txt", context)
    return " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [task.email]


def _refuse_closed(round_):
    if not round_.is_open:
        raise ValidationError(
            _("Diese Berichtsrunde ist abgeschlossen; Meldungen sind nicht mehr möglich.")
        )


def round_start(
    *,
    edition: Edition,
    title: str,
    reference_date: datetime.date,
    deadline: datetime.date,
    user: User,
    message: str = "",
) -> ReportingRound:
    """Create the round and one task per responsible e-mail, then invite everyone."""
    people = responsible_people(edition)
    if not people:
        raise ValidationError(
            _(
                "In dieser Fassung ist keine Maßnahme und kein Indikator mit der E-Mail einer "
                "verantwortlichen Person hinterlegt. Bitte zuerst Verantwortliche eintragen."
            )
        )
    with transaction.atomic():
        round_ = ReportingRound(
            edition=edition,
            title=title,
            reference_date=reference_date,
            deadline=deadline,
            message=message,
            started_by=user,
        )
        round_.full_clean()
        round_.save()
        for email, name in people.items():
            task = ReportingTask(round=round_, email=email, name=name)
            task.full_clean()
            task.save()
    # Everyone's invitation goes out through the worker, in one task (one SMTP connection).
    tasks = list(round_.tasks.all())
    send_mails_later(_task_message(task, "invitation") for task in tasks)
    for task in tasks:
        task.invited_at = timezone.now()
        task.save(update_fields=["invited_at", "modified"])
    return round_


@dataclass
class Report:
    """What one person reports: new measure statuses, milestones done, indicator values."""

    measure_status: dict = field(default_factory=dict)  # measure pk → status
    milestones_done: dict = field(default_factory=dict)  # milestone pk → bool
    values: dict = field(default_factory=dict)  # indicator pk → (Decimal|None, text, approximate)
    note: str = ""


def _period_for(indicator, reference_date):
    """The period a value reported for the Stichtag belongs to.

    Annual indicators on 31 December report the calendar year (as the statistics offices do);
    everything else is a value on the Stichtag itself.
    """
    if indicator.rhythm == Indicator.Rhythm.ANNUAL and (
        reference_date.month,
        reference_date.day,
    ) == (12, 31):
        return year_period(reference_date.year)
    return date_period(reference_date)


def task_existing_values(task: ReportingTask) -> dict[int, Measurement]:
    """{indicator pk: Measurement} already stored for the round's Stichtag (totals only)."""
    values = {}
    for indicator in task_indicators(task):
        period = _period_for(indicator, task.round.reference_date)
        values[indicator.pk] = period.edtf
    found = Measurement.objects.filter(
        indicator_id__in=values, breakdown="", area="", group="", source=""
    )
    return {m.indicator_id: m for m in found if values.get(m.indicator_id) == m.period_edtf}


def task_submit(*, task: ReportingTask, report: Report) -> ReportingTask:
    """Apply one person's report; only their own items, only while the round is open."""
    round_ = task.round
    _refuse_closed(round_)
    reason = f"Berichtsrunde „{round_.title}“: Meldung von {task.email}"
    measures = {m.pk: m for m in task_measures(task)}
    milestones = {ms.pk: ms for m in measures.values() for ms in m.milestones.all()}
    indicators = {i.pk: i for i in task_indicators(task)}
    foreign = (
        set(report.measure_status) - set(measures)
        | set(report.milestones_done) - set(milestones)
        | set(report.values) - set(indicators)
    )
    if foreign:
        raise ValidationError(
            _("Die Meldung enthält Einträge, für die Sie nicht verantwortlich sind.")
        )
    today = timezone.localdate()
    with transaction.atomic():
        for pk, status in report.measure_status.items():
            measure = measures[pk]
            if measure.status != status:
                measure.status = status
                measure._change_reason = reason
                measure.full_clean()
                measure.save()
        for pk, done in report.milestones_done.items():
            milestone = milestones[pk]
            if milestone.done != done:
                milestone.done = done
                milestone.done_on = (milestone.done_on or today) if done else None
                milestone._change_reason = reason
                milestone.full_clean()
                milestone.save()
        for pk, (value, text, approximate) in report.values.items():
            indicator = indicators[pk]
            if value is None and not text:
                continue
            period = _period_for(indicator, round_.reference_date)
            measurement = Measurement.objects.filter(
                indicator=indicator,
                period_edtf=period.edtf,
                breakdown="",
                area="",
                group="",
                source="",
            ).first() or Measurement(
                indicator=indicator,
                period_kind=period.kind,
                period_edtf=period.edtf,
                period_start=period.start,
                period_end=period.end,
                period_label=period.label,
            )
            unchanged = (
                measurement.pk
                and measurement.value == value
                and measurement.text == text
                and measurement.is_approximate == approximate
            )
            if unchanged:
                continue
            measurement.value = value
            measurement.text = text
            measurement.is_approximate = approximate
            measurement.reporter_email = task.email
            measurement._change_reason = reason
            measurement.full_clean()
            measurement.save()
        task.reported_at = timezone.now()
        task.note = report.note
        task.full_clean()
        task.save()
    return task


def task_remind(*, task: ReportingTask, today: datetime.date | None = None) -> ReportingTask:
    """Send a reminder to someone who has not reported yet; at most one a day."""
    today = today or timezone.localdate()
    _refuse_closed(task.round)
    if task.has_reported:
        raise ValidationError(
            _("%(email)s hat bereits gemeldet; eine Erinnerung ist nicht nötig.")
            % {"email": task.email}
        )
    if task.last_reminded_on == today:
        raise ValidationError(_("%(email)s wurde heute schon erinnert.") % {"email": task.email})
    with transaction.atomic():
        task = ReportingTask.objects.select_for_update().get(pk=task.pk)
        task.last_reminded_on = today
        task.reminder_count += 1
        task.save()
    _send_task_mail(task, "reminder")
    return task


def reminders_send_due(
    *, today: datetime.date | None = None, days_before: int = REMINDER_DAYS_BEFORE
) -> list[ReportingTask]:
    """The daily job: remind whoever has not reported when the deadline is near.

    A person gets one automatic reminder per round, in the `days_before` days up to the
    deadline; a manual reminder in that window counts too. Running it twice a day, or every day,
    sends nothing twice.
    """
    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=days_before)
    sent = []
    rounds = ReportingRound.objects.open().filter(deadline__gte=today, deadline__lte=window_end)
    for round_ in rounds.select_related("edition__concept__municipality"):
        window_start = round_.deadline - datetime.timedelta(days=days_before)
        for task in round_.tasks.filter(reported_at__isnull=True):
            if task.last_reminded_on and task.last_reminded_on >= window_start:
                continue
            task.round = round_
            sent.append(task_remind(task=task, today=today))
    return sent


def round_close(*, round_: ReportingRound, user: User) -> ReportingRound:
    """Close the round and keep its controlling report (as of its Stichtag) with it."""
    from indicators.rounds.report import controlling_report_pdf

    _refuse_closed(round_)
    pdf = controlling_report_pdf(edition=round_.edition, reference_date=round_.reference_date)
    with transaction.atomic():
        round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
        _refuse_closed(round_)
        round_.status = ReportingRound.Status.CLOSED
        round_.closed_at = timezone.now()
        round_.closed_by = user
        round_.report.save(
            f"controllingbericht-{round_.reference_date:%Y-%m-%d}-{round_.pk}.pdf",
            ContentFile(pdf),
            save=False,
        )
        round_.full_clean()
        round_.save()
    return round_
