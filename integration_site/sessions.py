"""Sessions end `SESSION_MAX_HOURS` after login and after `SESSION_IDLE_MINUTES` idle.

The session carries two stamps (seconds since the epoch): when the person logged in and when
they were last seen. The last-seen stamp is written at most once a minute, so that a person
clicking through pages does not cause a session write per request; idleness is therefore
measured to the minute, and a session may end up to a minute early, never late.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext_lazy

LOGIN_AT = "_login_at"
SEEN_AT = "_seen_at"
STAMP_INTERVAL_SECONDS = 60
EXPIRED_MESSAGE = gettext_lazy("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.")


@receiver(user_logged_in)
def stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def session_expired(session, now):
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return False
    return (
        now - login_at >= settings.SESSION_MAX_HOURS * 60 * 60
        or now - seen_at >= settings.SESSION_IDLE_MINUTES * 60
    )


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            if session_expired(session, now):
                return self.expire(request)
            if LOGIN_AT not in session:
                # A session from before these stamps existed: its lifetime starts now.
                session[LOGIN_AT] = now
            if now - session.get(SEEN_AT, 0) >= STAMP_INTERVAL_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)

    def expire(self, request):
        logout(request)
        messages.info(request, EXPIRED_MESSAGE)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.method == "GET":
            login_url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a fragment; make it load the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return redirect(login_url)
