"""Indicators of the large demo concept: 100 indicators with ten years of values each.

`indicators_section(data)` generates the exchange file's `extensions.indicators` for the large
town's concept (`concepts.demo.large.large_data`): one indicator under each of the first 100
Handlungsziele, alternately "higher" and "lower is better", with baseline and target so that
every status occurs; values count back from last year.
"""

from decimal import Decimal

from django.utils import timezone

from indicators.importers.parsing import year_period
from indicators.models import Indicator

INDICATORS = 100
YEARS = 10


def indicators_section(data, today=None, count=INDICATORS):
    goals = [
        goal["key"] for field in data["fields_of_action"] for goal in field["operational_goals"]
    ][:count]
    last_year = (today or timezone.localdate()).year - 1
    years = list(range(last_year - YEARS + 1, last_year + 1))
    section = []
    for n, goal in enumerate(goals, start=1):
        lower = n % 2 == 0
        start = Decimal(40 + n % 17)
        step = Decimal("-0.8") if lower else Decimal("0.9")
        # Every third indicator goes the wrong way, so that the dashboard shows every status.
        if n % 3 == 0:
            step = -step
        measurements = []
        for k, year in enumerate(years):
            period = year_period(year)
            measurements.append(
                {
                    "period_kind": period.kind,
                    "period_start": period.start.isoformat(),
                    "period_end": period.end.isoformat(),
                    "period_label": period.label,
                    "breakdown": "",
                    "value": str(start + step * k),
                    "text": "",
                    "is_approximate": False,
                    "is_series_break": False,
                    "source_note": "",
                }
            )
        section.append(
            {
                "goal": goal,
                "code": f"G-{n:03d}",
                "name": f"Kennzahl {n}: Anteil der erreichten Personen",
                "definition": "Anteil an allen Personen der Zielgruppe im Stadtgebiet.",
                "is_qualitative": False,
                "unit": Indicator.Unit.PERCENT,
                "unit_other": "",
                "decimal_places": 1,
                "source": "Statistikstelle der Stadt",
                "rhythm": Indicator.Rhythm.ANNUAL,
                "direction": (
                    Indicator.Direction.LOWER_IS_BETTER
                    if lower
                    else Indicator.Direction.HIGHER_IS_BETTER
                ),
                "baseline_value": str(start),
                "baseline_date": year_period(years[0]).end.isoformat(),
                "target_value": str(start - 10 if lower else start + 10),
                "target_year": last_year + 4,
                "responsible_person": "",
                "responsible_email": "",
                "breakdowns": "",
                "manual_status": "",
                "position": 1,
                "measurements": measurements,
            }
        )
    return section
