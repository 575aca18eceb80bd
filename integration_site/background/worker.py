"""The worker's heartbeat and what /health/ makes of it.

`manage.py worker` is django-tasks-db's `db_worker` plus a thread that writes the process's
`WorkerHeartbeat` every `HEARTBEAT_SECONDS`. /health/ reports `"worker": "error"` when tasks
go to the database backend and no worker has written for `WORKER_STALE_SECONDS` — a dead
worker (or none started) shows in monitoring instead of as PDFs that never arrive.
"""

from __future__ import annotations

import datetime
import logging
import os
import resource
import signal
import socket
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from integration_site.background.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
WORKER_STALE_SECONDS = 60


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:200],
            "pid": os.getpid(),
            "seen_at": timezone.now(),
        },
    )


def start_heartbeat(worker_id: str) -> threading.Event:
    """Beat now and then every HEARTBEAT_SECONDS in a daemon thread; set the event to stop."""
    stop = threading.Event()
    beat(worker_id)

    def run():
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                beat(worker_id)
            except Exception:
                # A missed beat is not worth a dead thread: the next one may get through.
                logger.exception("Worker %s could not write its heartbeat", worker_id)
            finally:
                close_old_connections()

    threading.Thread(target=run, name="worker-heartbeat", daemon=True).start()
    return stop


def stop_heartbeat(worker_id: str) -> None:
    """A worker that stops cleanly says so at once (instead of after WORKER_STALE_SECONDS)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def needs_worker() -> bool:
    """Whether tasks wait for a worker: the database backend does; the immediate backend (the
    tests, TASKS_BACKEND=immediate) runs them in the request."""
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def living_workers() -> int:
    since = timezone.now() - datetime.timedelta(seconds=WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).count()


def check_worker() -> None:
    """For /health/: raises when tasks need a worker and none is alive."""
    if needs_worker() and living_workers() == 0:
        raise RuntimeError("no task worker has written a heartbeat recently")


# ---------------------------------------------------------------------------------------------
# Bounds: a time budget per task, and a worker that starts afresh when its memory grew


class TaskTimeLimitExceeded(Exception):
    """A task ran past its time budget (`TASK_TIME_LIMIT_SECONDS`); the worker stopped it."""

    def __init__(self, seconds: float):
        super().__init__(f"task ran longer than {seconds:g} s")
        self.seconds = seconds


def current_rss_mb() -> float:
    """The process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class time_limit:
    """Raises `TaskTimeLimitExceeded` in the main thread after `seconds` (0: no limit).

    WeasyPrint is Python: the signal handler runs between two of its steps, so even a long
    layout ends within moments of the budget."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.previous = None

    def _expire(self, signum, frame):
        raise TaskTimeLimitExceeded(self.seconds)

    def __enter__(self):
        if self.seconds and threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            self.previous = None
        return False


def should_recycle(limit_mb: float) -> bool:
    """Whether the worker should start afresh after its task: Python keeps the memory of a
    large render in its heap even when nothing uses it any more."""
    return bool(limit_mb) and current_rss_mb() > limit_mb
