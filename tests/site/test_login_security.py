"""Login throttling (django-axes, per username and address), the password-reset limit and
the password rules. Each throttling test runs with axes' database handler and with its cache
handler on a real Redis (the handler chosen when REDIS_URL is set)."""

import io
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from concepts.demo.rheine import ADMIN_USER, DEMO_USERS
from integration_site.login_throttle import client_ip

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "geheim-und-lang-2026"
WRONG = "falsch-falsch-falsch"
FAILED_LOGIN = "Bitte Benutzername und Passwort eingeben"
LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche"
TEST_REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3")


def redis_reachable():
    try:
        import redis

        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - any failure means: no Redis here
        return False
    return True


@pytest.fixture(params=["database", "cache"])
def axes_handler(request, settings):
    """Runs the test once per axes handler; the cache one on Redis, emptied before and after."""
    from django.core.cache import cache

    if request.param == "database":
        settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
        cache.clear()  # the password-reset counts live in the cache either way
        yield request.param
        cache.clear()
        return
    if not redis_reachable():
        pytest.skip(f"Redis unter {TEST_REDIS_URL} nicht erreichbar")

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
        }
    }
    settings.AXES_CACHE = "default"
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    cache.clear()
    yield request.param
    cache.clear()


def attempt(client, username, password, address="10.0.0.1", url=None, **extra):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def fail(client, username, times, address="10.0.0.1", url=None, **extra):
    """`times` wrong passwords; the limit-th of them already answers with the lockout."""
    for number in range(1, times + 1):
        response = attempt(client, username, WRONG, address, url, **extra)
        assert response.status_code == (429 if number >= 5 else 200)
    return response


