"""Rendered page parts kept in the cache (the `default` cache: Redis when REDIS_URL is set).

A big page whose content changes rarely (the whole-concept tree, the indicator dashboard) keeps
its rendered body under a key made of everything it depends on: a content fingerprint, the
person's role, the address, the day, the interface language (the fingerprints:
`integration_site.rendering.stamps`). An edit makes a new key, so nothing stale is served; old
entries simply expire.

A cached body must not carry anything personal or per response. Forms in the body render their
CSRF token as a placeholder, replaced per response with the person's token; a
Content-Security-Policy nonce (`request.csp_nonce`, django-csp) found in the rendered body is
stored as a placeholder and replaced with each response's own nonce. Each entry has placeholders
of its own, random and stored with it: a fixed string could be typed into a measure title, and
the page would then show the viewer's token or nonce in its place.
"""

import hashlib
import secrets
import time

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TIMEOUT = 60 * 60 * 24
# One render per new key, not one per person who asks meanwhile: the first to miss renders, the
# others wait for its entry (sleeping, so that their process serves other requests) up to
# WAIT_SECONDS, then render themselves. After an edit of a 640-measure concept, two instances ×
# four threads would otherwise render the same body side by side.
RENDER_LOCK_SECONDS = 10
WAIT_SECONDS = 2.0
POLL_SECONDS = 0.02
# Part of every key: entries of the earlier form (a bare string with fixed placeholders) are
# never read.
KEY_VERSION = "v2"


def cached_html(kind, key_parts, render, *, request):
    """The HTML `render(csrf_token)` returns, from the cache when `key_parts` were rendered before.

    `key_parts` None means "do not cache" (render every time). `render` is called with the CSRF
    placeholder of the new entry and must render with it as `csrf_token` in its context.
    """
    entry = None
    if key_parts is not None:
        # the page is rendered in the reader's language: that is part of the key
        parts = [*key_parts, get_language() or ""]
        digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
        key = f"{kind}:{KEY_VERSION}:{digest}"
        entry = cache.get(key)
        if entry is None and not cache.add(f"{key}:rendering", 1, RENDER_LOCK_SECONDS):
            entry = _wait_for(key)
    if entry is None:
        try:
            entry = _rendered(render, request)
            if key_parts is not None:
                cache.set(key, entry, TIMEOUT)
        finally:
            if key_parts is not None:
                cache.delete(f"{key}:rendering")
    html = entry["html"]
    if entry["csrf"] in html:
        html = html.replace(entry["csrf"], get_token(request))
    if entry["nonce"] in html:
        html = html.replace(entry["nonce"], _nonce(request))
    return mark_safe(html)  # noqa: S308  (the output of our own templates)


def _rendered(render, request):
    entry = {"csrf": _placeholder("csrf"), "nonce": _placeholder("nonce")}
    html = render(entry["csrf"])
    nonce = _nonce(request)
    if nonce:
        html = html.replace(nonce, entry["nonce"])
    entry["html"] = html
    return entry


def _wait_for(key):
    """The entry another request is rendering, or None when it is not there in time."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        entry = cache.get(key)
        if entry is not None:
            return entry
    return None


def _placeholder(kind):
    """Unguessable, and plain letters and digits: no escaping in a template changes it."""
    return f"{kind}-placeholder-{secrets.token_hex(16)}"


def _nonce(request):
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce else ""
