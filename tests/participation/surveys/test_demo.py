"""The demo holds a finished Koblenz-style actor survey with realistic answers."""

from io import StringIO

import pytest
from django.core.management import call_command

from participation.demo.surveys import TITLE
from participation.models import Answer, Survey, SurveyCitation
from participation.surveys.results import survey_results


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_demo_has_a_finished_actor_survey_with_answers(db, media, demo_db):
    call_command("demo", stdout=StringIO())  # idempotent
    survey = Survey.objects.get(municipality__slug="rheine", title=TITLE)
    assert not survey.accepts_answers()
    assert survey.links.count() >= 5
    total, results = survey_results(survey)
    assert total >= 5 and total == survey.links.filter(answered=True).count()
    kinds = set(survey.responses.values_list("actor_kind", flat=True))
    assert len(kinds) >= 2
    matrix = next(r for r in results if r.question.kind == "matrix")
    housing = dict(matrix.matrix)["bezahlbarer Wohnraum"]
    bad = sum(row.count for row in housing if row.label in ("eher schlecht", "sehr schlecht"))
    assert bad > total / 2  # the demo tells a story: housing is the gap
    assert Answer.objects.filter(
        question__section__survey=survey, question__kind="long_text"
    ).exists()
    assert SurveyCitation.objects.filter(question__section__survey=survey).count() == 2
    assert Answer.objects.filter(question__section__survey=survey).exclude(tags=None).exists()