def normalised(response, username=""):
    """The page without what differs per request: tokens, nonces and the typed name."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    text = re.sub(r'nonce="[^"]+"', "NONCE", text)
    if username:
        text = text.replace(f'value="{username}"', 'value="NAME"')
    return text


class TestLockout:
    def test_fifth_failure_locks_the_pair_even_for_the_right_password(
        self, world, client, axes_handler, settings
    ):
        assert settings.LOGIN_FAILURE_LIMIT == settings.AXES_FAILURE_LIMIT == 5
        response = fail(client, "stab", 4)
        assert FAILED_LOGIN in response.text
        response = attempt(client, "stab", WRONG)
        assert response.status_code == 429
        response = attempt(client, "stab", PASSWORD)
        assert response.status_code == 429
        assert LOCKED in response.text and "30 Minuten" in response.text
        assert "_auth_user_id" not in client.session
        # The answer is the login page again, not a bare error.
        assert response.templates[0].name == "registration/login.html"
        assert 'name="password"' in response.text

    def test_lockout_page_is_the_same_for_unknown_and_existing_names(
        self, world, client, axes_handler
    ):
        fail(client, "stab", 5)
        fail(client, "niemand", 5)
        existing = attempt(client, "stab", PASSWORD)
        unknown = attempt(client, "niemand", PASSWORD)
        assert existing.status_code == unknown.status_code == 429
        assert normalised(existing) == normalised(unknown)

    def test_failure_message_is_the_same_for_unknown_and_existing_names(
        self, world, client, axes_handler
    ):
        existing = attempt(client, "stab", WRONG)
        unknown = attempt(client, "niemand", WRONG)
        assert existing.status_code == unknown.status_code == 200
        assert FAILED_LOGIN in existing.text
        assert normalised(existing, "stab") == normalised(unknown, "niemand")

    def test_colleague_behind_the_same_address_can_still_log_in(self, world, client, axes_handler):
        fail(client, "stab", 5, address="10.0.0.1")
        assert attempt(Client(), "mitglied", PASSWORD, address="10.0.0.1").status_code == 302

    def test_attacker_elsewhere_cannot_lock_out_the_account_owner(
        self, world, client, axes_handler
    ):
        fail(client, "stab", 5, address="203.0.113.9")
        assert attempt(client, "stab", PASSWORD, address="203.0.113.9").status_code == 429
        assert attempt(Client(), "stab", PASSWORD, address="10.0.0.1").status_code == 302

    def test_success_resets_the_count(self, world, client, axes_handler):
        fail(client, "stab", 4)
        assert attempt(client, "stab", PASSWORD).status_code == 302
        client.logout()
        fail(client, "stab", 4)
        assert attempt(client, "stab", PASSWORD).status_code == 302

    def test_lock_ends_after_the_cool_off(self, world, client, axes_handler, settings):
        settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
        fail(client, "stab", 5)
        assert attempt(client, "stab", PASSWORD).status_code == 429
        time.sleep(2.5)
        assert attempt(client, "stab", PASSWORD).status_code == 302

    def test_administration_can_lift_a_lock(self, world, client, axes_handler):
        from django.core.management import call_command

        fail(client, "stab", 5, address="10.0.0.1")
        call_command("axes_reset_ip_username", "10.0.0.1", "stab", stdout=io.StringIO())
        assert attempt(client, "stab", PASSWORD, address="10.0.0.1").status_code == 302

    def test_admin_login_is_throttled_too(self, world, client, axes_handler):
        url = reverse("admin:login")
        fail(client, "admin", 5, url=url)
        response = attempt(client, "admin", PASSWORD, url=url)
        assert response.status_code == 429
        assert LOCKED in response.text
        assert "_auth_user_id" not in client.session


class TestClientAddress:
    def test_without_proxy_forwarded_headers_are_ignored(self, world, client, axes_handler):
        # Rotating X-Forwarded-For must not buy an attacker fresh attempts.
        for number in range(5):
            response = attempt(client, "stab", WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
        assert response.status_code == 429
        response = attempt(client, "stab", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
        assert response.status_code == 429

    def test_behind_one_proxy_the_address_it_appended_counts(
        self, world, client, axes_handler, settings
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        proxy = "10.9.9.9"
        for number in range(5):
            # The client forges the left part; our proxy appends what it saw on the right.
            forwarded = f"192.0.2.{number}, 203.0.113.7"
            attempt(client, "stab", WRONG, address=proxy, HTTP_X_FORWARDED_FOR=forwarded)
        locked = attempt(
            client, "stab", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
        assert locked.status_code == 429
        # A colleague coming through the same proxy from another address is not locked.
        colleague = attempt(
            Client(), "stab", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="10.0.0.23"
        )
        assert colleague.status_code == 302

    @pytest.mark.parametrize(
        ("count", "forwarded", "expected"),
        [
            (0, "1.1.1.1", "10.0.0.5"),
            (1, "6.6.6.6, 2.2.2.2", "2.2.2.2"),
            (2, "6.6.6.6, 3.3.3.3, 10.1.1.1", "3.3.3.3"),
            (2, "", "10.0.0.5"),
            (2, "4.4.4.4", "4.4.4.4"),
        ],
    )
    def test_client_ip(self, settings, count, forwarded, expected):
        settings.TRUSTED_PROXY_COUNT = count
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5")
        if forwarded:
            request.META["HTTP_X_FORWARDED_FOR"] = forwarded
        assert client_ip(request) == expected


class TestPasswordReset:
    def test_requests_per_address_and_email_are_limited(self, world, client, axes_handler):
        url = reverse("password_reset")
        for _ in range(5):
            response = client.post(url, {"email": "stab@example.org"}, REMOTE_ADDR="10.0.0.1")
            assert response.status_code == 302
        response = client.post(url, {"email": "stab@example.org"}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 429
        assert "Zu viele Anfragen zum Zurücksetzen" in response.text
        assert len(mail.outbox) == 5
        # Someone else in the same Rathaus can still reset theirs.
        response = client.post(url, {"email": "mitglied@example.org"}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 302
        assert len(mail.outbox) == 6

    def test_limit_answers_the_same_for_unknown_addresses(self, world, client, axes_handler):
        url = reverse("password_reset")
        answers = {}
        for email in ("stab@example.org", "niemand@example.org"):
            for _ in range(5):
                assert client.post(url, {"email": email}).status_code == 302
            answers[email] = client.post(url, {"email": email})
        known, unknown = answers.values()
        assert known.status_code == unknown.status_code == 429
        assert normalised(known, "stab@example.org") == normalised(unknown, "niemand@example.org")


class TestPasswords:
    def test_shorter_than_twelve_characters_is_refused_in_german(self):
        with pytest.raises(ValidationError) as error:
            validate_password("Ab3$-kurz01")  # 11 characters
        assert "mindestens 12 Zeichen" in " ".join(error.value.messages)
        validate_password("Ab3$-kurz012")

    @pytest.mark.parametrize(
        ("password", "message"),
        [("123456789012345", "komplett numerisch"), ("password1234", "zu üblich")],
    )
    def test_djangos_other_validators_apply(self, password, message):
        with pytest.raises(ValidationError) as error:
            validate_password(password)
        assert message in " ".join(error.value.messages)

    def test_too_similar_to_the_username_is_refused(self, world):
        user = world.users["staff"]
        user.username = "sabine.krueger"
        with pytest.raises(ValidationError):
            validate_password("sabine.krueger1", user=user)

    def test_demo_and_test_passwords_pass(self, db):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        for username, password, first, last, email, *_ in [*DEMO_USERS]:
            user = User(username=username, first_name=first, last_name=last, email=email)
            validate_password(password, user=user)
        validate_password(ADMIN_USER[1], user=User(username=ADMIN_USER[0]))
        validate_password(PASSWORD, user=User(username="stab", email="stab@example.org"))

    def test_password_change_form_refuses_a_short_password(self, world, staff_client):
        response = staff_client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "kurz-2026",
                "new_password2": "kurz-2026",
            },
        )
        assert response.status_code == 200
        assert "mindestens 12 Zeichen" in response.text


def settings_in_subprocess(**env):
    base = {
        k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_HANDLER, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.TRUSTED_PROXY_COUNT, s.SESSION_COOKIE_AGE, s.SESSION_IDLE_MINUTES, "
        "s.PASSWORD_RESET_TIMEOUT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "integration_site.settings", **env},
        timeout=60,
        check=True,
    )
    return result.stdout.split()


def test_settings_follow_the_environment():
    assert settings_in_subprocess() == [
        "axes.handlers.database.AxesDatabaseHandler",
        "5",
        "1800.0",
        "0",
        str(12 * 3600),
        "30",
        str(24 * 3600),
    ]
    assert settings_in_subprocess(
        REDIS_URL="redis://127.0.0.1:6379/3",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="7",
        TRUSTED_PROXY_COUNT="1",
        SESSION_MAX_HOURS="8",
        SESSION_IDLE_MINUTES="15",
        PASSWORD_RESET_HOURS="2",
    ) == [
        "axes.handlers.cache.AxesCacheHandler",
        "3",
        "420.0",
        "1",
        str(8 * 3600),
        "15",
        str(2 * 3600),
    ]


def test_axes_models_are_in_the_admin(world, client_for):
    admin = client_for("superuser")
    for name in ("axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"):
        assert admin.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_the_login_page_leads_to_the_public_view_of_towns_that_publish(world, client):
    from concepts.models import Edition

    page = client.get("/konto/login/?next=/rheine/")
    assert page.status_code == 200
    assert "Ohne Anmeldung lesen" not in page.content.decode()  # nothing published yet
    edition = Edition.objects.filter(concept__municipality=world.town).first()
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.ADOPTED, is_public=True)
    html = client.get(f"/konto/login/?next=/{world.town.slug}/").content.decode()
    assert "Ohne Anmeldung lesen" in html
    assert f'href="/{world.town.slug}/oeffentlich/"' in html
    # An anonymous visit of the town's address ends on this page.
    response = client.get(f"/{world.town.slug}/", follow=True)
    assert f'href="/{world.town.slug}/oeffentlich/"' in response.content.decode()
