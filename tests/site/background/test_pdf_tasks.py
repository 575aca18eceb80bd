"""The background PDF flow on django-tasks' database backend, with the real worker command:
enqueue (once), progress, result served from storage, the previous version while a new one
renders, failure with a German message, and a retry."""

import datetime
import io
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concepts.models import Measure
from integration_site.background import pdfs
from integration_site.background.models import StoredPdf, WorkerHeartbeat, private_storage
from integration_site.background.pdfs import PdfKind, register_pdf
from integration_site.rendering.pdf import html_to_pdf
from tests import factories
from tests.background import DATABASE_BACKEND, run_worker
from tests.crawler import pdf_text

MONTHS = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)


def pdf_title(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as metadata:
        return str(metadata["dc:title"])


# The worker closes the connection between tasks (close_old_connections), which ends a test's
# surrounding transaction on PostgreSQL: these tests commit, like the worker in production.
pytestmark = pytest.mark.django_db(transaction=True)


def pdf_renders():
    """The PDF renders among the queued tasks (a council change also queues the OParl ledger)."""
    return DBTaskResult.objects.filter(task_path__endswith="render_stored_pdf")


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def pdf_url(world):
    factories.build_concept(world.edition)
    return reverse("concepts:edition_pdf", kwargs={"town": "rheine", "edition": world.edition.pk})


def test_a_download_enqueues_once_waits_without_javascript_and_then_is_served_from_storage(
    database_tasks, world, pdf_url, staff_client
):
    first = staff_client.get(pdf_url)
    assert first["Content-Type"].startswith("text/html")
    page = first.content.decode()
    # Without JavaScript the page reloads itself; with it, htmx polls the same address.
    assert '<noscript><meta http-equiv="refresh" content="3;url=' in page
    assert 'hx-trigger="every 3s"' in page
    assert "Das PDF wird erstellt" in page and "Wartet auf einen freien Worker" in page
    assert "Vorherige Version" not in page  # nothing rendered yet
    staff_client.get(pdf_url)  # a second person asking does not enqueue a second render
    assert DBTaskResult.objects.filter(task_path__endswith="render_stored_pdf").count() == 1
    assert StoredPdf.objects.get().state == StoredPdf.State.QUEUED

    run_worker()

    task = DBTaskResult.objects.get(task_path__endswith="render_stored_pdf")
    assert task.status == "SUCCESSFUL"
    stored = StoredPdf.objects.get()
    assert stored.state == StoredPdf.State.IDLE and stored.progress == 100
    assert stored.render_seconds > 0 and stored.size > 1000
    # The waiting page's poll sends the browser to the PDF.
    polled = staff_client.get(pdf_url + "?warten=1", HTTP_HX_REQUEST="true")
    assert polled.status_code == 204 and polled["HX-Redirect"] == pdf_url
    response = staff_client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-PDF-Cache"] == "hit"
    assert "Integrationskonzept Rheine" in pdf_text(response.content)
    assert pdf_renders().count() == 1  # served from storage: nothing enqueued


def test_while_a_changed_pdf_renders_a_download_gets_the_previous_version_marked_as_such(
    database_tasks, world, pdf_url, staff_client
):
    staff_client.get(pdf_url)
    run_worker()
    stored = StoredPdf.objects.get()
    assert stored.previous_file, "the worker stores the marked copy beside the file"
    measure = Measure.objects.filter(field_of_action__edition=world.edition).first()
    measure.title = "Sprachcafé im Stadtteilzentrum"
    measure.save()

    # One request, from storage: the previous file in its marked copy.
    previous = staff_client.get(pdf_url)
    assert previous["Content-Type"] == "application/pdf"
    assert previous["X-PDF-Cache"] == "hit" and previous["X-PDF-Version"] == "previous"
    assert "vorherige-fassung-integrationskonzept" in previous["Content-Disposition"]
    text = pdf_text(previous.content)
    assert "Sprachcafé im Stadtteilzentrum" not in text
    pages = text.split("\f")[:-1]
    assert len(pages) > 2
    when = timezone.localtime(stored.rendered_at)
    headline = (
        f"Vorherige Fassung vom {when.day}. {MONTHS[when.month - 1]} {when.year}, {when:%H:%M} Uhr"
    )
    assert all(headline in page and "nicht der aktuelle Stand" in page for page in pages)
    assert pdf_title(previous.content).startswith(headline + ": ")
    # The file itself is unchanged: its pages are the marked copy's pages.
    assert len(pdf_text(stored.file.read()).split("\f")) == len(pages) + 1
    assert "Vorherige Fassung" not in pdf_text(stored.file.read())

    # The page with the button says so and links the progress; the waiting page shows it.
    detail = reverse(
        "concepts:edition_detail", kwargs={"town": "rheine", "edition": world.edition.pk}
    )
    page = staff_client.get(detail).content.decode()
    assert "Eine neue Fassung wird gerade erstellt (0 %)" in page
    assert f'href="{pdf_url}?warten=1"' in page
    waiting = staff_client.get(pdf_url + "?warten=1").content.decode()
    assert "Das PDF wird erstellt" in waiting and "Vorherige Version" in waiting
    assert '<meta http-equiv="refresh" content="3;url=' + pdf_url + "?warten=1" in waiting
    assert pdf_renders().count() == 2  # none of these requests enqueued another render

    run_worker()
    current = staff_client.get(pdf_url)
    assert current["Content-Type"] == "application/pdf"
    assert "X-PDF-Version" not in current
    assert "Sprachcafé im Stadtteilzentrum" in pdf_text(current.content)
    assert "Vorherige Fassung" not in pdf_text(current.content)
    assert "Eine neue Fassung" not in staff_client.get(detail).content.decode()
    # The old files are gone from the storage, the row holds the new ones only.
    assert StoredPdf.objects.count() == 1
    current_row = StoredPdf.objects.get()
    ours = [
        name
        for name in private_storage().listdir("pdfs")[1]
        if name.startswith(f"concept-{current_row.pk}-")
    ]
    assert sorted(ours) == sorted(
        Path(name).name for name in (current_row.file.name, current_row.previous_file.name)
    )


def test_a_stored_pdf_without_a_marked_copy_offers_the_previous_version_on_the_waiting_page(
    database_tasks, world, pdf_url, staff_client
):
    """Files stored before the marked copies existed (or whose copy could not be made)."""
    staff_client.get(pdf_url)
    run_worker()
    StoredPdf.objects.update(previous_file="")
    measure = Measure.objects.filter(field_of_action__edition=world.edition).first()
    measure.title = "Sprachcafé im Stadtteilzentrum"
    measure.save()

    page = staff_client.get(pdf_url).content.decode()
    assert "Das PDF wird erstellt" in page
    assert "Vorherige Version" in page and "nicht</strong> den aktuellen Stand" in page
    previous = staff_client.get(pdf_url + "?vorherige=1")
    assert previous["Content-Type"] == "application/pdf"
    assert "vorherige-fassung-integrationskonzept" in previous["Content-Disposition"]
    assert "Sprachcafé im Stadtteilzentrum" not in pdf_text(previous.content)


@pytest.fixture
def flaky_kind(world):
    """A kind whose render reports progress, records what a reader sees meanwhile, and fails
    while `state["fail"]` is set."""
    state = {"fail": True, "seen": None, "version": "1"}

    def render(params, progress):
        progress(50, "Halbzeit")
        state["seen"] = StoredPdf.objects.values("state", "progress", "step").get()
        if state["fail"]:
            raise RuntimeError("Schriftart fehlt")
        return b"%PDF-1.7 test"

    register_pdf(PdfKind(name="test-flaky", fingerprint=lambda p: state["version"], render=render))
    yield state
    pdfs._kinds.pop("test-flaky")


def test_progress_failure_with_a_german_message_and_a_retry(
    database_tasks, world, flaky_kind, rf, staff_client
):
    def download(**query):
        request = rf.get("/rheine/test.pdf", query)
        request.user = world.users["staff"]
        return pdfs.pdf_download(request, "test-flaky", {"n": 1}, filename="test.pdf")

    download()
    run_worker()
    assert flaky_kind["seen"] == {"state": "running", "progress": 50, "step": "Halbzeit"}
    stored = StoredPdf.objects.get()
    assert stored.state == StoredPdf.State.FAILED
    assert stored.error.startswith("Das PDF konnte nicht erstellt werden. Bitte versuchen Sie")
    assert "RuntimeError" in stored.error
    assert pdf_renders().get().status == "FAILED"

    page = download().content.decode()
    assert "Das PDF konnte nicht erstellt werden" in page and "Erneut versuchen" in page
    assert "http-equiv" not in page  # a failed render does not reload forever
    assert pdf_renders().count() == 1  # no new try without asking

    flaky_kind["fail"] = False
    download(erneut="1")
    assert pdf_renders().count() == 2
    run_worker()
    stored.refresh_from_db()
    assert stored.state == StoredPdf.State.IDLE and stored.attempts == 2 and stored.error == ""
    response = download()
    assert response.content == b"%PDF-1.7 test"


def test_a_change_during_a_render_enqueues_the_next_one_as_soon_as_it_is_stored(
    database_tasks, world, rf
):
    """Nobody has to download (or edit again) for the worker to renew a PDF whose content
    changed while it rendered; meanwhile a download gets the file just stored, marked."""
    state = {"version": "1", "renders": [], "seen": None}

    def download():
        request = rf.get("/rheine/test.pdf")
        request.user = world.users["staff"]
        return pdfs.pdf_download(request, "test-moving", {"n": 1}, filename="test.pdf")

    def render(params, progress):
        state["renders"].append(state["version"])
        if state["version"] == "1":
            state["version"] = "2"  # someone edits while the worker renders
        else:
            seen = download()
            state["seen"] = (seen["X-PDF-Version"], pdf_text(seen.content))
        return html_to_pdf(
            f'<html lang="de"><title>Test</title><p>Fassung {state["renders"][-1]}</p></html>'
        )

    register_pdf(
        PdfKind(name="test-moving", fingerprint=lambda params: state["version"], render=render)
    )
    try:
        download()
        run_worker()
    finally:
        pdfs._kinds.pop("test-moving")
    assert state["renders"] == ["1", "2"]
    version, text = state["seen"]
    assert version == "previous" and "Fassung 1" in text and "Vorherige Fassung vom" in text
    assert StoredPdf.objects.get().fingerprint == "2"
    assert pdf_renders().count() == 2


def test_while_people_keep_editing_a_pdf_renders_again_at_most_once_a_minute(
    database_tasks, world, pdf_url, staff_client, settings
):
    settings.PDF_RENDER_SPACING_SECONDS = 60
    staff_client.get(pdf_url)
    run_worker()
    stored = StoredPdf.objects.get()
    measures = Measure.objects.filter(field_of_action__edition=world.edition)
    for number, measure in enumerate(measures[:2]):
        measure.title = f"Geändert {number}"
        measure.save()
        # Each download (or edit) asks; the one queued render covers every change.
        assert staff_client.get(pdf_url)["X-PDF-Version"] == "previous"
    assert pdf_renders().count() == 2

    run_worker()  # the render is due one minute after the last one ended: it waits
    deferred = pdf_renders().filter(status="READY").get()
    expected = stored.rendered_at + datetime.timedelta(seconds=60)
    assert abs((deferred.run_after - expected).total_seconds()) < 1
    row = StoredPdf.objects.get()
    assert row.state == StoredPdf.State.QUEUED and row.fingerprint == stored.fingerprint
    local = timezone.localtime(expected)
    page = staff_client.get(pdf_url + "?warten=1").content.decode()
    assert f"Wird ab {local:%H:%M} Uhr neu erstellt: die Inhalte werden gerade geändert" in page
    assert staff_client.get(pdf_url)["X-PDF-Version"] == "previous"

    # A minute later.
    DBTaskResult.objects.filter(pk=deferred.pk).update(run_after=timezone.now())
    StoredPdf.objects.update(rendered_at=stored.rendered_at - datetime.timedelta(seconds=60))
    run_worker()
    current = staff_client.get(pdf_url)
    assert "X-PDF-Version" not in current
    text = pdf_text(current.content)
    assert "Geändert 0" in text and "Geändert 1" in text
    assert StoredPdf.objects.get().state == StoredPdf.State.IDLE


def test_the_wait_page_shows_the_progress_of_a_running_render(
    database_tasks, world, flaky_kind, rf
):
    request = rf.get("/rheine/test.pdf")
    request.user = world.users["staff"]
    document = pdfs.stored_pdf("test-flaky", {"n": 1})
    StoredPdf.objects.filter(pk=document.pk).update(
        state="running",
        wanted="1",
        progress=40,
        step="Die Seiten werden gesetzt",
        render_seconds=12,
        started_at=timezone.now(),
    )
    page = pdfs.pdf_download(request, "test-flaky", {"n": 1}, filename="t.pdf").content.decode()
    assert '<progress id="pdf-progress" class="d-block w-100" max="100" value="40">' in page
    assert '<label for="pdf-progress">Die Seiten werden gesetzt</label>' in page
    assert "Die letzte Erstellung dauerte etwa 12 Sekunden." in page
    assert pdf_renders().count() == 0  # already running: nothing enqueued


def test_an_edit_enqueues_the_re_render_of_the_changed_pdfs_before_anyone_asks(
    database_tasks, settings, world, pdf_url, staff_client
):
    staff_client.get(pdf_url)
    run_worker()
    rendered = StoredPdf.objects.get().fingerprint
    settings.PDF_PREPARE_AFTER_EDITS = True
    url = reverse(
        "concepts:element_create",
        kwargs={"town": "rheine", "edition": world.edition.pk, "kind": "querschnittsthemen"},
    )
    response = staff_client.post(url, {"title": "Sozialraumorientierung im Quartier"})
    assert response.status_code == 302
    assert DBTaskResult.objects.filter(task_path__endswith="prepare_town").count() == 1

    run_worker()  # prepare_town enqueues the render, the same batch runs it

    stored = StoredPdf.objects.get()
    assert stored.fingerprint != rendered and stored.state == StoredPdf.State.IDLE
    response = staff_client.get(pdf_url)
    assert response["X-PDF-Cache"] == "hit"
    assert "Sozialraumorientierung im Quartier" in pdf_text(response.content)


def test_the_worker_beats_while_it_runs_and_says_goodbye(database_tasks, db, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.Worker.run",
        lambda self: seen.append(list(WorkerHeartbeat.objects.values_list("worker_id", flat=True))),
    )
    call_command(
        "worker", batch=True, reload=False, worker_id="w-1", recycle_above_mb=0, verbosity=0
    )
    assert seen == [["w-1"]]
    assert not WorkerHeartbeat.objects.exists()


def test_a_render_whose_worker_died_is_enqueued_again(database_tasks, world, flaky_kind, rf):
    request = rf.get("/rheine/test.pdf")
    request.user = world.users["staff"]
    document = pdfs.stored_pdf("test-flaky", {"n": 1})
    started = timezone.now() - datetime.timedelta(minutes=5)
    StoredPdf.objects.filter(pk=document.pk).update(state="running", wanted="1", started_at=started)
    pdfs.pdf_download(request, "test-flaky", {"n": 1}, filename="t.pdf")
    assert pdf_renders().count() == 0  # five minutes: still at work
    started = timezone.now() - datetime.timedelta(minutes=20)
    StoredPdf.objects.filter(pk=document.pk).update(started_at=started)
    pdfs.pdf_download(request, "test-flaky", {"n": 1}, filename="t.pdf")
    assert pdf_renders().count() == 1
    assert StoredPdf.objects.get().state == StoredPdf.State.QUEUED
