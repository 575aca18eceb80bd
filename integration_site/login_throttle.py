"""Limits on guessing passwords: the login (django-axes) and the password-reset form.

Failed logins are counted per pair of username and client address, not per address alone
and not per account alone. A Rathaus sits behind one NAT address: counting per address would
lock every colleague out because one person mistypes; counting per account would let anybody
anywhere lock a colleague out by guessing at their name. Per pair, the person who mistyped
waits, everybody else logs in, and an attacker still gets only `LOGIN_FAILURE_LIMIT` guesses
per name and address before a cool-off of `LOGIN_COOLOFF_MINUTES`.

Nothing a person sees tells whether an account exists: axes counts failures for unknown
names exactly as for known ones, and the lockout page and the failure message are the same
for both.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request):
    """The client's address, as our own reverse proxies report it.

    With `TRUSTED_PROXY_COUNT = 0` (no proxy) it is REMOTE_ADDR. Behind N proxies of our own,
    each appends the address it saw to X-Forwarded-For, so the client is the N-th entry from
    the right; entries further left come from the client and may be forged, so they are never
    used. If the header is shorter than expected, the request did not come through all proxies
    and the nearest address stands in.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return forwarded[0] if forwarded else remote
    return forwarded[-count]


def lockout_message():
    minutes = settings.LOGIN_COOLOFF_MINUTES
    return _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung mit diesem Benutzernamen ist "
        "von Ihrem Netzwerk aus für %(minutes)s Minuten gesperrt. Bitte versuchen Sie es danach "
        "erneut oder setzen Sie Ihr Passwort über „Passwort vergessen?“ zurück."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with HTTP 429 and a message that names no account."""
    form = AuthenticationForm(request)
    context = {
        "form": form,
        "next": request.POST.get("next", request.GET.get("next", "")),
        "lockout_message": lockout_message(),
    }
    return render(request, "registration/login.html", context, status=429)


class ThrottledPasswordResetView(PasswordResetView):
    """Password reset with the login's limit: per e-mail address and client address.

    Counted in the cache (Redis when REDIS_URL is set, so that all app servers share it).
    Every request counts, whether the address belongs to an account or not, so the answer
    never tells; over the limit no mail is sent and the form says to wait.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        pair = f"{email}|{client_ip(self.request)}"
        key = "password-reset:" + hashlib.sha256(pair.encode()).hexdigest()
        cache.add(key, 0, timeout=settings.LOGIN_COOLOFF_MINUTES * 60)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=settings.LOGIN_COOLOFF_MINUTES * 60)
            count = 1
        if count > settings.LOGIN_FAILURE_LIMIT:
            form.add_error(
                None,
                _(
                    "Zu viele Anfragen zum Zurücksetzen des Passworts. Bitte versuchen Sie es in "
                    "%(minutes)s Minuten erneut."
                )
                % {"minutes": settings.LOGIN_COOLOFF_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
