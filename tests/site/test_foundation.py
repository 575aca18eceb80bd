import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from concepts.models import Edition, Measure, Membership, Municipality

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # The browser tests' relaxation of Django's async check must not leak into a deploy check.
    base_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base_env, **env},
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_deploy_check_reports_nothing_in_production_mode():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "-production-secret-" + "x9" * 20,
        ALLOWED_HOSTS="integration.example.org",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "DEBUG": "0"},
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("demo")
    first_output = capsys.readouterr().out
    counts = (
        Municipality.objects.count(),
        Edition.objects.count(),
        Measure.objects.count(),
        Membership.objects.count(),
    )
    call_command("demo")
    assert counts == (
        Municipality.objects.count(),
        Edition.objects.count(),
        Measure.objects.count(),
        Membership.objects.count(),
    )
    assert Measure.objects.count() >= 15
    for username in ("stabsstelle", "mitglied", "ratsmitglied", "admin", "velsburg-stab"):
        assert username in first_output
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"staff", "member", "council"}


def test_settings_are_german():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"


@pytest.mark.django_db
def test_german_date_and_number_formats(world, staff_client):
    from django.template import Context, Template

    world.edition.adopted_on = __import__("datetime").date(2018, 8, 30)
    rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ n }}').render(
        Context({"d": world.edition.adopted_on, "n": 1234.5})
    )
    assert rendered == "30.08.2018 1234,5"


@pytest.mark.django_db
def test_login_page_is_german_and_logs_in(world, client):
    response = client.get(reverse("login"))
    assert "Anmelden" in response.text
    assert '<html lang="de">' in response.text
    response = client.post(
        reverse("login"), {"username": "stab", "password": "geheim-und-lang-2026"}
    )
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.resolver_match.url_name == "town_home"
    assert "Rheine" in response.text


@pytest.mark.django_db
def test_wrong_password_gets_a_german_message(world, client):
    response = client.post(reverse("login"), {"username": "stab", "password": "falsch"})
    assert response.status_code == 200
    assert "Bitte Benutzername und Passwort eingeben" in response.text


@pytest.mark.django_db
def test_password_reset_sends_a_german_mail_with_a_working_link(world, client):
    response = client.post(reverse("password_reset"), {"email": "stab@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Passwort zurücksetzen" in message.subject
    link = next(line for line in message.body.splitlines() if "/konto/reset/" in line)
    response = client.get(link.strip(), follow=True)
    assert "Neues Passwort setzen" in response.text
    response = client.post(
        response.request["PATH_INFO"],
        {"new_password1": "Neues-Passwort-2026!", "new_password2": "Neues-Passwort-2026!"},
    )
    assert response.status_code == 302
    world.users["staff"].refresh_from_db()
    assert world.users["staff"].check_password("Neues-Passwort-2026!")


@pytest.mark.django_db
def test_password_change(world, staff_client):
    response = staff_client.post(
        reverse("password_change"),
        {
            "old_password": "geheim-und-lang-2026",
            "new_password1": "Ganz-neu-und-lang-2026",
            "new_password2": "Ganz-neu-und-lang-2026",
        },
    )
    assert response.status_code == 302
    world.users["staff"].refresh_from_db()
    assert world.users["staff"].check_password("Ganz-neu-und-lang-2026")


@pytest.mark.django_db
def test_navigation_shows_the_four_areas(world, staff_client):
    response = staff_client.get(reverse("town_home", kwargs={"town": "rheine"}))
    for label in ("Konzept", "Indikatoren", "Beteiligung", "Gremien"):
        assert f">{label}</a>" in response.text
    assert 'aria-label="Hauptnavigation"' in response.text
    assert "Zum Inhalt springen" in response.text


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(world, staff_client):
    response = staff_client.get(reverse("town_home", kwargs={"town": "rheine"}))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_syscheck_names_the_debian_packages_when_pango_is_missing():
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def fake(name, *a, **k):\n"
        "    if name == 'weasyprint': raise OSError('cannot load library libpango-1.0-0')\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = fake\n"
        "from integration_site.ops import syscheck\n"
        "syscheck.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "apt-get install -y libpango-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr


def test_town_slug_may_not_shadow_site_paths():
    from django.core.exceptions import ValidationError

    town = Municipality(name="Admin", slug="admin")
    with pytest.raises(ValidationError) as error:
        town.full_clean()
    assert "reserviert" in str(error.value)


@pytest.mark.django_db
def test_start_page_leads_to_the_draft_in_work_beside_the_adopted_edition(world, staff_client):
    from concepts.models import Edition
    from tests import factories

    adopted = world.edition
    adopted.status = Edition.Status.ADOPTED
    adopted.save()
    draft = factories.EditionFactory(
        concept=adopted.concept, title="2. Fortschreibung", year=adopted.year + 1
    )
    html = staff_client.get(reverse("town_home", kwargs={"town": "rheine"})).text
    draft_url = reverse("concepts:edition_detail", kwargs={"town": "rheine", "edition": draft.pk})
    assert "Aktuelle Fassung:" in html and adopted.title in html
    assert "In Arbeit:" in html and f'href="{draft_url}">2. Fortschreibung' in html


@pytest.mark.django_db
def test_start_page_names_no_draft_twice(world, staff_client):
    html = staff_client.get(reverse("town_home", kwargs={"town": "rheine"})).text
    assert "In Arbeit:" not in html  # the only edition is a draft: it is the current one
