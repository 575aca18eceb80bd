"""The status of an indicator, by one rule (also in docs/indikatoren.md).

Input: the indicator and its total values (breakdown empty, value not empty) whose period has
begun by the Stichtag `as_of`, including those of its predecessors in older editions
(`continues`). A value of a period that has not ended yet (the running year) counts; the pages
mark it as vorläufig.

1. Qualitative indicators get no computed status: the Stabsstelle's assessment
   (`manual_status`) if there is one, else none.
2. **keine aktuellen Daten** if there is no value, or if the latest value is older than the
   rhythm plus a grace period for publication delays: `as_of > latest.period_end + STALE_AFTER`
   (jährlich/Schuljahr 365 + 270 days, halbjährlich 183 + 120, vierteljährlich 92 + 90,
   monatlich 31 + 60, unregelmäßig 3 years).
3. No target value → no status (the page says "ohne Zielwert"); nor without a known direction.
4. **Ziel erreicht** if the latest value is at or beyond the target in the indicator's direction
   (≥ target if higher is better, ≤ target if lower is better), even before the target year.
5. Otherwise the latest value is compared with the straight path from the start point to the
   target (value at 31 December of the target year). The start point is the baseline (value +
   Stichtag); without a baseline, the first value of the series. If the method changed (series
   break) after the start point, values before the break are not comparable: the path then
   starts at the first value after the latest break. The expected value at the latest value's
   date is read off that path (before the start: the start value; after the target date: the
   target). The shortfall is how far the latest value lags behind the expected value, in the
   indicator's direction, as a share of the whole planned change |target − start| (if the planned
   change is zero: of |target|, or 1):
   shortfall (rounded to 0,1 %) ≤ 10 % → **auf Kurs**; ≤ 25 % → **gefährdet**;
   above → **nicht auf Kurs**.
6. Approximate ("ca.") values and bounds ("mehr als 60", "weniger als 5") count like exact ones;
   the result says it rests on such a value. Values kept back below the disclosure threshold
   have no number and do not count.
7. Only the indicator's own series counts (the town, everybody, no breakdown); comparison areas
   (Land, Bund, Kreis) and groups are drawn beside it. Context indicators (no goal, the
   Ausgangslage) get no status.

Roll-up per Handlungsziel, Leitziel and Handlungsfeld: the counts per status, and as summary
the worst status present in the order nicht auf Kurs < gefährdet < keine aktuellen Daten <
auf Kurs < Ziel erreicht (indicators without status do not count).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Indicator, Status

if TYPE_CHECKING:
    from indicators.models import Measurement

Rhythm = Indicator.Rhythm

STALE_AFTER = {
    Rhythm.ANNUAL: datetime.timedelta(days=365 + 270),
    Rhythm.SCHOOL_YEAR: datetime.timedelta(days=365 + 270),
    Rhythm.SEMIANNUAL: datetime.timedelta(days=183 + 120),
    Rhythm.QUARTERLY: datetime.timedelta(days=92 + 90),
    Rhythm.MONTHLY: datetime.timedelta(days=31 + 60),
    Rhythm.IRREGULAR: datetime.timedelta(days=3 * 365),
}
ON_TRACK_TOLERANCE = Decimal("0.10")
AT_RISK_TOLERANCE = Decimal("0.25")

# Worst first: the summary of a goal or field is the first of these that occurs.
SEVERITY = [Status.OFF_TRACK, Status.AT_RISK, Status.NO_DATA, Status.ON_TRACK, Status.ACHIEVED]


@dataclass
class StatusResult:
    status: str | None
    reason: str
    latest: object = None
    expected: Decimal | None = None
    approximate: bool = False
    manual: bool = False

    @property
    def label(self):
        if self.status is None:
            return "ohne Status"
        return Status(self.status).label


def target_date(indicator: Indicator) -> datetime.date:
    return datetime.date(indicator.target_year, 12, 31)


def comparable_totals(
    indicator: Indicator, measurements: Iterable[Measurement], as_of: datetime.date
) -> list[Measurement]:
    """Total values with a number whose period has begun by `as_of`, oldest first."""
    return sorted(
        (m for m in measurements if m.is_own and m.value is not None and m.period_start <= as_of),
        key=lambda m: (m.period_end, m.period_start),
    )


def compute_status(
    indicator: Indicator, measurements: Sequence[Measurement], as_of: datetime.date | None = None
) -> StatusResult:
    """The status of `indicator` at `as_of` (default today); see the module docstring."""
    as_of = as_of or timezone.localdate()
    if indicator.is_context:
        values = comparable_totals(indicator, measurements, as_of)
        return StatusResult(
            None,
            _("Kontextindikator zur Ausgangslage: ohne Zielwert und Status."),
            values[-1] if values else None,
        )
    if indicator.is_qualitative:
        if indicator.manual_status:
            return StatusResult(
                indicator.manual_status, _("Einschätzung der Stabsstelle"), manual=True
            )
        return StatusResult(None, _("Qualitativer Indikator ohne Einschätzung"))
    values = comparable_totals(indicator, measurements, as_of)
    if not values:
        return StatusResult(Status.NO_DATA, _("Es liegt noch kein Wert vor."))
    latest = values[-1]
    approx = latest.is_approximate or bool(latest.qualifier)
    if as_of > latest.period_end + STALE_AFTER[indicator.rhythm]:
        return StatusResult(
            Status.NO_DATA,
            _(
                "Der letzte Wert (%(period)s) ist älter als der Erhebungsrhythmus "
                "zuzüglich Karenzzeit."
            )
            % {"period": latest.period_label},
            latest,
            approximate=approx,
        )
    if indicator.target_value is None or not indicator.target_year:
        return StatusResult(None, _("Ohne Zielwert wird kein Status berechnet."), latest)
    if not indicator.direction:
        return StatusResult(
            None, _("Ohne bekannte Richtung (höher oder niedriger besser) kein Status."), latest
        )
    target = indicator.target_value
    lower = indicator.lower_is_better
    if (latest.value <= target) if lower else (latest.value >= target):
        return StatusResult(
            Status.ACHIEVED, _("Der Zielwert ist erreicht."), latest, target, approx
        )

    start_date, start_value = _start_point(indicator, values)
    end_date = target_date(indicator)
    expected = _on_path(start_date, start_value, end_date, target, latest.period_end)
    planned = abs(target - start_value) or abs(target) or Decimal(1)
    behind = (latest.value - expected) if lower else (expected - latest.value)
    # Rounded to a tenth of a percent, so that leap days do not decide a band.
    shortfall = (behind / planned).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    if shortfall <= ON_TRACK_TOLERANCE:
        status = Status.ON_TRACK
    elif shortfall <= AT_RISK_TOLERANCE:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    percent = max(shortfall, Decimal(0)) * 100
    reason = _(
        "Erwartet auf dem Zielpfad: %(expected)s; "
        "Rückstand %(percent)s %% der geplanten Veränderung."
    ) % {"expected": _de(expected), "percent": _de(percent, 0)}
    if approx:
        reason += " " + _("Der letzte Wert ist ein ca.-Wert.")
    return StatusResult(status, reason, latest, expected, approx)


def path_start(
    indicator: Indicator, measurements: Sequence[Measurement]
) -> tuple[datetime.date, Decimal] | None:
    """(date, value) where the target path starts, as the status rule uses it; or None."""
    values = comparable_totals(indicator, measurements, datetime.date.max)
    if not values and indicator.baseline_value is None:
        return None
    if not values:
        return (indicator.baseline_date, indicator.baseline_value)
    return _start_point(indicator, values)


def _start_point(indicator, values):
    if indicator.baseline_value is not None and indicator.baseline_date:
        start = (indicator.baseline_date, indicator.baseline_value)
    else:
        start = (values[0].period_end, values[0].value)
    breaks = [m for m in values if m.is_series_break and m.period_end > start[0]]
    if breaks:
        first_after_break = breaks[-1]
        start = (first_after_break.period_end, first_after_break.value)
    return start


def _on_path(start_date, start_value, end_date, target, day):
    if day <= start_date:
        return start_value
    if day >= end_date or end_date <= start_date:
        return target
    share = Decimal((day - start_date).days) / Decimal((end_date - start_date).days)
    return start_value + (target - start_value) * share


def _de(value, places=1):
    from indicators.importers.parsing import format_number

    return format_number(value, places)


def worst(statuses: Iterable[str | None]) -> str | None:
    present = set(statuses)
    for status in SEVERITY:
        if status in present:
            return status
    return None


@dataclass
class Rollup:
    counts: Counter
    summary: str | None

    @property
    def summary_label(self):
        return Status(self.summary).label if self.summary else ""

    def items(self):
        """(status, label, count) in severity order, only those present."""
        return [(s, Status(s).label, self.counts[s]) for s in SEVERITY if self.counts.get(s)]


def rollup(statuses: Iterable[str | None]) -> Rollup:
    statuses = [s for s in statuses if s]
    return Rollup(Counter(statuses), worst(statuses))


def trend(
    indicator: Indicator, measurements: Sequence[Measurement], as_of: datetime.date | None = None
) -> tuple[str, str]:
    """(arrow, text) comparing the latest two comparable total values."""
    as_of = as_of or timezone.localdate()
    values = comparable_totals(indicator, measurements, as_of)
    if len(values) < 2:
        return ("", _("kein Vergleichswert"))
    previous, latest = values[-2], values[-1]
    if latest.is_series_break:
        return ("", _("Zeitreihenbruch – kein Vergleich"))
    if latest.value == previous.value:
        return ("→", _("unverändert"))
    rising = latest.value > previous.value
    arrow = "↑" if rising else "↓"
    if not indicator.direction:
        return (arrow, _("steigend") if rising else _("fallend"))
    better = rising != indicator.lower_is_better
    if rising:
        text = _("steigend (günstig)") if better else _("steigend (ungünstig)")
    else:
        text = _("fallend (günstig)") if better else _("fallend (ungünstig)")
    return (arrow, text)
