"""`manage.py worker`: runs the background tasks (django-tasks-db's worker with a heartbeat).

Takes db_worker's options (`--queue-name`, `--batch`, `--max-tasks`, `--interval` …); see
docs/betrieb.md for the systemd unit.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from integration_site.background.worker import start_heartbeat, stop_heartbeat


class Command(DatabaseWorkerCommand):
    help = "Führt die Hintergrundaufgaben aus (PDFs, Importe, Mails) und meldet sich bei /health/."

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        stop = start_heartbeat(worker_id)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            stop_heartbeat(worker_id)
