"""The status rule (indicators/status.py, docs/indikatoren.md) on its edge cases.

The rule works on unsaved objects, so these tests need no database.
"""

import datetime
from decimal import Decimal as D

import pytest

from indicators.importers.parsing import date_period, year_period
from indicators.models import Indicator, Measurement, Status
from indicators.status import compute_status, rollup, trend, worst

AS_OF = datetime.date(2025, 6, 30)


def make_indicator(**kwargs):
    defaults = {
        "name": "Beschäftigungsquote",
        "baseline_value": D("40"),
        "baseline_date": datetime.date(2020, 12, 31),
        "target_value": D("50"),
        "target_year": 2030,
        "rhythm": Indicator.Rhythm.ANNUAL,
        "direction": Indicator.Direction.HIGHER_IS_BETTER,
        # On a goal (unsaved; only its id is read): goal-less indicators are context indicators.
        "operational_goal_id": 1,
    }
    defaults.update(kwargs)
    return Indicator(**defaults)


def value(indicator, period, number, **kwargs):
    if isinstance(period, int):
        period = year_period(period)
    return Measurement(
        indicator=indicator,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        value=None if number is None else D(str(number)),
        **kwargs,
    )


def status_of(indicator, values, as_of=AS_OF):
    return compute_status(indicator, values, as_of)


def test_value_exactly_on_the_path_is_on_track():
    indicator = make_indicator()
    # 31.12.2024 is 4 of 10 years along the path: 40 + 10 × 0,4 = 44.
    result = status_of(indicator, [value(indicator, 2024, "44")])
    assert result.status == Status.ON_TRACK
    assert result.expected.quantize(D("0.01")) == D("44.00")


def test_tolerance_bands():
    indicator = make_indicator()
    # Planned change 10; shortfall 1 (10 %) is still on track, 2 is at risk, 3 is off track.
    assert status_of(indicator, [value(indicator, 2024, "43")]).status == Status.ON_TRACK
    assert status_of(indicator, [value(indicator, 2024, "42")]).status == Status.AT_RISK
    assert status_of(indicator, [value(indicator, 2024, "41.5")]).status == Status.AT_RISK
    assert status_of(indicator, [value(indicator, 2024, "41")]).status == Status.OFF_TRACK


def test_target_reached_early_is_achieved():
    indicator = make_indicator()
    result = status_of(indicator, [value(indicator, 2023, "51")], as_of=datetime.date(2024, 6, 1))
    assert result.status == Status.ACHIEVED


def test_lower_is_better_mirrors_the_rule():
    indicator = make_indicator(
        baseline_value=D("20"),
        target_value=D("10"),
        direction=Indicator.Direction.LOWER_IS_BETTER,
    )
    # Path at 31.12.2024: 20 − 10 × 0,4 = 16.
    assert status_of(indicator, [value(indicator, 2024, "16")]).status == Status.ON_TRACK
    assert status_of(indicator, [value(indicator, 2024, "15")]).status == Status.ON_TRACK
    assert status_of(indicator, [value(indicator, 2024, "17.5")]).status == Status.AT_RISK
    assert status_of(indicator, [value(indicator, 2024, "19")]).status == Status.OFF_TRACK
    assert status_of(indicator, [value(indicator, 2024, "10")]).status == Status.ACHIEVED


def test_without_baseline_the_first_value_starts_the_path():
    indicator = make_indicator(baseline_value=None, baseline_date=None)
    values = [value(indicator, 2020, "40"), value(indicator, 2024, "41")]
    assert status_of(indicator, values).status == Status.OFF_TRACK
    values = [value(indicator, 2020, "40"), value(indicator, 2024, "44")]
    assert status_of(indicator, values).status == Status.ON_TRACK
    # A single value is its own start: on track.
    assert status_of(indicator, [value(indicator, 2024, "30")]).status == Status.ON_TRACK


def test_stale_data_means_no_current_data():
    indicator = make_indicator()
    values = [value(indicator, 2022, "45")]
    last_fresh_day = datetime.date(2022, 12, 31) + datetime.timedelta(days=365 + 270)
    assert last_fresh_day == datetime.date(2024, 9, 26)
    assert status_of(indicator, values, as_of=last_fresh_day).status == Status.ON_TRACK
    next_day = last_fresh_day + datetime.timedelta(days=1)
    assert status_of(indicator, values, as_of=next_day).status == Status.NO_DATA


def test_monthly_rhythm_goes_stale_sooner():
    indicator = make_indicator(rhythm=Indicator.Rhythm.MONTHLY)
    values = [value(indicator, date_period(datetime.date(2025, 1, 31)), "45")]
    assert status_of(indicator, values, as_of=datetime.date(2025, 6, 30)).status == Status.NO_DATA


def test_no_values_means_no_current_data():
    indicator = make_indicator()
    assert status_of(indicator, []).status == Status.NO_DATA
    placeholder = value(indicator, 2024, None, text="Daten wurden bisher nicht erhoben")
    assert status_of(indicator, [placeholder]).status == Status.NO_DATA


