"""Security issue 12, fault 1: the exchange import reads only the fields the format names.

The indicators' section used to build `Measurement(**values)` from the file, so a value with
`"indicator_id"` landed on another town's indicator. The tests walk the format's schema (the
published file with every registered section) to list each kind of object, find one of each in a
real export, and add `id`, `pk` and every `*_id` of the models the import writes, pointing at the
other town's rows. A kind of object the sample export does not contain fails its test: extend
`tests/exchange_sample.py` when the format grows.
"""

import copy
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.urls import reverse

from concepts import exchange
from concepts.exchange import ImportProblems
from concepts.exchange import check as exchange_check
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from indicators.models import Measurement
from tests.exchange_sample import other_town_rows, sample_export
from tests.row_counts import row_counts

# The apps whose models the import writes.
IMPORTED_APPS = ("concepts", "indicators")


def object_kinds(schema):
    """{JSON pointer: schema} of every object in the format, e.g. "#/$defs/measure"."""
    kinds = {}

    def walk(node, pointer):
        if not isinstance(node, dict):
            return
        types = node.get("type")
        if (
            "properties" in node
            or types == "object"
            or (isinstance(types, list) and "object" in types)
        ):
            kinds[pointer] = node
        for name, sub in node.get("properties", {}).items():
            walk(sub, f"{pointer}/properties/{name}")
        if "items" in node:
            walk(node["items"], f"{pointer}/items")
        for name, sub in node.get("$defs", {}).items():
            walk(sub, f"{pointer}/$defs/{name}")

    walk(schema, "#")
    return kinds


def instances(document, schema):
    """{kind's JSON pointer: JSON path of its first object in the document}."""
    kinds = object_kinds(schema)
    found = {}

    def resolve(node, pointer):
        while "$ref" in node:
            pointer = node["$ref"]
            node = schema
            for part in pointer.removeprefix("#/").split("/"):
                node = node[part]
        return node, pointer

    def walk(value, node, pointer, path):
        node, pointer = resolve(node, pointer)
        if isinstance(value, dict):
            if pointer in kinds:
                found.setdefault(pointer, path)
            for name, sub in node.get("properties", {}).items():
                if name in value:
                    walk(value[name], sub, f"{pointer}/properties/{name}", f"{path}.{name}")
        elif isinstance(value, list) and "items" in node:
            for i, item in enumerate(value):
                walk(item, node["items"], f"{pointer}/items", f"{path}[{i}]")

    walk(document, schema, "#", "$")
    return found


def at(document, path):
    """The object at a JSON path such as `$.fields_of_action[0].measures[1]`."""
    value = document
    for name, index in _steps(path):
        value = value[name] if index is None else value[index]
    return value


def _steps(path):
    import re

    for name, index in re.findall(r"\.([A-Za-z_]+)|\[(\d+)\]", path):
        yield (name, None) if name else (None, int(index))


def foreign_keys():
    """Attribute names of every foreign key of the imported models: edition_id, indicator_id, …"""
    names = {}
    for app in IMPORTED_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.ForeignKey):
                    names.setdefault(field.attname, field.related_model)
    return names


def injected_keys(victim):
    """`id`, `pk` and every `*_id`, each pointing at a row of the other town where it has one."""
    rows = {type(obj): obj.pk for obj in vars(victim).values()}
    keys = {"id": victim.measurement.pk, "pk": victim.indicator.pk}
    for attname, related in foreign_keys().items():
        pk = rows.get(related)
        if pk is None:
            pk = related._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        keys[attname] = pk or 1
    return keys


SCHEMA_KINDS = sorted(object_kinds(exchange_check._schema()))


def test_the_schema_lists_the_kinds_this_test_expects():
    # A sanity check of the walk: the indicators' objects are part of the format.
    assert "#/$defs/measure" in SCHEMA_KINDS
    assert "#/$defs/measurement" in SCHEMA_KINDS
    assert "#/properties/extensions" in SCHEMA_KINDS


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_every_object_of_the_format_is_closed(kind):
    assert object_kinds(exchange_check._schema())[kind].get("additionalProperties") is False


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_keys_naming_another_towns_rows_are_refused(kind, world):
    victim = other_town_rows(world)
    document = sample_export(world)
    # Version 2's predecessor and Bewertungen need an older edition; the schema refuses the
    # unknown field before any reference is looked up, so they are written in here.
    document["edition"]["predecessor"] = {"title": "Integrationskonzept", "year": 2010}
    document["assessments"] = [
        {"goal": {"kind": "strategic", "number": "1.1"}, "grade": "", "text": ""}
    ]
    where = instances(document, exchange_check._schema())
    assert kind in where, f"Die Beispieldatei enthält kein Objekt der Art {kind}."
    path = where[kind]
    attack = copy.deepcopy(document)
    keys = injected_keys(victim)
    at(attack, path).update(keys)
    before = row_counts()
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=attack, user=world.users["staff"])
    problems = caught.value.problems
    for key in keys:
        assert (f"{path}.{key}", f"Unbekanntes Feld „{key}“ in {path}; bitte entfernen.") in (
            problems
        )
    assert row_counts() == before


def test_the_unchanged_sample_imports(world):
    """The attack tests above are refused for the keys, not because the sample is broken."""
    document = sample_export(world)
    imported = edition_import(municipality=world.other_town, data=document)
    assert dumps(edition_export(imported)) == dumps(document)


