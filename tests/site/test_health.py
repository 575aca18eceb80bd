"""The health endpoint for monitoring: 200 when database and cache answer and (with the
database task backend) a worker lives, 503 when not. The tests run tasks immediately: no
worker needed there, unless a test switches to the database backend."""

import datetime

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from integration_site.background.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthy_instance_answers_ok(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies, "no session or CSRF cookie for a probe"


def test_health_writes_nothing_to_the_database(client):
    with CaptureQueriesContext(connections["default"]) as queries:
        client.get("/health/")
    assert [query["sql"] for query in queries] == ["SELECT 1"]


def test_unreachable_cache_answers_503_without_details(client, settings, tmp_path):
    blocker = tmp_path / "kein-verzeichnis"
    blocker.write_text("eine Datei, wo der Cache ein Verzeichnis braucht")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "cache"),
        }
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "cache": "error", "worker": "ok"},
    }
    assert "kein-verzeichnis" not in response.content.decode()


def test_unreachable_database_answers_503_without_details(client, tmp_path):
    working = connections["default"]
    broken_settings = {**working.settings_dict}
    if working.vendor == "postgresql":
        broken_settings.update(NAME="integration_gibt_es_nicht", PORT="1")
    else:
        broken_settings.update(NAME=str(tmp_path / "fehlt" / "db.sqlite3"))
    broken = working.__class__(broken_settings, alias="default")
    connections["default"] = broken
    try:
        response = client.get("/health/")
    finally:
        connections["default"] = working
        broken.close()
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "error", "cache": "ok", "worker": "ok"},
    }
    assert "gibt_es_nicht" not in response.content.decode()
    assert "fehlt" not in response.content.decode()


def test_health_is_served_over_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/konto/login/").status_code == 301


def test_a_dead_worker_shows_on_health_when_tasks_wait_for_one(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "worker": "error"}

    beat = WorkerHeartbeat.objects.create(worker_id="w", seen_at=timezone.now())
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "ok"

    # Silent for two minutes: dead, whatever its row says.
    beat.seen_at = timezone.now() - datetime.timedelta(minutes=2)
    beat.save()
    assert client.get("/health/").json()["checks"]["worker"] == "error"
