"""Everything the dashboard (and the controlling report) shows about an edition's indicators.

`edition_overview(edition, as_of=None)` → [FieldBlock] with per goal the indicators, each with its
series, latest total value, status and trend, and the roll-ups per goal and field; the field's
context indicators (Ausgangslage, no status) are in `FieldBlock.context`. `facts_overview`
adds the context indicators of the whole edition ("Daten und Fakten"). Both run a fixed number
of queries whatever the number of indicators.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import timezone

from concepts.models import FieldOfAction, OperationalGoal, StrategicGoal
from indicators.models import Indicator, Measurement
from indicators.series import load_series
from indicators.status import Rollup, StatusResult, compute_status, rollup, trend
from integration_site.rendering.stamps import Rows, Stamp, fingerprint

if TYPE_CHECKING:
    from concepts.models import Edition


@dataclass
class IndicatorRow:
    indicator: Indicator
    series: list
    status: StatusResult
    trend: tuple

    @property
    def latest(self):
        totals = [m for m in self.series if m.is_own]
        return totals[-1] if totals else None

    @property
    def totals(self):
        return [m for m in self.series if m.is_own]


@dataclass
class GoalBlock:
    goal: object
    kind: str  # "operational" or "strategic"
    rows: list = field(default_factory=list)

    @property
    def label(self):
        prefix = "Handlungsziel" if self.kind == "operational" else "Leitziel"
        return f"{prefix} {self.goal.number}"

    @property
    def rollup(self) -> Rollup:
        return rollup(r.status.status for r in self.rows)


@dataclass
class FieldBlock:
    field: FieldOfAction
    goals: list = field(default_factory=list)
    # Context indicators of the field and its sub-themes (Ausgangslage): no target, no status.
    context: list = field(default_factory=list)

    @property
    def rows(self):
        return [row for goal in self.goals for row in goal.rows]

    @property
    def rollup(self) -> Rollup:
        return rollup(r.status.status for r in self.rows)

    def strategic_rollups(self):
        """{strategic goal pk: Rollup} over its own indicators and its Handlungsziele'."""
        statuses = {}
        for block in self.goals:
            if block.kind == "strategic":
                key = block.goal.pk
            else:
                key = block.goal.strategic_goal_id
            if key is None:
                continue
            statuses.setdefault(key, []).extend(r.status.status for r in block.rows)
        return {key: rollup(values) for key, values in statuses.items()}


def indicator_rows(
    indicators: Iterable[Indicator], as_of: datetime.date | None = None
) -> list[IndicatorRow]:
    as_of = as_of or timezone.localdate()
    series = load_series(indicators, as_of=as_of)
    return [
        IndicatorRow(
            indicator=i,
            series=series[i.pk],
            status=compute_status(i, series[i.pk], as_of),
            trend=trend(i, series[i.pk], as_of),
        )
        for i in indicators
    ]


@dataclass
class FactsOverview:
    """ "Daten und Fakten": the context indicators of the edition and of each field."""

    edition_rows: list
    fields: list  # FieldBlocks with context rows only

    @property
    def is_empty(self):
        return not self.edition_rows and not self.fields


def facts_overview(edition: Edition, as_of: datetime.date | None = None) -> FactsOverview:
    blocks = edition_overview(edition, as_of)
    return FactsOverview(blocks.edition_context, [b for b in blocks if b.context])


class Overview(list):
    """The FieldBlocks, and the context indicators of the whole edition (`edition_context`)."""

    edition_context: list


def edition_overview(
    edition: Edition,
    as_of: datetime.date | None = None,
    status: str | None = None,
) -> Overview:
    """FieldBlocks of the edition; with `status`, only indicators of that status (context
    indicators, which have none, are then left out)."""
    fields = list(FieldOfAction.objects.for_edition(edition).order_by("position", "pk"))
    indicators = list(
        Indicator.objects.for_edition(edition).with_goals().order_by("position", "pk")
    )
    rows = indicator_rows(indicators, as_of)
    blocks = {f.pk: FieldBlock(f) for f in fields}
    result = Overview()
    result.edition_context = []
    goals = {}
    for row in rows:
        indicator = row.indicator
        if status and (row.status.status or "none") != status:
            continue
        if indicator.is_context:
            if indicator.field_of_action_id is None:
                result.edition_context.append(row)
            else:
                indicator.field_of_action = blocks[indicator.field_of_action_id].field
                blocks[indicator.field_of_action_id].context.append(row)
            continue
        # The field of the goal is the one already loaded; saves a query per goal number.
        indicator.field_of_action = blocks[indicator.field_of_action_id].field
        if indicator.operational_goal_id:
            goal, kind = indicator.operational_goal, "operational"
            goal.field_of_action = indicator.field_of_action
            if goal.strategic_goal is not None:
                goal.strategic_goal.field_of_action = indicator.field_of_action
        else:
            goal, kind = indicator.strategic_goal, "strategic"
            goal.field_of_action = indicator.field_of_action
        key = (kind, goal.pk)
        if key not in goals:
            goals[key] = GoalBlock(goal, kind)
            blocks[indicator.field_of_action_id].goals.append(goals[key])
        goals[key].rows.append(row)
    for block in blocks.values():
        block.goals.sort(key=_goal_order)
        block.context.sort(key=_context_order)
    result.extend(blocks[f.pk] for f in fields)
    return result


def _context_order(row):
    """The field's own figures first, then those of its sub-themes in their order."""
    sub_theme = row.indicator.sub_theme
    return (sub_theme.position if sub_theme else 0, row.indicator.position, row.indicator.pk)


def _goal_order(block):
    goal = block.goal
    if block.kind == "strategic":
        return (goal.position, 0, 0)
    strategic = goal.strategic_goal
    return (strategic.position if strategic else 0, 1, goal.position)


# ---------------------------------------------------------------------------------------------
# Fingerprint: what the overview of an edition depends on, in one query

OVERVIEW_STAMP = Stamp(
    "indicator-overview",
    rows=(
        # Series run across editions (`continues`), so every indicator and value of the town counts.
        Rows(Indicator, across_town=True),
        Rows(Measurement, across_town=True),
        FieldOfAction,
        StrategicGoal,
        OperationalGoal,
    ),
)


def overview_fingerprint(edition: Edition, as_of: datetime.date | None = None) -> str:
    """Changes whenever `edition_overview(edition, as_of)` could change: any indicator or value
    of the town, the edition's goals and fields, and the day (a status ages)."""
    as_of = as_of or timezone.localdate()
    return fingerprint(OVERVIEW_STAMP, edition, as_of.isoformat())


def edition_rollup(edition: Edition) -> tuple[Rollup, int]:
    """(Rollup over all indicators of the edition, their number): the start page's panel.

    Cached under the overview's fingerprint: computing every status takes a large concept
    tens of milliseconds, and every start page shows it.
    """
    key = "indicator-rollup:" + overview_fingerprint(edition)
    cached = cache.get(key)
    if cached is None:
        rows = [row for block in edition_overview(edition) for row in block.rows]
        cached = (rollup(row.status.status for row in rows), len(rows))
        cache.set(key, cached, 60 * 60 * 24)
    return cached
