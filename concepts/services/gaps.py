"""Handlungsbedarf: where the concept needs work (Emmerich's "wo Handlungsbedarf besteht").

Each list is one query for the whole edition; the indicator gap comes from the same hook as the
indicator counts of the whole-concept page (concepts.extensions).
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from concepts.extensions import indicator_counts, indicators_available
from concepts.models import Measure, MeasureActor, Milestone, OperationalGoal


@dataclass
class Gaps:
    goals_without_measures: list
    goals_without_indicators: list
    measures_without_lead: list
    overdue_milestones: list
    council_decisions: list
    indicators_available: bool

    @property
    def total(self):
        return sum(
            len(items)
            for items in (
                self.goals_without_measures,
                self.goals_without_indicators,
                self.measures_without_lead,
                self.overdue_milestones,
                self.council_decisions,
            )
        )


def find_gaps(edition, *, today=None):
    today = today or timezone.localdate()
    goals = list(
        OperationalGoal.objects.for_edition(edition)
        .select_related("field_of_action", "strategic_goal__field_of_action")
        .annotate(measure_count=Count("measures"))
        .order_by("field_of_action__position", "strategic_goal__position", "position", "pk")
    )
    has_indicators = indicators_available()
    op_counts, _sg_counts = indicator_counts(edition) if has_indicators else ({}, {})
    has_lead = MeasureActor.objects.filter(measure=OuterRef("pk"), role=MeasureActor.Role.LEAD)
    measures = Measure.objects.for_edition(edition).select_related("field_of_action")
    ordering = ("field_of_action__position", "position", "pk")
    return Gaps(
        goals_without_measures=[g for g in goals if not g.measure_count],
        goals_without_indicators=(
            [g for g in goals if not op_counts.get(g.pk)] if has_indicators else []
        ),
        measures_without_lead=list(
            measures.exclude(status=Measure.Status.DISCONTINUED)
            .filter(~Exists(has_lead))
            .order_by(*ordering)
        ),
        overdue_milestones=list(
            Milestone.objects.filter(
                measure__field_of_action__edition=edition, done=False, due_on__lt=today
            )
            .select_related("measure__field_of_action")
            .order_by("due_on", "pk")
        ),
        council_decisions=list(
            measures.filter(needs_council_decision=True)
            .exclude(status__in=[Measure.Status.COMPLETED, Measure.Status.DISCONTINUED])
            .order_by(*ordering)
        ),
        indicators_available=has_indicators,
    )
