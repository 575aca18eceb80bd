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


# URL kwargs that name no object: the town is checked by every view, `kind` and `fmt` are fixed
# words.
# `rest`: the unknown remainder of an /oparl/v1/ address (answered with an error object).
NOT_OBJECT_IDS = {"town", "kind", "fmt", "rest"}
# Django's own password-reset link checks its signed token itself.
IDOR_EXEMPT = {"password_reset_confirm"}
# URLs whose second id cannot come from the shared IDOR world; each has its own test.
IDOR_OWN_TEST = {
    # a session-held token
    "indicators:import_preview": "tests/idor/test_form_ids.py::"
    "test_an_import_preview_of_another_edition_is_not_shown_or_imported",
}


def url_kwargs(resolver=None, namespace="", inherited=frozenset()):
    """(name, the kwargs of its pattern, those of enclosing includes as well)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        names = inherited | set(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in IGNORED_NAMESPACES:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from url_kwargs(entry, prefix, frozenset(names))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", names


def object_id_urls():
    """{URL name: its object-id kwargs} for every URL that names an object."""
    found = {}
    for name, kwargs in url_kwargs():
        ids = kwargs - NOT_OBJECT_IDS
        if ids and name not in IDOR_EXEMPT:
            found.setdefault(name, set()).update(ids)
    return found


def test_every_url_with_an_object_id_has_rows_in_the_idor_table():
    from tests.idor.table import CASES

    scenarios = {}
    for case in CASES:
        scenarios.setdefault(case.spec.name, set()).add(case.scenario)
    missing = []
    for name, ids in sorted(object_id_urls().items()):
        seen = scenarios.get(name, set())
        if name.startswith("oparl:"):
            # Public by design: one row for what must stay internal or reduced.
            if not seen:
                missing.append(f"{name}: keine Zeile")
            continue
        if "fremde-kommune" not in seen:
            missing.append(f"{name}: fremde Kommune")
        if len(ids) > 1 and "falscher-elternteil" not in seen and name not in IDOR_OWN_TEST:
            missing.append(f"{name}: Kind eines anderen Elternteils ({sorted(ids)})")
    assert not missing, "URLs mit Objekt-ID ohne IDOR-Zeile: " + "; ".join(missing)
    for test in IDOR_OWN_TEST.values():
        path, function = test.split("::")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        assert callable(getattr(module, function, None)), f"{test} gibt es nicht"
