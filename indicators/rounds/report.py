"""The controlling report (Berichterstattung und Controlling) for one edition and Stichtag.

`report_context()` gathers everything in a fixed number of queries (fields, goals, measures,
indicators, measurements up to the Stichtag); `controlling_report_pdf()` renders it through
`integration_site.rendering.pdf`, cached under a fingerprint of every row it shows. The charts are
the same server-side SVGs as on the dashboard, inlined (not base64) so the PDF keeps them as vectors
and their title and axis labels as text.
"""

from __future__ import annotations

import base64
import datetime
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from concepts import schema
from concepts.models import FieldOfAction, Measure, Milestone, OperationalGoal, StrategicGoal
from indicators.models import Indicator, Measurement, Status
from integration_site.background.pdfs import PdfKind
from integration_site.rendering.pdf import cached_pdf, render_pdf
from integration_site.rendering.stamps import Stamp, fingerprint

if TYPE_CHECKING:
    from concepts.models import Edition

# --- Adapter to the indicator pages' status rule, chart and series (h5a's modules). ----------
# The report shows exactly what the dashboard shows; these three calls are the only coupling.


def load_series(
    indicators: Iterable[Indicator], reference_date: datetime.date
) -> dict[int, list[Measurement]]:
    from indicators.series import load_series as load

    return load(indicators, as_of=reference_date)


def indicator_status(
    indicator: Indicator, measurements: Sequence[Measurement], reference_date: datetime.date
) -> tuple[str | None, str, str]:
    """(status value or None, label, reason)."""
    from indicators.status import compute_status

    result = compute_status(indicator, measurements, as_of=reference_date)
    return result.status, result.label, result.reason


def indicator_chart_svg(
    indicator: Indicator, measurements: Sequence[Measurement], status: str | None
) -> str:
    from indicators.charts import indicator_chart_svg as draw

    return draw(indicator, measurements, status=status)


# ---------------------------------------------------------------------------------------------

STATUS_ORDER = [Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.NO_DATA]
WITHOUT_STATUS = "ohne Status"  # qualitative without assessment, or without a target
MEASURE_STATUS_ORDER = list(Measure.Status)


def format_value(indicator: Indicator, measurement: Measurement) -> str:
    """A value as the report prints it: German digits, unit, "ca." where approximate."""
    from indicators.importers.parsing import format_number

    if measurement.value is None:
        return measurement.text
    text = format_number(measurement.value, indicator.decimal_places)
    unit = indicator.unit_label
    if unit == "%":
        text = f"{text} %"
    elif unit and indicator.unit not in (Indicator.Unit.COUNT, Indicator.Unit.PERSONS):
        text = f"{text} {unit}"
    return f"ca. {text}" if measurement.is_approximate else text


def value_table(indicator: Indicator, series: Sequence[Measurement]) -> dict[str, list]:
    """Periods as rows, the total and each breakdown as columns, values formatted."""
    columns = [""] + sorted({m.breakdown for m in series if m.breakdown})
    periods = {}
    for m in series:
        row = periods.setdefault(
            (m.period_end, m.period_start, m.period_label),
            {
                "label": m.period_label,
                "is_series_break": False,
                "cells": dict.fromkeys(columns, ""),
            },
        )
        row["cells"][m.breakdown] = format_value(indicator, m)
        row["is_series_break"] |= m.is_series_break
    rows = [
        {**row, "cells": [row["cells"][c] for c in columns]}
        for _, row in sorted(periods.items(), key=lambda item: item[0][:2])
    ]
    labels = ["gesamt"] + [c.split(": ", 1)[-1] for c in columns[1:]]
    return {"columns": labels, "rows": rows}


def _status_counts(counter):
    counts = [(s.label, counter.get(s.value, 0)) for s in STATUS_ORDER]
    return [*counts, (WITHOUT_STATUS, counter.get(None, 0))]


FINISHED = (Measure.Status.COMPLETED, Measure.Status.DISCONTINUED)


