"""The indicators' part of the concept document (the PDF "Anlage"): under each goal, a small
table of its indicators with baseline, target, latest value and status; in each field's
Ausgangslage its context indicators (chart and values with the comparison series side by side,
no status); and, after Teil B, "Daten und Fakten" with the context indicators of the whole
edition.

Part of the indicators' `ConceptExtension` (indicators/extension.py); the whole edition is
handled at once by `edition_overview`, so the document's query count stays fixed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from concepts.extensions import DocumentSection
from indicators.charts import indicator_chart_svg
from indicators.overview import edition_overview
from indicators.public import value_table

if TYPE_CHECKING:
    from concepts.models import Edition

GOAL_KEYS = {"operational": "operational_goal", "strategic": "strategic_goal"}


def _context_items(rows):
    items = []
    for row in rows:
        names, lines, notes = value_table(row)
        chart = None
        if not row.indicator.is_qualitative and any(m.value is not None for m in row.series):
            chart = indicator_chart_svg(row.indicator, row.series, None)
        items.append({"row": row, "names": names, "lines": lines, "notes": notes, "chart": chart})
    return items


def goal_fragments(edition: Edition) -> dict[tuple[str, int], str]:
    fragments = {}
    for field_block in edition_overview(edition):
        for goal_block in field_block.goals:
            key = (GOAL_KEYS[goal_block.kind], goal_block.goal.pk)
            fragments[key] = render_to_string(
                "indicators/pdf/concept_goal_indicators.html", {"block": goal_block}
            )
        if field_block.context:
            fragments[("field_of_action", field_block.field.pk)] = render_to_string(
                "indicators/pdf/concept_context_indicators.html",
                {
                    "items": _context_items(field_block.context),
                    "heading": _("Ausgangslage in Zahlen"),
                },
            )
    return fragments


def facts_sections(edition: Edition) -> list[DocumentSection]:
    """ "Daten und Fakten": the context indicators of the whole edition, after Teil B."""
    rows = edition_overview(edition).edition_context
    if not rows:
        return []
    html = render_to_string(
        "indicators/pdf/concept_context_indicators.html",
        {"items": _context_items(rows), "heading": ""},
    )
    return [DocumentSection(title=_("Daten und Fakten"), html=html, anchor="daten-und-fakten")]


STYLESHEETS = ("/static/css/indicators-concept-print.css",)
