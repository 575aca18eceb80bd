"""Reading periods and numbers the way German offices write them.

`parse_period("2022/23")` → Period(kind, start, end, label); `parse_number("1.234,5")` →
Decimal("1234.5"). Both raise ValueError with a German message that says what is expected, so
forms and the importer can show it unchanged.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Measurement

Kind = Measurement.PeriodKind

# A school year in NRW runs from 1 August to 31 July.
SCHOOL_YEAR_START = (8, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def key(self):
        return (self.kind, self.start)


def year_period(year: int) -> Period:
    return Period(Kind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))


def date_period(day: datetime.date) -> Period:
    return Period(Kind.DATE, day, day, day.strftime("%d.%m.%Y"))


def school_year_period(first_year: int) -> Period:
    start = datetime.date(first_year, *SCHOOL_YEAR_START)
    end = datetime.date(first_year + 1, 7, 31)
    return Period(Kind.SCHOOL_YEAR, start, end, f"{first_year}/{(first_year + 1) % 100:02d}")


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(
        Kind.MONTH,
        datetime.date(year, month, 1),
        datetime.date(year, month, last),
        f"{month:02d}/{year}",
    )


PERIOD_HELP = gettext_lazy(
    "Bitte den Zeitraum als Jahr (2023), Stichtag (31.12.2023), Schuljahr (2022/23) "
    "oder Monat (03/2024) angeben."
)


class PeriodError(ValueError):
    """Our own message about a period; other ValueErrors (no such day) get a general one."""


_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_SCHOOL = re.compile(r"^(\d{4})\s*/\s*(\d{2}|\d{4})$")
_MONTH = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{2})$")


def _checked_year(year):
    if not 1900 <= year <= 2100:
        raise PeriodError(
            _("Das Jahr %(year)s liegt außerhalb von 1900 bis 2100.") % {"year": year}
            + f" {PERIOD_HELP}"
        )
    return year


def parse_period(raw: str | int | datetime.date | datetime.datetime) -> Period:
    """Period from a cell: str, int (year), date or datetime (Stichtag)."""
    if isinstance(raw, datetime.datetime):
        return date_period(raw.date())
    if isinstance(raw, datetime.date):
        return date_period(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw).is_integer():
            return year_period(_checked_year(int(raw)))
        raise PeriodError(str(PERIOD_HELP))
    text = str(raw or "").strip()
    if not text:
        raise PeriodError(_("Der Zeitraum fehlt.") + f" {PERIOD_HELP}")
    try:
        if match := _YEAR.match(text):
            return year_period(_checked_year(int(match[1])))
        if match := _DATE_DE.match(text):
            day, month, year = (int(x) for x in match.groups())
            return date_period(datetime.date(_checked_year(year), month, day))
        if match := _DATE_ISO.match(text):
            year, month, day = (int(x) for x in match.groups())
            return date_period(datetime.date(_checked_year(year), month, day))
        if match := _SCHOOL.match(text):
            first = _checked_year(int(match[1]))
            second = int(match[2])
            if second % 100 != (first + 1) % 100:
                raise PeriodError(
                    _(
                        "„%(text)s“ ist kein Schuljahr: das zweite Jahr muss auf das erste "
                        "folgen (z. B. 2022/23)."
                    )
                    % {"text": text}
                )
            return school_year_period(first)
        if match := _MONTH.match(text):
            return month_period(_checked_year(int(match[2])), _month(int(match[1])))
        if match := _MONTH_ISO.match(text):
            return month_period(_checked_year(int(match[1])), _month(int(match[2])))
    except ValueError as error:
        if isinstance(error, PeriodError):
            raise
        raise PeriodError(
            _("„%(text)s“ ist kein gültiges Datum.") % {"text": text} + f" {PERIOD_HELP}"
        ) from error
    raise PeriodError(_("„%(text)s“ ist kein Zeitraum.") % {"text": text} + f" {PERIOD_HELP}")


def _month(month):
    if not 1 <= month <= 12:
        raise PeriodError(
            _("Einen Monat %(month)s gibt es nicht.") % {"month": month} + f" {PERIOD_HELP}"
        )
    return month


NUMBER_HELP = gettext_lazy("Bitte nur eine Zahl eingeben, z. B. 12,5 oder 1.234 (ohne Einheit).")

_GERMAN = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_APPROX = re.compile(r"^(ca\.?|ungefähr|etwa|~)\s*", re.IGNORECASE)


def parse_number(raw: object) -> tuple[Decimal | None, bool]:
    """(Decimal or None, approximate) from a cell. Empty → (None, False).

    German notation first: "1.234,5" is 1234.5 and "1.234" is 1234. A dot alone followed by one,
    two or more than three digits ("12.5") is read as a decimal point, as spreadsheets export it.
    A leading "ca." marks the value as approximate. Units ("12,5 %") are refused, because a
    value in the wrong unit would otherwise slip in unnoticed.
    """
    if raw is None:
        return None, False
    if isinstance(raw, bool):
        raise ValueError(str(NUMBER_HELP))
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
        if not number.is_finite():  # a spreadsheet cell can hold 1E+999 (infinity)
            raise ValueError(_("„%(text)s“ ist keine Zahl.") % {"text": raw} + f" {NUMBER_HELP}")
        return number, False
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None, False
    approximate = False
    if match := _APPROX.match(str(raw).strip()):
        approximate = True
        text = str(raw).strip()[match.end() :].strip().replace("\u00a0", "").replace(" ", "")
    if text.startswith("−"):
        text = "-" + text[1:]
    if _GERMAN.match(text):
        number = text.replace(".", "").replace(",", ".")
    elif _PLAIN.match(text):
        number = text
    else:
        raise ValueError(
            _("„%(text)s“ ist keine Zahl.") % {"text": str(raw).strip()} + f" {NUMBER_HELP}"
        )
    try:
        return Decimal(number), approximate
    except InvalidOperation as error:
        raise ValueError(
            _("„%(text)s“ ist keine Zahl.") % {"text": str(raw).strip()} + f" {NUMBER_HELP}"
        ) from error


def format_number(value: Decimal | float | int | None, places: int = 1) -> str:
    """German notation with thousands separators: 1234.5 → "1.234,5"."""
    if value is None:
        return ""
    text = f"{value:,.{places}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_number_exact(value, places=0):
    """Like `format_number`, but never drops a decimal of `value`: 1234.5 with 0 places →
    "1.234,5" (what a person typed), 12 with 1 place → "12,0"."""
    if value is None:
        return ""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return format_number(value, max(places, -exponent if isinstance(exponent, int) else 0))
