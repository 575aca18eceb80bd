"""Writes of the online surveys: build, copy, invite, remind, answer, close, tag, cite, delete.

Keyword-only functions, each in one transaction; mails go out after the rows are written, so a
failed write sends nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concepts.models import Edition, FieldOfAction
from integration_site.background.mail import send_mails_later
from participation.models import (
    Answer,
    ContactPerson,
    Question,
    Response,
    Survey,
    SurveyCitation,
    SurveyLink,
    SurveySection,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


# Building -------------------------------------------------------------------------------------


@transaction.atomic
def survey_copy(
    *,
    source: Survey,
    edition: Edition,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    user: User,
) -> Survey:
    """A new survey with the sections and questions of `source` (the Fortschreibung repeats).

    Fields of action are matched by title in the new edition; conditions point to the copies.
    No links, responses or answers are copied.
    """
    fields_by_title = {f.title: f for f in FieldOfAction.objects.filter(edition=edition)}
    survey = Survey(
        municipality=source.municipality,
        edition=edition,
        title=title,
        intro=source.intro,
        privacy_notice=source.privacy_notice,
        audience=source.audience,
        anonymous=source.anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        invitation_text=source.invitation_text,
        reminder_text=source.reminder_text,
        retention_days=source.retention_days,
        created_by=user,
    )
    _save(survey)
    survey.fields_of_action.set(
        fields_by_title[f.title]
        for f in source.fields_of_action.all()
        if f.title in fields_by_title
    )
    copies: dict[int, Question] = {}
    questions = Question.objects.filter(section__survey=source).select_related(
        "field_of_action", "section"
    )
    by_section: dict[int, list[Question]] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    for section in source.sections.all():
        new_section = SurveySection.objects.create(
            survey=survey,
            title=section.title,
            description=section.description,
            position=section.position,
        )
        for question in by_section.get(section.pk, []):
            old_pk, old_condition = question.pk, question.condition_question_id
            field = question.field_of_action
            question.pk = None
            question.id = None
            question._state.adding = True
            question.section = new_section
            question.field_of_action = fields_by_title.get(field.title) if field else None
            question.condition_question = copies.get(old_condition)
            if question.condition_question is None:
                question.condition_values = ""
            question.save()
            copies[old_pk] = question
    return survey


@transaction.atomic
def section_add(*, survey: Survey, title: str, description: str = "") -> SurveySection:
    position = (
        survey.sections.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    return _save(
        SurveySection(survey=survey, title=title, description=description, position=position)
    )


def next_question_position(section: SurveySection) -> int:
    last = section.questions.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _check_conditions(survey: Survey) -> None:
    """Every condition still names a choice question on an earlier page (after a reorder)."""
    pages = {s.pk: n for n, s in enumerate(survey.sections.order_by("position", "pk"))}
    questions = Question.objects.filter(section__survey=survey).select_related(
        "condition_question__section"
    )
    for question in questions:
        condition = question.condition_question
        if condition is None:
            continue
        if pages[condition.section_id] >= pages[question.section_id]:
            raise ValidationError(
                _(
                    "Die Frage „%(question)s“ wird nur gezeigt, wenn die Frage „%(condition)s“ "
                    "eine bestimmte Antwort hat; diese muss auf einer früheren Seite stehen. "
                    "Bitte zuerst die Bedingung ändern oder die Seiten anders ordnen."
                )
                % {"question": question.text, "condition": condition.text}
            )


def _renumber(survey: Survey, sections: list[SurveySection]) -> None:
    for position, section in enumerate(sections, start=1):
        if section.position != position:
            section.position = position
            section.save(update_fields=["position", "modified"])


@transaction.atomic
def section_move(*, section: SurveySection, direction: str) -> SurveySection:
    """Swap a page with the one before ("up") or after ("down"); conditions must still hold."""
    survey = Survey.objects.select_for_update().get(pk=section.survey_id)
    sections = list(survey.sections.order_by("position", "pk"))
    index = next(n for n, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(sections):
        raise ValidationError(_("Der Abschnitt steht schon an dieser Stelle."))
    sections[index], sections[other] = sections[other], sections[index]
    _renumber(survey, sections)
    _check_conditions(survey)
    section.refresh_from_db()
    return section


@transaction.atomic
def section_delete(
    *, section: SurveySection, move_to: SurveySection | None = None
) -> SurveySection | None:
    """Delete a page. Its questions move to the end of `move_to` (another page of the same
    survey) or, without `move_to`, are deleted with it – but never a question with answers.
    Returns the page that took the questions."""
    survey = Survey.objects.select_for_update().get(pk=section.survey_id)
    questions = list(section.questions.order_by("position", "pk"))
    if move_to is not None:
        if move_to.survey_id != survey.pk or move_to.pk == section.pk:
            raise ValidationError(_("Bitte einen anderen Abschnitt derselben Umfrage wählen."))
        position = next_question_position(move_to)
        for offset, question in enumerate(questions):
            question.section = move_to
            question.position = position + offset
            question.save(update_fields=["section", "position", "modified"])
    elif Answer.objects.filter(question__section=section).exists():
        raise ValidationError(
            _(
                "Fragen dieses Abschnitts haben schon Antworten. Bitte die Fragen in einen "
                "anderen Abschnitt verschieben; gelöscht wird nichts."
            )
        )
    _check_conditions(survey)
    section.delete()
    _renumber(survey, list(survey.sections.order_by("position", "pk")))
    return move_to


# Reaching people ------------------------------------------------------------------------------


def link_url(link: SurveyLink) -> str:
    path = reverse(
        "participation:survey_answer",
        kwargs={"town": link.survey.municipality.slug, "token": link.make_token()},
    )
    return settings.SITE_URL.rstrip("/") + path


def open_url(survey: Survey) -> str:
    path = reverse(
        "participation:survey_answer_open",
        kwargs={"town": survey.municipality.slug, "key": survey.open_key},
    )
    return settings.SITE_URL.rstrip("/") + path


def _link_message(link: SurveyLink, kind: str) -> tuple:
    """(subject, body, from, [to]) of one invitation or reminder."""
    survey = link.survey
    context = {
        "survey": survey,
        "municipality": survey.municipality,
        "link": link_url(link),
        "name": link.contact_person.name if link.contact_person else "",
        "text": survey.invitation_text if kind == "invitation" else survey.reminder_text,
    }
    subject = render_to_string(f"participation/surveys/email/{kind}_subject.txt", context)
    body = render_to_string(f"participation/surveys/email/{kind}.txt", context)
    return " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [link.email]


def _send_link_mails(links, kind: str) -> int:
    """Everyone's mail through the worker, in one task (one SMTP connection)."""
    return send_mails_later(_link_message(link, kind) for link in links)


