"""Rendered page parts kept in the cache (the `default` cache: Redis when REDIS_URL is set).

A big page whose content changes rarely (the whole-concept tree, the indicator dashboard) keeps
its rendered body under a key made of everything it depends on: a content fingerprint, the
person's role, the address, the day. An edit makes a new key, so nothing stale is served; old
entries simply expire.

A cached body must not carry anything personal or per response. The CSRF token of forms in the
body is rendered as `CSRF_PLACEHOLDER` and replaced per response with the person's token; a
Content-Security-Policy nonce (`request.csp_nonce`, django-csp) found in the rendered body is
stored as `NONCE_PLACEHOLDER` and replaced with each response's own nonce.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

CSRF_PLACEHOLDER = "csrf-token-placeholder-3f9c1e"
NONCE_PLACEHOLDER = "csp-nonce-placeholder-8d2b71"
TIMEOUT = 60 * 60 * 24


def cached_html(kind, key_parts, render, *, request):
    """The HTML `render()` returns, from the cache when `key_parts` were rendered before.

    `key_parts` None means "do not cache" (render every time). `render` must render with
    `csrf_token=CSRF_PLACEHOLDER` in its context.
    """
    html = None
    if key_parts is not None:
        digest = hashlib.sha256("\x1f".join(map(str, key_parts)).encode()).hexdigest()
        key = f"{kind}:{digest}"
        html = cache.get(key)
    if html is None:
        html = render()
        nonce = _nonce(request)
        if nonce:
            html = html.replace(nonce, NONCE_PLACEHOLDER)
        if key_parts is not None:
            cache.set(key, html, TIMEOUT)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, _nonce(request))
    return mark_safe(html)  # noqa: S308  (the output of our own templates)


def _nonce(request):
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce else ""


def template_stamp(*patterns):
    """Changes with the templates (a deployment): the cache may outlive the processes."""
    stamps = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for pattern in patterns:
            stamps += [str(p.stat().st_mtime_ns) for p in sorted(Path(directory).glob(pattern))]
    return ",".join(stamps)
