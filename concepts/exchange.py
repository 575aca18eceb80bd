"""The exchange format: one edition as JSON (docs/austauschformat.md).

`edition_export(edition)` → dict, `dumps(data)` → the canonical text (so that export → import →
export gives the same bytes), `edition_import(*, municipality, data, user)` → a new draft
edition, or `ImportProblems` with one German message per JSON path and nothing written.

Other apps add their part under `"extensions"` with `register_section()` in their
`AppConfig.ready()`: an exporter that turns the edition into JSON (getting the keys of the
concept's elements), an optional checker, and an importer that gets the created elements by key.
"""

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

import jsonschema
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from concepts.models import (
    Actor,
    Chapter,
    Concept,
    CrossCuttingTheme,
    Edition,
    FieldOfAction,
    GuidingPrinciple,
    Measure,
    MeasureActor,
    Milestone,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
    Vision,
)

FORMAT = "integrationskonzept-austausch/1"
SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "schema" / "concept-export.schema.json"
IMPORT_REASON = "importiert aus einer Austauschdatei"
# The largest file the import form accepts: nine times the largest real concept (`demo --large`,
# 1.1 MB), and small enough to import well inside gunicorn's 120 s timeout
# (benchmarks/bench_exchange_import.py; at 20 MB it took up to two minutes on a busy machine).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass
class ExchangeSection:
    """A part of the file other apps contribute, stored under `extensions[name]`.

    export(edition, keys) → JSON value; keys maps (model, pk) → the element's key in the file.
    check(value, known_keys) → [(json_path, German message)] (optional).
    import_(edition, value, objects, user) creates the part; objects maps key → created element.
    """

    name: str
    export: Callable
    import_: Callable
    check: Callable | None = None
    schema: dict | None = None


SECTIONS: dict[str, ExchangeSection] = {}


def register_section(section):
    SECTIONS[section.name] = section


