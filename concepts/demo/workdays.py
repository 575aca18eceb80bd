"""Public holidays in Nordrhein-Westfalen and working days, so demo dates read plausibly.

The statutory holidays of NRW (Feiertagsgesetz NW § 2): Neujahr, Karfreitag, Ostermontag,
1. Mai, Christi Himmelfahrt, Pfingstmontag, Fronleichnam, Tag der Deutschen Einheit,
Allerheiligen, 1. und 2. Weihnachtstag. Easter Sunday by the Gregorian computus
(Meeus/Jones/Butcher).
"""

import datetime

ONE_DAY = datetime.timedelta(days=1)


def easter_sunday(year: int) -> datetime.date:
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the computus' own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def nrw_holidays(year: int) -> dict[datetime.date, str]:
    """{date: German name} of the public holidays in NRW in `year`."""
    easter = easter_sunday(year)

    def after_easter(days):
        return easter + datetime.timedelta(days=days)

    return {
        datetime.date(year, 1, 1): "Neujahr",
        after_easter(-2): "Karfreitag",
        after_easter(1): "Ostermontag",
        datetime.date(year, 5, 1): "Tag der Arbeit",
        after_easter(39): "Christi Himmelfahrt",
        after_easter(50): "Pfingstmontag",
        after_easter(60): "Fronleichnam",
        datetime.date(year, 10, 3): "Tag der Deutschen Einheit",
        datetime.date(year, 11, 1): "Allerheiligen",
        datetime.date(year, 12, 25): "1. Weihnachtstag",
        datetime.date(year, 12, 26): "2. Weihnachtstag",
    }


def is_holiday(day: datetime.date) -> bool:
    return day in nrw_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday in NRW."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself if it is a working day, else the next one."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def season(day: datetime.date) -> str:
    """The German season a meeting's name would give for `day` (meteorological seasons)."""
    return {
        12: "Winter",
        1: "Winter",
        2: "Winter",
        3: "Frühjahr",
        4: "Frühjahr",
        5: "Frühjahr",
        6: "Sommer",
        7: "Sommer",
        8: "Sommer",
    }.get(day.month, "Herbst")
