"""Validate OParl objects against the official OParl 1.1 JSON schemas (vendored in schema/).

The schemas mark embedded objects with their own keyword (`"schema": "File.json"` on an object
property, or on `items` of a list); `problems()` validates each object with jsonschema and then
its embedded objects against the schema named there. A deleted object (tombstone, spec §2.8)
only keeps id, type, created and modified: its other required properties are waived.
"""

import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator, FormatChecker

SCHEMA_DIR = Path(__file__).parent / "schema"
TYPE = re.compile(r"^https://schema\.oparl\.org/1\.1/(\w+)$")
TOMBSTONE_REQUIRED = ["id", "type", "created", "modified", "deleted"]

checker = FormatChecker()


@checker.checks("url")
def is_url(value):
    return not isinstance(value, str) or bool(re.match(r"^https?://[^\s/]+(/\S*)?$", value))


@cache
def schema(name):
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def validator(name, deleted=False):
    definition = dict(schema(name))
    if deleted:
        definition["required"] = TOMBSTONE_REQUIRED
    Draft7Validator.check_schema(definition)
    return Draft7Validator(definition, format_checker=checker)


def problems(obj, expected=None, where=""):
    """Every violation of `obj` and its embedded objects: ["Paper …/paper/1/: message", …]."""
    if not isinstance(obj, dict):
        return [f"{where}: kein Objekt, sondern {type(obj).__name__}"]
    match = TYPE.match(str(obj.get("type", "")))
    if not match or not (SCHEMA_DIR / f"{match.group(1)}.json").exists():
        return [f"{where}: unbekannter type {obj.get('type')!r}"]
    name = match.group(1)
    label = f"{name} {obj.get('id', '?')}"
    if expected and name != expected:
        return [f"{label}: erwartet {expected}"]
    found = [
        f"{label}: {'/'.join(map(str, e.path))} {e.message}"
        for e in validator(name, bool(obj.get("deleted"))).iter_errors(obj)
    ]
    for key, spec in schema(name)["properties"].items():
        if key not in obj:
            continue
        if spec.get("type") == "object" and "schema" in spec:
            found += problems(obj[key], spec["schema"].removesuffix(".json"), f"{label}.{key}")
        items = spec.get("items", {})
        if spec.get("type") == "array" and items.get("type") == "object" and "schema" in items:
            for n, item in enumerate(obj[key]):
                embedded = items["schema"].removesuffix(".json")
                found += problems(item, embedded, f"{label}.{key}[{n}]")
    return found


def embedded_objects(obj):
    """(property, object) for each object embedded in `obj`, at any depth."""
    for key, value in obj.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, dict) and "type" in item and "id" in item:
                yield key, item
                yield from embedded_objects(item)