def _refuse_not_running(survey: Survey) -> None:
    if survey.closed_at or survey.answers_deleted_at or timezone.localdate() > survey.closes_on:
        raise ValidationError(_("Die Umfrage ist beendet; es gehen keine Einladungen mehr hinaus."))


def survey_invite(
    *, survey: Survey, contact_persons: Iterable[ContactPerson], user: User
) -> list[SurveyLink]:
    """One personal link per contact person with an e-mail address not yet invited."""
    _refuse_not_running(survey)
    if survey.audience != Survey.Audience.PERSONAL:
        raise ValidationError(_("Diese Umfrage hat einen offenen Link, keine persönlichen Links."))
    known = {e.lower() for e in survey.links.values_list("email", flat=True)}
    created = []
    with transaction.atomic():
        for person in contact_persons:
            if person.actor.municipality_id != survey.municipality_id:
                raise ValidationError(_("Die Ansprechperson gehört zu einer anderen Kommune."))
            email = person.email.strip().lower()
            if not email or email in known:
                continue
            known.add(email)
            created.append(
                SurveyLink.objects.create(
                    survey=survey,
                    contact_person=person,
                    actor=person.actor,
                    email=email,
                    sent_at=timezone.now(),
                )
            )
    _send_link_mails(created, "invitation")
    return created


def survey_remind(*, survey: Survey) -> int:
    """Remind everyone invited who has not answered and was not reminded today."""
    _refuse_not_running(survey)
    today = timezone.localdate()
    due = [
        link
        for link in survey.links.filter(answered=False).select_related("contact_person")
        if link.reminded_at is None or timezone.localdate(link.reminded_at) < today
    ]
    with transaction.atomic():
        SurveyLink.objects.filter(pk__in=[link.pk for link in due]).update(
            reminded_at=timezone.now()
        )
    _send_link_mails(due, "reminder")
    return len(due)


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    if survey.closed_at is not None:
        raise ValidationError(_("Die Umfrage ist bereits geschlossen."))
    survey.closed_at = timezone.now()
    survey.save(update_fields=["closed_at", "modified"])
    return survey


# Answering ------------------------------------------------------------------------------------


def _refuse_closed(survey: Survey) -> None:
    if not survey.accepts_answers():
        raise ValidationError(_("Diese Umfrage nimmt keine Antworten (mehr) an."))


@transaction.atomic
def response_start(*, survey: Survey, link: SurveyLink | None = None) -> Response:
    """The response of a personal link (made once) or a new one for the open link."""
    _refuse_closed(survey)
    if link is not None:
        existing = Response.objects.filter(link=link).first()
        if existing is not None:
            return existing
        if link.answered:
            raise ValidationError(_("Über diesen Link wurde bereits anonym geantwortet."))
    actor_kind = link.actor.kind if link is not None and link.actor else ""
    return Response.objects.create(survey=survey, link=link, actor_kind=actor_kind)


