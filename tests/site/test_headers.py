"""Security headers: the nonce-based CSP (django-csp) everywhere, and in production mode
HSTS, secure and HttpOnly cookies, X-Frame-Options, nosniff and the referrer policy."""

import datetime
import json
import os
import re
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_policy_is_nonce_based_without_unsafe_inline(world, staff_client):
    response = staff_client.get(reverse("town_home", args=["rheine"]))
    policy = directives(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    nonce = re.search(r'<script src="[^"]+" nonce="([^"]+)"', response.text).group(1)
    for name in ("script-src", "style-src"):
        assert policy[name] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    # Every script carries it, and it is new on every request.
    assert response.text.count("<script ") == response.text.count(f'nonce="{nonce}"')
    again = staff_client.get(reverse("town_home", args=["rheine"]))
    assert f"'nonce-{nonce}'" not in again["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/konto/login/", "/konto/password_reset/"])
def test_anonymous_pages_carry_the_policy(client, db, path):
    assert "script-src 'self' 'nonce-" in client.get(path)["Content-Security-Policy"]


def test_the_admin_runs_under_the_same_policy(world, client_for):
    # No exception for /admin/: Django 5.2's admin has no inline script or style
    # (tests/browser/test_csp.py visits it in Chromium).
    response = client_for("superuser").get(reverse("admin:index"))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]


def test_htmx_injects_no_indicator_style(world, staff_client):
    html = staff_client.get(reverse("town_home", args=["rheine"])).text
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1)
    assert json.loads(config)["includeIndicatorStyles"] is False
    assert ".htmx-indicator" in (ROOT / "static/css/app.css").read_text()


COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)
INLINE = [
    (re.compile(r"\sstyle\s*="), "style attribute"),
    (re.compile(r"<style[\s>]"), "<style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>"), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']"), "event handler attribute"),
    (re.compile(r"javascript:"), "javascript: URL"),
]


def test_no_template_needs_unsafe_inline():
    found = []
    # PDF templates (templates/<app>/pdf/) go to WeasyPrint, never to a browser.
    served = [p for p in sorted(TEMPLATES.rglob("*.html")) if "pdf" not in p.parts]
    assert len(served) > 50
    for path in served:
        text = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text())
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_progress_bar_draws_with_svg_geometry():
    from django.template.loader import render_to_string

    from concepts.models import Measure
    from concepts.tree import Progress

    statuses = ["idea", "running", "running", "completed"]
    progress = Progress.of([Measure(status=s) for s in statuses])
    assert [(s.offset, s.percent) for s in progress.segments] == [
        (0.0, 25.0),
        (25.0, 50.0),
        (75.0, 25.0),
    ]
    html = render_to_string("concepts/includes/progress.html", {"progress": progress})
    assert '<rect class="progress-seg status-running" x="25.00" y="0" width="50.00"' in html
    assert 'aria-hidden="true"' in html and "4 Maßnahmen: 1 Idee, 2 laufend" in html


def test_chart_svg_has_no_inline_style_but_keeps_its_look_and_text_alternative(db):
    from indicators import charts
    from tests.factories import IndicatorFactory, MeasurementFactory

    indicator = IndicatorFactory(name="Kita-Besuchsquote")
    indicator.baseline_date = datetime.date(2019, 12, 31)
    values = [
        MeasurementFactory.build(indicator=indicator, year=year, value=D(value))
        for year, value in [(2020, "11"), (2021, "12"), (2022, "14")]
    ]
    values += [
        MeasurementFactory.build(
            indicator=indicator, year=year, value=D(value), breakdown="Geschlecht: weiblich"
        )
        for year, value in [(2021, "9"), (2022, "10")]
    ]
    values[1].is_approximate = True
    svg = charts.indicator_chart_svg(indicator, values, status="on_track")
    assert "style=" not in svg and "<style" not in svg
    assert 'font-size="10px"' in svg and 'stroke="#2e7d32"' in svg
    assert 'stroke-dasharray="' in svg and 'text-anchor="middle"' in svg
    # the <style> block's rule for every element became attributes of every shape
    shapes = re.findall(r"<(?:path|rect)\b[^>]*>", svg)
    assert shapes and all("stroke-linejoin=" in s and "stroke-linecap=" in s for s in shapes)
    # no attribute twice on one element (which would make the SVG invalid)
    for tag in re.findall(r"<[a-z]+\s[^>]*>", svg):
        names = re.findall(r'\s([a-z:-]+)="', tag)
        assert len(names) == len(set(names)), tag
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg


def test_unknown_chart_css_is_dropped_and_logged(caplog):
    from indicators.charts import _presentation_attributes

    svg = _presentation_attributes(
        '<svg><defs><style type="text/css">*{stroke-linecap: butt}</style></defs>'
        '<path d="M0 0" style="fill: #fff; filter: blur(2px)"/>'
        '<text style="font-size: 8px; white-space: pre">a  b</text></svg>'
    )
    assert svg == (
        '<svg><defs></defs><path d="M0 0" fill="#fff" stroke-linecap="butt"/>'
        '<text font-size="8px" xml:space="preserve">a  b</text></svg>'
    )
    assert "filter" in caplog.text


PRODUCTION_SCRIPT = """
import json
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

call_command("migrate", verbosity=0)
get_user_model().objects.create_user("stab", password="geheim-und-lang-2026")
# Only the static files' URLs change (no collectstatic here); every security setting is
# the production one.
with override_settings(STORAGES={
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}):
    plain = Client().get("/konto/login/")
    client = Client()
    page = client.get("/konto/login/", secure=True)
    login = client.post(
        "/konto/login/", {"username": "stab", "password": "geheim-und-lang-2026"}, secure=True
    )

def cookie(response, name):
    morsel = response.cookies[name]
    return {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"]}

print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "page": page.status_code,
    "headers": dict(page.headers),
    "login": login.status_code,
    "session": cookie(login, "sessionid"),
    "csrf": cookie(page, "csrftoken"),
}))
"""


@pytest.fixture(scope="module")
def production():
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "integration_site.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-production-secret-" + "x9" * 20,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_production_redirects_plain_http_to_https(production):
    assert production["plain"] == [301, "https://testserver/konto/login/"]


@pytest.mark.slow
def test_production_sends_hsts_and_the_other_headers(production):
    headers = production["headers"]
    assert production["page"] == 200
    hsts = headers["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=(\d+); includeSubDomains; preload", hsts)
    assert int(re.match(r"max-age=(\d+)", hsts).group(1)) >= 365 * 24 * 3600
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in headers["Content-Security-Policy"]


@pytest.mark.slow
def test_production_cookies_are_secure_and_the_session_cookie_httponly(production):
    assert production["login"] == 302
    assert production["session"]["secure"] and production["session"]["httponly"]
    assert production["session"]["samesite"] == "Lax"
    assert production["csrf"]["secure"]


def test_every_page_names_an_icon_and_favicon_ico_finds_it(world, client, staff_client):
    from concepts.models import Edition

    edition = Edition.objects.filter(concept__municipality=world.town).first()
    edition.status = Edition.Status.ADOPTED
    edition.is_public = True
    edition.save()
    for response in (
        client.get("/konto/login/"),
        staff_client.get(f"/{world.town.slug}/"),
        client.get(f"/{world.town.slug}/oeffentlich/"),
    ):
        assert response.status_code == 200
        assert re.search(r'<link rel="icon" href="[^"]+favicon\.svg"', response.content.decode())
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert re.search(r"/static/img/favicon(\.\w+)?\.ico$", response["Location"])
    from django.contrib.staticfiles import finders

    with open(finders.find("img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
