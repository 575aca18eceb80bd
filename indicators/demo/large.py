"""Indicators of the large demo concept: 100 indicators with ten years of values each.

One indicator under each of the first 100 Handlungsziele, alternately "higher" and "lower is
better", with baseline and target so that every status occurs. Written in bulk with history
rows. Idempotent: nothing happens when the large edition has indicators already.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from concepts.demo.large import large_edition
from concepts.models import OperationalGoal
from indicators.models import Indicator, Measurement
from indicators.parsing import year_period

INDICATORS = 100
YEARS = 10
REASON = "Demo (groß) angelegt"


@transaction.atomic
def load(*, stdout=None):
    edition = large_edition()
    if edition is None or Indicator.objects.for_edition(edition).exists():
        return None
    goals = list(
        OperationalGoal.objects.for_edition(edition).order_by(
            "field_of_action__position", "strategic_goal__position", "position"
        )[:INDICATORS]
    )
    last_year = timezone.localdate().year - 1
    years = list(range(last_year - YEARS + 1, last_year + 1))
    indicators = []
    for n, goal in enumerate(goals, start=1):
        lower = n % 2 == 0
        start = Decimal(40 + n % 17)
        indicators.append(
            Indicator(
                field_of_action_id=goal.field_of_action_id,
                operational_goal=goal,
                code=f"G-{n:03d}",
                name=f"Kennzahl {n}: Anteil der erreichten Personen",
                definition="Anteil an allen Personen der Zielgruppe im Stadtgebiet.",
                unit=Indicator.Unit.PERCENT,
                decimal_places=1,
                source="Statistikstelle der Stadt",
                direction=(
                    Indicator.Direction.LOWER_IS_BETTER
                    if lower
                    else Indicator.Direction.HIGHER_IS_BETTER
                ),
                baseline_value=start,
                baseline_date=year_period(years[0]).end,
                target_value=start - 10 if lower else start + 10,
                target_year=last_year + 4,
                position=1,
            )
        )
    indicators = bulk_create_with_history(
        indicators, Indicator, batch_size=500, default_change_reason=REASON
    )
    values = []
    for n, indicator in enumerate(indicators, start=1):
        step = Decimal("-0.8") if indicator.lower_is_better else Decimal("0.9")
        # Every third indicator goes the wrong way, so that the dashboard shows every status.
        if n % 3 == 0:
            step = -step
        for k, year in enumerate(years):
            period = year_period(year)
            values.append(
                Measurement(
                    indicator=indicator,
                    period_kind=period.kind,
                    period_start=period.start,
                    period_end=period.end,
                    period_label=period.label,
                    value=indicator.baseline_value + step * k,
                )
            )
    bulk_create_with_history(values, Measurement, batch_size=1000, default_change_reason=REASON)
    if stdout:
        stdout.write(
            f"Großes Demo-Konzept: {len(indicators)} Indikatoren mit Werten für "
            f"{years[0]}–{years[-1]} angelegt."
        )
    return len(indicators)