@transaction.atomic
def response_save_section(
    *, response: Response, section: SurveySection, values: dict[int, Any]
) -> Response:
    """Replace the answers of one page: `values` {question_id: value}; None deletes."""
    survey = Survey.objects.select_for_update().get(pk=response.survey_id)
    _refuse_closed(survey)
    question_ids = set(section.questions.values_list("pk", flat=True))
    if set(values) - question_ids:
        raise ValidationError(_("Antworten gehören zu Fragen dieser Seite."))
    Answer.objects.filter(response=response, question_id__in=question_ids).delete()
    Answer.objects.bulk_create(
        Answer(response=response, question_id=pk, value=value)
        for pk, value in values.items()
        if value not in (None, "", [], {})
    )
    return response


@transaction.atomic
def response_submit(*, response: Response, hidden_question_ids: Iterable[int] = ()) -> Response:
    """Mark the response as sent; answers to questions now hidden by a condition are dropped.

    In anonymous mode the response's link is cut and the time kept only as a date.
    """
    survey = response.survey
    _refuse_closed(survey)
    Answer.objects.filter(response=response, question_id__in=list(hidden_question_ids)).delete()
    now = timezone.now()
    link = response.link
    if survey.anonymous:
        response.submitted_at = now.replace(hour=12, minute=0, second=0, microsecond=0)
        response.link = None
        if link is not None:
            link.answered = True
            link.answered_at = None
            link.save(update_fields=["answered", "answered_at", "modified"])
    else:
        response.submitted_at = now
        if link is not None:
            link.answered = True
            link.answered_at = now
            link.save(update_fields=["answered", "answered_at", "modified"])
    response.save(update_fields=["submitted_at", "link"])
    return response


# Results work ---------------------------------------------------------------------------------


@transaction.atomic
def answer_tag(*, answer: Answer, fields_of_action: Iterable[FieldOfAction]) -> Answer:
    fields = list(fields_of_action)
    edition_id = answer.question.section.survey.edition_id
    if any(f.edition_id != edition_id for f in fields):
        raise ValidationError(_("Nur Handlungsfelder der Fassung der Umfrage."))
    answer.tags.set(fields)
    return answer


@transaction.atomic
def citation_create(
    *, question: Question, field_of_action: FieldOfAction, note: str = ""
) -> SurveyCitation:
    if field_of_action.edition_id != question.section.survey.edition_id:
        raise ValidationError(_("Nur Handlungsfelder der Fassung der Umfrage."))
    _refuse_locked(field_of_action)
    if question.is_text:
        raise ValidationError(_("Freitext-Antworten werden nicht als Ergebnis zitiert."))
    citation, _created = SurveyCitation.objects.update_or_create(
        question=question, field_of_action=field_of_action, defaults={"note": note}
    )
    return citation


def _refuse_locked(field_of_action: FieldOfAction) -> None:
    # An adopted concept is what the council decided: its text, and which results it cites,
    # change only in a Fortschreibung.
    if field_of_action.edition.is_locked:
        raise ValidationError(
            _(
                "Die Fassung „%(edition)s“ ist beschlossen; was sie zitiert, ändert sich nur in "
                "einer Fortschreibung."
            )
            % {"edition": field_of_action.edition.title}
        )


@transaction.atomic
def citation_delete(*, citation: SurveyCitation) -> None:
    _refuse_locked(citation.field_of_action)
    citation.delete()


@transaction.atomic
def survey_delete_answers(*, survey: Survey) -> int:
    """Delete every response (answers and tags with them), the personal links and the stored
    results PDF (it prints "Sonstiges" texts)."""
    from participation.surveys.exports import stored_results_pdf_delete

    count = survey.responses.count()
    survey.responses.all().delete()
    survey.links.all().delete()
    stored_results_pdf_delete(survey)
    survey.answers_deleted_at = timezone.now()
    survey.save(update_fields=["answers_deleted_at", "modified"])
    return count


def surveys_delete_expired(
    *, export_dir: Path, today: datetime.date | None = None
) -> list[tuple[Survey, Path, int]]:
    """For each survey past its retention period: export the raw answers, then delete them."""
    from participation.surveys import exports

    today = today or timezone.localdate()
    done = []
    export_dir.mkdir(parents=True, exist_ok=True)
    candidates = Survey.objects.filter(answers_deleted_at__isnull=True).select_related(
        "municipality"
    )
    for survey in candidates:
        if survey.retention_ends_on >= today:
            continue
        path = export_dir / f"{survey.municipality.slug}-umfrage-{survey.pk}-antworten.xlsx"
        path.write_bytes(exports.raw_xlsx(survey))
        done.append((survey, path, survey_delete_answers(survey=survey)))
    return done
