"""Every named URL of the project has a row in some app's permission table."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests

# Django's own admin pages are guarded by Django; one row covers the admin index.
IGNORED_NAMESPACES = {"admin"}


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in IGNORED_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from url_names(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def table_names():
    names = set()
    for module_info in pkgutil.walk_packages(tests.__path__, "tests."):
        if not module_info.name.endswith("test_permissions"):
            continue
        module = importlib.import_module(module_info.name)
        names.update(row.name for row in getattr(module, "TABLE", []))
    return names


def test_every_url_has_a_row_in_the_permission_table():
    missing = sorted(set(url_names()) - table_names())
    assert not missing, f"URLs without a row in a permission table: {missing}"
