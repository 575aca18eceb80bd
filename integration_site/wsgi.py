import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
application = get_wsgi_application()

if os.environ.get("WARMUP", "1") != "0":
    # Before the worker serves: the first request after a start is as fast as the next
    # (integration_site/warmup.py).
    from integration_site.warmup import warm_up

    warm_up()
