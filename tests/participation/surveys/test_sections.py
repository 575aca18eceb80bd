"""Sections (pages) of a survey: moved up and down with plain form buttons, renamed, deleted
after a German question – their questions moved to another page by default, deleted only on
request and only without answers. A move that would put a condition after its question is
refused and changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participation.models import Question, SurveySection
from participation.surveys import services
from tests.participation.surveys.helpers import respond
from tests.permissions import current_version


def url(name, world, **kwargs):
    return reverse(f"participation:{name}", kwargs={"town": world.town.slug, **kwargs})


def section_url(name, world, section):
    return url(name, world, survey=world.survey.pk, section=section.pk)


def order(survey):
    return list(survey.sections.order_by("position").values_list("title", flat=True))


@pytest.fixture
def third(surveys):
    """A third page without conditions, after "Ihre Einrichtung" and "Bedarfe"."""
    section = services.section_add(survey=surveys.survey, title="Zum Schluss")
    Question.objects.create(section=section, position=1, kind="number", text="Wie alt?")
    return section


def test_the_build_page_offers_up_down_edit_and_delete_as_plain_controls(
    surveys, third, staff_client
):
    html = staff_client.get(
        url("survey_detail", surveys, survey=surveys.survey.pk)
    ).content.decode()
    move = section_url("survey_section_move", surveys, third)
    # buttons in forms: keyboard and no JavaScript; the first page cannot go up, the last not down
    assert f'action="{move}"' in html and 'name="richtung" value="oben"' in html
    first_move = section_url("survey_section_move", surveys, surveys.survey.section_one)
    first_forms = html.split(f'action="{first_move}"')
    assert len(first_forms) == 2 and 'value="unten"' in first_forms[1][:200]
    assert 'nach oben<span class="visually-hidden">: Zum Schluss</span>' in html
    assert 'nach unten<span class="visually-hidden">: Zum Schluss</span>' not in html
    assert section_url("survey_section_update", surveys, third) in html
    assert section_url("survey_section_delete", surveys, third) in html


def test_moving_a_page_up_and_down(surveys, third, staff_client):
    response = staff_client.post(
        section_url("survey_section_move", surveys, third), {"richtung": "oben"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#abschnitt-{third.pk}")
    assert order(surveys.survey) == ["Ihre Einrichtung", "Zum Schluss", "Bedarfe"]
    assert list(surveys.survey.sections.values_list("position", flat=True)) == [1, 2, 3]
    staff_client.post(section_url("survey_section_move", surveys, third), {"richtung": "unten"})
    assert order(surveys.survey) == ["Ihre Einrichtung", "Bedarfe", "Zum Schluss"]
    # the respondents' pages follow the new order
    staff_client.post(section_url("survey_section_move", surveys, third), {"richtung": "oben"})
    preview = staff_client.get(
        url("survey_preview", surveys, survey=surveys.survey.pk) + "?seite=2"
    )
    assert "Zum Schluss" in preview.content.decode()


def test_the_last_page_does_not_move_down_and_nonsense_is_refused(surveys, third, staff_client):
    response = staff_client.post(
        section_url("survey_section_move", surveys, third), {"richtung": "unten"}, follow=True
    )
    assert "Der Abschnitt steht schon an dieser Stelle." in response.content.decode()
    staff_client.post(section_url("survey_section_move", surveys, third), {"richtung": "quer"})
    assert order(surveys.survey) == ["Ihre Einrichtung", "Bedarfe", "Zum Schluss"]


def test_a_move_that_puts_a_condition_after_its_question_is_refused(surveys, staff_client):
    # "Was fehlt in der Stadt?" (page 2) is shown only if "Arbeiten Sie mit Geflüchteten?"
    # (page 1) says "ja": page 2 cannot come first.
    before = list(surveys.survey.sections.values_list("pk", "position", "modified"))
    response = staff_client.post(
        section_url("survey_section_move", surveys, surveys.survey.section_two),
        {"richtung": "oben"},
        follow=True,
    )
    html = response.content.decode()
    assert "Die Frage „Was fehlt in der Stadt?“ wird nur gezeigt" in html
    assert "diese muss auf einer früheren Seite stehen" in html
    assert list(surveys.survey.sections.values_list("pk", "position", "modified")) == before


def test_renaming_a_page_and_a_stale_form_is_refused(surveys, staff_client):
    section = surveys.survey.section_two
    page = staff_client.get(section_url("survey_section_update", surveys, section))
    assert page.status_code == 200 and 'value="Bedarfe"' in page.content.decode()
    stale = current_version(section)
    response = staff_client.post(
        section_url("survey_section_update", surveys, section),
        {"title": "Bedarfe in der Stadt", "description": "Bitte ehrlich.", "version": stale},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.title, section.description) == ("Bedarfe in der Stadt", "Bitte ehrlich.")
    response = staff_client.post(
        section_url("survey_section_update", surveys, section),
        {"title": "Alter Stand", "description": "", "version": stale},
    )
    assert response.status_code == 200
    assert "Inzwischen hat jemand anderes gespeichert" in response.content.decode()
    section.refresh_from_db()
    assert section.title == "Bedarfe in der Stadt"
    response = staff_client.post(
        section_url("survey_section_update", surveys, section),
        {"title": "", "version": current_version(section)},
    )
    assert response.status_code == 200 and "Dieses Feld ist zwingend erforderlich." in (
        response.content.decode()
    )


def test_the_delete_page_asks_in_german_and_proposes_the_page_before(surveys, staff_client):
    section = surveys.survey.section_two
    html = staff_client.get(section_url("survey_section_delete", surveys, section)).content.decode()
    assert "Abschnitt „Bedarfe“ löschen?" in html
    assert "Dieser Abschnitt enthält 4 Fragen:" in html and "Was fehlt in der Stadt?" in html
    assert "verschieben an das Ende von „Ihre Einrichtung“" in html
    assert "mitlöschen (nur möglich, solange keine Frage Antworten hat)" in html
    proposed = f'value="{surveys.survey.section_one.pk}"'
    assert f'{proposed} class="form-check-input" id="id_move_to_1" checked' in html or (
        f"{proposed}" in html and "checked" in html.split(proposed)[1][:120]
    )
    assert "lässt sich nicht rückgängig machen" in html


def test_deleting_a_page_moves_its_questions_and_their_answers_to_another(
    surveys, third, staff_client
):
    respond(surveys.survey, long_text="Mehr Kita-Plätze.")
    two = surveys.survey.section_two
    moved = list(two.questions.order_by("position").values_list("pk", flat=True))
    response = staff_client.post(
        section_url("survey_section_delete", surveys, two), {"move_to": third.pk}, follow=True
    )
    assert "ist gelöscht; seine 4 Fragen stehen jetzt am Ende von „Zum Schluss“" in (
        response.content.decode()
    )
    assert not SurveySection.objects.filter(pk=two.pk).exists()
    assert list(third.questions.order_by("position").values_list("pk", flat=True))[1:] == moved
    assert list(third.questions.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert order(surveys.survey) == ["Ihre Einrichtung", "Zum Schluss"]
    third.refresh_from_db()
    assert third.position == 2  # the pages are numbered without a gap
    # the answers stayed with their questions
    assert Question.objects.get(pk=surveys.survey.q["long"].pk).answers.count() == 1


def test_the_proposed_page_is_refused_when_a_condition_would_break(surveys, staff_client):
    # "Was fehlt in der Stadt?" depends on a question of page 1: moving it onto page 1 is refused
    # with the reason, and nothing changes.
    two = surveys.survey.section_two
    response = staff_client.post(
        section_url("survey_section_delete", surveys, two),
        {"move_to": surveys.survey.section_one.pk},
    )
    assert response.status_code == 200
    assert "diese muss auf einer früheren Seite stehen" in response.content.decode()
    assert SurveySection.objects.filter(pk=two.pk).exists() and two.questions.count() == 4


def test_deleting_a_page_with_answers_and_its_questions_is_refused(surveys, staff_client):
    respond(surveys.survey)
    two = surveys.survey.section_two
    response = staff_client.post(
        section_url("survey_section_delete", surveys, two), {"move_to": ""}
    )
    assert response.status_code == 200
    assert "Fragen dieses Abschnitts haben schon Antworten" in response.content.decode()
    assert SurveySection.objects.filter(pk=two.pk).exists() and two.questions.count() == 4


def test_deleting_a_page_with_its_questions_when_nobody_answered(surveys, third, staff_client):
    response = staff_client.post(
        section_url("survey_section_delete", surveys, third), {"move_to": ""}
    )
    assert response.status_code == 302
    assert not Question.objects.filter(text="Wie alt?").exists()
    assert order(surveys.survey) == ["Ihre Einrichtung", "Bedarfe"]


def test_a_delete_that_breaks_a_condition_changes_nothing(surveys):
    # Moving page 2's questions onto page 1 would put "Was fehlt?" beside its condition.
    two = surveys.survey.section_two
    with pytest.raises(ValidationError, match="früheren Seite"):
        services.section_delete(section=two, move_to=surveys.survey.section_one)
    assert SurveySection.objects.filter(pk=two.pk).exists() and two.questions.count() == 4


def test_questions_cannot_move_to_a_page_of_another_survey(surveys):
    other = surveys.open_survey.section_one
    with pytest.raises(ValidationError, match="anderen Abschnitt derselben Umfrage"):
        services.section_delete(section=surveys.survey.section_two, move_to=other)
    assert surveys.survey.section_two.questions.count() == 4