def measures_behind_schedule(
    edition: Edition, reference_date: datetime.date
) -> dict[int, list[dict[str, Any]]]:
    """Per field, the measures in arrears on the Stichtag, each with why (two queries).

    In arrears: a Umsetzungsmarker was due before the Stichtag and was not done by then, or the
    measure's planned end lies before the Stichtag and it is neither completed nor given up.
    """
    rows = {}

    def row_of(measure):
        return rows.setdefault(measure.pk, {"measure": measure, "milestones": [], "ended_on": None})

    late_milestones = (
        schema.rows(Milestone, edition)
        .filter(due_on__lt=reference_date)
        .filter(Q(done=False) | Q(done_on__gt=reference_date))
        .exclude(measure__status__in=FINISHED)
        .select_related("measure")
        .order_by("due_on", "pk")
    )
    for milestone in late_milestones:
        row_of(milestone.measure)["milestones"].append(milestone)
    # Only from what is known: an open end ("seit 2012", "laufend") has no ends_on, and a
    # measure whose status nobody gave may well be finished.
    for measure in (
        Measure.objects.for_edition(edition)
        .filter(ends_on__lt=reference_date)
        .exclude(status__in=FINISHED)
        .exclude(status="")
    ):
        row_of(measure)["ended_on"] = measure.ends_on
    by_field = defaultdict(list)
    for row in sorted(rows.values(), key=lambda row: (row["measure"].position, row["measure"].pk)):
        by_field[row["measure"].field_of_action_id].append(row)
    return by_field


