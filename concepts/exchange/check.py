"""Checking an exchange file: `parse(raw)` → data, `check(data)` → [(JSON path, German message)]."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concepts import exchange
from concepts.exchange import FORMAT, FORMATS, ImportProblems, natural_key

SCHEMA_PATH = Path(__file__).with_name("concept-export.schema.json")

TYPE_NAMES = {
    "object": gettext_lazy("ein Objekt"),
    "array": gettext_lazy("eine Liste"),
    "string": gettext_lazy("ein Text"),
    "integer": gettext_lazy("eine ganze Zahl"),
    "number": gettext_lazy("eine Zahl"),
    "boolean": gettext_lazy("true oder false"),
    "null": "null",
}


def _type_name(expected):
    if isinstance(expected, list):
        return f" {_('oder')} ".join(str(TYPE_NAMES.get(t, t)) for t in expected)
    return str(TYPE_NAMES.get(expected, expected))


def _german(error):
    """[(path, message)] in German for one jsonschema error."""
    path = error.json_path
    v, value, instance = error.validator, error.validator_value, error.instance
    if v == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        name = match.group(1) if match else "?"
        return [(f"{path}.{name}", _("Die Angabe „%(name)s“ fehlt.") % {"name": name})]
    if v == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            (
                f"{path}.{name}",
                _("Unbekanntes Feld „%(name)s“ in %(path)s; bitte entfernen.")
                % {"name": name, "path": path},
            )
            for name in sorted(set(instance) - known)
        ]
    if v == "type":
        return [(path, _("Erwartet wird %(type)s.") % {"type": _type_name(value)})]
    if v == "enum":
        allowed = ", ".join(f"„{x}“" for x in value)
        return [
            (
                path,
                _("Der Wert „%(value)s“ ist nicht erlaubt; möglich sind %(allowed)s.")
                % {"value": instance, "allowed": allowed},
            )
        ]
    if v == "const":
        return [
            (
                path,
                _("Erwartet wird „%(value)s“; diese Datei hat ein anderes Format.")
                % {"value": value},
            )
        ]
    if v == "format" and value == "date":
        return [(path, _("„%(value)s“ ist kein Datum im Format JJJJ-MM-TT.") % {"value": instance})]
    if v == "maxLength":
        return [(path, _("Der Text ist zu lang: höchstens %(max)s Zeichen.") % {"max": value})]
    if v == "minLength":
        return [(path, _("Die Angabe darf nicht leer sein."))]
    if v == "pattern":
        if "\\." in value:
            return [
                (
                    path,
                    _("„%(value)s“ ist keine Zahl wie „0.50“ (Punkt als Dezimalzeichen).")
                    % {"value": instance},
                )
            ]
        return [
            (
                path,
                _("„%(value)s“ ist kein gültiger Schlüssel (Buchstaben, Ziffern, . _ -).")
                % {"value": instance},
            )
        ]
    if v == "minimum":
        return [(path, _("Der Wert muss mindestens %(min)s sein.") % {"min": value})]
    if v == "maximum":
        return [(path, _("Der Wert darf höchstens %(max)s sein.") % {"max": value})]
    if v == "uniqueItems":
        return [(path, _("Die Liste enthält einen Eintrag doppelt."))]
    return [(path, _("Ungültige Angabe (%(rule)s).") % {"rule": v})]


def _file_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _schema():
    """The published schema, with the schema of every registered section it does not hold.

    Every object of the format is closed (`additionalProperties: false`), the sections'
    included: an import reads only the fields it names, and a file that carries others
    (`id`, `indicator_id`, …) is refused rather than half-read.
    """
    schema = _file_schema()
    sections = schema["properties"]["extensions"]["properties"]
    for name, section in exchange.sections().items():
        if section.schema is not None:
            sections[name] = section.schema
        elif name not in sections:
            raise ImproperlyConfigured(
                f"The exchange section {name!r} has no schema (ExchangeSection.schema)."
            )
    return schema


def _inlined(node, definitions, seen=()):
    """The schema with every local `#/$defs/…` reference replaced by its definition (the format
    has no recursive definitions): the validator then walks plain dicts instead of resolving a
    reference per element (a large concept has thousands)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            name = ref.removeprefix("#/$defs/")
            if name in definitions and name not in seen:
                return _inlined(definitions[name], definitions, (*seen, name))
        return {key: _inlined(value, definitions, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(value, definitions, seen) for value in node]
    return node


_validators: dict = {}


def _validators_now() -> tuple[jsonschema_rs.Draft202012Validator, jsonschema.Draft202012Validator]:
    """The two validators for the registered sections, built once per set of them (the schema
    file is read, the references inlined and the format checker made only on the first check):
    a fast one that only says whether a file is valid, and the one that names each problem."""
    key = tuple((name, id(section.schema)) for name, section in exchange.sections().items())
    validators = _validators.get(key)
    if validators is None:
        schema = _schema()
        schema = _inlined(schema, schema.get("$defs", {}))
        # Only "date" is used by the format; the other format checks are never asked for.
        validators = (
            jsonschema_rs.Draft202012Validator(schema, validate_formats=True),
            jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.FormatChecker(formats=["date"])
            ),
        )
        _validators.clear()
        _validators[key] = validators
    return validators


