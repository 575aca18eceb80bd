"""The indicators' part of the concept document (the PDF "Anlage"): under each goal, a small
table of its indicators with baseline, target, latest value and status.

Part of the indicators' `ConceptExtension` (indicators/extension.py); the whole edition is
handled at once by `edition_overview`, so the document's query count stays fixed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from indicators.overview import edition_overview

if TYPE_CHECKING:
    from concepts.models import Edition

GOAL_KEYS = {"operational": "operational_goal", "strategic": "strategic_goal"}


def goal_fragments(edition: Edition) -> dict[tuple[str, int], str]:
    fragments = {}
    for field_block in edition_overview(edition):
        for goal_block in field_block.goals:
            key = (GOAL_KEYS[goal_block.kind], goal_block.goal.pk)
            fragments[key] = render_to_string(
                "indicators/pdf/concept_goal_indicators.html", {"block": goal_block}
            )
    return fragments


STYLESHEETS = ("/static/css/indicators-concept-print.css",)
