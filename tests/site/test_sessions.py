"""Sessions end 12 hours after login and after 30 minutes idle; reset links expire."""

import time
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from integration_site.sessions import LOGIN_AT, SEEN_AT

PASSWORD = "geheim-und-lang-2026"
EXPIRED = "Ihre Sitzung ist abgelaufen"


@pytest.fixture
def logged_in(world, client):
    response = client.post(reverse("login"), {"username": "stab", "password": PASSWORD})
    assert response.status_code == 302
    return client


def town_home():
    return reverse("town_home", args=["rheine"])


def shift(client, **seconds_ago):
    """Moves the session's stamps into the past, as if time had passed."""
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def assert_expired(client, response, path):
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + path.replace("/", "%2F")
    page = client.get(response["Location"])
    assert EXPIRED in page.text
    assert "_auth_user_id" not in client.session
    # Logged out for good: the next page asks for the login again, without the message.
    again = client.get(town_home())
    assert again.status_code == 302 and again["Location"].startswith(reverse("login"))


def test_login_stamps_the_session(logged_in):
    session = logged_in.session
    assert abs(session[LOGIN_AT] - time.time()) < 5
    assert session[SEEN_AT] == session[LOGIN_AT]


def test_idle_for_thirty_minutes_ends_the_session(logged_in, settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    shift(logged_in, seen=30 * 60 + 1)
    response = logged_in.get(town_home())
    assert_expired(logged_in, response, town_home())


def test_activity_within_the_idle_time_keeps_the_session(logged_in):
    shift(logged_in, seen=29 * 60)
    assert logged_in.get(town_home()).status_code == 200
    assert abs(logged_in.session[SEEN_AT] - time.time()) < 5


def test_twelve_hours_after_login_the_session_ends_despite_activity(logged_in, settings):
    assert settings.SESSION_MAX_HOURS == 12
    shift(logged_in, login=12 * 3600 - 60, seen=10)
    assert logged_in.get(town_home()).status_code == 200
    shift(logged_in, login=12 * 3600 + 1, seen=10)
    response = logged_in.get(town_home())
    assert_expired(logged_in, response, town_home())


def test_limits_come_from_the_settings(logged_in, settings):
    settings.SESSION_IDLE_MINUTES = 5
    shift(logged_in, seen=5 * 60 + 1)
    assert logged_in.get(town_home()).status_code == 302


def test_the_last_seen_stamp_is_written_at_most_once_a_minute(logged_in):
    shift(logged_in, seen=30)
    key = logged_in.cookies["sessionid"].value
    before = Session.objects.get(session_key=key)
    for _ in range(3):
        assert logged_in.get(town_home()).status_code == 200
    after = Session.objects.get(session_key=key)
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)

    shift(logged_in, seen=61)
    assert logged_in.get(town_home()).status_code == 200
    assert abs(logged_in.session[SEEN_AT] - time.time()) < 5


def test_a_post_after_expiry_goes_to_the_login_page(logged_in):
    shift(logged_in, seen=31 * 60)
    response = logged_in.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_htmx_requests_after_expiry_reload_the_whole_page(logged_in):
    shift(logged_in, seen=31 * 60)
    response = logged_in.get(town_home(), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_session_cookie_lasts_no_longer_than_the_session(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_HOURS * 3600


class TestPasswordResetLinks:
    def link(self, user, hours_ago):
        generator = PasswordResetTokenGenerator()
        generator._now = lambda: datetime.now() - timedelta(hours=hours_ago)
        token = generator.make_token(user)
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        return reverse("password_reset_confirm", args=[uid, token])

    def test_a_link_older_than_the_limit_is_refused(self, world, client, settings):
        assert settings.PASSWORD_RESET_HOURS == 24
        response = client.get(self.link(world.users["staff"], hours_ago=25), follow=True)
        assert "Link ungültig" in response.text
        assert 'name="new_password1"' not in response.text

    def test_a_link_within_the_limit_works(self, world, client):
        response = client.get(self.link(world.users["staff"], hours_ago=23), follow=True)
        assert 'name="new_password1"' in response.text

    def test_the_limit_is_a_setting(self, world, client, settings):
        settings.PASSWORD_RESET_TIMEOUT = 2 * 3600
        response = client.get(self.link(world.users["staff"], hours_ago=3), follow=True)
        assert "Link ungültig" in response.text
