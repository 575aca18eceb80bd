"""The whole concept as a tree, loaded in a fixed number of queries.

Fields → Leitziele → Handlungsziele → Maßnahmen, with Träger, Querschnittsthemen, the counts
per goal an extension adds (`concepts.extensions.GoalCounts`) and the share of measures per
status. Each table is read once for the whole edition (one query per table and per
many-to-many link), then assembled in Python, so the page costs the same number of queries for
5 measures as for 5,000.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concepts import schema
from concepts.extensions import goal_count_words, goal_counts, with_
from concepts.models import (
    Actor,
    CrossCuttingTheme,
    FieldOfAction,
    FieldSection,
    FocusArea,
    Measure,
    MeasureActor,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
)
from integration_site.rendering.stamps import Stamp, file_stamp, fingerprint

if TYPE_CHECKING:
    from concepts.models import Edition

# "" is the status nobody gave ("ohne Angabe"), counted last.
STATUS_LABELS = dict(Measure.Status.choices) | {"": gettext_lazy("ohne Statusangabe")}


@dataclass
class Segment:
    status: str
    label: str
    count: int
    percent: float
    offset: float = 0.0  # where the segment starts in the stacked bar, in percent


@dataclass
class Progress:
    """The share of measures per status, in the order of Measure.Status."""

    total: int
    segments: list

    @classmethod
    def of(cls, measures):
        counts = Counter(m.status for m in measures)
        total = sum(counts.values())
        segments = [
            Segment(status, STATUS_LABELS[status], counts[status], 100 * counts[status] / total)
            for status in STATUS_LABELS
            if counts[status]
        ]
        offset = 0.0
        for segment in segments:
            segment.offset = offset
            offset += segment.percent
        return cls(total=total, segments=segments)

    @property
    def text(self):
        if not self.total:
            return _("keine Maßnahmen")
        parts = ", ".join(f"{s.count} {s.label}" for s in self.segments)
        return _("%(count)s Maßnahmen: %(parts)s") % {"count": self.total, "parts": parts}


@dataclass
class OperationalNode:
    goal: OperationalGoal
    measures: list
    shared: bool = False  # listed here through `also_serves`, not its own Leitziel
    count: int | None = None  # the extension's count (e.g. indicators); None without one


@dataclass
class StrategicNode:
    goal: StrategicGoal
    operational: list
    measures: list  # measures that serve the Leitziel directly
    progress: Progress = None
    count: int | None = None


@dataclass
class SubThemeGroup:
    """The measures listed under a sub-theme rather than under a goal."""

    sub_theme: SubTheme
    measures: list


@dataclass
class FieldNode:
    field: FieldOfAction
    strategic: list
    operational: list  # Handlungsziele without a Leitziel (one goal level)
    unassigned: list  # measures serving no goal and under no sub-theme ("ohne Zielzuordnung")
    progress: Progress = None
    themes: list = field(default_factory=list)
    sub_themes: list = field(default_factory=list)
    sub_theme_groups: list = field(default_factory=list)  # SubThemeGroup, in sub-theme order
    focus_areas: list = field(default_factory=list)  # Schwerpunkte
    sections: list = field(default_factory=list)  # named text sections

    @property
    def is_empty(self):
        return not (
            self.strategic
            or self.operational
            or self.unassigned
            or self.sub_theme_groups
            or self.focus_areas
        )


@dataclass
class Tree:
    fields: list
    all_fields: list
    themes: list
    actors: list
    counts: object  # the GoalCounts whose numbers the goals carry, or None
    measure_count: int
    filtered: bool


class Involvement:
    """A Träger of a measure as the tree shows it: MeasureActor's `label` and `short_label`
    without a model instance each (a large concept has thousands)."""

    __slots__ = ("actor", "role", "note")

    def __init__(self, actor, role, note):
        self.actor, self.role, self.note = actor, role, note

    label = MeasureActor.label
    short_label = MeasureActor.short_label


def runs_in(measure: Measure, year: int) -> bool:
    """Whether the measure's time, as far as it is known, can fall in `year`.

    A measure without any time ("nicht angegeben") is not counted: nothing is assumed. An
    open or unknown bound ("seit 2012", "laufend") leaves that side open.
    """
    if not (measure.period_edtf or measure.starts_on or measure.ends_on):
        return False
    if measure.starts_on and measure.starts_on.year > year:
        return False
    return not (measure.ends_on and measure.ends_on.year < year)


def _pairs(model, field_name, edition, field_id=None):
    """{own pk: [other pk, …]} of a many-to-many link of the schema, for the edition (or one
    of its fields)."""
    link = schema.link(model, field_name)
    queryset = link.pairs(edition)
    if field_id is not None:
        own = model._meta.get_field(field_name).m2m_field_name()
        to_field = f"{own}_id" if model is FieldOfAction else f"{own}__field_of_action_id"
        queryset = queryset.filter(**{to_field: field_id})
    pairs = defaultdict(list)
    for a, b in queryset:
        pairs[a].append(b)
    return pairs


# `build_tree(lean=True)`: the columns the whole-concept page (concepts/tree_html.py) and the
# filters read; any other column of these would cost a query per element.
LEAN_MEASURE_FIELDS = (
    "pk",
    "field_of_action_id",
    "position",
    "sub_theme_id",
    "title",
    "description",
    "status",
    "is_flagship",
    "period_edtf",
    "starts_on",
    "ends_on",
)
LEAN_GOAL_DEFERRED = ("description", "created", "modified")


def build_tree(
    edition: Edition,
    *,
    filters: dict | None = None,
    field_id: int | None = None,
    lean: bool = False,
) -> Tree:
    """Load and assemble the tree of `edition`; `filters` as TreeFilterForm.selected().

    `lean` loads only what the whole-concept page shows (`LEAN_MEASURE_FIELDS`)."""
    filters = filters or {}
    only_field = field_id  # the field page loads one field; the field filter only hides

    def scoped(queryset, lookup):
        return queryset.filter(**{lookup: only_field}) if only_field else queryset

    # One query per table and per link table; the counts never depend on the concept's size.
    all_fields = list(FieldOfAction.objects.for_edition(edition))
    themes = list(CrossCuttingTheme.objects.filter(edition=edition))
    field_themes = _pairs(FieldOfAction, "themes", edition, only_field)
    sub_themes = list(scoped(SubTheme.objects.for_edition(edition), "field_of_action_id"))
    focus_areas = list(scoped(FocusArea.objects.for_edition(edition), "field_of_action_id"))
    sections = list(scoped(FieldSection.objects.for_edition(edition), "field_of_action_id"))
    strategic_qs = scoped(StrategicGoal.objects.for_edition(edition), "field_of_action_id")
    sg_themes = _pairs(StrategicGoal, "themes", edition, only_field)
    operational_qs = scoped(OperationalGoal.objects.for_edition(edition), "field_of_action_id")
    also_serves = _pairs(OperationalGoal, "also_serves", edition, only_field)
    og_themes = _pairs(OperationalGoal, "themes", edition, only_field)
    measures = scoped(Measure.objects.for_edition(edition), "field_of_action_id")
    if lean:
        # What the whole-concept page and its filters read, nothing more: a large concept
        # has hundreds of measures, and each column loaded is converted for each of them.
        measures = measures.only(*LEAN_MEASURE_FIELDS)
        strategic_qs = strategic_qs.defer(*LEAN_GOAL_DEFERRED)
        operational_qs = operational_qs.defer(*LEAN_GOAL_DEFERRED)
    else:
        # The description stays: it is the label of measures without a title.
        measures = measures.defer("funding", "responsible_email", "target_groups", "social_area")
    measures = list(measures)
    strategic = list(strategic_qs)
    operational = list(operational_qs)
    measure_ops = _pairs(Measure, "operational_goals", edition, only_field)
    measure_sgs = _pairs(Measure, "strategic_goals", edition, only_field)
    measure_themes = _pairs(Measure, "themes", edition, only_field)
    # Plain rows, not model instances: a large concept has thousands of involvements.
    involvements = scoped(
        schema.rows(MeasureActor, edition),
        "measure__field_of_action_id",
    ).values_list("measure_id", "role", "actor_id", "actor__name", "actor__short_name", "note")
    counts = goal_count_words()
    op_counts, sg_counts = goal_counts(edition) if counts else ({}, {})

    # Assemble.
    theme_by_pk = {t.pk: t for t in themes}
    field_by_pk = {f.pk: f for f in all_fields}
    sg_by_pk = {g.pk: g for g in strategic}
    sub_by_pk = {s.pk: s for s in sub_themes}
    for goal in [*strategic, *operational]:
        if goal.sub_theme_id:
            goal.sub_theme = sub_by_pk[goal.sub_theme_id]
    for goal in strategic:
        goal.field_of_action = field_by_pk[goal.field_of_action_id]
        goal.theme_ids = set(sg_themes.get(goal.pk, ()))
    for goal in operational:
        goal.field_of_action = field_by_pk[goal.field_of_action_id]
        if goal.strategic_goal_id:
            goal.strategic_goal = sg_by_pk[goal.strategic_goal_id]
        goal.theme_ids = set(og_themes.get(goal.pk, ()))
        goal.also_serves_ids = also_serves.get(goal.pk, [])
    actors = {}
    measure_by_pk = {m.pk: m for m in measures}
    for m in measures:
        m.field_of_action = field_by_pk[m.field_of_action_id]
        m.leads, m.partners, m.actor_ids = [], [], set()
    for measure_id, role, actor_id, name, short_name, note in involvements:
        actor = actors.get(actor_id)
        if actor is None:
            actor = actors[actor_id] = Actor(pk=actor_id, name=name, short_name=short_name)
        m = measure_by_pk[measure_id]
        involvement = Involvement(actor, role, note)
        (m.leads if role == MeasureActor.Role.LEAD else m.partners).append(involvement)
        m.actor_ids.add(actor_id)

    og_by_pk = {g.pk: g for g in operational}

    def measure_matches(m):
        if "status" in filters and m.status != filters["status"]:
            return False
        if "actor" in filters and filters["actor"] not in m.actor_ids:
            return False
        if "year" in filters and not runs_in(m, filters["year"]):
            return False
        if "theme" in filters:
            theme = filters["theme"]
            tagged = set(measure_themes.get(m.pk, ())) | set(
                field_themes.get(m.field_of_action_id, ())
            )
            for pk in measure_ops.get(m.pk, ()):
                goal = og_by_pk[pk]
                tagged |= goal.theme_ids
                if goal.strategic_goal_id:
                    tagged |= sg_by_pk[goal.strategic_goal_id].theme_ids
            for pk in measure_sgs.get(m.pk, ()):
                tagged |= sg_by_pk[pk].theme_ids
            if theme not in tagged:
                return False
        return True

    measure_filter = any(name in filters for name in ("status", "actor", "theme", "year"))
    for m in measures:
        m.matches = measure_matches(m)
        m.theme_list = [theme_by_pk[pk] for pk in measure_themes.get(m.pk, ())]

    measures_of_og = defaultdict(list)
    measures_of_sg = defaultdict(list)
    measures_of_field = defaultdict(list)
    unassigned = defaultdict(list)
    measures_of_sub = defaultdict(list)
    for m in measures:
        measures_of_field[m.field_of_action_id].append(m)
        ops, sgs = measure_ops.get(m.pk, ()), measure_sgs.get(m.pk, ())
        for pk in ops:
            measures_of_og[pk].append(m)
        for pk in sgs:
            measures_of_sg[pk].append(m)
        if not ops and not sgs:
            if m.sub_theme_id in sub_by_pk:
                measures_of_sub[m.sub_theme_id].append(m)
            else:
                unassigned[m.field_of_action_id].append(m)

    def shown(items):
        return [m for m in items if m.matches]

    ops_under_sg = defaultdict(list)
    loose_ops = defaultdict(list)
    for goal in operational:
        node_measures = measures_of_og[goal.pk]
        goal.measure_count = len(node_measures)
        if goal.strategic_goal_id:
            ops_under_sg[goal.strategic_goal_id].append((goal, False))
        else:
            loose_ops[goal.field_of_action_id].append((goal, False))
        for pk in goal.also_serves_ids:
            if pk in sg_by_pk and pk != goal.strategic_goal_id:
                ops_under_sg[pk].append((goal, True))
        goal.shared_with = [sg_by_pk[pk] for pk in goal.also_serves_ids if pk in sg_by_pk]

    def op_node(goal, shared):
        return OperationalNode(
            goal=goal,
            measures=shown(measures_of_og[goal.pk]),
            shared=shared,
            count=op_counts.get(goal.pk, 0) if counts else None,
        )

    def keep_goal(node_measures, tagged_ids):
        if not measure_filter:
            return True
        if node_measures:
            return True
        # A theme-only filter also shows goals tagged with the theme that have no measure yet.
        return set(filters) <= {"theme", "field"} and filters["theme"] in tagged_ids

    sg_of_field = defaultdict(list)
    for goal in strategic:
        sg_of_field[goal.field_of_action_id].append(goal)

    field_nodes = []
    for fld in all_fields:
        if only_field and fld.pk != only_field:
            continue
        if "field" in filters and fld.pk != filters["field"]:
            continue
        fld_theme_ids = set(field_themes.get(fld.pk, ()))
        strategic_nodes = []
        for goal in sg_of_field[fld.pk]:
            ops = [
                op_node(og, shared)
                for og, shared in ops_under_sg[goal.pk]
                if keep_goal(
                    shown(measures_of_og[og.pk]), og.theme_ids | goal.theme_ids | fld_theme_ids
                )
            ]
            direct = shown(measures_of_sg[goal.pk])
            rolled = {m.pk: m for m in measures_of_sg[goal.pk]}
            for og, _shared in ops_under_sg[goal.pk]:
                rolled.update((m.pk, m) for m in measures_of_og[og.pk])
            node = StrategicNode(
                goal=goal,
                operational=ops,
                measures=direct,
                progress=Progress.of(rolled.values()),
                count=sg_counts.get(goal.pk, 0) if counts else None,
            )
            if ops or direct or keep_goal([], goal.theme_ids | fld_theme_ids):
                strategic_nodes.append(node)
        loose = [
            op_node(og, shared)
            for og, shared in loose_ops[fld.pk]
            if keep_goal(shown(measures_of_og[og.pk]), og.theme_ids | fld_theme_ids)
        ]
        node = FieldNode(
            field=fld,
            strategic=strategic_nodes,
            operational=loose,
            unassigned=shown(unassigned[fld.pk]),
            progress=Progress.of(measures_of_field[fld.pk]),
            themes=[theme_by_pk[pk] for pk in field_themes.get(fld.pk, ())],
            sub_themes=[s for s in sub_themes if s.field_of_action_id == fld.pk],
            sub_theme_groups=[
                SubThemeGroup(s, shown(measures_of_sub[s.pk]))
                for s in sub_themes
                if s.field_of_action_id == fld.pk and shown(measures_of_sub[s.pk])
            ],
            focus_areas=[a for a in focus_areas if a.field_of_action_id == fld.pk],
            sections=[s for s in sections if s.field_of_action_id == fld.pk],
        )
        if measure_filter and not (
            node.strategic or node.operational or node.unassigned or node.sub_theme_groups
        ):
            continue
        field_nodes.append(node)

    return Tree(
        fields=field_nodes,
        all_fields=all_fields,
        themes=themes,
        actors=sorted(actors.values(), key=lambda a: a.name.lower()),
        counts=counts,
        measure_count=sum(
            1
            for m in measures
            if m.matches and ("field" not in filters or m.field_of_action_id == filters["field"])
        ),
        filtered=bool(filters),
    )


# ---------------------------------------------------------------------------------------------
# Fingerprint: what the rendered tree depends on, in one query

TREE_STAMP = Stamp(
    "tree",
    rows=(
        CrossCuttingTheme,
        FieldOfAction,
        FieldSection,
        FocusArea,
        SubTheme,
        StrategicGoal,
        OperationalGoal,
        Measure,
        MeasureActor,
    ),
    links=tuple(schema.links()),
    templates=("concepts/tree.html", "concepts/includes/*.html", "includes/*.html"),
)


TREE_HTML_SOURCE = Path(__file__).with_name("tree_html.py")


def tree_fingerprint(edition: Edition) -> str | None:
    """A string that changes whenever anything `build_tree` reads for `edition` changes
    (one query); None when an extension counts per goal but cannot say what its counts are
    made of (then the page is not cached)."""
    if any(not e.stamps.get(TREE_STAMP.name) for e in with_("goal_counts")):
        return None
    # The page's fields are written by tree_html.py: its code is part of what the page shows.
    return fingerprint(TREE_STAMP, edition, file_stamp(TREE_HTML_SOURCE))
