"""The indicators' part of the public transparency view: under each goal of a published
field, its indicators with status, chart and a table of the values.

Part of the indicators' `ConceptExtension` (indicators/extension.py). Shown to
anyone: the definition, unit, source, rhythm, baseline, target, status and the values with their
period, "ca." and series breaks, the value's text and its source note. Never shown: the
responsible person and e-mail, who entered a value, the internal code, reporting rounds.
A fixed number of queries per field whatever the number of indicators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from indicators.charts import indicator_chart_svg
from indicators.models import Indicator
from indicators.overview import indicator_rows

if TYPE_CHECKING:
    from concepts.models import Edition, FieldOfAction
    from indicators.models import Measurement
    from indicators.overview import IndicatorRow


def value_table(row: IndicatorRow) -> tuple[list[str], list, list[Measurement]]:
    """Periods (oldest first) × breakdowns of a row's series: the chart's values as text."""
    breakdowns = sorted({m.breakdown for m in row.series if m.breakdown})
    periods = {}
    for m in row.series:
        periods.setdefault((m.period_end, m.period_label), {})[m.breakdown] = m
    lines = [
        {"label": label, "total": cells.get(""), "cells": [cells.get(b) for b in breakdowns]}
        for (_end, label), cells in sorted(periods.items())
    ]
    notes = [m for m in row.series if m.source_note or (m.value is not None and m.text)]
    return breakdowns, lines, notes


def field_fragments(edition: Edition, field_of_action: FieldOfAction) -> dict[tuple[str, int], str]:
    indicators = list(
        Indicator.objects.filter(field_of_action=field_of_action)
        .defer("responsible_person", "responsible_email")
        .order_by("position", "pk")
    )
    grouped = {}
    for row in indicator_rows(indicators):
        indicator = row.indicator
        if indicator.operational_goal_id:
            key = ("operational_goal", indicator.operational_goal_id)
        else:
            key = ("strategic_goal", indicator.strategic_goal_id)
        breakdowns, lines, notes = value_table(row)
        grouped.setdefault(key, []).append(
            {
                "row": row,
                "chart": None
                if indicator.is_qualitative
                else indicator_chart_svg(indicator, row.series, row.status.status),
                "breakdowns": breakdowns,
                "lines": lines,
                "notes": notes,
            }
        )
    return {
        key: render_to_string("indicators/public/goal_indicators.html", {"items": items})
        for key, items in grouped.items()
    }


STYLESHEETS = ("css/indicators.css",)
