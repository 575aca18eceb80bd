"""Issue 14, point 5: an indicator whose source does not say which way is better gets no
status and no judgement of its trend, instead of an assumed "höher ist besser"."""

from indicators.models import Indicator
from indicators.status import trend
from tests.indicators.test_status import make_indicator, status_of, value

AS_OF_VALUES = (2023, 2024)


def test_a_new_indicator_does_not_assume_a_direction():
    assert Indicator().direction == ""


def test_unknown_direction_gives_no_status_though_a_target_is_set():
    indicator = make_indicator(direction="")
    result = status_of(indicator, [value(indicator, 2023, 42), value(indicator, 2024, 44)])
    assert result.status is None
    assert "Richtung" in result.reason


def test_unknown_direction_says_rising_without_favourable():
    indicator = make_indicator(direction="")
    arrow, text = trend(indicator, [value(indicator, 2023, 42), value(indicator, 2024, 44)])
    assert (arrow, text) == ("↑", "steigend")
    known = make_indicator()
    assert trend(known, [value(known, 2023, 42), value(known, 2024, 44)])[1] == (
        "steigend (günstig)"
    )
