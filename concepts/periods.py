"""Periods as sources write them, stored as EDTF (ISO 8601-2) with the source's wording.

Real concepts say "Jan 23", "Ende 2016", "ab 2015", "2014–2016", "2013 und 2014 (Mittel)",
"Beginn Schuljahr 2016/2017", "seit 2012", "Herbst 2017 bis Dezember 2020", "laufend" or
"2. Halbjahr 2026". `parse_period` reads such a wording into a `Period`: the wording as written
(for display), an EDTF string (the maintained standard for uncertain and imprecise dates, read
and checked with the `edtf` package) and the earliest and latest day it can mean (for sorting,
filtering and "overdue"). Nothing is invented: an open end stays open (`latest` is None), an
unknown start stays unknown (`earliest` is None).

EDTF used here: "2016" year, "2023-01" month, "2015-03-01" day, "2016-21".."2016-24" seasons
(spring, summer, autumn, winter), "2016-33".."2016-36" quarters, "2016-40"/"2016-41" half-years,
"~" approximate ("Ende 2016" → "2016-12~"), "?" uncertain, "A/B" interval, "2015/.." open end
("ab 2015"), "../2020" open start, "/2020" unknown start ("bis 2020"), "../.." ongoing without a
known start ("laufend"). A school year is the interval 1 August – 31 July; its start is
"YYYY-08~". "Mittel" of several years is the interval of those years; `is_mean` tells it from the
wording.

This module is generic: it knows nothing of indicators or measures.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from edtf import parse_edtf

__all__ = [
    "Period",
    "PeriodError",
    "format_period",
    "parse_period",
    "period_from_stored",
]


class PeriodError(ValueError):
    """A wording that cannot be read as a period; the message is German and says why."""


MONTHS = {
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "februar": 2,
    "feber": 2,
    "feb": 2,
    "febr": 2,
    "märz": 3,
    "maerz": 3,
    "mär": 3,
    "mrz": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
    "dec": 12,
}
SEASONS = {"frühjahr": 21, "frühling": 21, "sommer": 22, "herbst": 23, "winter": 24}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ORDINAL_WORDS = {"erstes": 1, "erste": 1, "ersten": 1, "zweites": 2, "zweite": 2, "zweiten": 2}
ONGOING_WORDS = {
    "laufend",
    "fortlaufend",
    "dauerhaft",
    "kontinuierlich",
    "fortwährend",
    "ständig",
    "regelmäßig",
    "daueraufgabe",
}
MEAN_MARKERS = re.compile(
    r"\(?\s*(?:mittelwert|mittel|durchschnitt|⌀|ø)\s*(?:der jahre|aus|von)?\)?"
)
PREFIXES = re.compile(
    r"^(?:stand|stichtag|zum|am|im jahr|jahr|im|in|zeitraum)\s*:?\s+", flags=re.IGNORECASE
)
SCHOOL_YEAR_START_MONTH = 8

YEAR4 = r"(?:19|20)\d\d"
YEAR = r"(?:(?:19|20)\d\d|'?\d\d)"


@dataclass(frozen=True)
class Period:
    """A period as a source wrote it (`wording`) and as EDTF (`edtf`), with its bounds.

    `earliest` is None when the start is open or unknown, `latest` when the end is open.
    """

    wording: str
    edtf: str
    earliest: date | None
    latest: date | None

    @property
    def sort_key(self) -> tuple:
        return (self.earliest or date.min, self.latest or date.max, self.edtf)

    @property
    def is_interval(self) -> bool:
        return "/" in self.edtf

    @property
    def is_open(self) -> bool:
        """The end is open: "ab 2015", "seit 2012", "laufend"."""
        return self.edtf.endswith("/..")

    ongoing = is_open

    @property
    def is_open_start(self) -> bool:
        return self.edtf.startswith("../")

    @property
    def is_unknown_start(self) -> bool:
        return self.edtf.startswith("/")

    @property
    def is_approximate(self) -> bool:
        return "~" in self.edtf or "%" in self.edtf

    @property
    def is_uncertain(self) -> bool:
        return "?" in self.edtf or "%" in self.edtf

    @property
    def is_mean(self) -> bool:
        """The value is an average over the period ("2013 und 2014 (Mittel)")."""
        return bool(MEAN_MARKERS.search(self.wording.lower()))

    def known_before(self, day: date) -> bool:
        """True only if the period surely ends before `day` (unknown/open ends are not late)."""
        return self.latest is not None and self.latest < day

    def display(self) -> str:
        return format_period(self.edtf, self.wording)

    def __str__(self) -> str:
        return self.display()


# --- bounds ---------------------------------------------------------------------------


def _to_date(value) -> date | None:
    if isinstance(value, time.struct_time):
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


# The edtf package parses with pyparsing, some milliseconds a string; an import repeats the
# same few periods thousands of times, so parsed strings are kept.
@functools.lru_cache(maxsize=4096)
def _parse_edtf(edtf: str):
    return parse_edtf(edtf)


@functools.lru_cache(maxsize=4096)
def _bounds(edtf: str) -> tuple[date | None, date | None]:
    if "/" in edtf:
        lower, upper = edtf.split("/", 1)
        earliest = None if lower in ("", "..") else _to_date(_parse_edtf(lower).lower_strict())
        latest = None if upper in ("", "..") else _to_date(_parse_edtf(upper).upper_strict())
        return earliest, latest
    parsed = _parse_edtf(edtf)
    return _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())


def _checked(edtf: str) -> str:
    """Raise unless `edtf` is valid EDTF with sensible bounds."""
    try:
        if edtf != "../..":
            _parse_edtf(edtf)
        earliest, latest = _bounds(edtf) if edtf != "../.." else (None, None)
    except Exception as error:  # the edtf package raises several kinds
        raise PeriodError(
            gettext("„%(edtf)s“ ist kein gültiger Zeitraum.") % {"edtf": edtf}
        ) from error
    if earliest and latest and latest < earliest:
        raise PeriodError(gettext("Der Zeitraum endet vor seinem Beginn."))
    return edtf


def period_from_stored(edtf: str, wording: str = "") -> Period:
    """The Period for a stored EDTF string (and the wording kept with it)."""
    edtf = _checked(edtf)
    earliest, latest = _bounds(edtf) if edtf != "../.." else (None, None)
    return Period(
        wording=wording or format_period(edtf, ""), edtf=edtf, earliest=earliest, latest=latest
    )


# --- reading German wordings ---------------------------------------------------------


def _year(text: str) -> int:
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    two = int(digits)
    # Two-digit years in concepts are this century unless clearly far ahead.
    return 2000 + two if two <= (date.today().year % 100) + 30 else 1900 + two


def _month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _school_year(first: str, second: str) -> int | None:
    start = _year(first)
    end = _year(second) if len(second.lstrip("'")) == 4 else (start // 100) * 100 + int(second)
    return start if end == start + 1 else None


_NUMBER = r"(\d{1,2})"
_POINT_PATTERNS: list[tuple[re.Pattern, object]] = []


def _pattern(regex: str):
    def register(function):
        _POINT_PATTERNS.append((re.compile(rf"^(?:{regex})$", re.IGNORECASE), function))
        return function

    return register


@_pattern(rf"({YEAR4})")
def _plain_year(match):
    return match.group(1)


@_pattern(rf"{_NUMBER}\.\s*{_NUMBER}\.\s*({YEAR})")
def _german_day(match):
    day, month, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


@_pattern(rf"{_NUMBER}\s*[./]\s*({YEAR4}|\d\d)")
def _numeric_month(match):
    month, year = int(match.group(1)), _year(match.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


@_pattern(rf"([a-zäöü]+)\.?\s*[-/ ]?\s*({YEAR})")
def _named_month(match):
    word = match.group(1).lower()
    if word in SEASONS:
        return f"{_year(match.group(2)):04d}-{SEASONS[word]}"
    month = _month_number(word)
    if month is None:
        return None
    return f"{_year(match.group(2)):04d}-{month:02d}"


@_pattern(
    rf"(?:(\d)\.?|([iv]+)\.?|(erstes|zweites|drittes|viertes))\s*(?:quartal|qu\.?|q)\s*({YEAR})"
)
def _quarter(match):
    words = {"erstes": 1, "zweites": 2, "drittes": 3, "viertes": 4}
    number = (
        int(match.group(1))
        if match.group(1)
        else ROMAN.get((match.group(2) or "").lower()) or words.get((match.group(3) or "").lower())
    )
    if number not in (1, 2, 3, 4):
        return None
    return f"{_year(match.group(4)):04d}-{32 + number}"


@_pattern(rf"q\s*([1-4])\s*[/ ]?\s*({YEAR})")
def _quarter_short(match):
    return f"{_year(match.group(2)):04d}-{32 + int(match.group(1))}"


@_pattern(
    rf"(?:(\d)\.?|(erstes|erste|ersten|zweites|zweite|zweiten))\s*(?:halbjahr|hj\.?|hbj\.?)\s*({YEAR})"
)
def _half_year(match):
    number = int(match.group(1)) if match.group(1) else ORDINAL_WORDS[match.group(2).lower()]
    if number not in (1, 2):
        return None
    return f"{_year(match.group(3)):04d}-{39 + number}"


@_pattern(rf"h\s*([12])\s*[/ ]?\s*({YEAR})")
def _half_year_short(match):
    return f"{_year(match.group(2)):04d}-{39 + int(match.group(1))}"


@_pattern(
    rf"(?:beginn|anfang|start)\s+(?:des\s+)?(?:schuljahr(?:es|s)?|sj\.?)\s*({YEAR4})\s*/\s*(\d\d|{YEAR4})"
    rf"|schuljahres(?:beginn|anfang|start)\s*({YEAR4})\s*/\s*(\d\d|{YEAR4})"
)
def _school_year_start(match):
    first, second = (match.group(1), match.group(2)) if match.group(1) else match.groups()[2:4]
    start = _school_year(first, second)
    return f"{start:04d}-{SCHOOL_YEAR_START_MONTH:02d}~" if start else None


@_pattern(
    rf"(?:ende|schluss)\s+(?:des\s+)?(?:schuljahr(?:es|s)?|sj\.?)\s*({YEAR4})\s*/\s*(\d\d|{YEAR4})"
    rf"|schuljahresende\s*({YEAR4})\s*/\s*(\d\d|{YEAR4})"
)
def _school_year_end(match):
    first, second = (match.group(1), match.group(2)) if match.group(1) else match.groups()[2:4]
    start = _school_year(first, second)
    return f"{start + 1:04d}-{SCHOOL_YEAR_START_MONTH - 1:02d}~" if start else None


@_pattern(rf"(?:(?:schuljahr|sj\.?|schj\.?)\s*)?({YEAR4})\s*/\s*(\d\d|{YEAR4})")
def _school_year_whole(match):
    start = _school_year(match.group(1), match.group(2))
    if not start:
        return None
    return f"{start:04d}-08-01/{start + 1:04d}-07-31"


@_pattern(rf"(anfang|beginn|mitte|ende)\s+(?:des\s+jahres\s+)?({YEAR4})")
def _part_of_year(match):
    month = {"anfang": 1, "beginn": 1, "mitte": 6, "ende": 12}[match.group(1).lower()]
    return f"{_year(match.group(2)):04d}-{month:02d}~"


@_pattern(r"jahres(anfang|beginn|mitte|ende)\s+(" + YEAR4 + ")")
def _part_of_year_compound(match):
    month = {"anfang": 1, "beginn": 1, "mitte": 6, "ende": 12}[match.group(1).lower()]
    return f"{_year(match.group(2)):04d}-{month:02d}~"


@_pattern(rf"(?:anfang|beginn|mitte|ende)\s+([a-zäöü]+)\.?\s*({YEAR})")
def _part_of_month(match):
    month = _month_number(match.group(1))
    return f"{_year(match.group(2)):04d}-{month:02d}" if month else None


def _point(text: str) -> str | None:
    """EDTF for a single German date-like wording, or None."""
    text = text.strip().strip(",;").strip()
    if not text:
        return None
    lowered = text.lower()
    for marker in ("ca.", "ca", "circa", "etwa", "um", "rund", "ungefähr"):
        if lowered.startswith(marker + " ") or (
            marker.endswith(".") and lowered.startswith(marker)
        ):
            inner = _point(text[len(marker) :])
            if inner and "/" not in inner:
                return inner if inner.endswith("~") else inner.rstrip("?") + "~"
            return None
    for marker in ("vermutlich", "voraussichtlich", "wahrscheinlich"):
        if lowered.startswith(marker + " "):
            inner = _point(text[len(marker) :])
            if inner and "/" not in inner and not inner.endswith(("~", "?")):
                return inner + "?"
            return None
    if text.endswith("?") and len(text) > 1:
        inner = _point(text[:-1])
        return (
            inner + "?" if inner and "/" not in inner and not inner.endswith(("~", "?")) else None
        )
    for regex, function in _POINT_PATTERNS:
        match = regex.match(text)
        if match:
            result = function(match)
            if result:
                return result
    return None


def _edtf_passthrough(text: str) -> str | None:
    """Text that already is EDTF (as in an export) is taken as it is."""
    if not re.fullmatch(r"[0-9X.~?%/\-]+", text) or not re.match(r"^(?:\d{4}|\.\.|/)", text):
        return None
    try:
        _checked(text)
    except PeriodError:
        return None
    return text


RANGE_SEPARATORS = re.compile(
    r"\s*(?:–|—|‒|\s-\s|\bbis\s+(?:zum\s+|einschließlich\s+)?)\s*", re.IGNORECASE
)


def _range(text: str) -> str | None:
    """EDTF for "A–B", "A bis B", "von A bis B", "A-B" (also "Januar bis März 2023")."""
    text = re.sub(r"^(?:von|vom|zwischen)\s+", "", text, flags=re.IGNORECASE)
    parts = RANGE_SEPARATORS.split(text)
    candidates = [parts] if len(parts) == 2 else []
    if not candidates:
        # A plain hyphen: try every position ("2014-2016", "01.03.2015-31.12.2016").
        for position in [m.start() for m in re.finditer("-", text)]:
            candidates.append([text[:position], text[position + 1 :]])
    for left, right in candidates:
        end = _point(right)
        if not end or not left.strip():
            continue
        start = _point(left)
        if not start:
            year = re.search(rf"({YEAR4})\s*$", right)
            start = _point(f"{left.strip()} {year.group(1)}") if year else None
        if start:
            return f"{start}/{end}"
    return None


def _mean(text: str) -> str | None:
    """EDTF for "2013 und 2014 (Mittel)", "Mittel 2013–2015", "Durchschnitt 2012, 2013, 2014"."""
    rest = MEAN_MARKERS.sub(" ", text.lower()).strip(" ,;:()")
    rest = re.sub(r"\s+", " ", rest)
    if not rest:
        return None
    years = re.split(r"\s*(?:,|;|\bund\b|&|\+)\s*", rest)
    if len(years) > 1 and all(re.fullmatch(YEAR4, year) for year in years):
        ordered = sorted(int(year) for year in years)
        return f"{ordered[0]}/{ordered[-1]}"
    return _range(rest) or _point(rest)


def parse_period(text: str) -> Period:
    """Read a period as a source writes it; raise `PeriodError` (German) if it cannot be read."""
    return _parse_period(str(text or ""))


@functools.lru_cache(maxsize=4096)
def _parse_period(text: str) -> Period:
    wording = re.sub(r"\s+", " ", str(text or "")).strip()
    if not wording:
        raise PeriodError(gettext("Bitte einen Zeitraum angeben."))
    body = PREFIXES.sub("", wording).strip()
    if re.search(r"\d\.$", body) and not re.fullmatch(r".*\d{1,2}\.\s*\d{1,2}\.", body):
        body = body[:-1]
    lowered = body.lower()
    edtf = None
    if lowered in ONGOING_WORDS or lowered in ("seit jeher", "fortlaufend seit jeher"):
        edtf = "../.."
    elif MEAN_MARKERS.search(lowered):
        edtf = _mean(body)
    else:
        edtf = _edtf_passthrough(body)
        if edtf is None:
            opening = re.match(
                r"^(?:ab|seit|beginnend(?:\s+(?:ab|mit))?|nach|ab dem|seit dem|ab sofort)\s+(.+)$",
                body,
                flags=re.IGNORECASE,
            )
            closing = re.match(
                r"^(?:bis|bis zum|bis spätestens|spätestens(?:\s+bis)?)\s+(.+)$",
                body,
                flags=re.IGNORECASE,
            )
            if opening:
                start = _point(opening.group(1)) or (_range(opening.group(1)) or "").split("/")[0]
                edtf = f"{start}/.." if start else None
            elif closing:
                end = _point(closing.group(1))
                edtf = f"/{end}" if end else None
            else:
                edtf = _point(body) or _range(body)
    if not edtf:
        raise PeriodError(
            gettext(
                "„%(text)s“ lässt sich nicht als Zeitraum lesen. Möglich sind z. B. „2016“, "
                "„Juni 2016“, „Jan 23“, „31.12.2016“, „2. Quartal 2016“, „1. Halbjahr 2026“, "
                "„2014–2016“, „ab 2015“, „Ende 2016“, „Schuljahr 2016/17“ oder "
                "„2013 und 2014 (Mittel)“."
            )
            % {"text": wording}
        )
    edtf = _checked(edtf)
    earliest, latest = _bounds(edtf) if edtf != "../.." else (None, None)
    return Period(wording=wording, edtf=edtf, earliest=earliest, latest=latest)


# --- display --------------------------------------------------------------------------


def _month_name(number: int) -> str:
    from django.utils.dates import MONTHS as MONTH_NAMES

    return str(MONTH_NAMES[number])


def _describe_point(edtf: str) -> str:
    marker = ""
    if edtf.endswith("~"):
        marker, edtf = gettext("ca. "), edtf[:-1]
    elif edtf.endswith("?"):
        marker, edtf = gettext("vermutlich "), edtf[:-1]
    parts = edtf.split("-")
    year = parts[0]
    if len(parts) == 1:
        text = year
    elif len(parts) == 3:
        text = f"{int(parts[2]):02d}.{int(parts[1]):02d}.{year}"
    else:
        code = int(parts[1])
        if code <= 12:
            text = f"{_month_name(code)} {year}"
        elif 21 <= code <= 24:
            season = {
                21: gettext("Frühjahr"),
                22: gettext("Sommer"),
                23: gettext("Herbst"),
                24: gettext("Winter"),
            }[code]
            text = f"{season} {year}"
        elif 33 <= code <= 36:
            text = gettext("%(number)s. Quartal %(year)s") % {"number": code - 32, "year": year}
        elif code in (40, 41):
            text = gettext("%(number)s. Halbjahr %(year)s") % {"number": code - 39, "year": year}
        else:
            text = edtf
    return marker + text


def format_period(edtf: str, wording: str = "") -> str:
    """How a period is shown: the source's wording if kept, else a German reading of the EDTF."""
    if wording:
        return wording
    if not edtf:
        return ""
    if edtf == "../..":
        return gettext("laufend")
    if "/" not in edtf:
        return _describe_point(edtf)
    lower, upper = edtf.split("/", 1)
    school = re.fullmatch(r"(\d{4})-08-01", lower)
    if school and upper == f"{int(school.group(1)) + 1}-07-31":
        return gettext("Schuljahr %(start)s/%(end)s") % {
            "start": school.group(1),
            "end": str(int(school.group(1)) + 1)[2:],
        }
    if upper == "..":
        return gettext("ab %(start)s") % {"start": _describe_point(lower)}
    if lower == "":
        return gettext("bis %(end)s") % {"end": _describe_point(upper)}
    if lower == "..":
        return gettext("bis %(end)s") % {"end": _describe_point(upper)}
    return f"{_describe_point(lower)}–{_describe_point(upper)}"


# --- model helper ---------------------------------------------------------------------


class PeriodColumns(models.Model):
    """Abstract base with one period: wording, EDTF and the derived bounds for sorting/filtering.

    Models with more than one period (a measure's start and end) can copy this pattern; the
    bounds are derived in `set_period` so they never disagree with the EDTF string.
    """

    period_wording = models.CharField(_("Zeitraum (wie in der Quelle)"), max_length=120, blank=True)
    period_edtf = models.CharField(_("Zeitraum (EDTF)"), max_length=80, blank=True)
    period_earliest = models.DateField(_("frühestens ab"), null=True, blank=True)
    period_latest = models.DateField(_("spätestens bis"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def period(self) -> Period | None:
        if not self.period_edtf:
            return None
        return Period(
            wording=self.period_wording,
            edtf=self.period_edtf,
            earliest=self.period_earliest,
            latest=self.period_latest,
        )

    def set_period(self, period: Period | None) -> None:
        self.period_wording = period.wording if period else ""
        self.period_edtf = period.edtf if period else ""
        self.period_earliest = period.earliest if period else None
        self.period_latest = period.latest if period else None

    @property
    def period_display(self) -> str:
        return format_period(self.period_edtf, self.period_wording)
