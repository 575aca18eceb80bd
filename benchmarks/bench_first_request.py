"""The first request after a start, with and without the warm-up (integration_site/warmup.py).

    .venv/bin/python benchmarks/bench_first_request.py

Loads the demo into a SQLite file once, then starts fresh Python processes in production mode
(DEBUG=0, the cached template loader) that each log in the Stabsstelle of the demo town and
time their first request (the whole-concept page, not in any cache) and a second one
(the edition page). Without warm-up the first request pays for importing the views, compiling
the templates and loading the translations; with it (as `integration_site/wsgi.py` does it
when gunicorn loads a worker) only for its own work. Each variant runs in turn, RUNS times,
so a busy machine slows both alike; the ratio first/second is the figure to compare.
"""

import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RUNS = 3

CHILD = r"""
import json, os, sys, time
start = time.perf_counter()
import django
django.setup()
from django.conf import settings
booted = time.perf_counter() - start
warm = 0.0
if os.environ["BENCH_WARMUP"] == "1":
    from integration_site.warmup import warm_up
    t = time.perf_counter(); warm_up(); warm = time.perf_counter() - t
from django.contrib.auth import get_user_model
from django.test import Client
from concepts.demo.rheine import DEMO_USERS, TOWN_SLUG
from concepts.models import Edition, Municipality
town = Municipality.objects.get(slug=TOWN_SLUG)
edition = Edition.objects.for_municipality(town).latest("pk")
user = get_user_model().objects.get(username=DEMO_USERS[0][0])
client = Client()
client.force_login(user)
def timed(url):
    t = time.perf_counter()
    response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - t) * 1000
first = timed(f"/{town.slug}/konzept/{edition.pk}/gesamtansicht/")
second = timed(f"/{town.slug}/konzept/{edition.pk}/")
print(json.dumps({"boot": booted * 1000, "warm": warm * 1000, "first": first, "second": second}))
"""


def main():
    tmp = Path(tempfile.mkdtemp(prefix="bench-first-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "integration_site.settings",
        "DATABASE_URL": f"sqlite:///{tmp}/first.sqlite3",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "immediate",
        "PDF_PREPARE_AFTER_EDITS": "0",
        "PDF_CACHE_DIR": str(tmp / "pdf"),
        "MEDIA_ROOT": str(tmp / "media"),
        "STATIC_ROOT": str(tmp / "static"),
    }
    env.pop("REDIS_URL", None)
    quiet = {"cwd": ROOT, "env": env, "check": True, "capture_output": True}
    subprocess.run([PY, "manage.py", "migrate", "--no-input"], **quiet)
    subprocess.run([PY, "manage.py", "demo"], **quiet)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], **quiet)
    results = {"ohne Vorwärmen": [], "mit Vorwärmen": []}
    for _ in range(RUNS):
        for name, flag in (("ohne Vorwärmen", "0"), ("mit Vorwärmen", "1")):
            child = subprocess.run(
                [PY, "-c", CHILD],
                cwd=ROOT,
                env={**env, "BENCH_WARMUP": flag},
                capture_output=True,
                text=True,
            )
            if child.returncode:
                sys.exit(child.stderr[-3000:])
            out = child.stdout
            results[name].append(json.loads(out.strip().splitlines()[-1]))
    print(f"Erste Anfrage nach dem Start (Median aus {RUNS} frischen Prozessen, SQLite, DEBUG=0)")
    print(
        f"{'':16} {'Start ms':>9} {'Vorwärmen ms':>13} {'1. Anfrage ms':>14} {'2. Anfrage ms':>14}"
    )
    medians = {}
    for name, runs in results.items():
        m = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        medians[name] = m
        print(
            f"{name:16} {m['boot']:>9.0f} {m['warm']:>13.0f} {m['first']:>14.0f} "
            f"{m['second']:>14.0f}"
        )
    cold, warm = medians["ohne Vorwärmen"], medians["mit Vorwärmen"]
    print(
        f"Verhältnis erste Anfrage ohne/mit Vorwärmen {cold['first'] / warm['first']:.1f}; "
        f"erste/zweite Anfrage ohne {cold['first'] / cold['second']:.1f}, "
        f"mit {warm['first'] / warm['second']:.1f}"
    )


if __name__ == "__main__":
    main()
