"""Writing the exchange file: `edition_export(edition)` → dict, `dumps(data)` → its text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from concepts import exchange, schema
from concepts.exchange import FORMAT, natural_key
from concepts.models import (
    Actor,
    Chapter,
    CrossCuttingTheme,
    FieldOfAction,
    FieldSection,
    FocusArea,
    GoalAssessment,
    GuidingPrinciple,
    Measure,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
    Vision,
)

if TYPE_CHECKING:
    from concepts.models import Edition


def _text(value):
    return value or ""


def _date(value):
    return value.isoformat() if value else None


def _decimal(value):
    return f"{value:.2f}" if value is not None else None


def edition_export(edition: Edition) -> dict[str, Any]:
    """The whole edition as a JSON-ready dict; a fixed number of queries."""
    keys = {}
    fields = list(_listed(FieldOfAction, edition))
    field_pks = [f.pk for f in fields]
    themes = list(_listed(CrossCuttingTheme, edition))
    for n, theme in enumerate(themes, start=1):
        keys[(CrossCuttingTheme, theme.pk)] = f"Q{n}"

    def theme_keys(obj):
        return [keys[(CrossCuttingTheme, t.pk)] for t in obj.themes.all()]

    sub_themes = _by_field(_listed(SubTheme, edition))
    sections = _by_field(_listed(FieldSection, edition))
    focus_areas = _by_field(_listed(FocusArea, edition))
    strategic = _by_field(_listed(StrategicGoal, edition).prefetch_related("themes"))
    operational = _by_field(
        _listed(OperationalGoal, edition).prefetch_related("themes", "also_serves")
    )
    measures = _by_field(
        _listed(Measure, edition).prefetch_related(
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

    # Every Akteur of the town travels, also those that carry no measure of this edition
    # (network partners, members of working groups).
    actors = list(_listed(Actor, edition.concept.municipality))
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
    chapters = _listed(Chapter, edition)

    data = {
        "format": FORMAT,
        "concept": {"title": edition.concept.title},
        "edition": {
            "title": edition.title,
            "year": edition.year,
            "single_goal_level": edition.single_goal_level,
            "status": edition.status,
            "adopted_on": _date(edition.adopted_on),
            "adopted_by": edition.adopted_by,
            "predecessor": (
                {"title": edition.based_on.title, "year": edition.based_on.year}
                if edition.based_on_id
                else None
            ),
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
        "assessments": _assessments(edition),
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
                "sections": [
                    {"title": s.title, "body": s.body} for s in sections.get(field.pk, [])
                ],
                "focus_areas": [
                    {"title": a.title, "description": a.description}
                    for a in focus_areas.get(field.pk, [])
                ],
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
    registered = exchange.sections()
    for name in sorted(registered):
        data["extensions"][name] = registered[name].export(edition, keys)
    return data


def _listed(model, edition):
    """The model's rows in the edition (or, for the town's rows, in the town), in the order of
    the schema (the file's order)."""
    part = schema.part(model)
    if part.in_town:
        return model._default_manager.filter(**{part.parent: edition}).order_by(*part.order)
    return schema.rows(model, edition).order_by(*part.order)


def _assessments(edition):
    """The Bewertungen of the predecessor's goals, each naming its goal by number."""
    rows = []
    for a in GoalAssessment.objects.for_edition(edition).select_related(
        "strategic_goal__field_of_action",
        "operational_goal__field_of_action",
        "operational_goal__strategic_goal__field_of_action",
    ):
        kind = "strategic" if a.strategic_goal_id else "operational"
        goal = {"kind": kind, "number": a.goal.number}
        rows.append({"goal": goal, "grade": a.grade, "text": a.text})
    rows.sort(key=lambda r: (r["goal"]["kind"] != "strategic", natural_key(r["goal"]["number"])))
    return rows


def _by_field(queryset):
    grouped = {}
    for obj in queryset:
        grouped.setdefault(obj.field_of_action_id, []).append(obj)
    return grouped


def _prefetched_field_themes(fields):
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(fields, "themes")
    return {f.pk: f for f in fields}


def sorted_keys(
    keys: dict[tuple[type[Model], int], str], model: type[Model], objects: Iterable[Model]
) -> list[str]:
    """Keys of related elements in the order of the file (so the output is stable)."""
    found = [keys[(model, o.pk)] for o in objects if (model, o.pk) in keys]
    return sorted(found, key=natural_key)


def _export_measure(m, keys, theme_keys):
    involvements = sorted(
        m.involvements.all(), key=lambda i: (i.role, natural_key(keys[(Actor, i.actor_id)]))
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
        "period_wording": m.period_wording,
        "period_edtf": m.period_edtf,
        "target_groups": m.target_groups,
        "social_area": m.social_area,
        "staff_fte": _decimal(m.staff_fte),
        "material_costs": _decimal(m.material_costs),
        "funding": m.funding,
        "needs_council_decision": m.needs_council_decision,
        "themes": sorted(theme_keys(m), key=natural_key),
        "operational_goals": sorted_keys(keys, OperationalGoal, m.operational_goals.all()),
        "strategic_goals": sorted_keys(keys, StrategicGoal, m.strategic_goals.all()),
        "sub_theme": keys[(SubTheme, m.sub_theme_id)] if m.sub_theme_id else None,
        "actors": [
            {"actor": keys[(Actor, i.actor_id)], "role": i.role, "note": i.note}
            for i in involvements
        ],
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


def dumps(data: dict[str, Any]) -> str:
    """The canonical text of the file: UTF-8, two-space indent, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