class ImportProblems(Exception):
    """The file cannot be imported; `problems` is a list of (JSON path, German message)."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} Probleme")
        self.problems = problems


# ---------------------------------------------------------------------------------- export


def _text(value):
    return value or ""


def _date(value):
    return value.isoformat() if value else None


def _decimal(value):
    return f"{value:.2f}" if value is not None else None


def edition_export(edition):
    """The whole edition as a JSON-ready dict; a fixed number of queries."""
    keys = {}
    fields = list(FieldOfAction.objects.for_edition(edition).order_by("position", "pk"))
    field_pks = [f.pk for f in fields]
    themes = list(CrossCuttingTheme.objects.filter(edition=edition).order_by("position", "pk"))
    for n, theme in enumerate(themes, start=1):
        keys[(CrossCuttingTheme, theme.pk)] = f"Q{n}"

    def theme_keys(obj):
        return [keys[(CrossCuttingTheme, t.pk)] for t in obj.themes.all()]

    sub_themes = _by_field(
        SubTheme.objects.filter(field_of_action__in=field_pks).order_by("position", "pk")
    )
    strategic = _by_field(
        StrategicGoal.objects.filter(field_of_action__in=field_pks)
        .order_by("position", "pk")
        .prefetch_related("themes")
    )
    operational = _by_field(
        OperationalGoal.objects.filter(field_of_action__in=field_pks)
        .order_by("position", "pk")
        .prefetch_related("themes", "also_serves")
    )
    measures = _by_field(
        Measure.objects.filter(field_of_action__in=field_pks)
        .order_by("position", "pk")
        .prefetch_related(
            "themes",
            "operational_goals",
            "strategic_goals",
            "milestones",
            "involvements__actor",
        )
    )
    for f_index, field in enumerate(fields, start=1):
        prefix = f"HF{f_index}"
        keys[(FieldOfAction, field.pk)] = prefix
        for n, sub in enumerate(sub_themes.get(field.pk, []), start=1):
            keys[(SubTheme, sub.pk)] = f"{prefix}-U{n}"
        for n, goal in enumerate(strategic.get(field.pk, []), start=1):
            keys[(StrategicGoal, goal.pk)] = f"{prefix}-LZ{n}"
        sg_index = {g.pk: n for n, g in enumerate(strategic.get(field.pk, []), start=1)}
        operational[field.pk] = sorted(
            operational.get(field.pk, []),
            key=lambda g, sg_index=sg_index: (
                sg_index.get(g.strategic_goal_id, 0),
                g.position,
                g.pk,
            ),
        )
        for n, goal in enumerate(operational[field.pk], start=1):
            keys[(OperationalGoal, goal.pk)] = f"{prefix}-HZ{n}"
        for n, measure in enumerate(measures.get(field.pk, []), start=1):
            keys[(Measure, measure.pk)] = f"{prefix}-M{n}"

    actors = sorted(
        {
            inv.actor
            for field_measures in measures.values()
            for m in field_measures
            for inv in m.involvements.all()
        },
        key=lambda a: (a.name, a.pk),
    )
    for n, actor in enumerate(actors, start=1):
        keys[(Actor, actor.pk)] = f"A{n}"

    def key_or_none(model, pk):
        return keys[(model, pk)] if pk else None

    vision = Vision.objects.filter(edition=edition).first()
    principles = sorted(
        GuidingPrinciple.objects.filter(edition=edition),
        key=lambda p: (
            p.field_of_action_id is not None,
            field_pks.index(p.field_of_action_id) if p.field_of_action_id else 0,
            p.position,
            p.pk,
        ),
    )
    chapters = Chapter.objects.filter(edition=edition).order_by("part", "position", "pk")

    data = {
        "format": FORMAT,
        "concept": {"title": edition.concept.title},
        "edition": {
            "title": edition.title,
            "year": edition.year,
            "single_goal_level": edition.single_goal_level,
        },
        "vision": (
            {"title": vision.title, "motto": vision.motto, "text": vision.text} if vision else None
        ),
        "guiding_principles": [
            {
                "title": p.title,
                "text": p.text,
                "field_of_action": key_or_none(FieldOfAction, p.field_of_action_id),
            }
            for p in principles
        ],
        "cross_cutting_themes": [
            {"key": keys[(CrossCuttingTheme, t.pk)], "title": t.title, "description": t.description}
            for t in themes
        ],
        "actors": [
            {
                "key": keys[(Actor, a.pk)],
                "name": a.name,
                "short_name": a.short_name,
                "kind": a.kind,
                "description": a.description,
                "email": a.email,
                "phone": a.phone,
                "website": a.website,
                "address": a.address,
            }
            for a in actors
        ],
        "chapters": [
            {
                "part": c.part,
                "title": c.title,
                "body": c.body,
                "field_of_action": key_or_none(FieldOfAction, c.field_of_action_id),
            }
            for c in chapters
        ],
        "fields_of_action": [],
        "extensions": {},
    }
    themes_of_fields = _prefetched_field_themes(fields)
    for field in fields:
        data["fields_of_action"].append(
            {
                "key": keys[(FieldOfAction, field.pk)],
                "title": field.title,
                "short_title": field.short_title,
                "description": field.description,
                "themes": theme_keys(themes_of_fields[field.pk]),
                "sub_themes": [
                    {"key": keys[(SubTheme, s.pk)], "title": s.title, "description": s.description}
                    for s in sub_themes.get(field.pk, [])
                ],
                "strategic_goals": [
                    {
                        "key": keys[(StrategicGoal, g.pk)],
                        "title": g.title,
                        "description": g.description,
                        "sub_theme": key_or_none(SubTheme, g.sub_theme_id),
                        "themes": theme_keys(g),
                    }
                    for g in strategic.get(field.pk, [])
                ],
                "operational_goals": [
                    {
                        "key": keys[(OperationalGoal, g.pk)],
                        "title": g.title,
                        "description": g.description,
                        "strategic_goal": key_or_none(StrategicGoal, g.strategic_goal_id),
                        "also_serves": sorted_keys(keys, StrategicGoal, g.also_serves.all()),
                        "sub_theme": key_or_none(SubTheme, g.sub_theme_id),
                        "themes": theme_keys(g),
                    }
                    for g in operational.get(field.pk, [])
                ],
                "measures": [
                    _export_measure(m, keys, theme_keys) for m in measures.get(field.pk, [])
                ],
            }
        )
    for name in sorted(SECTIONS):
        data["extensions"][name] = SECTIONS[name].export(edition, keys)
    return data


def _by_field(queryset):
    grouped = {}
    for obj in queryset:
        grouped.setdefault(obj.field_of_action_id, []).append(obj)
    return grouped


def _prefetched_field_themes(fields):
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(fields, "themes")
    return {f.pk: f for f in fields}


def sorted_keys(keys, model, objects):
    """Keys of related elements in the order of the file (so the output is stable)."""
    found = [keys[(model, o.pk)] for o in objects if (model, o.pk) in keys]
    return sorted(found, key=_natural)


def _natural(key):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def _export_measure(m, keys, theme_keys):
    involvements = sorted(
        m.involvements.all(), key=lambda i: (i.role, _natural(keys[(Actor, i.actor_id)]))
    )
    return {
        "key": keys[(Measure, m.pk)],
        "title": m.title,
        "description": m.description,
        "status": m.status,
        "origin": m.origin,
        "is_flagship": m.is_flagship,
        "responsible_person": m.responsible_person,
        "responsible_email": m.responsible_email,
        "starts_on": _date(m.starts_on),
        "ends_on": _date(m.ends_on),
        "target_groups": m.target_groups,
        "social_area": m.social_area,
        "staff_fte": _decimal(m.staff_fte),
        "material_costs": _decimal(m.material_costs),
        "funding": m.funding,
        "needs_council_decision": m.needs_council_decision,
        "themes": sorted(theme_keys(m), key=_natural),
        "operational_goals": sorted_keys(keys, OperationalGoal, m.operational_goals.all()),
        "strategic_goals": sorted_keys(keys, StrategicGoal, m.strategic_goals.all()),
        "actors": [{"actor": keys[(Actor, i.actor_id)], "role": i.role} for i in involvements],
        "milestones": [
            {
                "title": s.title,
                "due_on": _date(s.due_on),
                "done": s.done,
                "done_on": _date(s.done_on),
            }
            for s in sorted(m.milestones.all(), key=lambda s: (s.position, s.pk))
        ],
    }


def dumps(data):
    """The canonical text of the file: UTF-8, two-space indent, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------- checks

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
    for name, section in SECTIONS.items():
        if section.schema is not None:
            sections[name] = section.schema
        elif name not in sections:
            raise ImproperlyConfigured(
                f"The exchange section {name!r} has no schema (ExchangeSection.schema)."
            )
    return schema


