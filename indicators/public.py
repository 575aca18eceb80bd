"""The indicators' part of the public transparency view: under each goal of a published
field, its indicators with status, chart and a table of the values; at the top of the field its
context indicators (the Ausgangslage in figures, no status), with comparison areas and groups
side by side.

Part of the indicators' `ConceptExtension` (indicators/extension.py). Shown to
anyone: the definition, unit, source, rhythm, baseline, target, status and the values with their
period, "ca." and series breaks, the value's text and its source note. Never shown: the
responsible person and e-mail, who entered a value, the internal code, reporting rounds.
A fixed number of queries per field whatever the number of indicators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from indicators.charts import cache_stored_charts, indicator_chart_svg
from indicators.models import Indicator
from indicators.overview import indicator_rows

if TYPE_CHECKING:
    from concepts.models import Edition, FieldOfAction
    from indicators.models import Measurement
    from indicators.overview import IndicatorRow


def value_table(row: IndicatorRow) -> tuple[list[str], list, list[Measurement]]:
    """Periods (oldest first) × series of a row: the chart's values as text.

    The first column is the indicator's own series (the town, everybody), then the comparison
    series side by side: areas ("NRW"), groups ("Frauen") and breakdowns. Two values of one
    period from two sources are two lines, each naming its source.
    """
    names = sorted(
        {m.series_name: m for m in row.series if m.series_name}.values(), key=_column_order
    )
    names = [m.series_name for m in names]
    periods = {}
    for m in row.series:
        key = (m.period_end, m.period_start, m.period_label, m.source)
        periods.setdefault(key, {})[m.series_name] = m
    lines = [
        {
            "label": f"{label} ({source})" if source else label,
            "total": cells.get(""),
            "cells": [cells.get(name) for name in names],
        }
        for (_end, _start, label, source), cells in sorted(periods.items())
    ]
    notes = [m for m in row.series if m.source_note or (m.value is not None and m.text)]
    return names, lines, notes


def _column_order(m: Measurement) -> tuple:
    """Comparison areas first (NRW, Deutschland …), then the town's groups (Frauen, Männer),
    then breakdowns; alphabetical within each."""
    return (0 if m.area else 1 if m.group else 2, m.series_name)


def own_column_is_the_town(row: IndicatorRow) -> bool:
    """With comparison areas beside it, the own series is the town's, not "Gesamt"."""
    return any(m.area for m in row.series)


def facts_items(rows: list[IndicatorRow]) -> list[dict]:
    """ "Daten und Fakten": each context indicator with its chart and value table (the staff
    page and the public page show the same)."""
    items = []
    for row in rows:
        names, lines, notes = value_table(row)
        chart = None
        if not row.indicator.is_qualitative and any(m.value is not None for m in row.series):
            chart = indicator_chart_svg(row.indicator, row.series, None, stored=False)
        items.append(
            {
                "row": row,
                "breakdowns": names,
                "lines": lines,
                "notes": notes,
                "chart": chart,
                "own_is_town": own_column_is_the_town(row),
            }
        )
    return items


def edition_links(edition: Edition, *, public: bool) -> list[tuple[str, str]]:
    """The link to "Daten und Fakten" (staff or public page), when the edition has context
    indicators (one query)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not Indicator.objects.for_edition(edition).context().exists():
        return []
    town = edition.concept.municipality.slug
    if public:
        url = reverse("public_indicators:facts", kwargs={"town": town, "edition": edition.pk})
    else:
        url = reverse("indicators:facts", kwargs={"town": town, "edition": edition.pk})
    return [(_("Daten und Fakten"), url)]


def field_fragments(edition: Edition, field_of_action: FieldOfAction) -> dict[tuple[str, int], str]:
    indicators = list(
        Indicator.objects.filter(field_of_action=field_of_action)
        .select_related("sub_theme")
        .defer("responsible_person", "responsible_email")
        .order_by("sub_theme__position", "position", "pk")
    )
    grouped = {}
    rows = indicator_rows(indicators)
    cache_stored_charts(
        (row.indicator, row.series, row.status.status, "large")
        for row in rows
        if not row.indicator.is_qualitative
    )
    for row in rows:
        indicator = row.indicator
        if indicator.operational_goal_id:
            key = ("operational_goal", indicator.operational_goal_id)
        elif indicator.strategic_goal_id:
            key = ("strategic_goal", indicator.strategic_goal_id)
        else:  # context indicators: the field's Ausgangslage
            key = ("field_of_action", field_of_action.pk)
        breakdowns, lines, notes = value_table(row)
        grouped.setdefault(key, []).append(
            {
                "row": row,
                "chart": None
                if indicator.is_qualitative
                else indicator_chart_svg(indicator, row.series, row.status.status, stored=False),
                "breakdowns": breakdowns,
                "lines": lines,
                "notes": notes,
                "own_is_town": own_column_is_the_town(row),
            }
        )
    return {
        key: render_to_string(
            "indicators/public/field_context.html"
            if key[0] == "field_of_action"
            else "indicators/public/goal_indicators.html",
            {
                "items": items,
                "field": field_of_action,
                "municipality": edition.concept.municipality,
            },
        )
        for key, items in grouped.items()
    }


STYLESHEETS = ("css/indicators.css",)