def test_a_value_aimed_at_another_towns_indicator_is_refused_in_the_upload(world, client_for):
    victim = other_town_rows(world)
    document = sample_export(world)
    value = document["extensions"]["indicators"][0]["measurements"][0]
    value["indicator_id"] = victim.indicator.pk
    value["entered_by_id"] = victim.user.pk
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "konzept.json"
    client = client_for("staff")
    before = row_counts()
    response = client.post(
        reverse("concepts:edition_import", kwargs={"town": world.town.slug}),
        {"file": upload},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unbekanntes Feld „indicator_id“ in $.extensions.indicators[0].measurements[0]" in html
    # Only the record of the failed background import (kept for "Erneut versuchen") is new.
    after = row_counts()
    assert after.pop("integration_site.ImportJob") == before.pop("integration_site.ImportJob") + 1
    assert after == before
    assert list(Measurement.objects.filter(indicator=victim.indicator)) == [victim.measurement]


def test_an_id_key_is_a_german_problem_not_a_server_error(world):
    document = sample_export(world)
    document["extensions"]["indicators"][0]["measurements"][0]["id"] = 1
    before = row_counts()
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=document)
    assert caught.value.problems == [
        (
            "$.extensions.indicators[0].measurements[0].id",
            "Unbekanntes Feld „id“ in $.extensions.indicators[0].measurements[0]; bitte entfernen.",
        )
    ]
    assert row_counts() == before


# ------------------------------------------------ fault 8: German problems, never a traceback


def test_deeply_nested_json_is_a_german_problem(world):
    before = row_counts()
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=b"[" * 100_000 + b"]" * 100_000)
    assert "zu tief verschachtelt" in caught.value.problems[0][1]
    nested = {"format": exchange.FORMAT, "concept": []}
    inner = nested["concept"]
    for _ in range(200):
        inner.append([])
        inner = inner[0]
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=nested)
    assert "zu tief verschachtelt" in caught.value.problems[0][1]
    assert row_counts() == before


def test_a_number_too_long_for_python_is_a_german_problem(world):
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=b'{"format": ' + b"9" * 5000 + b"}")
    assert "zu lang" in caught.value.problems[0][1]


INDICATOR = "$.extensions.indicators[0]"
VALUE = "$.extensions.indicators[0].measurements[0]"


@pytest.mark.parametrize(
    "where, name, bad, problem_path",
    [
        (VALUE, "value", "zwölf", f"{VALUE}.value"),
        (VALUE, "value", 12.5, f"{VALUE}.value"),
        (VALUE, "period_start", 5, f"{VALUE}.period_start"),
        (VALUE, "period_start", "2023-02-30", f"{VALUE}.period_start"),
        (VALUE, "period_end", "2019-01-01", VALUE),  # ends before it begins
        (VALUE, "period_kind", "decade", f"{VALUE}.period_kind"),
        (VALUE, "period_label", "x" * 121, f"{VALUE}.period_label"),
        (VALUE, "is_approximate", "ja", f"{VALUE}.is_approximate"),
        (VALUE, "text", None, f"{VALUE}.text"),
        (INDICATOR, "decimal_places", -1, f"{INDICATOR}.decimal_places"),
        (INDICATOR, "baseline_value", "1e5", f"{INDICATOR}.baseline_value"),
        (INDICATOR, "baseline_date", None, INDICATOR),  # value without its date
        (INDICATOR, "responsible_email", "keine-adresse", f"{INDICATOR}.responsible_email"),
        (INDICATOR, "unit", "other", f"{INDICATOR}.unit_other"),
        (INDICATOR, "measurements", {}, f"{INDICATOR}.measurements"),
        (INDICATOR, "code", "kita", None),  # the code of the second indicator, in other case
    ],
)
def test_invalid_indicator_values_are_german_problems_with_their_path(
    world, where, name, bad, problem_path
):
    document = sample_export(world)
    if problem_path is None:
        document["extensions"]["indicators"][1]["code"] = bad
        problem_path = "$.extensions.indicators[1].code"
    else:
        at(document, where)[name] = bad
    before = row_counts()
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=document)
    paths = [path for path, _message in caught.value.problems]
    assert problem_path in paths
    assert row_counts() == before


def test_two_values_for_one_period_are_a_german_problem(world):
    document = sample_export(world)
    values = document["extensions"]["indicators"][0]["measurements"]
    values.append(dict(values[0], value="99.0000"))
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=document)
    assert caught.value.problems == [
        (
            "$.extensions.indicators[0].measurements[2]",
            "Für diesen Zeitraum, dieses Gebiet, diese Gruppe, Aufschlüsselung und Quelle "
            "gibt es schon einen Wert.",
        )
    ]


def test_import_command_prints_indicator_problems_in_german(world, tmp_path):
    document = sample_export(world)
    document["extensions"]["indicators"][0]["measurements"][0]["period_start"] = 5
    target = tmp_path / "konzept.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    err = io.StringIO()
    before = row_counts()
    with pytest.raises(CommandError, match="Nichts importiert"):
        call_command("import_concept", "rheine", str(target), stderr=err)
    assert f"{VALUE}.period_start: Erwartet wird ein Text." in err.getvalue()
    assert row_counts() == before
