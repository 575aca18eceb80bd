"""Reading periods and numbers the way German offices write them.

`parse_period("2022/23")` → Period(kind, start, end, label, edtf); `parse_number("rund 60")` →
ParsedNumber(Decimal("60"), approximate). Both raise ValueError with a German message that says
what is expected, so forms and the importer can show it unchanged.

Periods beyond the four tidy kinds ("Jan 23", "Ende 2016", "2014–2016", "ab 2015",
"2013 und 2014 (Mittel)", "Beginn Schuljahr 2016/2017") are read by `concepts.periods` into
EDTF; the wording is kept as the label. A measurement needs at least one known bound: an open
end takes its start as reference date, an unknown start its end.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concepts import periods as uncertain
from indicators.models import Measurement

Kind = Measurement.PeriodKind

# A school year in NRW runs from 1 August to 31 July.
SCHOOL_YEAR_START = (8, 1)


def edtf_for(kind: str, start: datetime.date, end: datetime.date) -> str:
    """The EDTF string of a tidy period (rows stored before periods had one)."""
    if kind == Kind.YEAR:
        return f"{start.year:04d}"
    if kind == Kind.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    if kind == Kind.DATE or start == end:
        return start.isoformat()
    return f"{start.isoformat()}/{end.isoformat()}"


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date
    label: str
    edtf: str = ""

    def __post_init__(self):
        if not self.edtf:
            object.__setattr__(self, "edtf", edtf_for(self.kind, self.start, self.end))

    @property
    def key(self):
        return self.edtf


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


def _kind_of(period: uncertain.Period) -> str:
    edtf = period.edtf
    if period.is_mean:
        return Kind.MEAN
    if period.is_open or period.is_open_start or period.is_unknown_start:
        return Kind.OPEN
    if "/" in edtf:
        lower, upper = edtf.split("/", 1)
        school = re.fullmatch(r"(\d{4})-08-01", lower)
        if school and upper == f"{int(school[1]) + 1}-07-31":
            return Kind.SCHOOL_YEAR
        return Kind.RANGE
    core = edtf.rstrip("~?%")
    parts = core.split("-")
    if len(parts) == 1:
        return Kind.YEAR
    if len(parts) == 3:
        return Kind.DATE
    code = int(parts[1])
    if code <= 12:
        return Kind.MONTH
    if 33 <= code <= 36:
        return Kind.QUARTER
    if code in (40, 41):
        return Kind.HALF_YEAR
    return Kind.SEASON


def from_uncertain(period: uncertain.Period) -> Period:
    """A measurement period from a period as the source wrote it."""
    start = period.earliest or period.latest
    end = period.latest or period.earliest
    if start is None or end is None:
        raise PeriodError(
            _(
                "„%(text)s“ hat weder einen bekannten Anfang noch ein bekanntes Ende; "
                "ein Wert braucht einen Zeitpunkt oder Zeitraum."
            )
            % {"text": period.wording}
        )
    return Period(_kind_of(period), start, end, period.wording[:120], period.edtf)


def stored_period(kind: str, start, end, label: str, edtf: str) -> Period:
    return Period(kind, start, end, label, edtf or edtf_for(kind, start, end))


PERIOD_HELP = gettext_lazy(
    "Bitte den Zeitraum z. B. als Jahr (2023), Stichtag (31.12.2023), Schuljahr (2022/23), "
    "Monat (03/2024, Jan 23), Quartal (2. Quartal 2023), Halbjahr (1. Halbjahr 2023), "
    "Spanne (2014–2016), offene Spanne (ab 2015) oder Mittel (2013 und 2014 (Mittel)) angeben."
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
        if (match := _SCHOOL.match(text)) and not (
            len(match[2]) == 4 and int(match[2]) > int(match[1]) + 1
        ):
            # "2014/2016" is a span of years (read below), "2022/25" a mistyped school year.
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
    if len(text) > 120:
        raise PeriodError(_("Der Zeitraum ist zu lang (höchstens 120 Zeichen)."))
    try:
        period = uncertain.parse_period(text)
    except uncertain.PeriodError:
        raise PeriodError(
            _("„%(text)s“ ist kein Zeitraum.") % {"text": text} + f" {PERIOD_HELP}"
        ) from None
    if (period.earliest and period.earliest.year < 1900) or (
        period.latest and period.latest.year > 2100
    ):
        raise PeriodError(
            _("„%(text)s“ liegt außerhalb von 1900 bis 2100.") % {"text": text} + f" {PERIOD_HELP}"
        )
    return from_uncertain(period)


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


_QUALIFIERS = [
    (re.compile(r"^(?:mehr als|über|größer als|>)\s*", re.IGNORECASE), "more_than"),
    (re.compile(r"^(?:weniger als|unter|kleiner als|<)\s*", re.IGNORECASE), "less_than"),
]
_APPROX_WORDS = re.compile(
    r"^(?:ca\.?|circa|zirka|rund|etwa|ungefähr|knapp|gut|~|≈)\s*", re.IGNORECASE
)
# How statistics offices mark a value kept back below the disclosure threshold.
SUPPRESSED = {
    "*",
    ".",
    "x",
    "geheim",
    "gesperrt",
    "geheimhaltung",
    "(geheimhaltung)",
    "anonymisiert",
    "unter der veröffentlichungsgrenze",
    "unterhalb der veröffentlichungsgrenze",
}


@dataclass(frozen=True)
class QualifiedNumber:
    value: Decimal | None
    approximate: bool = False
    qualifier: str = ""  # Measurement.Qualifier: "", "more_than", "less_than", "suppressed"


def parse_qualified_number(raw: object) -> QualifiedNumber:
    """A value as sources write it: "rund 60", "ca. siebzig", "mehr als 60", "< 5", "*".

    "ca."/"rund"/"etwa" mark it approximate; "mehr als"/"über"/">" and "weniger als"/"unter"/
    "<" give the qualifier; "*", ".", "x", "geheim" mean kept back below the disclosure
    threshold (no value). Whole numbers may be written as German words ("siebzig").
    """
    if raw is None or not isinstance(raw, str):
        value, approximate = parse_number(raw)
        return QualifiedNumber(value, approximate)
    text = " ".join(raw.replace("\u00a0", " ").split())
    if not text:
        return QualifiedNumber(None)
    if text.lower() in SUPPRESSED:
        return QualifiedNumber(None, False, "suppressed")
    qualifier, approximate = "", False
    for _round in range(2):
        for pattern, name in _QUALIFIERS:
            if not qualifier and (match := pattern.match(text)):
                qualifier, text = name, text[match.end() :]
        if match := _APPROX_WORDS.match(text):
            approximate, text = True, text[match.end() :]
    if not text:
        raise ValueError(
            _("„%(text)s“ ist keine Zahl.") % {"text": raw.strip()} + f" {NUMBER_HELP}"
        )
    try:
        value, approx_inner = parse_number(text)
    except ValueError:
        value = _number_word(text)
        approx_inner = False
        if value is None:
            raise ValueError(
                _("„%(text)s“ ist keine Zahl.") % {"text": raw.strip()} + f" {NUMBER_HELP}"
            ) from None
    return QualifiedNumber(value, approximate or approx_inner, qualifier)


def _number_word(text: str) -> Decimal | None:
    """ "siebzig" → 70 (text2num reads German number words)."""
    from text_to_num import text2num

    word = text.strip().lower()
    if not re.fullmatch(r"[a-zäöüß]+", word):
        return None
    try:
        return Decimal(text2num(word, "de"))
    except ValueError:
        return None


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
