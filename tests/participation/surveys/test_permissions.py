"""Every URL of the surveys for every role: the Stabsstelle builds and evaluates (everyone else
of the town 403); the answer pages are public, the link is the credential."""

import pytest

from participation.models import Answer
from participation.surveys import services
from tests.conftest import ROLES
from tests.participation.surveys.helpers import respond
from tests.permissions import (
    PUBLIC,
    STAFF_ONLY,
    Row,
    assert_row,
    current_version,
    expect,
    ids,
    params,
)

STAFF_POST = expect(STAFF_ONLY, staff=302, superuser=302)

TOWN = lambda w: {"town": w.town.slug}  # noqa: E731
SURVEY = lambda w: {"town": w.town.slug, "survey": w.survey.pk}  # noqa: E731
QUESTION = lambda w: {  # noqa: E731
    "town": w.town.slug,
    "survey": w.survey.pk,
    "question": w.survey.q["scale"].pk,
}
NUMBER_QUESTION = lambda w: {  # noqa: E731
    "town": w.town.slug,
    "survey": w.survey.pk,
    "question": w.survey.q["number"].pk,
}
SECTION = lambda w: {  # noqa: E731
    "town": w.town.slug,
    "survey": w.survey.pk,
    "section": w.spare_section.pk,
}
CITATION = lambda w: {  # noqa: E731
    "town": w.town.slug,
    "survey": w.survey.pk,
    "citation": w.citation.pk,
}
ANSWER = lambda w: {"town": w.town.slug, "survey": w.survey.pk, "answer": w.answer.pk}  # noqa: E731
TOKEN = lambda w: {"town": w.town.slug, "token": w.token}  # noqa: E731
KEY = lambda w: {"town": w.town.slug, "key": w.open_survey.open_key}  # noqa: E731

TABLE = [
    Row("participation:survey_list", STAFF_ONLY, TOWN),
    Row("participation:survey_create", STAFF_ONLY, TOWN),
    Row(
        "participation:survey_create",
        STAFF_POST,
        TOWN,
        method="post",
        data=lambda w: {
            "title": "Neu",
            "edition": w.edition.pk,
            "audience": "open",
            "opens_on": "2026-01-01",
            "closes_on": "2099-01-01",
            "privacy_notice": "Hinweis",
            "invitation_text": "x",
            "reminder_text": "y",
            "retention_days": "30",
        },
    ),
    Row("participation:survey_detail", STAFF_ONLY, SURVEY),
    Row("participation:survey_update", STAFF_ONLY, SURVEY),
    Row(
        "participation:survey_update",
        STAFF_POST,
        SURVEY,
        method="post",
        data=lambda w: {
            "title": "Geändert",
            "edition": w.edition.pk,
            "audience": "personal",
            "opens_on": "2026-01-01",
            "closes_on": "2099-01-01",
            "privacy_notice": "Hinweis",
            "invitation_text": "x",
            "reminder_text": "y",
            "retention_days": "30",
            "version": current_version(w.survey),
        },
    ),
    Row(
        "participation:survey_section_create",
        STAFF_POST,
        SURVEY,
        method="post",
        data=lambda w: {"title": "Seite 3"},
    ),
    Row("participation:survey_section_update", STAFF_ONLY, SECTION),
    Row(
        "participation:survey_section_update",
        STAFF_POST,
        SECTION,
        method="post",
        data=lambda w: {"title": "Seite 3 neu", "version": current_version(w.spare_section)},
    ),
    Row(
        "participation:survey_section_move",
        STAFF_POST,
        SECTION,
        method="post",
        data=lambda w: {"richtung": "oben"},
    ),
    Row("participation:survey_section_delete", STAFF_ONLY, SECTION),
    Row(
        "participation:survey_section_delete",
        STAFF_POST,
        SECTION,
        method="post",
        data=lambda w: {"move_to": ""},
    ),
    Row("participation:survey_citation_delete", STAFF_POST, CITATION, method="post"),
    Row("participation:survey_question_create", STAFF_ONLY, SURVEY),
    Row(
        "participation:survey_question_create",
        STAFF_POST,
        SURVEY,
        method="post",
        data=lambda w: {
            "section": w.survey.section_one.pk,
            "kind": "short_text",
            "text": "Neu?",
            "scale_max": "5",
        },
    ),
    Row("participation:survey_question_update", STAFF_ONLY, QUESTION),
    Row(
        "participation:survey_question_update",
        STAFF_POST,
        QUESTION,
        method="post",
        data=lambda w: {
            "section": w.survey.section_one.pk,
            "kind": "scale",
            "text": "Skala?",
            "scale_max": "5",
            "version": current_version(w.survey.q["scale"]),
        },
    ),
    Row("participation:survey_question_delete", STAFF_POST, NUMBER_QUESTION, method="post"),
    Row(
        "participation:survey_citation_create",
        STAFF_POST,
        QUESTION,
        method="post",
        data=lambda w: {"field_of_action": w.field_language.pk},
    ),
    Row("participation:survey_preview", STAFF_ONLY, SURVEY),
    Row(
        "participation:survey_invite",
        STAFF_POST,
        SURVEY,
        method="post",
        data=lambda w: {"contact_persons": [w.other_person.pk]},
    ),
    Row("participation:survey_remind", STAFF_POST, SURVEY, method="post"),
    Row("participation:survey_close", STAFF_POST, SURVEY, method="post"),
    Row("participation:survey_results", STAFF_ONLY, SURVEY),
    Row("participation:survey_texts", STAFF_ONLY, SURVEY),
    Row(
        "participation:survey_answer_tag",
        STAFF_POST,
        ANSWER,
        method="post",
        data=lambda w: {"tags": [w.field_work.pk]},
    ),
    Row("participation:survey_export_csv", STAFF_ONLY, SURVEY),
    Row("participation:survey_export_xlsx", STAFF_ONLY, SURVEY),
    Row("participation:survey_summary_xlsx", STAFF_ONLY, SURVEY),
    Row("participation:survey_pdf", STAFF_ONLY, SURVEY),
    Row("participation:survey_answer", PUBLIC, TOKEN),
    # The link's response is started: a page without its required answer comes back (200) with
    # the error summary, whoever sends it. (POSTs that move on redirect: see test_answering.)
    Row(
        "participation:survey_answer",
        PUBLIC,
        TOKEN,
        method="post",
        data=lambda w: {"seite": "1", "weiter": "1"},
    ),
    Row("participation:survey_answer_open", PUBLIC, KEY),
]


@pytest.fixture
def survey_world(surveys):
    respond(surveys.survey, long_text="Mehr Beratung.")
    surveys.answer = Answer.objects.get(value="Mehr Beratung.")
    services.response_start(survey=surveys.survey, link=surveys.link)
    surveys.spare_section = services.section_add(survey=surveys.survey, title="Seite 3")
    surveys.citation = services.citation_create(
        question=surveys.survey.q["scale"], field_of_action=surveys.field_work
    )
    return surveys


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, survey_world, client_for):
    assert_row(row, role, survey_world, client_for)
