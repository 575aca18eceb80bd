"""A survey result cited in a field's Ausgangslage: on the field's page (the Stabsstelle can
go to the results and take the citation back), in the public view and in both concept PDFs –
always only aggregates (shares, n), never a free text, a "Sonstiges" text or a person; gone when
the answers are deleted; fixed once the edition is adopted."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concepts.models import Edition, FieldOfAction
from concepts.services.editions import edition_publish
from participation.models import SurveyCitation
from participation.surveys import services
from tests.concepts.public.conftest import adopt
from tests.crawler import pdf_text
from tests.factories import TREE, build_concept
from tests.participation.surveys.conftest import build_survey
from tests.participation.surveys.helpers import respond

SECRET_TEXT = "GEHEIM-Freitext einer Person"
SECRET_OTHER = "GEHEIM-sonstiges"


def cite_and_answer(world, survey, field):
    respond(survey, single="ja", long_text=SECRET_TEXT)
    respond(survey, single="ja")
    respond(survey, single="__other__", other=SECRET_OTHER)
    return services.citation_create(
        question=survey.q["single"], field_of_action=field, note="Stand Mai"
    )


def field_url(world, edition, field):
    return reverse(
        "concepts:field_detail",
        kwargs={"town": world.town.slug, "edition": edition.pk, "pk": field.pk},
    )


@pytest.fixture
def draft(surveys):
    surveys.citation = cite_and_answer(surveys, surveys.survey, surveys.field_language)
    return surveys


def test_the_field_page_shows_the_cited_result_in_its_ausgangslage(draft, staff_client):
    html = staff_client.get(field_url(draft, draft.edition, draft.field_language)).content.decode()
    ausgangslage = html.split('id="ausgangslage"')[1].split("</section>")[0]
    assert "Aus der Beteiligung (Umfrage)" in ausgangslage
    assert "„Arbeiten Sie mit Geflüchteten?“ (Umfrage „Bedarfslage“):" in ausgangslage
    assert "ja: 67 %" in ausgangslage and "(n = 3)" in ausgangslage and "Stand Mai" in ausgangslage
    assert SECRET_TEXT not in html and SECRET_OTHER not in html
    results = reverse(
        "participation:survey_results", kwargs={"town": draft.town.slug, "survey": draft.survey.pk}
    )
    assert f'href="{results}#frage-{draft.survey.q["single"].pk}"' in ausgangslage
    assert "nicht mehr zitieren" in ausgangslage and "csrfmiddlewaretoken" in ausgangslage
    # the other field does not show it
    other = staff_client.get(field_url(draft, draft.edition, draft.field_work)).content.decode()
    assert "Aus der Beteiligung (Umfrage)" not in other


def test_a_member_reads_the_citation_without_the_staff_controls(draft, client_for):
    html = (
        client_for("member")
        .get(field_url(draft, draft.edition, draft.field_language))
        .content.decode()
    )
    assert "ja: 67 %" in html and "(n = 3)" in html
    assert "nicht mehr zitieren" not in html and "/ergebnisse/" not in html


def test_a_citation_without_answers_waits_for_staff_only(surveys, staff_client, client_for):
    services.citation_create(question=surveys.survey.q["scale"], field_of_action=surveys.field_work)
    url = field_url(surveys, surveys.edition, surveys.field_work)
    html = staff_client.get(url).content.decode()
    assert "Zitiert, aber noch ohne abgesendete Antwort" in html
    assert "„Wie gut ist die Vernetzung?“" in html
    assert "Aus der Beteiligung (Umfrage)" not in client_for("member").get(url).content.decode()


def test_staff_take_a_citation_back_from_the_field_page(draft, staff_client):
    url = reverse(
        "participation:survey_citation_delete",
        kwargs={"town": draft.town.slug, "survey": draft.survey.pk, "citation": draft.citation.pk},
    )
    response = staff_client.post(url, {"weiter": "feld"})
    assert response["Location"] == (
        field_url(draft, draft.edition, draft.field_language) + "#ausgangslage"
    )
    assert not SurveyCitation.objects.filter(pk=draft.citation.pk).exists()
    html = staff_client.get(response["Location"]).content.decode()
    assert "steht nicht mehr im Konzept unter dem Handlungsfeld „Sprache“" in html
    assert "Aus der Beteiligung (Umfrage)" not in html


def test_the_results_page_says_where_a_question_is_cited(draft, staff_client):
    url = reverse(
        "participation:survey_results", kwargs={"town": draft.town.slug, "survey": draft.survey.pk}
    )
    html = staff_client.get(url).content.decode()
    assert "Im Konzept zitiert unter:" in html
    assert field_url(draft, draft.edition, draft.field_language) + "#ausgangslage" in html


def test_deleted_answers_take_the_cited_result_out_of_the_concept_pdf(draft, staff_client):
    pdf_url = reverse(
        "concepts:edition_pdf", kwargs={"town": draft.town.slug, "edition": draft.edition.pk}
    )
    text = " ".join(pdf_text(staff_client.get(pdf_url).content).split())
    assert "Aus der Beteiligung (Umfrage)" in text and "ja: 67 %" in text
    assert SECRET_TEXT not in text and SECRET_OTHER not in text
    services.survey_delete_answers(survey=draft.survey)
    text = " ".join(pdf_text(staff_client.get(pdf_url).content).split())
    assert "Aus der Beteiligung (Umfrage)" not in text and "(n = 0)" not in text
    page = staff_client.get(field_url(draft, draft.edition, draft.field_language))
    assert "ja: 67 %" not in page.content.decode()


@pytest.fixture
def published(world, mailoutbox):
    """A Fortschreibung whose survey result was cited while it was a draft, then adopted and
    published."""
    edition = Edition.objects.create(
        concept=world.edition.concept, title="2. Fortschreibung", year=2021
    )
    build_concept(edition, recipe=TREE)
    fields = list(FieldOfAction.objects.for_edition(edition).order_by("position"))
    world.edition, world.field_language, world.field_work = edition, fields[0], fields[1]
    world.survey = build_survey(world)
    world.citation = cite_and_answer(world, world.survey, world.field_language)
    adopt(edition)
    world.published = edition_publish(edition=edition, public=True, user=world.users["staff"])
    return world


def test_the_public_view_shows_only_the_aggregate(published, client):
    url = reverse(
        "public:field",
        kwargs={
            "town": published.town.slug,
            "edition": published.published.pk,
            "pk": published.field_language.pk,
        },
    )
    html = client.get(url).content.decode()
    assert "Aus der Beteiligung (Umfrage)" in html
    assert "ja: 67 %" in html and "(n = 3)" in html and "Stand Mai" in html
    assert SECRET_TEXT not in html and SECRET_OTHER not in html
    assert "nicht mehr zitieren" not in html and "/beteiligung/" not in html


def test_the_public_concept_pdf_prints_the_aggregate(published, client):
    url = reverse(
        "public:edition_pdf",
        kwargs={"town": published.town.slug, "edition": published.published.pk},
    )
    text = " ".join(pdf_text(client.get(url).content).split())
    assert "Aus der Beteiligung (Umfrage)" in text and "ja: 67 %" in text and "(n = 3)" in text
    assert SECRET_TEXT not in text and SECRET_OTHER not in text


def test_an_adopted_edition_neither_gains_nor_loses_a_citation(published, staff_client):
    with pytest.raises(ValidationError, match="ist beschlossen"):
        services.citation_create(
            question=published.survey.q["scale"], field_of_action=published.field_work
        )
    url = reverse(
        "participation:survey_citation_delete",
        kwargs={
            "town": published.town.slug,
            "survey": published.survey.pk,
            "citation": published.citation.pk,
        },
    )
    response = staff_client.post(url, follow=True)
    assert "„2. Fortschreibung“ ist beschlossen" in response.content.decode()
    assert SurveyCitation.objects.filter(pk=published.citation.pk).exists()
    page = staff_client.get(field_url(published, published.published, published.field_language))
    html = page.content.decode()
    assert "ja: 67 %" in html and "nicht mehr zitieren" not in html


def test_the_field_page_costs_the_same_queries_for_one_or_many_citations(draft, staff_client):
    url = field_url(draft, draft.edition, draft.field_language)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for key in ("multiple", "scale", "number", "matrix", "ranking", "date"):
        services.citation_create(question=draft.survey.q[key], field_of_action=draft.field_language)
    for _ in range(5):
        respond(draft.survey, single="nein")
    assert count() == one
