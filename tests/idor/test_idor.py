"""The IDOR part of the permission table (see tests/idor/table.py for the scenarios)."""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests.idor.table import CASES, POST

APPS = ("concepts", "indicators", "participation")


def row_counts():
    """The number of rows of every table of our apps, history tables included, in one query:
    any write to a tracked model adds a history row, so this notices updates as well."""
    tables = sorted(
        model._meta.db_table
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.managed and not model._meta.proxy
    )
    quote = connection.ops.quote_name
    # Table names come from our own models, not from input.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def stored(objects):
    return [
        type(obj)._base_manager.filter(pk=obj.pk).values().first()
        for obj in objects
        if hasattr(obj, "_meta")
    ]


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def allowed(case, role, status):
    if case.scenario == "nicht-oeffentlich":
        return status == 404
    if case.scenario in ("reduziert", "oeffentlich"):
        return status == 200
    strict = case.scenario in ("fremde-kommune", "fremde-kommune-gemischt", "falscher-elternteil")
    if role == "anonymous":
        return status in (302, 403, 404)
    if strict and role in ("staff", "superuser"):
        return status == 404
    if case.scenario == "fremde-kommune" and role == "outsider":
        return status == 404
    return status in (403, 404)


@pytest.mark.parametrize("case", CASES, ids=[str(case) for case in CASES])
def test_foreign_ids_never_show_data(case, idor, idor_client):
    spec = case.spec
    for role in case.roles:
        kwargs, marker, objects, home, away = case.build(idor, role)
        url = reverse(spec.name, kwargs=kwargs)
        if spec.query:
            url += spec.query(home, away)
        client = idor_client(role)
        if spec.method == POST:
            before = row_counts(), stored(objects)
            response = client.post(url, spec.data(idor, home))
        else:
            response = client.get(url)
        status = response.status_code
        where = f"{case} as {role}: {url}"
        assert allowed(case, role, status), f"{where} answered {status}"
        if status == 302:
            assert "/konto/login/" in response["Location"], f"{where} → {response['Location']}"
        if marker:
            assert marker not in body_of(response), f"{where} shows {marker}"
        if spec.method == POST:
            assert (row_counts(), stored(objects)) == before, f"{where} changed the database"
