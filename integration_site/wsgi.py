import os
import sys

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
application = get_wsgi_application()

# A web process's threads hand the interpreter lock on after this long (Python's default: 5 ms).
# A short request (a PDF from storage, a chart) waits for the lock again after each database
# or Redis answer; beside a thread that renders a long page, each such wait could last the
# whole interval (docs/betrieb.md, section 17).
sys.setswitchinterval(settings.THREAD_SWITCH_INTERVAL_MS / 1000)

if os.environ.get("WARMUP", "1") != "0":
    # Before the worker serves: the first request after a start is as fast as the next
    # (integration_site/warmup.py).
    from integration_site.warmup import warm_up

    warm_up()
