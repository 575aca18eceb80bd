"""Imports as background tasks on django-tasks' database backend, with the real worker command:
the upload is stored privately and enqueued, the progress page refreshes itself, the worker
imports, the page links to the result; a bad file fails with its German problems and nothing
written; "Erneut versuchen" enqueues the same stored upload again."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concepts.exchange import FORMAT
from concepts.exchange.export import dumps, edition_export
from concepts.models import Edition, Measure
from integration_site.background import imports
from integration_site.background.models import ImportJob
from tests import factories
from tests.background import DATABASE_BACKEND, run_worker

# The worker closes the connection between tasks: these tests commit, like the worker does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_BACKEND


@pytest.fixture
def exchange_file(world):
    factories.build_concept(world.edition, fields=2, strategic=1, operational=1, measures=2)
    return dumps(edition_export(world.edition)).encode()


def upload(data, name="konzept.json"):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def import_url(world):
    return reverse("concepts:edition_import", kwargs={"town": world.town.slug})


def editions():
    return Edition.objects.count()


def test_json_upload_is_stored_enqueued_shown_in_progress_and_then_links_to_the_new_draft(
    database_tasks, world, exchange_file, staff_client
):
    before = editions()
    response = staff_client.post(import_url(world), {"file": upload(exchange_file)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rheine/importe/{job.pk}/"
    # Stored in the private storage (beside MEDIA_ROOT, not under it) until the worker ran.
    stored = Path(job.file.path)
    assert stored.read_bytes() == exchange_file
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert job.state == ImportJob.State.QUEUED and job.municipality == world.town
    assert DBTaskResult.objects.filter(task_path__endswith="run_import").count() == 1
    assert editions() == before  # nothing imported in the request

    page = staff_client.get(response["Location"]).content.decode()
    # Without JavaScript the page reloads itself; with it, htmx swaps the job's part (no meta
    # refresh for script users: WCAG 2.2.1).
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert 'hx-trigger="every 2s" hx-select="#import-job"' in page
    assert 'role="status" aria-live="polite"' in page
    assert "Die Datei wird importiert" in page and "Wartet auf einen freien Worker" in page

    run_worker()

    assert DBTaskResult.objects.get(task_path__endswith="run_import").status == "SUCCESSFUL"
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.progress == 100
    assert not job.file and not stored.exists()  # the upload is gone after the success
    assert editions() == before + 1
    imported = Edition.objects.latest("pk")
    assert imported.concept.municipality == world.town
    assert Measure.objects.filter(field_of_action__edition=imported).count() == 4
    page = staff_client.get(response["Location"]).content.decode()
    assert "http-equiv" not in page and "hx-trigger" not in page  # done: no more refreshing
    assert "Import abgeschlossen" in page
    assert f"„{imported.title}“ ist als neuer Entwurf importiert." in page
    assert f'href="/rheine/konzept/{imported.pk}/"' in page


def test_the_progress_page_shows_the_stage_while_the_worker_creates_the_elements(
    database_tasks, world, exchange_file, staff_client, monkeypatch
):
    from concepts.exchange import load

    staff_client.post(import_url(world), {"file": upload(exchange_file)})
    job = ImportJob.objects.get()
    seen = {}
    original = load._Importer.run

    def watched(self, data):
        seen["page"] = staff_client.get(f"/rheine/importe/{job.pk}/").content.decode()
        return original(self, data)

    monkeypatch.setattr(load._Importer, "run", watched)
    run_worker()

    assert "Elemente anlegen" in seen["page"]
    assert (
        '<progress id="import-progress" class="d-block w-100" max="100" value="40">' in seen["page"]
    )
    assert ImportJob.objects.get().state == ImportJob.State.DONE


def test_a_bad_file_fails_with_its_german_problems_nothing_written_and_retry_runs_it_again(
    database_tasks, world, staff_client
):
    before = editions()
    bad = json.dumps({"format": FORMAT}).encode()
    location = staff_client.post(import_url(world), {"file": upload(bad, "kaputt.json")})[
        "Location"
    ]
    run_worker()

    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and job.attempts == 1
    assert editions() == before
    page = staff_client.get(location).content.decode()
    assert "http-equiv" not in page
    assert "Der Import ist fehlgeschlagen" in page
    assert "Die Datei wurde nicht importiert:" in page
    assert "<code>$.concept</code>" in page and "Die Angabe „concept“ fehlt." in page
    assert "Erneut versuchen" in page
    assert Path(job.file.path).exists()  # kept for the retry

    retried = staff_client.post(location)
    assert retried["Location"] == location
    job.refresh_from_db()
    assert job.state == ImportJob.State.QUEUED and job.attempts == 2
    assert DBTaskResult.objects.filter(task_path__endswith="run_import").count() == 2
    assert "Wartet auf einen freien Worker" in staff_client.get(location).content.decode()
    run_worker()
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.problems
    assert editions() == before


def test_a_crash_in_the_worker_fails_in_german_and_the_retry_imports_the_same_upload(
    database_tasks, world, exchange_file, staff_client, monkeypatch
):
    from concepts.exchange import load

    before = editions()
    location = staff_client.post(import_url(world), {"file": upload(exchange_file)})["Location"]
    original = load._Importer.run

    def crash(self, data):
        original(self, data)  # everything written …
        raise RuntimeError("database went away")  # … and rolled back

    monkeypatch.setattr(load._Importer, "run", crash)
    run_worker()
    assert DBTaskResult.objects.get(task_path__endswith="run_import").status == "FAILED"
    assert editions() == before
    page = staff_client.get(location).content.decode()
    assert "Der Import ist abgebrochen; es wurde nichts übernommen." in page
    assert "Fehlerart: RuntimeError" in page

    monkeypatch.setattr(load._Importer, "run", original)
    staff_client.post(location)
    run_worker()
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.DONE and job.attempts == 2
    assert editions() == before + 1
    assert "ist als neuer Entwurf importiert" in staff_client.get(location).content.decode()


def test_only_the_towns_staff_see_an_import(database_tasks, world, exchange_file, client_for):
    location = client_for("staff").post(import_url(world), {"file": upload(exchange_file)})[
        "Location"
    ]
    assert client_for("member").get(location).status_code == 403
    assert client_for("council").get(location).status_code == 403
    assert client_for("anonymous").get(location).status_code == 302  # to the login
    # Staff of another town: not under their own town's address, nor under this one's.
    job = ImportJob.objects.get()
    outsider = client_for("outsider")
    assert outsider.get(f"/emmerich/importe/{job.pk}/").status_code == 404
    assert outsider.get(location).status_code == 403
    assert outsider.post(f"/emmerich/importe/{job.pk}/").status_code == 404
    assert ImportJob.objects.get().attempts == 1


def test_a_wrong_type_is_refused_in_the_request(database_tasks, world, staff_client):
    response = staff_client.post(import_url(world), {"file": upload(b"{}", "konzept.xlsx")})
    assert response.status_code == 200
    assert "Bitte eine Austauschdatei im JSON-Format hochladen" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__endswith="run_import").exists()


def test_uploads_older_than_the_retention_are_deleted(database_tasks, world, staff_client):
    bad = json.dumps({"format": FORMAT}).encode()
    staff_client.post(import_url(world), {"file": upload(bad, "kaputt.json")})
    run_worker()
    job = ImportJob.objects.get()
    path = Path(job.file.path)
    assert path.exists()
    ImportJob.objects.update(created_at=timezone.now() - imports.IMPORT_RETENTION)
    assert imports.purge_expired_uploads() == 1
    assert not path.exists() and not ImportJob.objects.get().file
    # Nothing left to retry: a German message instead of a task.
    response = staff_client.post(f"/rheine/importe/{job.pk}/", follow=True)
    assert "Dieser Import kann nicht erneut versucht werden" in response.content.decode()
    assert ImportJob.objects.get().attempts == 1


# --- Indicator values (CSV/XLSX): preview in the request, the import in the worker ----------


@pytest.fixture
def count_indicator(world):
    from concepts.models import OperationalGoal

    factories.build_concept(world.edition, fields=1, strategic=1, operational=1, measures=1)
    goal = OperationalGoal.objects.for_edition(world.edition).first()
    return factories.IndicatorFactory(
        operational_goal=goal, code="EINB", name="Einbürgerungen", unit="count"
    )


def values_file(kind):
    from indicators.importers import values as importers

    header = list(importers.TEMPLATE_COLUMNS)
    rows = [["EINB", "", "", "2022", "", "300", "", "", "", ""][: len(header)]]
    rows.append(["EINB", "", "", "2023", "", "325", "", "", "", ""][: len(header)])
    if kind == "csv":
        lines = [";".join(header), *(";".join(row) for row in rows)]
        return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"), "werte.csv"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "werte.xlsx"


def confirm_values_import(client, world, data, name):
    url = reverse("indicators:import_upload", args=[world.town.slug, world.edition.pk])
    preview = client.post(url, {"file": upload(data, name)})
    assert preview.status_code == 302, preview.content.decode()[:1000]
    assert "Vorschau" in client.get(preview["Location"]).content.decode()
    confirmed = client.post(preview["Location"])
    assert confirmed.status_code == 302
    return confirmed["Location"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_values_import_runs_in_the_worker_and_links_to_the_indicators(
    kind, database_tasks, world, count_indicator, staff_client
):
    from indicators.models import Measurement

    data, name = values_file(kind)
    location = confirm_values_import(staff_client, world, data, name)
    job = ImportJob.objects.get()
    assert location == f"/rheine/importe/{job.pk}/"
    assert job.state == ImportJob.State.QUEUED and job.params["edition"] == world.edition.pk
    assert Path(job.file.path).read_bytes() == data
    assert not Measurement.objects.filter(indicator=count_indicator).exists()
    page = staff_client.get(location).content.decode()
    assert "http-equiv" in page and f"„{name}“ wird im Hintergrund importiert." in page

    run_worker()

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and not job.file
    values = Measurement.objects.filter(indicator=count_indicator).order_by("period_start")
    assert [(m.period_start.year, int(m.value)) for m in values] == [(2022, 300), (2023, 325)]
    page = staff_client.get(location).content.decode()
    assert "Import abgeschlossen: 2 Werte neu, 0 geändert." in page
    assert 'href="/rheine/indikatoren/"' in page


def test_values_import_failing_in_the_worker_shows_its_rows_and_the_retry_imports_it(
    database_tasks, world, count_indicator, staff_client
):
    from indicators.models import Measurement

    data, name = values_file("csv")
    location = confirm_values_import(staff_client, world, data, name)
    # Between the preview and the worker the indicator's code changed: the rows match nothing.
    count_indicator.code = "EINB-ALT"
    count_indicator.save()
    run_worker()

    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    page = staff_client.get(location).content.decode()
    assert "Die Datei enthält Fehler; es wurde nichts importiert." in page
    assert "<code>Zeile 2</code>" in page and "<code>Zeile 3</code>" in page
    assert not Measurement.objects.filter(indicator=count_indicator).exists()

    count_indicator.code = "EINB"
    count_indicator.save()
    staff_client.post(location)
    run_worker()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.attempts == 2
    assert Measurement.objects.filter(indicator=count_indicator).count() == 2
    assert "2 Werte neu" in staff_client.get(location).content.decode()


@pytest.mark.parametrize("outcome", ["queued", "failed", "done"])
def test_the_import_page_costs_a_fixed_number_of_queries(
    outcome, world, staff_client, django_assert_max_num_queries
):
    job = ImportJob.objects.create(
        kind="exchange",
        municipality=world.town,
        filename="k.json",
        state=outcome,
        problems=[[f"$.fields[{n}]", "Fehlt."] for n in range(50)],
        result={"url": "/rheine/konzept/", "link": "Zum neuen Entwurf", "messages": []},
    )
    url = f"/rheine/importe/{job.pk}/"
    staff_client.get(url)
    with django_assert_max_num_queries(12):
        assert staff_client.get(url).status_code == 200


def test_an_adopted_edition_from_the_file_is_not_called_a_new_draft(world, staff_client):
    factories.build_concept(world.edition, fields=1, strategic=1, operational=1, measures=1)
    data = edition_export(world.edition)
    data["edition"].update(status="adopted", adopted_on="2020-03-20", title="Beschlossen 2020")
    response = staff_client.post(import_url(world), {"file": upload(dumps(data).encode())})
    page = staff_client.get(response["Location"]).content.decode()
    assert "„Beschlossen 2020“ ist importiert (Status laut Datei: beschlossen)." in page
    assert "als neuer Entwurf" not in page
    assert Edition.objects.get(title="Beschlossen 2020").status == Edition.Status.ADOPTED
