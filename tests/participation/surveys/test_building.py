"""The Stabsstelle builds a survey: settings, sections, questions of every kind, conditions,
copy from an earlier survey, preview; then invites, reminds and closes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from participation.models import Question, Survey, SurveyLink
from participation.surveys import services
from tests import factories
from tests.permissions import current_version


def url(name, world, **kwargs):
    return reverse(f"participation:{name}", kwargs={"town": world.town.slug, **kwargs})


def test_staff_create_a_survey_and_add_a_section_and_a_question(surveys, staff_client):
    today = timezone.localdate()
    response = staff_client.post(
        url("survey_create", surveys),
        {
            "title": "Einschätzung der aktuellen Bedarfslage",
            "edition": surveys.edition.pk,
            "fields_of_action": [surveys.field_language.pk],
            "audience": "personal",
            "opens_on": today.isoformat(),
            "closes_on": "31.12.2099",
            "privacy_notice": "Hinweis",
            "invitation_text": "Bitte mitmachen",
            "reminder_text": "Erinnerung",
            "retention_days": "180",
        },
    )
    survey = Survey.objects.get(title="Einschätzung der aktuellen Bedarfslage")
    assert response.status_code == 302 and survey.created_by == surveys.users["staff"]
    assert list(survey.fields_of_action.all()) == [surveys.field_language]
    staff_client.post(url("survey_section_create", surveys, survey=survey.pk), {"title": "Seite 1"})
    section = survey.sections.get()
    response = staff_client.post(
        url("survey_question_create", surveys, survey=survey.pk),
        {
            "section": section.pk,
            "kind": "single",
            "text": "Wie ist die Lage?",
            "options": "gut\nschlecht",
            "allow_other": "on",
            "required": "on",
            "scale_max": "5",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(section=section)
    assert (
        question.option_list == ["gut", "schlecht"] and question.allow_other and question.required
    )


def test_a_choice_question_needs_two_options(surveys, staff_client):
    survey = surveys.survey
    response = staff_client.post(
        url("survey_question_create", surveys, survey=survey.pk),
        {
            "section": survey.section_one.pk,
            "kind": "single",
            "text": "Nur eine?",
            "options": "ja",
            "scale_max": "5",
        },
    )
    assert "Bitte mindestens zwei Antwortmöglichkeiten eingeben." in response.content.decode()
    assert not Question.objects.filter(text="Nur eine?").exists()


def test_a_condition_must_point_to_an_earlier_page(surveys, staff_client):
    survey = surveys.survey
    q = survey.q
    response = staff_client.post(
        url("survey_question_create", surveys, survey=survey.pk),
        {
            "section": survey.section_one.pk,
            "kind": "short_text",
            "text": "Bedingt",
            "condition_question": q["single"].pk,
            "condition_values": "ja",
            "scale_max": "5",
        },
    )
    assert "früheren Seite" in response.content.decode()
    response = staff_client.post(
        url("survey_question_create", surveys, survey=survey.pk),
        {
            "section": survey.section_two.pk,
            "kind": "short_text",
            "text": "Bedingt",
            "condition_question": q["single"].pk,
            "condition_values": "vielleicht",
            "scale_max": "5",
        },
    )
    assert "Antwortmöglichkeit der Frage" in response.content.decode()
    assert not Question.objects.filter(text="Bedingt").exists()


def test_editing_a_question_keeps_its_place(surveys, staff_client):
    q = surveys.survey.q["scale"]
    response = staff_client.post(
        url("survey_question_update", surveys, survey=surveys.survey.pk, question=q.pk),
        {
            "section": q.section_id,
            "kind": "scale",
            "text": "Wie gut ist die Vernetzung heute?",
            "scale_max": "7",
            "version": current_version(q),
        },
    )
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.scale_max == 7 and q.position == 3


def test_a_survey_is_copied_with_its_questions_and_conditions(surveys):
    source = surveys.survey
    next_edition = factories.EditionFactory(
        concept=surveys.edition.concept, title="2030", year=2030
    )
    factories.FieldOfActionFactory(edition=next_edition, title="Sprache", position=1)
    copy = services.survey_copy(
        source=source,
        edition=next_edition,
        title="Bedarfslage 2030",
        opens_on=datetime.date(2030, 1, 1),
        closes_on=datetime.date(2030, 2, 1),
        user=surveys.users["staff"],
    )
    assert copy.pk != source.pk and copy.links.count() == 0 and copy.responses.count() == 0
    texts = list(Question.objects.filter(section__survey=copy).values_list("text", flat=True))
    assert texts == list(
        Question.objects.filter(section__survey=source).values_list("text", flat=True)
    )
    conditional = Question.objects.get(section__survey=copy, text="Was fehlt in der Stadt?")
    assert conditional.condition_question.section.survey == copy
    assert conditional.field_of_action.edition == next_edition


def test_copy_is_offered_when_creating(surveys, staff_client):
    today = timezone.localdate()
    staff_client.post(
        url("survey_create", surveys),
        {
            "title": "Zweite Runde",
            "edition": surveys.edition.pk,
            "audience": "personal",
            "opens_on": today.isoformat(),
            "closes_on": "2099-01-01",
            "privacy_notice": "H",
            "invitation_text": "x",
            "reminder_text": "y",
            "retention_days": "30",
            "copy_from": surveys.survey.pk,
        },
    )
    copy = Survey.objects.get(title="Zweite Runde")
    assert Question.objects.filter(section__survey=copy).count() == 9


def test_the_preview_is_the_answer_page_and_saves_nothing(surveys, staff_client):
    survey = surveys.survey
    page = staff_client.get(url("survey_preview", surveys, survey=survey.pk) + "?seite=2")
    html = page.content.decode()
    assert "Vorschau" in html and "Wie beurteilen Sie …" in html
    # conditional questions show in the preview
    assert "Was fehlt in der Stadt?" in html
    assert 'method="get"' in html
    assert survey.responses.count() == 0


def test_invitations_go_to_contact_persons_once_with_the_edited_text(
    surveys, staff_client, mailoutbox
):
    survey = surveys.survey
    survey.invitation_text = "Liebe Partner, bitte um Einschätzung."
    survey.save()
    mailoutbox.clear()
    response = staff_client.post(
        url("survey_invite", surveys, survey=survey.pk),
        {"contact_persons": [surveys.other_person.pk]},
    )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["zweit@caritas.example"]]
    assert "Liebe Partner, bitte um Einschätzung." in mailoutbox[0].body
    link = SurveyLink.objects.get(email="zweit@caritas.example")
    assert f"/umfrage/{link.make_token()}/" in mailoutbox[0].body
    # inviting the same person again adds nothing
    assert (
        services.survey_invite(survey=survey, contact_persons=[surveys.other_person], user=None)
        == []
    )


def test_reminders_go_only_to_those_who_have_not_answered(surveys, mailoutbox):
    survey = surveys.survey
    services.survey_invite(survey=survey, contact_persons=[surveys.other_person], user=None)
    surveys.link.answered = True
    surveys.link.save()
    mailoutbox.clear()
    assert services.survey_remind(survey=survey) == 1
    assert mailoutbox[0].to == ["zweit@caritas.example"]
    assert "Erinnerung" in mailoutbox[0].subject
    # not twice on the same day
    assert services.survey_remind(survey=survey) == 0


def test_closing_early_stops_invitations(surveys):
    services.survey_close(survey=surveys.survey)
    with pytest.raises(ValidationError):
        services.survey_invite(
            survey=surveys.survey, contact_persons=[surveys.other_person], user=None
        )
    with pytest.raises(ValidationError):
        services.survey_close(survey=surveys.survey)


def test_a_survey_cannot_take_another_towns_edition(surveys):
    other = factories.EditionFactory()
    survey = Survey(
        municipality=surveys.town,
        edition=other,
        title="x",
        privacy_notice="x",
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError):
        survey.full_clean()
