"""Helpers for tests that run django-tasks' database backend with the real worker command
(the other tests run every task at once, tests/conftest.py)."""

import signal

from django.core.management import call_command

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


def run_worker(**options):
    """The real `manage.py worker`, until the queue is empty; the test run keeps its own signal
    handlers (the worker sets its own). It never starts afresh (`os.execv` would replace the
    test process, which holds more than the production limit after a few hundred tests) unless
    a test asks for it with `recycle_above_mb`."""
    options = {"recycle_above_mb": 0, **options}
    saved = {number: signal.getsignal(number) for number in _SIGNALS}
    try:
        call_command(
            "worker", batch=True, reload=False, startup_delay=False, verbosity=0, **options
        )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
