"""Importing an exchange file: `edition_import(*, municipality, data, user)` → a new draft
edition."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from concepts import exchange
from concepts.exchange import IMPORT_REASON, ImportProblems, bulk
from concepts.exchange.check import check, parse
from concepts.models import (
    Actor,
    Chapter,
    Concept,
    CrossCuttingTheme,
    Edition,
    FieldOfAction,
    FieldSection,
    FocusArea,
    GoalAssessment,
    GuidingPrinciple,
    Measure,
    MeasureActor,
    Milestone,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
    Vision,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from concepts.models import Municipality

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


def validation_problems(error: ValidationError, path: str) -> list[tuple[str, str]]:
    """A model's ValidationError as [(JSON path, German message)]."""
    if not hasattr(error, "error_dict"):
        return [(path, message) for message in error.messages]
    return [
        (path if field == "__all__" else f"{path}.{field}", message)
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def validate_new(obj: Model, path: str, problems: list[tuple[str, str]]) -> bool:
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


def bulk_create(
    model: type[Model], objects: list[Model], user: User | None, *, own_steps_done: bool = False
) -> list[Model]:
    """Insert the elements of one model in a few queries, each with its history row.

    A model whose queryset has its own bulk_create (Measurement) is written that way, unless
    the caller says it has done what that bulk_create adds (`own_steps_done`)."""
    return bulk.insert_with_history(
        model, objects, user, IMPORT_REASON, own_steps_done=own_steps_done
    )


def bulk_link(model: type[Model], field_name: str, pairs: Iterable[tuple[Model, Model]]) -> None:
    """Rows of a many-to-many table from (element, related element) pairs, in one insert."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    columns = (field.m2m_field_name(), field.m2m_reverse_field_name())
    bulk.insert_links(through, columns, [(a.pk, b.pk) for a, b in pairs])


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
        predecessor = self._predecessor(concept, e.get("predecessor"))
        edition = self.save(
            Edition(
                concept=concept,
                title=e["title"],
                year=e["year"],
                single_goal_level=e["single_goal_level"],
                # Version 2 says how far the edition got; a version-1 file gives a draft.
                status=e.get("status", Edition.Status.DRAFT),
                adopted_on=e.get("adopted_on"),
                adopted_by=e.get("adopted_by", ""),
                based_on=predecessor,
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
        self._assessments(edition, predecessor, data.get("assessments", []))
        for name, value in data["extensions"].items():
            exchange.sections()[name].import_(edition, value, self.objects, self.user)
        return edition

    def _predecessor(self, concept, named):
        """The edition this one was written from, found by title and year in the concept."""
        if not named:
            return None
        found = None
        if concept.pk:
            found = Edition.objects.filter(
                concept=concept, title=named["title"], year=named["year"]
            ).first()
        if found is None:
            self.problems.append(
                (
                    "$.edition.predecessor",
                    _(
                        "Die Vorfassung „%(title)s“ (%(year)s) gibt es in diesem Konzept nicht. "
                        "Bitte zuerst sie importieren oder die Angabe entfernen."
                    )
                    % {"title": named["title"], "year": named["year"]},
                )
            )
        return found

    def _assessments(self, edition, predecessor, items):
        """Bewertungen of the predecessor's goals, found by their number there."""
        if not items:
            return
        if predecessor is None:
            self.problems.append(
                (
                    "$.assessments",
                    _("Bewertungen brauchen die Vorfassung („predecessor“) in der Datei."),
                )
            )
            self.stop_if_problems()
        goals = {
            ("strategic", g.number): g
            for g in StrategicGoal.objects.for_edition(predecessor).select_related(
                "field_of_action"
            )
        }
        goals |= {
            ("operational", g.number): g
            for g in OperationalGoal.objects.for_edition(predecessor).select_related(
                "field_of_action", "strategic_goal__field_of_action"
            )
        }
        assessments, seen = [], set()
        for i, a in enumerate(items):
            path = f"$.assessments[{i}]"
            key = (a["goal"]["kind"], a["goal"]["number"])
            goal = goals.get(key)
            if goal is None or key in seen:
                message = (
                    _("Das Ziel %(number)s gibt es in der Vorfassung nicht.")
                    if goal is None
                    else _("Das Ziel %(number)s ist schon bewertet.")
                )
                self.problems.append((f"{path}.goal", message % {"number": key[1]}))
                continue
            seen.add(key)
            assessment = GoalAssessment(edition=edition, grade=a["grade"], text=a["text"])
            if key[0] == "strategic":
                assessment.strategic_goal = goal
            else:
                assessment.operational_goal = goal
            assessments.append((assessment, path))
        self.create(GoalAssessment, assessments)

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
        # Named sections and Schwerpunkte (format version 2; absent in version-1 files).
        sections, focus_areas = [], []
        for f_i, f in enumerate(data["fields_of_action"]):
            fp = f"$.fields_of_action[{f_i}]"
            field = fields[f["key"]]
            for i, s in enumerate(f.get("sections", [])):
                section = FieldSection(
                    field_of_action=field, position=i + 1, title=s["title"], body=s["body"]
                )
                sections.append((section, f"{fp}.sections[{i}]"))
            for i, a in enumerate(f.get("focus_areas", [])):
                area = FocusArea(
                    field_of_action=field,
                    position=i + 1,
                    title=a["title"],
                    description=a["description"],
                )
                focus_areas.append((area, f"{fp}.focus_areas[{i}]"))
        self.create(FieldSection, sections)
        self.create(FocusArea, focus_areas)
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
                    period_wording=m.get("period_wording", ""),
                    period_edtf=m.get("period_edtf", ""),
                    target_groups=m["target_groups"],
                    social_area=m["social_area"],
                    staff_fte=_decimal_in(m["staff_fte"]),
                    material_costs=_decimal_in(m["material_costs"]),
                    funding=m["funding"],
                    needs_council_decision=m["needs_council_decision"],
                    sub_theme=self.objects.get(m.get("sub_theme")),
                )
                self.objects[m["key"]] = measure
                measures.append((measure, mp))
                for j, inv in enumerate(m["actors"]):
                    involvements.append(
                        (
                            MeasureActor(
                                measure=measure,
                                actor=actors[inv["actor"]],
                                role=inv["role"],
                                note=inv.get("note", ""),
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


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the import builds its objects.

    A large file makes some ten thousand dicts, lists and model instances that all live until
    the import ends; the collector would walk them (and, once they are many, the whole heap of
    the process) again and again without finding garbage: up to 0.4 s of CPU time on the large
    concept (benchmarks/bench_exchange_import.py). Freeing by reference count goes on; what
    the import leaves as garbage is collected after it, as before.
    """
    if not gc.isenabled():  # paused already (another import in this process)
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def edition_import(
    *,
    municipality: Municipality,
    data: dict[str, Any],
    user: User | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> Edition:
    """Create a new draft edition in `municipality` from the file's data, all or nothing.

    `progress(percent, step)` hears of the stages (the background import's progress page)."""
    progress = progress or (lambda percent, step: None)
    progress(5, _("Datei prüfen"))
    with _without_cycle_collection():
        if isinstance(data, (bytes, str)):
            data = parse(data)
        problems = check(data)
        if problems:
            raise ImportProblems(problems)
        progress(40, _("Elemente anlegen"))
        with transaction.atomic():
            return _Importer(municipality, user).run(data)
