"""Warm a fresh process before its first request: imports, templates, translations, cache.

A web process that has just started pays, in its first request, for importing every view
behind the URL configuration, compiling the templates the page uses, loading the translation
catalogues and opening the cache and database connections: about two seconds for the first
person after a start or a deployment. `warm_up()` does all of it at start instead:
`integration_site/wsgi.py` calls it when gunicorn loads the application into a worker (before
the worker accepts connections), `manage.py warmup` runs it by hand and prints what it took.
`WARMUP=0` leaves it out (the tests, which import wsgi.py without serving). Last, the warm
objects are frozen for the garbage collector (`_freeze`).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".svg")


def warm_up() -> dict[str, float]:
    """Do the first request's one-off work now; returns seconds per step."""
    steps = {}

    def step(name, fn):
        start = time.perf_counter()
        try:
            fn()
        except Exception:
            # A failed warm-up only leaves the work to the first request.
            logger.exception("Warm-up step %s failed", name)
        steps[name] = time.perf_counter() - start

    step("urls", _urls)
    step("templates", _templates)
    step("translations", _translations)
    step("cache", _cache)
    step("database", _database)
    step("release", _release)
    step("gc", _freeze)
    return steps


def _urls():
    """Import every view module (the URL configuration is imported lazily otherwise)."""
    from django.urls import get_resolver

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)

    resolver = get_resolver()
    walk(resolver.url_patterns)
    resolver.reverse_dict  # noqa: B018  (builds the reverse look-up tables)


def template_names() -> list[str]:
    names = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        names += [
            str(path.relative_to(root))
            for path in sorted(root.rglob("*"))
            if path.suffix in TEMPLATE_SUFFIXES
        ]
    return names


def _templates():
    """Compile every template of the project; the cached loader (DEBUG off) keeps them."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template

    for name in template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            # Fragments that only work included (or are not Django templates) are compiled
            # where they are used.
            continue


def _translations():
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Gesamtansicht")


def _cache():
    from django.core.cache import cache

    cache.get("warmup")


def _release():
    """The release hash that keys the remembered fingerprints (rendering/generation.py)."""
    from integration_site.rendering.generation import release

    release()


def _freeze():
    """Move everything loaded so far (modules, compiled templates, URL tables: some 250,000
    objects) out of the garbage collector's sight. A full collection otherwise walks them all,
    stopping every thread of the process for about 150 ms a few times a minute under load;
    after the freeze it takes under 1 ms. They live as long as the process anyway."""
    import gc

    gc.collect()
    gc.freeze()


def _database():
    """Import the backend's modules and run the stamp queries' compilation once."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    connection.close()
