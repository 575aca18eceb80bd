"""Logs a town's IT can keep and ship: one line per request, no personal data in any line.

`RequestLogMiddleware` writes method, URL pattern (never the path: invitation and import links
carry their secret in it), status and duration, and gives each request an id that is also sent
as `X-Request-ID`. The formatters take every record apart before writing it: Django's own
records (`django.request`, `django.security`) name the path and carry the request object, so
the path is replaced by the pattern and the request dropped; e-mail and IP addresses are
masked wherever they appear, and so are whole URLs (a Referer may hold a token). IPs,
usernames, query strings and bodies are never logged.
"""

import contextvars
import copy
import logging
import re
import time
import uuid

from django.conf import settings
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

request_logger = logging.getLogger("integration_site.request")
current_request_id = contextvars.ContextVar("request_id", default=None)

# Whole URLs appear in Django's CSRF messages (Referer, Origin) and may carry a token.
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"<>)]+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
# Full (eight groups) or compressed (with "::"); a time such as 12:30:45 is neither.
IPV6 = re.compile(
    r"(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
    r"|(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4})(?![\w:])",
    re.IGNORECASE,
)
# An id a proxy may pass on; anything else is replaced by our own.
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
UNRESOLVED = "<unbekannt>"


def route_of(request):
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route is not None:
        return f"/{match.route}"
    # Static files are answered by whitenoise before URL resolution; their paths hold no secret.
    if request.path.startswith(settings.STATIC_URL):
        return settings.STATIC_URL
    return UNRESOLVED


def mask(text):
    text = URL.sub("<URL>", text)
    return IPV6.sub("<IP>", IPV4.sub("<IP>", EMAIL.sub("<E-Mail>", text)))


def redacted(record):
    """A copy of the record that is safe to write: no path, no request, no addresses."""
    record = copy.copy(record)
    request = record.__dict__.pop("request", None)
    message = record.getMessage()
    if request is not None:
        route = route_of(request)
        for raw in sorted({request.get_full_path(), request.path}, key=len, reverse=True):
            if raw:
                message = message.replace(raw, route)
        record.method = request.method
        record.route = route
        record.request_id = getattr(request, "request_id", None)
    record.msg = mask(message)
    record.args = None
    if not getattr(record, "request_id", None) and current_request_id.get():
        record.request_id = current_request_id.get()
    return record


class TextFormatter(logging.Formatter):
    def format(self, record):
        return super().format(redacted(record))

    def formatException(self, ei):  # noqa: N802 - logging's name
        return mask(super().formatException(ei))


class JsonFormatter(BaseJsonFormatter):
    def format(self, record):
        return super().format(redacted(record))

    def formatException(self, ei):  # noqa: N802
        return mask(super().formatException(ei))


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that it times and sees everything the others do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration = (time.perf_counter() - started) * 1000
            response["X-Request-ID"] = request.request_id
            # The time inside the application, for the browser's tools and the load test
            # (which tells it apart from the waiting before and after).
            response["Server-Timing"] = f"app;dur={duration:.1f}"
            match = getattr(request, "resolver_match", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                route_of(request),
                response.status_code,
                extra={
                    "method": request.method,
                    "route": route_of(request),
                    "view": match.view_name if match is not None else None,
                    "status": response.status_code,
                    "duration_ms": round(duration, 1),
                    "request_id": request.request_id,
                },
            )
            return response
        finally:
            current_request_id.reset(token)
