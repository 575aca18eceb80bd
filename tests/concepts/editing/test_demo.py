"""The demo concept is realistic, large enough to show the product, and loads idempotently."""

from concepts.demo import rheine as demo
from concepts.models import Edition, FieldOfAction, Measure, Municipality, OperationalGoal
from concepts.services.gaps import find_gaps


def test_demo_has_two_or_three_goals_per_level_and_gaps_on_purpose(db):
    demo.load()
    town = Municipality.objects.get(slug=demo.TOWN_SLUG)
    edition = Edition.objects.for_municipality(town).get(title="2. Fortschreibung")
    fields = list(
        FieldOfAction.objects.for_edition(edition).prefetch_related(
            "strategic_goals__operational_goals"
        )
    )
    assert len(fields) == 8
    for field in fields:
        goals = list(field.strategic_goals.all())
        assert 2 <= len(goals) <= 3, field
        for goal in goals:
            assert 2 <= len(goal.operational_goals.all()) <= 3, goal
    assert Measure.objects.for_edition(edition).count() >= 35
    assert OperationalGoal.objects.for_edition(edition).filter(also_serves__isnull=False).exists()
    gaps = find_gaps(edition)
    assert gaps.goals_without_measures
    assert gaps.measures_without_lead
    assert gaps.overdue_milestones
    assert gaps.council_decisions
    assert (
        Measure.objects.for_edition(edition)
        .filter(operational_goals__isnull=True, strategic_goals__isnull=True)
        .exists()
    )


def test_demo_loads_idempotently(db):
    demo.load()
    counts = Measure.objects.count(), OperationalGoal.objects.count()
    demo.load()
    assert (Measure.objects.count(), OperationalGoal.objects.count()) == counts
