"""Error pages are German, in the site's layout, with a way back, and keep to the CSP.

All with DEBUG off, as in production (with DEBUG Django shows its own 404 and 500 pages).
Issue 12: a member opening a staff URL got a bare English "403 Forbidden".
"""

import re

import pytest
from django.core.exceptions import BadRequest
from django.test import Client
from django.urls import reverse

from integration_site import views


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def assert_error_page(response, status, heading):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="de">' in page and 'class="site-header"' in page  # the site's layout
    assert f"<h1>{heading}</h1>" in page and f"Fehler {status}" in page
    assert f'href="{reverse("start")}">Zur Startseite</a>' in page
    for english in ("Forbidden", "Not Found", "Server Error", "Bad Request", "CSRF"):
        assert english not in page
    return page


def assert_scripts_carry_the_csp_nonce(response):
    policy = response["Content-Security-Policy"]
    (nonce,) = re.findall(r"'nonce-([^']+)'", policy.split("script-src")[1].split(";")[0])
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("indicators:round_list", "member"),
        ("participation:actor_create", "member"),
        ("concepts:edition_list", "outsider"),
    ],
)
def test_refused_permission_shows_the_german_403_page(name, role, world, client_for):
    """PermissionDenied from the `rules` permission mixins becomes the German page."""
    response = client_for(role).get(reverse(name, args=[world.town.slug]))
    assert_error_page(response, 403, "Kein Zugriff")
    assert "Stabsstelle Integration" in response.content.decode()
    assert_scripts_carry_the_csp_nonce(response)


def test_member_on_a_403_page_keeps_the_town_navigation(world, member_client):
    page = member_client.get(reverse("indicators:round_list", args=[world.town.slug]))
    text = page.content.decode()
    assert "Angemeldet als" in text and 'aria-label="Hauptnavigation"' in text
    assert (
        f'href="{reverse("town_home", args=[world.town.slug])}">Zur Übersicht von Rheine</a>'
        in text
    )


def test_unknown_address_shows_the_german_404_page(world, member_client, client):
    for who in (member_client, client):
        response = who.get(f"/{world.town.slug}/gibt-es-nicht/")
        assert_error_page(response, 404, "Seite nicht gefunden")
        assert_scripts_carry_the_csp_nonce(response)


def test_unknown_town_shows_the_german_404_page(db, client):
    assert_error_page(client.get("/keine-kommune/"), 404, "Seite nicht gefunden")


def test_server_error_shows_the_german_500_page(world, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(views.StartView, "get", fail)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["superuser"])
    response = client.get(reverse("start"))
    page = assert_error_page(response, 500, "Ein Fehler ist aufgetreten")
    assert "kaputt" not in page and "RuntimeError" not in page
    assert_scripts_carry_the_csp_nonce(response)


def test_bad_request_shows_the_german_400_page(world, monkeypatch):
    def refuse(*args, **kwargs):
        raise BadRequest("Ungültige Angabe")

    monkeypatch.setattr(views.StartView, "get", refuse)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["superuser"])
    response = client.get(reverse("start"))
    assert_error_page(response, 400, "Anfrage nicht verständlich")
    assert_scripts_carry_the_csp_nonce(response)


def test_foreign_host_header_gets_the_german_400_page(db):
    response = Client().get("/", HTTP_HOST="angreifer.example")
    assert_error_page(response, 400, "Anfrage nicht verständlich")


def test_form_without_csrf_token_shows_the_german_csrf_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member"])
    response = client.post(reverse("logout"))
    page = assert_error_page(response, 403, "Formular abgelaufen")
    assert "laden Sie die Seite neu" in page
    assert_scripts_carry_the_csp_nonce(response)
    # Still logged in: the refused form changed nothing.
    assert "_auth_user_id" in client.session


def test_error_page_renders_without_navigation_when_it_fails(
    world, member_client, monkeypatch, caplog
):
    """The navigation reads the database; if that fails, the page still answers in German."""

    def database_away(request):
        raise RuntimeError("Datenbank nicht erreichbar")

    monkeypatch.setattr("integration_site.context_processors.navigation", database_away)
    response = member_client.get(f"/{world.town.slug}/gibt-es-nicht/")
    page = assert_error_page(response, 404, "Seite nicht gefunden")
    assert "Angemeldet als" not in page
    assert "Fehlerseite 404 ließ sich nicht darstellen" in caplog.text
