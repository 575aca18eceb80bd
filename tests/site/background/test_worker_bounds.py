"""The worker's bounds (issue 17, point 3): a time budget per task that ends a runaway render
with a German message and a retry, and a worker that replaces itself with a fresh process when
it holds more memory than allowed after a task."""

import signal
import time

import pytest
from django.core.management import call_command

from integration_site.background import pdfs
from integration_site.background.models import StoredPdf
from integration_site.background.pdfs import PdfKind, register_pdf
from integration_site.background.worker import (
    TaskTimeLimitExceeded,
    current_rss_mb,
    should_recycle,
    time_limit,
)
from integration_site.management.commands import worker as worker_command
from tests.background import _SIGNALS, DATABASE_BACKEND

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker(**options):
    saved = {number: signal.getsignal(number) for number in _SIGNALS}
    try:
        call_command(
            "worker", batch=True, reload=False, startup_delay=False, verbosity=0, **options
        )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


@pytest.fixture
def slow_kind(settings, world):
    settings.TASKS = DATABASE_BACKEND
    state = {"seconds": 8.0, "version": "1"}

    def render(params, progress):
        progress(30, "Die Seiten werden gesetzt")
        deadline = time.monotonic() + state["seconds"]
        while time.monotonic() < deadline:  # pure Python, like WeasyPrint's layout
            sum(range(1000))
        return b"%PDF-1.7 langsam"

    register_pdf(PdfKind(name="test-slow", fingerprint=lambda p: state["version"], render=render))
    yield state
    pdfs._kinds.pop("test-slow")


def download(rf, world, **query):
    request = rf.get("/rheine/langsam.pdf", query)
    request.user = world.users["staff"]
    return pdfs.pdf_download(request, "test-slow", {"n": 1}, filename="langsam.pdf")


@pytest.mark.django_db(transaction=False)
def test_the_time_limit_interrupts_python_work_and_leaves_no_alarm_behind():
    started = time.monotonic()
    with pytest.raises(TaskTimeLimitExceeded), time_limit(0.2):
        while True:
            sum(range(1000))
    assert time.monotonic() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_limit(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with time_limit(0):  # 0: no limit
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_render_over_the_budget_fails_in_german_and_can_be_tried_again(slow_kind, world, rf):
    download(rf, world)
    started = time.monotonic()
    run_worker(time_limit=1.5, recycle_above_mb=0)
    assert time.monotonic() - started < 6  # stopped, not run to its end (8 s)
    stored = StoredPdf.objects.get()
    assert stored.state == StoredPdf.State.FAILED and not stored.file
    assert stored.error.startswith("Das PDF wurde nach 2 Sekunden abgebrochen")
    page = download(rf, world).content.decode()
    assert "abgebrochen, weil die Erstellung länger dauerte als erlaubt" in page
    assert "erneut=1" in page

    slow_kind["seconds"] = 0.05
    download(rf, world, erneut="1")
    run_worker(time_limit=5, recycle_above_mb=0)
    stored.refresh_from_db()
    assert stored.state == StoredPdf.State.IDLE and stored.file
    assert download(rf, world)["Content-Type"] == "application/pdf"


def test_the_worker_starts_afresh_above_its_memory_limit_and_not_below(
    slow_kind, world, rf, monkeypatch
):
    assert should_recycle(1) and not should_recycle(0)
    assert not should_recycle(current_rss_mb() + 500)
    execs = []
    monkeypatch.setattr(worker_command.os, "execv", lambda path, argv: execs.append(argv))
    slow_kind["seconds"] = 0.01

    download(rf, world)
    run_worker(recycle_above_mb=current_rss_mb() + 500, worker_id="w-frisch")
    assert execs == []
    assert StoredPdf.objects.get().state == StoredPdf.State.IDLE

    slow_kind["version"] = "2"
    download(rf, world)
    run_worker(recycle_above_mb=1, worker_id="w-frisch")
    assert len(execs) == 1
    # The same command again, under the same worker id (the heartbeat stays one worker's).
    assert execs[0][-2:] == ["--worker-id", "w-frisch"] or "--worker-id=w-frisch" in execs[0]
    assert StoredPdf.objects.get().fingerprint == "2"  # the task finished before the restart