def check_schema(data):
    validator = jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = [p for e in validator.iter_errors(data) for p in _german(e)]
    problems.sort(key=lambda p: _natural(p[0]))
    if isinstance(data.get("extensions"), dict):
        for name in data["extensions"]:
            if name not in SECTIONS and f"$.extensions.{name}" not in dict(problems):
                problems.append(
                    (
                        f"$.extensions.{name}",
                        _("Unbekannter Teil „%(name)s“; bitte entfernen.") % {"name": name},
                    )
                )
    return problems


def check_references(data):
    """Keys unique, every reference known and in the right place; dates in order."""
    problems = []
    seen = {}

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
        define(t["key"], _("ein Querschnittsthema"), f"$.cross_cutting_themes[{i}]")
    for i, a in enumerate(data["actors"]):
        define(a["key"], _("einen Akteur"), f"$.actors[{i}]")
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
        define(f["key"], _("ein Handlungsfeld"), fp)
        own = field_children.setdefault(f["key"], {"sub": set(), "sg": set()})
        for i, s in enumerate(f["sub_themes"]):
            define(s["key"], _("ein Unterthema"), f"{fp}.sub_themes[{i}]")
            own["sub"].add(s["key"])
        for i, g in enumerate(f["strategic_goals"]):
            define(g["key"], _("ein Leitziel"), f"{fp}.strategic_goals[{i}]")
            own["sg"].add(g["key"])
        for i, g in enumerate(f["operational_goals"]):
            define(g["key"], _("ein Handlungsziel"), f"{fp}.operational_goals[{i}]")
        for i, m in enumerate(f["measures"]):
            define(m["key"], _("eine Maßnahme"), f"{fp}.measures[{i}]")

    for i, p in enumerate(data["guiding_principles"]):
        expect(
            p["field_of_action"],
            _("ein Handlungsfeld"),
            f"$.guiding_principles[{i}].field_of_action",
        )
    chapter_fields = set()
    for i, c in enumerate(data["chapters"]):
        path = f"$.chapters[{i}].field_of_action"
        expect(c["field_of_action"], _("ein Handlungsfeld"), path)
        if c["field_of_action"] in chapter_fields:
            problems.append((path, _("Ein Handlungsfeld hat nur ein erzählendes Kapitel.")))
        if c["field_of_action"]:
            chapter_fields.add(c["field_of_action"])
    for f_i, f in enumerate(data["fields_of_action"]):
        fp = f"$.fields_of_action[{f_i}]"
        own = field_children[f["key"]]
        for j, t in enumerate(f["themes"]):
            expect(t, _("ein Querschnittsthema"), f"{fp}.themes[{j}]")
        for i, g in enumerate(f["strategic_goals"]):
            gp = f"{fp}.strategic_goals[{i}]"
            expect(g["sub_theme"], _("ein Unterthema"), f"{gp}.sub_theme", own["sub"])
            for j, t in enumerate(g["themes"]):
                expect(t, _("ein Querschnittsthema"), f"{gp}.themes[{j}]")
        for i, g in enumerate(f["operational_goals"]):
            gp = f"{fp}.operational_goals[{i}]"
            expect(g["strategic_goal"], _("ein Leitziel"), f"{gp}.strategic_goal", own["sg"])
            expect(g["sub_theme"], _("ein Unterthema"), f"{gp}.sub_theme", own["sub"])
            for j, k in enumerate(g["also_serves"]):
                expect(k, _("ein Leitziel"), f"{gp}.also_serves[{j}]")
            for j, t in enumerate(g["themes"]):
                expect(t, _("ein Querschnittsthema"), f"{gp}.themes[{j}]")
        for i, m in enumerate(f["measures"]):
            mp = f"{fp}.measures[{i}]"
            for j, t in enumerate(m["themes"]):
                expect(t, _("ein Querschnittsthema"), f"{mp}.themes[{j}]")
            for j, k in enumerate(m["operational_goals"]):
                expect(k, _("ein Handlungsziel"), f"{mp}.operational_goals[{j}]")
            for j, k in enumerate(m["strategic_goals"]):
                expect(k, _("ein Leitziel"), f"{mp}.strategic_goals[{j}]")
            pairs = set()
            for j, inv in enumerate(m["actors"]):
                expect(inv["actor"], _("einen Akteur"), f"{mp}.actors[{j}].actor")
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
        section = SECTIONS.get(name)
        if section is not None and section.check is not None:
            problems.extend(section.check(value, seen))
    return problems


