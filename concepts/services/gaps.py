"""Handlungsbedarf: where the concept needs work (Emmerich's "wo Handlungsbedarf besteht").

Each list is one query for the whole edition; the goals an extension counts 0 for (e.g. without
an indicator) come from the same `GoalCounts` as the counts of the whole-concept page
(concepts.extensions).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from concepts import schema
from concepts.extensions import GoalCounts, goal_count_words, goal_counts
from concepts.models import Measure, MeasureActor, Milestone, OperationalGoal

if TYPE_CHECKING:
    from concepts.models import Edition


@dataclass
class Gaps:
    goals_without_measures: list
    goals_without_count: list  # operational goals the extension's count is 0 for
    measures_without_lead: list
    overdue_milestones: list
    council_decisions: list
    counts: GoalCounts | None  # the extension's words, None when no extension counts

    @property
    def total(self):
        return sum(
            len(items)
            for items in (
                self.goals_without_measures,
                self.goals_without_count,
                self.measures_without_lead,
                self.overdue_milestones,
                self.council_decisions,
            )
        )


def find_gaps(edition: Edition, *, today: datetime.date | None = None) -> Gaps:
    today = today or timezone.localdate()
    goals = list(
        OperationalGoal.objects.for_edition(edition)
        .select_related("field_of_action", "strategic_goal__field_of_action")
        .annotate(measure_count=Count("measures"))
        .order_by("field_of_action__position", "strategic_goal__position", "position", "pk")
    )
    counts = goal_count_words()
    op_counts, _sg_counts = goal_counts(edition) if counts else ({}, {})
    has_lead = MeasureActor.objects.filter(measure=OuterRef("pk"), role=MeasureActor.Role.LEAD)
    measures = Measure.objects.for_edition(edition).select_related("field_of_action")
    ordering = ("field_of_action__position", "position", "pk")
    return Gaps(
        goals_without_measures=[g for g in goals if not g.measure_count],
        goals_without_count=[g for g in goals if not op_counts.get(g.pk)] if counts else [],
        measures_without_lead=list(
            measures.exclude(status=Measure.Status.DISCONTINUED)
            .filter(~Exists(has_lead))
            .order_by(*ordering)
        ),
        overdue_milestones=list(
            schema.rows(Milestone, edition)
            .filter(done=False, due_on__lt=today)
            .select_related("measure__field_of_action")
            .order_by("due_on", "pk")
        ),
        council_decisions=list(
            measures.filter(needs_council_decision=True)
            .exclude(status__in=[Measure.Status.COMPLETED, Measure.Status.DISCONTINUED])
            .order_by(*ordering)
        ),
        counts=counts,
    )
