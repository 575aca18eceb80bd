"""`manage.py worker`: runs the background tasks (django-tasks-db's worker with a heartbeat).

Takes db_worker's options (`--queue-name`, `--batch`, `--max-tasks`, `--interval` …); see
docs/betrieb.md for the systemd unit. Beyond db_worker it bounds every task (issue 17):

- one task at a time per worker process, each within `--time-limit` seconds
  (`TASK_TIME_LIMIT_SECONDS`): a render that runs away fails with a German message and can be
  tried again, instead of holding the worker for ever (a signal timer: it needs the task in the
  main thread, i.e. `--no-reload` as in `make run` and the systemd unit);
- after a task, a worker whose resident memory is above `--recycle-above-mb`
  (`WORKER_RECYCLE_RSS_MB`) replaces itself with a fresh process (`exec`, same process id, so
  systemd and `make run` keep it), since Python keeps a large render's heap.
"""

import logging
import os
import sys

from django.conf import settings
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from integration_site.background.worker import (
    current_rss_mb,
    should_recycle,
    start_heartbeat,
    stop_heartbeat,
    time_limit,
)

logger = logging.getLogger("django_tasks_db")


class BoundedWorker(Worker):
    """db_worker's worker with a time budget per task and recycling above a memory limit."""

    def __init__(self, *, time_limit: float, recycle_above_mb: float, **options):
        super().__init__(**options)
        self.time_limit = time_limit
        self.recycle_above_mb = recycle_above_mb
        self.recycle = False

    def run_task(self, db_task_result) -> None:
        with time_limit(self.time_limit):
            super().run_task(db_task_result)
        if should_recycle(self.recycle_above_mb):
            logger.info(
                "Worker %s holds %.0f MB after its task (limit %.0f MB): starting afresh.",
                self.worker_id,
                current_rss_mb(),
                self.recycle_above_mb,
            )
            self.recycle = True
            self.running = False


class Command(DatabaseWorkerCommand):
    help = "Führt die Hintergrundaufgaben aus (PDFs, Importe, Mails) und meldet sich bei /health/."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            help="Sekunden, die eine Aufgabe höchstens laufen darf (0: unbegrenzt; "
            "Vorgabe: TASK_TIME_LIMIT_SECONDS).",
        )
        parser.add_argument(
            "--recycle-above-mb",
            type=float,
            default=None,
            help="Nach einer Aufgabe neu starten, wenn der Prozess mehr Arbeitsspeicher hält "
            "(0: nie; Vorgabe: WORKER_RECYCLE_RSS_MB).",
        )

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        stop = start_heartbeat(worker_id)
        recycle = False
        try:
            recycle = self.run_worker(**options)
        finally:
            stop.set()
            if not recycle:
                stop_heartbeat(worker_id)
        if recycle:
            # A fresh process in place of this one: the same id, so systemd, `make run` and
            # the heartbeat see one worker throughout.
            connections.close_all()
            sys.stdout.flush()
            sys.stderr.flush()
            argv = list(sys.argv)
            if not any(arg.startswith("--worker-id") for arg in argv):
                argv += ["--worker-id", worker_id]
            os.execv(sys.executable, [sys.executable, *argv])  # noqa: S606 (this very command)

    def run_worker(self, **options) -> bool:
        """db_worker's handle with `BoundedWorker`; returns whether the worker wants a
        fresh process."""
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        limit = options["time_limit"]
        recycle = options["recycle_above_mb"]
        worker = BoundedWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
            time_limit=settings.TASK_TIME_LIMIT_SECONDS if limit is None else limit,
            recycle_above_mb=settings.WORKER_RECYCLE_RSS_MB if recycle is None else recycle,
        )
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
        return worker.recycle