# The format nests seven levels deep (fields → measures → milestones); a file nested far deeper
# is refused before the recursive parts of Python (json, jsonschema) can run out of stack.
MAX_DEPTH = 12


def parse(raw):
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


def check(data):
    """Every problem of the file as (JSON path, German message); [] when it can be imported."""
    if not isinstance(data, dict):
        return [("$", _("Erwartet wird ein Objekt mit den Teilen des Konzepts."))]
    if data.get("format") != FORMAT:
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


# ---------------------------------------------------------------------------------- import

# The fields of an actor the file carries; everything else (municipality, pk) is the importer's.
ACTOR_FIELDS = (
    "name",
    "short_name",
    "kind",
    "description",
    "email",
    "phone",
    "website",
    "address",
)


def _decimal_in(value):
    return Decimal(value) if value is not None else None


def validation_problems(error, path):
    """A model's ValidationError as [(JSON path, German message)]."""
    if not hasattr(error, "error_dict"):
        return [(path, message) for message in error.messages]
    return [
        (path if field == "__all__" else f"{path}.{field}", message)
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def validate_new(obj, path, problems):
    """Validate an element this import builds, without a query per element.

    Its related objects are ones this import made or found in the town, and the file's keys and
    pairs are checked for uniqueness beforehand, so the checks that query the database (that a
    foreign key exists, unique fields and constraints) are left to those checks and the database.
    """
    relations = [f.name for f in type(obj)._meta.concrete_fields if f.is_relation]
    try:
        obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems.extend(validation_problems(error, path))
        return False
    return True


def bulk_create(model, objects, user):
    """Insert the elements of one model in a few queries, each with its history row."""
    if not objects:
        return []
    return bulk_create_with_history(
        objects,
        model,
        batch_size=500,
        default_user=user,
        default_change_reason=IMPORT_REASON,
    )


def bulk_link(model, field_name, pairs):
    """Rows of a many-to-many table from (element, related element) pairs, in one insert."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{f"{source}_id": a.pk, f"{target}_id": b.pk}) for a, b in pairs],
        batch_size=500,
    )


class _Importer:
    """Builds the elements level by level and writes each model with one bulk insert.

    Every element is read field by field from the names the format defines; nothing of the
    file reaches a model's constructor unnamed. A level with problems stops the import; the
    caller's transaction rolls back what the levels before it wrote.
    """

    def __init__(self, municipality, user):
        self.municipality = municipality
        self.user = user
        self.objects = {}
        self.problems = []

    def save(self, obj, path):
        try:
            obj.full_clean()
        except ValidationError as error:
            self.problems.extend(validation_problems(error, path))
            return obj
        obj._history_user = self.user
        obj._change_reason = IMPORT_REASON
        obj.save()
        return obj

    def create(self, model, items):
        """Validate [(element, JSON path)] and insert them; ImportProblems if any is invalid."""
        for obj, path in items:
            validate_new(obj, path, self.problems)
        self.stop_if_problems()
        return bulk_create(model, [obj for obj, _path in items], self.user)

    def stop_if_problems(self):
        if self.problems:
            raise ImportProblems(self.problems)

    def run(self, data):
        concept = Concept.objects.filter(
            municipality=self.municipality, title=data["concept"]["title"]
        ).first()
        if concept is None:
            concept = self.save(
                Concept(municipality=self.municipality, title=data["concept"]["title"]),
                "$.concept",
            )
        e = data["edition"]
        edition = self.save(
            Edition(
                concept=concept,
                title=e["title"],
                year=e["year"],
                single_goal_level=e["single_goal_level"],
                status=Edition.Status.DRAFT,
            ),
            "$.edition",
        )
        self.stop_if_problems()
        if data["vision"]:
            v = data["vision"]
            self.create(
                Vision,
                [
                    (
                        Vision(edition=edition, title=v["title"], motto=v["motto"], text=v["text"]),
                        "$.vision",
                    )
                ],
            )
        themes = {}
        items = []
        for i, t in enumerate(data["cross_cutting_themes"]):
            theme = CrossCuttingTheme(
                edition=edition, position=i + 1, title=t["title"], description=t["description"]
            )
            themes[t["key"]] = theme
            items.append((theme, f"$.cross_cutting_themes[{i}]"))
        self.create(CrossCuttingTheme, items)
        self.objects.update(themes)
        actors = self._actors(data["actors"])

        fields = {}
        items = []
        for f_i, f in enumerate(data["fields_of_action"]):
            field = FieldOfAction(
                edition=edition,
                position=f_i + 1,
                title=f["title"],
                short_title=f["short_title"],
                description=f["description"],
            )
            fields[f["key"]] = field
            items.append((field, f"$.fields_of_action[{f_i}]"))
        self.create(FieldOfAction, items)
        self.objects.update(fields)
        self._goals(data, fields)
        self._measures(data, fields, actors)
        self._themes_and_goal_links(data, fields, themes)

        counters = {}
        items = []
        for i, p in enumerate(data["guiding_principles"]):
            parent = p["field_of_action"]
            counters[parent] = counters.get(parent, 0) + 1
            principle = GuidingPrinciple(
                edition=edition,
                field_of_action=fields.get(parent),
                position=counters[parent],
                title=p["title"],
                text=p["text"],
            )
            items.append((principle, f"$.guiding_principles[{i}]"))
        self.create(GuidingPrinciple, items)
        items = [
            (
                Chapter(
                    edition=edition,
                    part=c["part"],
                    position=i + 1,
                    title=c["title"],
                    body=c["body"],
                    field_of_action=fields.get(c["field_of_action"]),
                ),
                f"$.chapters[{i}]",
            )
            for i, c in enumerate(data["chapters"])
        ]
        self.create(Chapter, items)
        for name, value in data["extensions"].items():
            SECTIONS[name].import_(edition, value, self.objects, self.user)
        return edition

    def _actors(self, items):
        existing = {a.name: a for a in Actor.objects.for_municipality(self.municipality)}
        actors, new = {}, []
        for i, a in enumerate(items):
            actor = existing.get(a["name"])
            if actor is None:
                actor = Actor(
                    municipality=self.municipality, **{name: a[name] for name in ACTOR_FIELDS}
                )
                new.append((actor, f"$.actors[{i}]"))
            actors[a["key"]] = actor
        self.create(Actor, new)
        return actors

    def _goals(self, data, fields):
        objects = self.objects
        sub_themes, strategic, operational = [], [], []
        for f_i, f in enumerate(data["fields_of_action"]):
            fp = f"$.fields_of_action[{f_i}]"
            field = fields[f["key"]]
            for i, s in enumerate(f["sub_themes"]):
                objects[s["key"]] = SubTheme(
                    field_of_action=field,
                    position=i + 1,
                    title=s["title"],
                    description=s["description"],
                )
                sub_themes.append((objects[s["key"]], f"{fp}.sub_themes[{i}]"))
        self.create(SubTheme, sub_themes)
        for f_i, f in enumerate(data["fields_of_action"]):
            fp = f"$.fields_of_action[{f_i}]"
            field = fields[f["key"]]
            for i, g in enumerate(f["strategic_goals"]):
                objects[g["key"]] = StrategicGoal(
                    field_of_action=field,
                    position=i + 1,
                    title=g["title"],
                    description=g["description"],
                    sub_theme=objects.get(g["sub_theme"]),
                )
                strategic.append((objects[g["key"]], f"{fp}.strategic_goals[{i}]"))
        self.create(StrategicGoal, strategic)
        for f_i, f in enumerate(data["fields_of_action"]):
            fp = f"$.fields_of_action[{f_i}]"
            field = fields[f["key"]]
            counters = {}
            for i, g in enumerate(f["operational_goals"]):
                parent = g["strategic_goal"]
                counters[parent] = counters.get(parent, 0) + 1
                objects[g["key"]] = OperationalGoal(
                    field_of_action=field,
                    strategic_goal=objects.get(parent),
                    position=counters[parent],
                    title=g["title"],
                    description=g["description"],
                    sub_theme=objects.get(g["sub_theme"]),
                )
                operational.append((objects[g["key"]], f"{fp}.operational_goals[{i}]"))
        self.create(OperationalGoal, operational)

    def _measures(self, data, fields, actors):
        measures, involvements, milestones = [], [], []
        for f_i, f in enumerate(data["fields_of_action"]):
            field = fields[f["key"]]
            for i, m in enumerate(f["measures"]):
                mp = f"$.fields_of_action[{f_i}].measures[{i}]"
                measure = Measure(
                    field_of_action=field,
                    position=i + 1,
                    title=m["title"],
                    description=m["description"],
                    status=m["status"],
                    origin=m["origin"],
                    is_flagship=m["is_flagship"],
                    responsible_person=m["responsible_person"],
                    responsible_email=m["responsible_email"],
                    starts_on=m["starts_on"],
                    ends_on=m["ends_on"],
                    target_groups=m["target_groups"],
                    social_area=m["social_area"],
                    staff_fte=_decimal_in(m["staff_fte"]),
                    material_costs=_decimal_in(m["material_costs"]),
                    funding=m["funding"],
                    needs_council_decision=m["needs_council_decision"],
                )
                self.objects[m["key"]] = measure
                measures.append((measure, mp))
                for j, inv in enumerate(m["actors"]):
                    involvements.append(
                        (
                            MeasureActor(
                                measure=measure, actor=actors[inv["actor"]], role=inv["role"]
                            ),
                            f"{mp}.actors[{j}]",
                        )
                    )
                for j, s in enumerate(m["milestones"]):
                    milestones.append(
                        (
                            Milestone(
                                measure=measure,
                                position=j + 1,
                                title=s["title"],
                                due_on=s["due_on"],
                                done=s["done"],
                                done_on=s["done_on"],
                            ),
                            f"{mp}.milestones[{j}]",
                        )
                    )
        self.create(Measure, measures)
        self.create(MeasureActor, involvements)
        self.create(Milestone, milestones)

    def _themes_and_goal_links(self, data, fields, themes):
        objects = self.objects
        links = {
            (FieldOfAction, "themes"): [],
            (StrategicGoal, "themes"): [],
            (OperationalGoal, "themes"): [],
            (OperationalGoal, "also_serves"): [],
            (Measure, "themes"): [],
            (Measure, "operational_goals"): [],
            (Measure, "strategic_goals"): [],
        }
        for f in data["fields_of_action"]:
            field = fields[f["key"]]
            links[(FieldOfAction, "themes")] += [(field, themes[k]) for k in f["themes"]]
            for g in f["strategic_goals"]:
                goal = objects[g["key"]]
                links[(StrategicGoal, "themes")] += [(goal, themes[k]) for k in g["themes"]]
            for g in f["operational_goals"]:
                goal = objects[g["key"]]
                links[(OperationalGoal, "themes")] += [(goal, themes[k]) for k in g["themes"]]
                links[(OperationalGoal, "also_serves")] += [
                    (goal, objects[k]) for k in g["also_serves"]
                ]
            for m in f["measures"]:
                measure = objects[m["key"]]
                links[(Measure, "themes")] += [(measure, themes[k]) for k in m["themes"]]
                for name in ("operational_goals", "strategic_goals"):
                    links[(Measure, name)] += [(measure, objects[k]) for k in m[name]]
        for (model, field_name), pairs in links.items():
            bulk_link(model, field_name, pairs)


def edition_import(*, municipality, data, user=None):
    """Create a new draft edition in `municipality` from the file's data, all or nothing."""
    if isinstance(data, (bytes, str)):
        data = parse(data)
    problems = check(data)
    if problems:
        raise ImportProblems(problems)
    with transaction.atomic():
        return _Importer(municipality, user).run(data)