def _valid(validator: jsonschema_rs.Draft202012Validator, data: Any) -> bool:
    """The fast validator's answer; a value it cannot read (say, a number beyond 64 bits) is
    left to the other one."""
    try:
        return validator.is_valid(data)
    except Exception:  # whatever it raises on data it cannot convert
        return False


def check_schema(data: Any) -> list[tuple[str, str]]:
    fast, named = _validators_now()
    # A valid file, the common case, passes the fast validator in milliseconds (jsonschema
    # takes a third of a second for a large concept); only a file it refuses is walked again
    # for the German problems with their paths. Its "no" is never the answer: when the two
    # disagree (jsonschema's "$" also matches before a final line break), jsonschema decides.
    if _valid(fast, data):
        problems = []
    else:
        problems = [p for e in named.iter_errors(data) for p in _german(e)]
    problems.sort(key=lambda p: natural_key(p[0]))
    if isinstance(data.get("extensions"), dict):
        for name in data["extensions"]:
            if name not in exchange.sections() and f"$.extensions.{name}" not in dict(problems):
                problems.append(
                    (
                        f"$.extensions.{name}",
                        _("Unbekannter Teil „%(name)s“; bitte entfernen.") % {"name": name},
                    )
                )
    return problems


def check_references(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Keys unique, every reference known and in the right place; dates in order."""
    problems = []
    seen = {}
    # the kinds of element, translated once (not per element of a large file)
    theme, actor = _("ein Querschnittsthema"), _("einen Akteur")
    field, sub_theme = _("ein Handlungsfeld"), _("ein Unterthema")
    strategic, operational = _("ein Leitziel"), _("ein Handlungsziel")
    measure = _("eine Maßnahme")

    def define(key, kind, path):
        if key in seen:
            problems.append(
                (f"{path}.key", _("Der Schlüssel „%(key)s“ kommt doppelt vor.") % {"key": key})
            )
        seen[key] = kind

    def expect(key, kind, path, allowed=None):
        if key is None:
            return
        if seen.get(key) != kind:
            problems.append(
                (
                    path,
                    _("„%(key)s“ ist kein bekannter Schlüssel für %(kind)s.")
                    % {"key": key, "kind": kind},
                )
            )
        elif allowed is not None and key not in allowed:
            problems.append(
                (path, _("„%(key)s“ gehört zu einem anderen Handlungsfeld.") % {"key": key})
            )

    for i, t in enumerate(data["cross_cutting_themes"]):
        define(t["key"], theme, f"$.cross_cutting_themes[{i}]")
    for i, a in enumerate(data["actors"]):
        define(a["key"], actor, f"$.actors[{i}]")
    names = {}
    for i, a in enumerate(data["actors"]):
        if a["name"] in names:
            problems.append(
                (
                    f"$.actors[{i}].name",
                    _("Der Akteur „%(name)s“ kommt doppelt vor.") % {"name": a["name"]},
                )
            )
        names[a["name"]] = i
    field_children = {}
    for f_i, f in enumerate(data["fields_of_action"]):
        fp = f"$.fields_of_action[{f_i}]"
        define(f["key"], field, fp)
        own = field_children.setdefault(f["key"], {"sub": set(), "sg": set()})
        for i, s in enumerate(f["sub_themes"]):
            define(s["key"], sub_theme, f"{fp}.sub_themes[{i}]")
            own["sub"].add(s["key"])
        for i, g in enumerate(f["strategic_goals"]):
            define(g["key"], strategic, f"{fp}.strategic_goals[{i}]")
            own["sg"].add(g["key"])
        for i, g in enumerate(f["operational_goals"]):
            define(g["key"], operational, f"{fp}.operational_goals[{i}]")
        for i, m in enumerate(f["measures"]):
            define(m["key"], measure, f"{fp}.measures[{i}]")

    for i, p in enumerate(data["guiding_principles"]):
        expect(
            p["field_of_action"],
            field,
            f"$.guiding_principles[{i}].field_of_action",
        )
    chapter_fields = set()
    for i, c in enumerate(data["chapters"]):
        path = f"$.chapters[{i}].field_of_action"
        expect(c["field_of_action"], field, path)
        if c["field_of_action"] in chapter_fields:
            problems.append((path, _("Ein Handlungsfeld hat nur ein erzählendes Kapitel.")))
        if c["field_of_action"]:
            chapter_fields.add(c["field_of_action"])
    for f_i, f in enumerate(data["fields_of_action"]):
        fp = f"$.fields_of_action[{f_i}]"
        own = field_children[f["key"]]
        for j, t in enumerate(f["themes"]):
            expect(t, theme, f"{fp}.themes[{j}]")
        for i, g in enumerate(f["strategic_goals"]):
            gp = f"{fp}.strategic_goals[{i}]"
            expect(g["sub_theme"], sub_theme, f"{gp}.sub_theme", own["sub"])
            for j, t in enumerate(g["themes"]):
                expect(t, theme, f"{gp}.themes[{j}]")
        for i, g in enumerate(f["operational_goals"]):
            gp = f"{fp}.operational_goals[{i}]"
            expect(g["strategic_goal"], strategic, f"{gp}.strategic_goal", own["sg"])
            expect(g["sub_theme"], sub_theme, f"{gp}.sub_theme", own["sub"])
            for j, k in enumerate(g["also_serves"]):
                # As in the form: only Leitziele of the goal's own field.
                expect(k, strategic, f"{gp}.also_serves[{j}]", own["sg"])
            for j, t in enumerate(g["themes"]):
                expect(t, theme, f"{gp}.themes[{j}]")
        for i, m in enumerate(f["measures"]):
            mp = f"{fp}.measures[{i}]"
            expect(m.get("sub_theme"), sub_theme, f"{mp}.sub_theme", own["sub"])
            for j, t in enumerate(m["themes"]):
                expect(t, theme, f"{mp}.themes[{j}]")
            for j, k in enumerate(m["operational_goals"]):
                expect(k, operational, f"{mp}.operational_goals[{j}]")
            for j, k in enumerate(m["strategic_goals"]):
                expect(k, strategic, f"{mp}.strategic_goals[{j}]")
            pairs = set()
            for j, inv in enumerate(m["actors"]):
                expect(inv["actor"], actor, f"{mp}.actors[{j}].actor")
                if (inv["actor"], inv["role"]) in pairs:
                    problems.append(
                        (f"{mp}.actors[{j}]", _("Akteur und Rolle kommen doppelt vor."))
                    )
                pairs.add((inv["actor"], inv["role"]))
            if not m["title"] and not m["description"].strip():
                problems.append(
                    (f"{mp}.title", _("Bitte einen Titel oder eine Beschreibung angeben."))
                )
            if m["starts_on"] and m["ends_on"] and m["ends_on"] < m["starts_on"]:
                problems.append((f"{mp}.ends_on", _("Das Ende darf nicht vor dem Beginn liegen.")))
    for name, value in data["extensions"].items():
        section = exchange.sections().get(name)
        if section is not None and section.check is not None:
            problems.extend(section.check(value, seen))
    return problems


# The format nests seven levels deep (fields → measures → milestones); a file nested far deeper
# is refused before the recursive parts of Python (json, jsonschema) can run out of stack.
MAX_DEPTH = 12


def parse(raw: bytes | str) -> Any:
    """Bytes or text of a file → data, or ImportProblems for text that is not JSON."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportProblems([("$", _("Die Datei ist nicht UTF-8-kodiert."))]) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImportProblems(
            [
                (
                    "$",
                    _("Die Datei ist kein gültiges JSON (Zeile %(line)s, Spalte %(column)s).")
                    % {"line": error.lineno, "column": error.colno},
                )
            ]
        ) from None
    except RecursionError:
        raise ImportProblems([("$", _too_deep())]) from None
    except ValueError:
        # e.g. a number with more digits than Python converts (sys.get_int_max_str_digits)
        raise ImportProblems(
            [("$", _("Die Datei enthält eine Zahl, die zu lang ist; bitte die Datei prüfen."))]
        ) from None


def _too_deep():
    return _(
        "Die Datei ist zu tief verschachtelt (mehr als %(levels)s Ebenen); "
        "so sieht keine Austauschdatei aus."
    ) % {"levels": MAX_DEPTH}


def _depth_exceeds(data, limit):
    """Whether lists and objects nest deeper than `limit`, without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def check(data: Any) -> list[tuple[str, str]]:
    """Every problem of the file as (JSON path, German message); [] when it can be imported."""
    if not isinstance(data, dict):
        return [("$", _("Erwartet wird ein Objekt mit den Teilen des Konzepts."))]
    if data.get("format") not in FORMATS:
        shown = data.get("format")
        shown = shown if isinstance(shown, str) and len(shown) <= 80 else "…"
        return [
            (
                "$.format",
                _("Unbekanntes Format „%(shown)s“; erwartet wird „%(expected)s“.")
                % {"shown": shown, "expected": FORMAT},
            )
        ]
    if _depth_exceeds(data, MAX_DEPTH):
        return [("$", _too_deep())]
    problems = check_schema(data)
    if problems:
        return problems
    return check_references(data)