def report_context(
    *, edition: Edition, reference_date: datetime.date, with_charts: bool = True
) -> dict[str, Any]:
    fields = list(FieldOfAction.objects.for_edition(edition).order_by("position", "pk"))
    strategic = defaultdict(list)
    for goal in StrategicGoal.objects.for_edition(edition).order_by("position", "pk"):
        strategic[goal.field_of_action_id].append(goal)
    operational = defaultdict(list)
    for goal in OperationalGoal.objects.for_edition(edition).order_by("position", "pk"):
        operational[goal.strategic_goal_id or ("field", goal.field_of_action_id)].append(goal)
    measure_counts = defaultdict(Counter)
    for row in (
        Measure.objects.for_edition(edition)
        .values("field_of_action_id", "status")
        .annotate(n=Count("pk"))
    ):
        measure_counts[row["field_of_action_id"]][row["status"]] = row["n"]
    milestones = (
        schema.rows(Milestone, edition)
        .values("measure__field_of_action_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(done=True)))
    )
    milestone_counts = {row["measure__field_of_action_id"]: row for row in milestones}
    behind = measures_behind_schedule(edition, reference_date)
    all_indicators = list(
        Indicator.objects.for_edition(edition).with_goals().order_by("position", "pk")
    )
    measurements = load_series(all_indicators, reference_date)
    indicators = defaultdict(list)
    for indicator in all_indicators:
        indicators[indicator.field_of_action_id].append(indicator)

    sections, summary = [], []
    totals_indicators, totals_measures = Counter(), Counter()
    for field in fields:
        items = []
        status_counts = Counter()
        for indicator in indicators[field.pk]:
            series = measurements.get(indicator.pk, [])
            status, label, reason = indicator_status(indicator, series, reference_date)
            status_counts[status] += 1
            svg = ""
            if with_charts and any(m.value is not None for m in series):
                # Our own matplotlib output with escaped text, never user HTML.
                svg = mark_safe(indicator_chart_svg(indicator, series, status))  # noqa: S308
            items.append(
                {
                    "indicator": indicator,
                    "status": status,
                    "status_label": label,
                    "status_reason": reason,
                    "svg": svg,
                    **value_table(indicator, series),
                    "latest": next((m for m in reversed(series) if m.is_own), None),
                }
            )
        goals = [
            {"goal": goal, "operational": operational.get(goal.pk, [])}
            for goal in strategic[field.pk]
        ]
        loose = operational.get(("field", field.pk), [])
        counts = measure_counts[field.pk]
        sections.append(
            {
                "field": field,
                "goals": goals,
                "loose_goals": loose,
                "measure_counts": [(s.label, counts.get(s.value, 0)) for s in MEASURE_STATUS_ORDER],
                "measure_total": sum(counts.values()),
                "milestones": milestone_counts.get(field.pk, {"total": 0, "done": 0}),
                "behind": behind[field.pk],
                "indicators": items,
                "indicator_counts": _status_counts(status_counts),
            }
        )
        summary.append(
            {
                "field": field,
                "indicators": [n for _, n in _status_counts(status_counts)],
                "indicator_total": len(items),
                "measures": [counts.get(s.value, 0) for s in MEASURE_STATUS_ORDER],
                "measure_total": sum(counts.values()),
                "behind": len(behind[field.pk]),
            }
        )
        totals_indicators.update(status_counts)
        totals_measures.update(counts)
    return {
        "edition": edition,
        "concept": edition.concept,
        "municipality": edition.concept.municipality,
        "reference_date": reference_date,
        "generated_on": timezone.localdate(),
        "sections": sections,
        "summary": summary,
        "status_labels": [s.label for s in STATUS_ORDER] + [WITHOUT_STATUS],
        "measure_status_labels": [s.label for s in MEASURE_STATUS_ORDER],
        "totals": {
            "indicators": [n for _, n in _status_counts(totals_indicators)],
            "indicator_total": sum(totals_indicators.values()),
            "measures": [totals_measures.get(s.value, 0) for s in MEASURE_STATUS_ORDER],
            "measure_total": sum(totals_measures.values()),
            "behind": sum(len(rows) for rows in behind.values()),
        },
    }


REPORT_STAMP = Stamp(
    "controlling-report",
    rows=(
        FieldOfAction,
        StrategicGoal,
        OperationalGoal,
        Measure,
        Milestone,
        Indicator,
        Measurement,
    ),
    templates=("indicators/pdf/controlling_report.html",),
    static=("css/print.css", "css/print-indicators.css"),
    # 2: charts as SVG images instead of inline SVG.
    version="2",
)


def report_fingerprint(*, edition: Edition, reference_date: datetime.date) -> str:
    """Changes whenever anything the report shows changes (one query)."""
    return fingerprint(REPORT_STAMP, edition, reference_date.isoformat())


def render_controlling_report(
    *, edition: Edition, reference_date: datetime.date, progress=None, inline_charts=False
) -> bytes:
    """The report as PDF bytes. Its charts go in as SVG images (`chart_image`), not as inline
    SVG: WeasyPrint gives every element of an inline SVG a computed style like an HTML
    element, which for 100 charts cost about 150 MB of the peak (benchmarks/bench_pdf_memory.py;
    `inline_charts=True` renders the old way for that comparison). Vectors and text stay."""
    context = report_context(edition=edition, reference_date=reference_date)
    if not inline_charts:
        for section in context["sections"]:
            for item in section["indicators"]:
                if item["svg"]:
                    item["svg"] = chart_image(item["svg"])
    return render_pdf("indicators/pdf/controlling_report.html", context, progress)


def chart_image(svg: str) -> str:
    """An `<img>` of the SVG (a data: URL, which the PDF fetcher allows) with the chart's
    description as its text alternative (the PDF's /Alt)."""
    match = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S)
    alt = html.unescape(match.group(1)) if match else ""
    data = base64.b64encode(svg.encode()).decode()
    # The description is escaped again; the data is base64: no markup from outside.
    return mark_safe(  # noqa: S308
        f'<img class="chart-image" alt="{escape(alt)}" src="data:image/svg+xml;base64,{data}">'
    )


def controlling_report_pdf(*, edition: Edition, reference_date: datetime.date) -> bytes:
    return cached_pdf(
        "controlling",
        report_fingerprint(edition=edition, reference_date=reference_date),
        lambda: render_controlling_report(edition=edition, reference_date=reference_date),
    )


def default_reference_date(today: datetime.date | None = None) -> datetime.date:
    """The last 31 December: most integration statistics are annual, on that Stichtag."""
    today = today or timezone.localdate()
    return datetime.date(today.year - 1, 12, 31)


def _report_args(params: dict) -> dict:
    from concepts.models import Edition

    return {
        "edition": Edition.objects.get(pk=params["edition"]),
        "reference_date": datetime.date.fromisoformat(params["stichtag"]),
    }


# The background render of the report (integration_site/background/pdfs.py), registered in
# IndicatorsConfig.ready(); params {"edition": pk, "stichtag": "2024-12-31"}.
REPORT_PDF = PdfKind(
    name="controlling",
    fingerprint=lambda params: report_fingerprint(**_report_args(params)),
    render=lambda params, progress: render_controlling_report(
        **_report_args(params), progress=progress
    ),
)
