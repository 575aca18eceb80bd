import datetime

import pytest
from django.utils import timezone

from participation.models import Question, Survey, SurveySection
from participation.surveys import services
from tests import factories

K = Question.Kind


def build_survey(world, *, audience=Survey.Audience.PERSONAL, anonymous=False, title="Bedarfslage"):
    """A survey of every question kind on two pages; page 2 has a conditional question."""
    today = timezone.localdate()
    if not hasattr(world, "field_language"):
        world.field_language = factories.FieldOfActionFactory(
            edition=world.edition, title="Sprache", position=1
        )
        world.field_work = factories.FieldOfActionFactory(
            edition=world.edition, title="Arbeit", position=2
        )
    survey = Survey.objects.create(
        municipality=world.town,
        edition=world.edition,
        title=title,
        privacy_notice="Die Stadt fragt, um das Konzept fortzuschreiben.",
        audience=audience,
        anonymous=anonymous,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=14),
        created_by=world.users["staff"],
    )
    one = SurveySection.objects.create(survey=survey, title="Ihre Einrichtung", position=1)
    two = SurveySection.objects.create(survey=survey, title="Bedarfe", position=2)
    q = {}
    q["single"] = Question.objects.create(
        section=one,
        position=1,
        kind=K.SINGLE,
        text="Arbeiten Sie mit Geflüchteten?",
        options="ja\nnein",
        required=True,
        allow_other=True,
    )
    q["multiple"] = Question.objects.create(
        section=one,
        position=2,
        kind=K.MULTIPLE,
        text="Welche Zielgruppen?",
        options="Kinder\nFrauen\nSenioren",
        allow_other=True,
    )
    q["scale"] = Question.objects.create(
        section=one,
        position=3,
        kind=K.SCALE,
        text="Wie gut ist die Vernetzung?",
        scale_max=5,
        scale_min_label="schlecht",
        scale_max_label="sehr gut",
        help_text="1 bis 5",
    )
    q["number"] = Question.objects.create(
        section=one, position=4, kind=K.NUMBER, text="Wie viele Beschäftigte?"
    )
    q["date"] = Question.objects.create(
        section=one, position=5, kind=K.DATE, text="Seit wann gibt es das Angebot?"
    )
    q["matrix"] = Question.objects.create(
        section=two,
        position=1,
        kind=K.MATRIX,
        text="Wie beurteilen Sie …",
        rows="die Sprachkurse\ndie Beratung",
    )
    q["ranking"] = Question.objects.create(
        section=two, position=2, kind=K.RANKING, text="Welche Handlungsfelder sind am dringendsten?"
    )
    q["short"] = Question.objects.create(
        section=two, position=3, kind=K.SHORT_TEXT, text="Ihre Einrichtung (kurz)"
    )
    q["long"] = Question.objects.create(
        section=two,
        position=4,
        kind=K.LONG_TEXT,
        text="Was fehlt in der Stadt?",
        condition_question=q["single"],
        condition_values="ja",
        field_of_action=world.field_language,
    )
    survey.q = q
    survey.section_one, survey.section_two = one, two
    return survey


@pytest.fixture
def surveys(world, mailoutbox):
    """The town's personal survey with a link for a contact person, and an open survey."""
    world.actor = factories.ActorFactory(municipality=world.town, name="Caritas", kind="welfare")
    world.person = factories.ContactPersonFactory(
        actor=world.actor, name="Frau Beispiel", email="beispiel@caritas.example"
    )
    world.other_person = factories.ContactPersonFactory(
        actor=world.actor, name="Herr Zweit", email="zweit@caritas.example"
    )
    world.survey = build_survey(world)
    world.open_survey = build_survey(
        world, audience=Survey.Audience.OPEN, anonymous=True, title="Offene Umfrage"
    )
    (world.link,) = services.survey_invite(
        survey=world.survey, contact_persons=[world.person], user=world.users["staff"]
    )
    world.token = world.link.make_token()
    world.answer = None
    return world


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example"
