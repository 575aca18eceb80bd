"""Indicator counts for the concept tree (wired into concepts' tree by the lead)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count

from indicators.models import Indicator

if TYPE_CHECKING:
    from concepts.models import Edition


def indicator_counts(edition: Edition) -> tuple[dict[int, int], dict[int, int]]:
    """({operational_goal_id: n}, {strategic_goal_id: n}) for the edition, in one query.

    Each indicator counts once, for the goal it hangs off.
    """
    rows = (
        Indicator.objects.for_edition(edition)
        .with_goal()
        .values("operational_goal_id", "strategic_goal_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    operational, strategic = {}, {}
    for row in rows:
        if row["operational_goal_id"]:
            operational[row["operational_goal_id"]] = row["n"]
        else:
            strategic[row["strategic_goal_id"]] = row["n"]
    return operational, strategic
