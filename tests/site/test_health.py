"""The health endpoint for monitoring: 200 when database and cache answer, 503 when not."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_healthy_instance_answers_ok(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
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
    assert response.json() == {"status": "error", "checks": {"database": "ok", "cache": "error"}}
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
    assert response.json() == {"status": "error", "checks": {"database": "error", "cache": "ok"}}
    assert "gibt_es_nicht" not in response.content.decode()
    assert "fehlt" not in response.content.decode()


def test_health_is_served_over_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/konto/login/").status_code == 301
