"""The survey results PDF goes through the background renders like the other PDFs: enqueued
once, rendered by the real worker, served from storage, the previous version offered while a
changed one renders, never prepared ahead for every answer, a German message when it cannot be
made, and removed from storage with the answers."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from integration_site.background import pdfs
from integration_site.background.models import StoredPdf
from participation.surveys import services
from tests.background import DATABASE_BACKEND, run_worker
from tests.crawler import pdf_text
from tests.participation.surveys.helpers import respond

# The worker closes the connection between tasks: these tests commit, like the worker does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def answered(surveys):
    respond(surveys.survey, single="ja", long_text="Mehr Sprachcafés im Norden.")
    respond(surveys.survey, single="__other__", other="nur im Sommer")
    return surveys


def pdf_url(world):
    return reverse(
        "participation:survey_pdf", kwargs={"town": world.town.slug, "survey": world.survey.pk}
    )


def renders():
    return DBTaskResult.objects.filter(task_path__endswith="render_stored_pdf")


def test_the_results_pdf_is_rendered_by_the_worker_and_served_from_storage(
    database_tasks, answered, staff_client
):
    first = staff_client.get(pdf_url(answered))
    page = first.content.decode()
    assert first["Content-Type"].startswith("text/html")
    assert '<meta http-equiv="refresh" content="3;url=' in page
    assert "Das PDF wird erstellt" in page and "Vorherige Version" not in page
    staff_client.get(pdf_url(answered))  # asked twice, enqueued once
    assert renders().count() == 1

    run_worker()

    stored = StoredPdf.objects.get(kind="umfrage")
    assert stored.state == StoredPdf.State.IDLE and stored.municipality == answered.town
    assert stored.file.storage.exists(stored.file.name)
    response = staff_client.get(pdf_url(answered))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-PDF-Cache"] == "hit"
    assert 'filename="umfrage-' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Ergebnisse der Umfrage: Bedarfslage" in text and "2 abgesendete Antworten" in text
    assert "Mehr Sprachcafés" not in text  # free texts are never printed
    assert renders().count() == 1  # served from storage, nothing enqueued


def test_a_new_answer_offers_the_previous_version_while_the_new_one_renders(
    database_tasks, answered, staff_client, settings
):
    staff_client.get(pdf_url(answered))
    run_worker()
    old_name = StoredPdf.objects.get(kind="umfrage").file.name
    respond(answered.survey, single="nein")
    # Not prepared ahead for each answer: the town's preparation (which does renew the
    # concept PDF kept ready) leaves the survey's alone.
    pdfs.prepare_documents(answered.town)
    assert StoredPdf.objects.get(kind="umfrage").state == StoredPdf.State.IDLE

    # The download enqueues the render and answers at once with the previous version, marked.
    previous = staff_client.get(pdf_url(answered))
    assert previous["Content-Type"] == "application/pdf"
    assert previous["X-PDF-Version"] == "previous"
    assert "vorherige-fassung-umfrage-" in previous["Content-Disposition"]
    text = pdf_text(previous.content)
    assert "2 abgesendete Antworten" in text and "Vorherige Fassung vom" in text
    page = staff_client.get(pdf_url(answered) + "?warten=1").content.decode()
    assert "Das PDF wird erstellt" in page and "Vorherige Version" in page
    results = staff_client.get(
        reverse("participation:survey_results", args=[answered.town.slug, answered.survey.pk])
    ).content.decode()
    assert "Eine neue Fassung wird gerade erstellt" in results

    run_worker()
    current = staff_client.get(pdf_url(answered))
    assert "3 abgesendete Antworten" in pdf_text(current.content)
    stored = StoredPdf.objects.get(kind="umfrage")
    assert not stored.file.storage.exists(old_name)  # the old file is replaced, not kept


def test_deleting_the_answers_removes_the_stored_pdf_and_a_new_render_fails_in_german(
    database_tasks, answered, staff_client, django_capture_on_commit_callbacks
):
    staff_client.get(pdf_url(answered))
    run_worker()
    stored = StoredPdf.objects.get(kind="umfrage")
    storage, names = stored.file.storage, (stored.file.name, stored.previous_file.name)
    assert all(storage.exists(name) for name in names)

    services.survey_delete_answers(survey=answered.survey)

    # The stored file printed the answers' "Sonstiges" texts: it goes with them.
    assert not StoredPdf.objects.filter(kind="umfrage").exists()
    assert not any(storage.exists(name) for name in names)  # the marked copy too

    staff_client.get(pdf_url(answered))
    run_worker()
    assert renders().filter(status="FAILED").count() == 1
    stored = StoredPdf.objects.get(kind="umfrage")
    assert stored.state == StoredPdf.State.FAILED and not stored.file
    page = staff_client.get(pdf_url(answered)).content.decode()
    assert "Die Antworten dieser Umfrage sind nach Ablauf der Aufbewahrungsfrist gelöscht" in page
    assert "Erneut versuchen" in page and "http-equiv" not in page
