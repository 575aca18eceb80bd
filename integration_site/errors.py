"""The error pages: German, in the site's layout, with a way back (urls.py and settings point here).

Django's own pages are bare English ("403 Forbidden"), and it renders 400, 500 and the CSRF
page without the request, so base.html's scripts would lack the CSP nonce. These render
base.html with the request. 400 and 500 leave out the context processors: a 500 may come from a
database that is away, and the navigation asks it for the person's towns. Should the page itself
fail, a plain German page answers with the same status.
"""

import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

TEMPLATE = "integration_site/error.html"
PAGES = {
    400: (
        _("Anfrage nicht verständlich"),
        _(
            "Der Server konnte diese Anfrage nicht verarbeiten. Bitte prüfen Sie die Adresse oder "
            "laden Sie die Seite neu."
        ),
    ),
    403: (
        _("Kein Zugriff"),
        _(
            "Sie haben keine Berechtigung, diese Seite zu öffnen. Wenn Sie Zugriff brauchen, "
            "wenden Sie sich bitte an die Stabsstelle Integration Ihrer Kommune."
        ),
    ),
    "csrf": (
        _("Formular abgelaufen"),
        _(
            "Das Formular konnte nicht gesendet werden, weil es zu lange geöffnet war oder Ihre "
            "Sitzung inzwischen beendet wurde. Bitte laden Sie die Seite neu und senden Sie "
            "es noch einmal. Sperrt Ihr Browser Cookies für diese Seite, erlauben Sie sie bitte."
        ),
    ),
    404: (
        _("Seite nicht gefunden"),
        _(
            "Unter dieser Adresse gibt es keine Seite. Vielleicht ist die Adresse unvollständig, "
            "oder die Seite wurde verschoben oder gelöscht."
        ),
    ),
    500: (
        _("Ein Fehler ist aufgetreten"),
        _(
            "Auf dem Server ist ein Fehler aufgetreten; er wurde protokolliert. "
            "Bitte versuchen Sie es in einigen Minuten noch einmal."
        ),
    ),
}
PLAIN = (
    '<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
    '<body><h1>{title}</h1><p>{text}</p><p><a href="/">{home}</a></p></body></html>'
)


@requires_csrf_token
def bad_request(request, exception=None):
    return error_page(request, 400, with_navigation=False)


@requires_csrf_token
def permission_denied(request, exception=None):
    return error_page(request, 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return error_page(request, 404)


@requires_csrf_token
def server_error(request):
    return error_page(request, 500, with_navigation=False)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW; Django has logged the reason (django.security.csrf)."""
    return error_page(request, 403, page="csrf")


def error_page(request, status, *, page=None, with_navigation=True):
    title, text = PAGES[page or status]
    context = {"status": status, "title": title, "text": text}
    attempts = [{"context": context, "request": request}] if with_navigation else []
    # Without the context processors: no database, no session.
    attempts.append({"context": {**context, "request": request}})
    for attempt in attempts:
        try:
            return HttpResponse(render_to_string(TEMPLATE, **attempt), status=status)
        except Exception:
            logger.exception("Fehlerseite %s ließ sich nicht darstellen", status)
    return HttpResponse(
        PLAIN.format(
            lang=get_language() or "de",
            title=escape(title),
            text=escape(text),
            home=escape(_("Zur Startseite")),
        ),
        status=status,
    )
