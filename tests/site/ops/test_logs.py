"""Production logs are JSON lines without personal data: no username, e-mail, IP, token."""

import copy
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SECRET_TOKEN = "geheimes-einladungstoken-4711"
CLIENT_IP = "203.0.113.77"


@pytest.fixture
def json_log():
    """The project's LOGGING as in production (JSON), written into a buffer."""
    config = copy.deepcopy(django_settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    config["root"]["level"] = "INFO"
    config["loggers"]["django"]["level"] = "INFO"
    logging.config.dictConfig(config)
    buffer = io.StringIO()
    logging.getLogger().handlers[0].setStream(buffer)
    logging.getLogger("django").handlers[0].setStream(buffer)
    yield buffer
    logging.config.dictConfig(django_settings.LOGGING)


def lines(buffer):
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_request_log_names_the_route_not_the_secret_path(json_log, world, client_for):
    client = client_for("member")
    user = world.users["member"]
    url = reverse(
        "participation:invitation_accept", kwargs={"town": world.town.slug, "token": SECRET_TOKEN}
    )
    response = client.get(
        f"{url}?email={user.email}&token={SECRET_TOKEN}",
        REMOTE_ADDR=CLIENT_IP,
        HTTP_X_FORWARDED_FOR=CLIENT_IP,
    )

    output = json_log.getvalue()
    for secret in (SECRET_TOKEN, user.username, user.email, CLIENT_IP, "?email"):
        assert secret not in output, f"{secret!r} in the log"
    (line,) = [line for line in lines(json_log) if line["logger"] == "integration_site.request"]
    assert line["route"] == "/<slug:town>/beteiligung/einladung/<str:token>/"
    assert line["view"] == "participation:invitation_accept"
    assert line["method"] == "GET"
    assert line["status"] == response.status_code
    assert isinstance(line["duration_ms"], float)
    assert {"time", "level", "message"} <= line.keys()
    assert line["request_id"] == response["X-Request-ID"]


def test_djangos_own_warnings_do_not_leak_the_path(json_log, world, client_for):
    client = client_for("staff")
    response = client.get(
        f"/{world.town.slug}/beteiligung/einladung/{SECRET_TOKEN}/gibt-es-nicht/"
        f"?mail=stab@example.org",
        REMOTE_ADDR=CLIENT_IP,
    )
    assert response.status_code == 404
    output = json_log.getvalue()
    assert SECRET_TOKEN not in output and "stab@example.org" not in output
    django_lines = [line for line in lines(json_log) if line["logger"] == "django.request"]
    assert django_lines, "Django logs the 404"
    assert django_lines[0]["message"].startswith("Not Found")
    assert "request" not in django_lines[0]
    assert django_lines[0]["request_id"] == response["X-Request-ID"]


@pytest.mark.parametrize(
    ("message", "logged"),
    [
        ("Mail an anna.becker@example.org fehlgeschlagen", "Mail an <E-Mail> fehlgeschlagen"),
        ("Anfrage von 192.168.1.20 abgelehnt", "Anfrage von <IP> abgelehnt"),
        ("Anfrage von 2001:db8::7 abgelehnt", "Anfrage von <IP> abgelehnt"),
        ("Anfrage von fe80:0:0:0:200:f8ff:fe21:67cf", "Anfrage von <IP>"),
        ("Link https://x.example/a/b?c=d geprüft", "Link <URL> geprüft"),
        (
            "Frist 12:30:45 am 01.03.2026, Version 1.2.3",
            "Frist 12:30:45 am 01.03.2026, Version 1.2.3",
        ),
    ],
)
def test_addresses_in_messages_are_masked(json_log, message, logged):
    logging.getLogger("concepts").warning("%s", message)
    (line,) = lines(json_log)
    assert line["message"] == logged


def test_a_request_id_from_the_proxy_is_kept(client, json_log):
    response = client.get("/health/", HTTP_X_REQUEST_ID="proxy-1234abcd")
    assert response["X-Request-ID"] == "proxy-1234abcd"
    evil = client.get("/health/", HTTP_X_REQUEST_ID="<script>")
    assert evil["X-Request-ID"] != "<script>" and len(evil["X-Request-ID"]) == 32


def test_a_referer_with_a_token_is_masked_in_csrf_warnings(json_log, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.post(
        "/konto/login/",
        {"username": "mitglied", "password": "falsch"},
        secure=True,
        HTTP_REFERER=f"https://fremd.example/rheine/beteiligung/einladung/{SECRET_TOKEN}/",
    )
    output = json_log.getvalue()
    assert SECRET_TOKEN not in output and "mitglied" not in output
    (csrf,) = [line for line in lines(json_log) if line["logger"] == "django.security.csrf"]
    assert "<URL>" in csrf["message"]


def test_static_files_are_logged_by_prefix(client, json_log, settings):
    client.get(f"{settings.STATIC_URL}css/gibt-es-nicht.css")
    (line,) = [line for line in lines(json_log) if line["logger"] == "integration_site.request"]
    assert line["route"] == settings.STATIC_URL


def test_a_foreign_host_header_leaves_one_line_without_traceback(client, json_log):
    client.get("/health/", HTTP_HOST="angreifer.example")
    (line,) = lines(json_log)
    assert line["status"] == 400 and "exc_info" not in line
