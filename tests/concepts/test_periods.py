"""Periods as real concepts write them (issue 14, points 3 and 4): read into EDTF with bounds."""

from datetime import date

import pytest

from concepts.periods import Period, PeriodError, format_period, parse_period, period_from_stored

# (wording as a source writes it, EDTF, earliest, latest)
UNTIDY = [
    ("Jan 23", "2023-01", date(2023, 1, 1), date(2023, 1, 31)),
    ("Nov 23", "2023-11", date(2023, 11, 1), date(2023, 11, 30)),
    ("Jan. 2023", "2023-01", date(2023, 1, 1), date(2023, 1, 31)),
    ("Jan-23", "2023-01", date(2023, 1, 1), date(2023, 1, 31)),
    ("03/2024", "2024-03", date(2024, 3, 1), date(2024, 3, 31)),
    ("Juni 2016", "2016-06", date(2016, 6, 1), date(2016, 6, 30)),
    ("Ende 2016", "2016-12~", date(2016, 12, 1), date(2016, 12, 31)),
    ("Mitte 2016", "2016-06~", date(2016, 6, 1), date(2016, 6, 30)),
    ("ab 2015", "2015/..", date(2015, 1, 1), None),
    ("seit 2012", "2012/..", date(2012, 1, 1), None),
    ("ab 2025", "2025/..", date(2025, 1, 1), None),
    ("ab Juni 2016", "2016-06/..", date(2016, 6, 1), None),
    ("bis 2020", "/2020", None, date(2020, 12, 31)),
    ("laufend", "../..", None, None),
    ("2014–2016", "2014/2016", date(2014, 1, 1), date(2016, 12, 31)),
    ("2014-2016", "2014/2016", date(2014, 1, 1), date(2016, 12, 31)),
    ("von 2014 bis 2016", "2014/2016", date(2014, 1, 1), date(2016, 12, 31)),
    ("01.03.2015–31.12.2016", "2015-03-01/2016-12-31", date(2015, 3, 1), date(2016, 12, 31)),
    ("01.03.2015-31.12.2016", "2015-03-01/2016-12-31", date(2015, 3, 1), date(2016, 12, 31)),
    ("2013 und 2014 (Mittel)", "2013/2014", date(2013, 1, 1), date(2014, 12, 31)),
    ("Mittel 2013–2015", "2013/2015", date(2013, 1, 1), date(2015, 12, 31)),
    ("Durchschnitt 2012, 2013, 2014", "2012/2014", date(2012, 1, 1), date(2014, 12, 31)),
    ("Beginn Schuljahr 2016/2017", "2016-08~", date(2016, 8, 1), date(2016, 8, 31)),
    ("Schuljahresbeginn 2016/17", "2016-08~", date(2016, 8, 1), date(2016, 8, 31)),
    ("Schuljahr 2016/17", "2016-08-01/2017-07-31", date(2016, 8, 1), date(2017, 7, 31)),
    ("2016/17", "2016-08-01/2017-07-31", date(2016, 8, 1), date(2017, 7, 31)),
    ("Herbst 2017 bis Dezember 2020", "2017-23/2020-12", date(2017, 9, 1), date(2020, 12, 31)),
    ("Januar bis März 2023", "2023-01/2023-03", date(2023, 1, 1), date(2023, 3, 31)),
    ("2. Halbjahr 2026", "2026-41", date(2026, 7, 1), date(2026, 12, 31)),
    ("1. Hj. 2016", "2016-40", date(2016, 1, 1), date(2016, 6, 30)),
    ("1. Quartal 2016", "2016-33", date(2016, 1, 1), date(2016, 3, 31)),
    ("Q3 2016", "2016-35", date(2016, 7, 1), date(2016, 9, 30)),
    ("I. Quartal 2016", "2016-33", date(2016, 1, 1), date(2016, 3, 31)),
    ("Frühjahr 2019", "2019-21", date(2019, 3, 1), date(2019, 5, 31)),
    ("Stand: 31.12.2016", "2016-12-31", date(2016, 12, 31), date(2016, 12, 31)),
    ("31.12.16", "2016-12-31", date(2016, 12, 31), date(2016, 12, 31)),
    ("ca. 2016", "2016~", date(2016, 1, 1), date(2016, 12, 31)),
    ("  2016  ", "2016", date(2016, 1, 1), date(2016, 12, 31)),
    ("2015-03-01/2016-12-31", "2015-03-01/2016-12-31", date(2015, 3, 1), date(2016, 12, 31)),
]


@pytest.mark.parametrize(("wording", "edtf", "earliest", "latest"), UNTIDY)
def test_untidy_wordings_are_read_into_edtf_with_bounds(wording, edtf, earliest, latest):
    period = parse_period(wording)
    assert (period.edtf, period.earliest, period.latest) == (edtf, earliest, latest)
    assert period.wording == wording.strip()
    # Shown as the source wrote it.
    assert format_period(period.edtf, period.wording) == wording.strip()


@pytest.mark.parametrize(
    "wording",
    ["", "unbekannt", "xyz 2016", "2016/2015", "31.02.2016", "13/2016", "5. Quartal 2016"],
)
def test_unreadable_wordings_raise_a_german_error(wording):
    with pytest.raises(PeriodError) as error:
        parse_period(wording)
    assert "Zeitraum" in str(error.value)


def test_open_ongoing_mean_and_approximate_flags():
    assert parse_period("seit 2012").is_open and parse_period("laufend").ongoing
    assert not parse_period("2014–2016").is_open
    assert parse_period("bis 2020").is_unknown_start
    assert parse_period("2013 und 2014 (Mittel)").is_mean
    assert not parse_period("2013–2014").is_mean
    assert parse_period("Ende 2016").is_approximate
    assert not parse_period("Juni 2016").is_approximate


def test_sort_key_orders_mixed_precision_periods():
    wordings = ["Nov 23", "2016", "laufend", "Jan 23", "2014–2016", "1. Quartal 2016", "ab 2015"]
    ordered = sorted((parse_period(w) for w in wordings), key=lambda p: p.sort_key)
    assert [p.wording for p in ordered] == [
        "laufend",
        "2014–2016",
        "ab 2015",
        "1. Quartal 2016",
        "2016",
        "Jan 23",
        "Nov 23",
    ]


def test_only_a_known_end_makes_a_period_late():
    today = date(2021, 1, 1)
    assert parse_period("Herbst 2017 bis Dezember 2020").known_before(today)
    assert not parse_period("seit 2012").known_before(today)
    assert not parse_period("laufend").known_before(today)


@pytest.mark.parametrize(
    ("edtf", "shown"),
    [
        ("2016", "2016"),
        ("2016-06", "Juni 2016"),
        ("2016-12~", "ca. Dezember 2016"),
        ("2015/..", "ab 2015"),
        ("/2020", "bis 2020"),
        ("../..", "laufend"),
        ("2016-08-01/2017-07-31", "Schuljahr 2016/17"),
        ("2026-41", "2. Halbjahr 2026"),
        ("2016-34", "2. Quartal 2016"),
        ("2015-03-01/2016-12-31", "01.03.2015–31.12.2016"),
    ],
)
def test_format_without_wording_reads_the_edtf_in_german(edtf, shown):
    assert format_period(edtf, "") == shown


def test_stored_period_round_trips_and_rejects_invalid_edtf():
    period = period_from_stored("2017-23/2020-12", "Herbst 2017 bis Dezember 2020")
    assert period == parse_period("Herbst 2017 bis Dezember 2020")
    assert isinstance(period, Period)
    with pytest.raises(PeriodError):
        period_from_stored("2016-99")