def test_breakdowns_do_not_count_only_the_total():
    indicator = make_indicator()
    values = [
        value(indicator, 2024, "44"),
        value(indicator, 2024, "30", breakdown="Staatsangehörigkeit: nichtdeutsch"),
    ]
    assert status_of(indicator, values).status == Status.ON_TRACK


def test_series_break_restarts_the_path_at_the_break():
    indicator = make_indicator()
    values = [
        value(indicator, 2021, "41"),
        # New method counts differently: 35 would be far behind the old path (≈ 42).
        value(indicator, 2022, "35", is_series_break=True),
        value(indicator, 2024, "38.5"),
    ]
    # New path from (31.12.2022, 35) to (31.12.2030, 50): at 31.12.2024 expected 38,75.
    result = status_of(indicator, values)
    assert result.status == Status.ON_TRACK
    assert result.expected.quantize(D("0.01")) == D("38.75")


def test_approximate_values_count_and_are_flagged():
    indicator = make_indicator()
    result = status_of(indicator, [value(indicator, 2024, "44", is_approximate=True)])
    assert result.status == Status.ON_TRACK
    assert result.approximate
    assert "ca." in result.reason


def test_values_of_periods_beginning_after_the_stichtag_are_ignored():
    indicator = make_indicator()
    values = [value(indicator, 2023, "43"), value(indicator, 2025, "55")]
    assert status_of(indicator, values, as_of=datetime.date(2024, 6, 30)).status == Status.ON_TRACK


def test_the_running_years_value_counts_before_the_year_has_ended():
    """A value for 2026 entered on 5 December 2026 is the latest value, not a future one."""
    indicator = make_indicator()
    values = [value(indicator, 2025, "43"), value(indicator, 2026, "55")]
    result = status_of(indicator, values, as_of=datetime.date(2026, 12, 5))
    assert result.latest.period_label == "2026"
    assert result.status == Status.ACHIEVED
    assert trend(indicator, values, datetime.date(2026, 12, 5))[0] == "↑"


def test_after_the_target_year_the_target_itself_is_expected():
    indicator = make_indicator(target_year=2023)
    result = status_of(indicator, [value(indicator, 2024, "49")])
    assert result.expected == D("50")
    assert result.status == Status.ON_TRACK


def test_without_target_there_is_no_status():
    indicator = make_indicator(target_value=None, target_year=None)
    assert status_of(indicator, [value(indicator, 2024, "44")]).status is None


def test_qualitative_indicator_uses_the_manual_assessment():
    indicator = make_indicator(is_qualitative=True)
    assert status_of(indicator, []).status is None
    indicator.manual_status = Status.AT_RISK
    result = status_of(indicator, [])
    assert result.status == Status.AT_RISK and result.manual


def test_target_equal_to_baseline_holds_the_level():
    indicator = make_indicator(baseline_value=D("50"))
    assert status_of(indicator, [value(indicator, 2024, "50")]).status == Status.ACHIEVED
    # Nothing to plan: the shortfall is measured against the target level itself.
    assert status_of(indicator, [value(indicator, 2024, "48")]).status == Status.ON_TRACK
    assert status_of(indicator, [value(indicator, 2024, "44")]).status == Status.AT_RISK
    assert status_of(indicator, [value(indicator, 2024, "35")]).status == Status.OFF_TRACK


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([Status.ON_TRACK, Status.ACHIEVED], Status.ON_TRACK),
        ([Status.ACHIEVED, Status.NO_DATA], Status.NO_DATA),
        ([Status.NO_DATA, Status.AT_RISK, Status.ON_TRACK], Status.AT_RISK),
        ([Status.AT_RISK, Status.OFF_TRACK], Status.OFF_TRACK),
        ([None, Status.ACHIEVED], Status.ACHIEVED),
        ([None], None),
    ],
)
def test_rollup_is_the_worst_status_with_counts(statuses, expected):
    assert worst([s for s in statuses if s]) == expected
    result = rollup(statuses)
    assert result.summary == expected
    assert sum(result.counts.values()) == len([s for s in statuses if s])


def test_trend_is_direction_aware_and_stops_at_series_breaks():
    higher = make_indicator()
    lower = make_indicator(direction=Indicator.Direction.LOWER_IS_BETTER)
    rising = [value(higher, 2023, "40"), value(higher, 2024, "42")]
    assert trend(higher, rising, AS_OF) == ("↑", "steigend (günstig)")
    rising_lower = [value(lower, 2023, "40"), value(lower, 2024, "42")]
    assert trend(lower, rising_lower, AS_OF) == ("↑", "steigend (ungünstig)")
    broken = [value(higher, 2023, "40"), value(higher, 2024, "30", is_series_break=True)]
    assert trend(higher, broken, AS_OF)[1] == "Zeitreihenbruch – kein Vergleich"
    assert trend(higher, rising[:1], AS_OF)[1] == "kein Vergleichswert"
