"""Results per question, filters, free texts (search, tags), exports, the PDF, citations."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from participation.models import Answer, Response
from participation.surveys import services
from participation.surveys.results import Filters, survey_results
from tests.participation.surveys.helpers import respond


def url(name, world, **kwargs):
    return reverse(f"participation:{name}", kwargs={"town": world.town.slug, **kwargs})


@pytest.fixture
def answered(surveys):
    survey = surveys.survey
    respond(
        survey,
        single="ja",
        multiple=("Kinder", "Frauen"),
        scale=5,
        number=10,
        actor_kind="welfare",
        long_text="Mehr Sprachcafés im Norden.",
    )
    respond(
        survey,
        single="ja",
        multiple=("Kinder",),
        scale=3,
        number=20,
        actor_kind="school",
        ranking=("Arbeit", "Sprache"),
        long_text="Kita-Plätze fehlen.",
    )
    respond(
        survey,
        single="__other__",
        other="teilweise",
        multiple=(),
        scale=4,
        number=30,
        actor_kind="welfare",
    )
    # started, not submitted: not counted
    Response.objects.create(survey=survey)
    return surveys


def rows_of(result):
    return {row.label: (row.count, round(row.percent, 1)) for row in result.rows}


def test_counts_and_percentages_per_question(answered):
    total, results = survey_results(answered.survey)
    by_text = {r.question.text: r for r in results}
    assert total == 3
    single = by_text["Arbeiten Sie mit Geflüchteten?"]
    assert rows_of(single) == {"ja": (2, 66.7), "nein": (0, 0.0), "Sonstiges": (1, 33.3)}
    assert single.others == ["teilweise"]
    multiple = by_text["Welche Zielgruppen?"]
    assert rows_of(multiple)["Kinder"] == (2, 100.0)  # two people answered it
    assert by_text["Wie gut ist die Vernetzung?"].stats["mean"] == 4
    assert by_text["Wie viele Beschäftigte?"].stats == {
        "mean": 20,
        "median": 20,
        "min": 10,
        "max": 30,
    }
    ranking = by_text["Welche Handlungsfelder sind am dringendsten?"]
    assert ranking.stats["ranking"][0][0] == "Sprache"
    matrix = by_text["Wie beurteilen Sie …"].matrix
    assert matrix[0][0] == "die Sprachkurse" and matrix[0][1][0].count == 3
    assert "<svg" in single.chart and 'role="img"' in single.chart and "<desc" in single.chart
    assert "ja: 2 (66,7 %)" in single.chart


def test_filters_by_actor_kind_and_field(answered):
    total, results = survey_results(answered.survey, Filters(actor_kind="school"))
    assert total == 1
    assert {r.question.text: r.answered for r in results}["Wie viele Beschäftigte?"] == 1
    _total, results = survey_results(
        answered.survey, Filters(field_of_action=answered.field_language.pk)
    )
    assert [r.question.text for r in results] == ["Was fehlt in der Stadt?"]


def test_the_results_page_shows_charts_and_tables(answered, staff_client):
    page = staff_client.get(
        url("survey_results", answered, survey=answered.survey.pk) + "?art=welfare"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 abgesendete Antworten" in html
    assert html.count('role="img"') >= 3 and "<caption" in html


def test_results_page_runs_a_fixed_number_of_queries(
    answered, staff_client, django_assert_max_num_queries
):
    for n in range(20):
        respond(answered.survey, number=n, long_text=f"Text {n}")
    # 18: the results, filters, the citations of the questions (one query) and the state of
    # the stored results PDF (one)
    with django_assert_max_num_queries(18):
        assert (
            staff_client.get(url("survey_results", answered, survey=answered.survey.pk)).status_code
            == 200
        )


def test_free_texts_are_listed_searchable_and_taggable(answered, staff_client):
    texts_url = url("survey_texts", answered, survey=answered.survey.pk)
    html = staff_client.get(texts_url).content.decode()
    assert "Mehr Sprachcafés im Norden." in html and "Kita-Plätze fehlen." in html
    html = staff_client.get(texts_url, {"q": "kita"}).content.decode()
    assert "Kita-Plätze fehlen." in html and "Sprachcafés" not in html
    answer = Answer.objects.get(value="Kita-Plätze fehlen.")
    staff_client.post(
        url("survey_answer_tag", answered, survey=answered.survey.pk, answer=answer.pk),
        {"tags": [answered.field_work.pk]},
    )
    assert list(answer.tags.all()) == [answered.field_work]
    html = staff_client.get(texts_url, {"handlungsfeld": answered.field_work.pk}).content.decode()
    assert "Kita-Plätze fehlen." in html and "Sprachcafés" not in html


def test_tags_must_be_fields_of_the_surveys_edition(answered, staff_client):
    from tests import factories

    foreign = factories.FieldOfActionFactory(title="Fremd")
    answer = Answer.objects.get(value="Kita-Plätze fehlen.")
    staff_client.post(
        url("survey_answer_tag", answered, survey=answered.survey.pk, answer=answer.pk),
        {"tags": [foreign.pk]},
    )
    assert answer.tags.count() == 0


def test_raw_and_summary_exports(answered, staff_client):
    response = staff_client.get(url("survey_export_csv", answered, survey=answered.survey.pk))
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert len(lines) == 4  # header + 3 submitted
    assert "Sonstiges: teilweise" in text and "Sprache > Arbeit" in text and "01.01.2020" in text
    response = staff_client.get(url("survey_export_xlsx", answered, survey=answered.survey.pk))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4
    assert sheet.cell(1, 4).value == "F1 Arbeiten Sie mit Geflüchteten?"
    response = staff_client.get(url("survey_summary_xlsx", answered, survey=answered.survey.pk))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Arbeiten Sie mit Geflüchteten?", None, "ja", 2, 66.7] in cells


def test_exports_write_answers_never_as_formulas(answered, staff_client):
    respond(answered.survey, long_text='=HYPERLINK("http://x")')
    respond(answered.survey, long_text="@SUM(1+1)")
    content = staff_client.get(
        url("survey_export_csv", answered, survey=answered.survey.pk)
    ).content
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(1+1)" in text
    content = staff_client.get(
        url("survey_export_xlsx", answered, survey=answered.survey.pk)
    ).content
    workbook = load_workbook(io.BytesIO(content))
    assert not [c for row in workbook.active.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils fehlt")
def test_results_pdf_is_pdf_ua_with_the_figures(answered, staff_client, tmp_path):
    response = staff_client.get(url("survey_pdf", answered, survey=answered.survey.pk))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "umfrage.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout  # noqa: S603, S607
    assert "Ergebnisse der Umfrage: Bedarfslage" in text
    assert "Arbeiten Sie mit Geflüchteten?" in text and "66,7 %" in text
    assert "Mehr Sprachcafés" not in text  # free texts are not printed
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    info = " ".join(info.split())
    assert "Tagged: yes" in info and "Title: Ergebnisse der Umfrage: Bedarfslage" in info
    # cached: the second download is a hit, a new answer renders anew
    assert (
        staff_client.get(url("survey_pdf", answered, survey=answered.survey.pk))["X-PDF-Cache"]
        == "hit"
    )
    respond(answered.survey)
    assert (
        staff_client.get(url("survey_pdf", answered, survey=answered.survey.pk))["X-PDF-Cache"]
        == "miss"
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils fehlt")
def test_a_cited_result_appears_under_its_field_in_the_concept_pdf(
    answered, staff_client, tmp_path
):
    question = answered.survey.q["single"]
    response = staff_client.post(
        url("survey_citation_create", answered, survey=answered.survey.pk, question=question.pk),
        {"field_of_action": answered.field_language.pk, "note": "Stand Mai"},
    )
    assert response.status_code == 302
    pdf = staff_client.get(
        reverse(
            "concepts:edition_pdf",
            kwargs={"town": answered.town.slug, "edition": answered.edition.pk},
        )
    )
    path = tmp_path / "konzept.pdf"
    path.write_bytes(pdf.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )  # noqa: S603, S607
    assert "Aus der Beteiligung (Umfrage)" in text
    assert "ja: 67 %" in text and "(n = 3)" in text and "Stand Mai" in text
    # a new answer changes the cited figure (the PDF's fingerprint follows the answers)
    respond(answered.survey, single="nein")
    pdf = staff_client.get(
        reverse(
            "concepts:edition_pdf",
            kwargs={"town": answered.town.slug, "edition": answered.edition.pk},
        )
    )
    path.write_bytes(pdf.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )  # noqa: S603, S607
    assert "(n = 4)" in text


def test_free_text_is_not_cited(answered):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.citation_create(
            question=answered.survey.q["long"], field_of_action=answered.field_language
        )
