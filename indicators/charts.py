"""Charts of an indicator's series as SVG, drawn with matplotlib on the server.

One function, `indicator_chart_svg`, serves the browser page and the PDF. It uses
`matplotlib.figure.Figure` directly (no pyplot: no global figure state, safe in threads), text
stays text (`svg.fonttype = none`) so that it can be searched and read in PDFs, and the SVG gets a
`<title>` and `<desc>` plus `role="img"` and `aria-labelledby` as its text alternative.

Greyscale readable: the indicator's own series (the town, everybody) is a solid line with round
markers, comparison series (areas such as Land/Bund/Kreis, groups, breakdowns) dashed/dotted
with other markers, the target path a thin dash-dot line, the baseline a square and the target a
star. Across a series break the line is not joined. Approximate values and bounds ("mehr als")
have hollow markers. Results are cached by a hash of everything drawn.

The Content-Security-Policy forbids inline styles, and matplotlib writes `style="…"` on nearly
every element plus a `<style>` block. `_presentation_attributes` turns both into SVG presentation
attributes (`fill="…"`, `stroke-width="…"`), which are markup, not style, and look the same —
in the browser, in the <img> chart endpoint and in WeasyPrint.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

import matplotlib
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.dates import DateFormatter, YearLocator
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator

from indicators.importers.parsing import format_number
from indicators.status import path_start, target_date
from integration_site.rendering.stamps import digest

if TYPE_CHECKING:
    from indicators.models import Indicator, Measurement

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "indicators",
        "font.family": ["DejaVu Sans", "sans-serif"],
        "font.size": 10,
        # Labels are user text (breakdowns, units): a `$` is a dollar sign, not TeX.
        "text.parse_math": False,
    }
)

STATUS_COLOURS = {
    "achieved": "#1b6e3a",
    "on_track": "#2e7d32",
    "at_risk": "#a86500",
    "off_track": "#b3261e",
    "no_data": "#5f6b76",
    None: "#0b3d6b",
}
BREAKDOWN_STYLES = [("--", "s"), (":", "^"), ("-.", "D"), ((0, (5, 1, 1, 1)), "v"), ("--", "P")]
BREAKDOWN_COLOURS = ["#4a4a4a", "#6d4c9f", "#00696b", "#8a4f00", "#444f8c"]
SIZES = {"large": (6.4, 3.8), "small": (2.6, 1.0)}
CACHE_SECONDS = 60 * 60 * 24
# Bumped when the SVG markup changes, so that no cache serves charts in the old form.
CACHE_VERSION = "v3"

logger = logging.getLogger(__name__)


def _segments(points):
    """Split [(date, value, measurement)] into runs not joined across series breaks."""
    runs, current = [], []
    for point in points:
        if point[2].is_series_break and current:
            runs.append(current)
            current = []
        current.append(point)
    if current:
        runs.append(current)
    return runs


def _fingerprint(indicator, measurements, status, size):
    parts = [
        size,
        get_language() or "",  # legend and text alternative are in the reader's language
        str(status),
        indicator.name,
        indicator.unit_label,
        str(indicator.decimal_places),
        str(indicator.baseline_value),
        str(indicator.baseline_date),
        str(indicator.target_value),
        str(indicator.target_year),
        indicator.direction,
    ]
    parts += [
        f"{m.period_end}|{m.period_label}|{m.series_name}|{m.source}|{m.value}|"
        f"{m.is_approximate}|{m.qualifier}|{m.is_series_break}"
        for m in measurements
    ]
    return digest(*parts)


def describe(indicator: Indicator, measurements: Sequence[Measurement]) -> str:
    """A short German text alternative: what the chart shows, in numbers."""
    totals = [m for m in measurements if m.is_own and m.value is not None]
    unit = indicator.unit_label
    places = indicator.decimal_places
    parts = [_("Zeitreihe „%(name)s“") % {"name": indicator.name}]
    if totals:
        first, last = totals[0], totals[-1]
        parts.append(
            (
                _("von %(first_period)s (%(first_value)s) bis %(last_period)s (%(last_value)s)")
                % {
                    "first_period": first.period_label,
                    "first_value": f"{format_number(first.value, places)} {unit}",
                    "last_period": last.period_label,
                    "last_value": f"{'ca. ' if last.is_approximate else ''}"
                    f"{format_number(last.value, places)} {unit}",
                }
            ).replace(" )", ")")
        )
    else:
        parts.append(_("ohne Werte"))
    if indicator.baseline_value is not None:
        parts.append(
            _("Ausgangswert %(value)s") % {"value": format_number(indicator.baseline_value, places)}
        )
    if indicator.target_value is not None:
        parts.append(
            _("Zielwert %(value)s bis %(year)s")
            % {
                "value": format_number(indicator.target_value, places),
                "year": indicator.target_year,
            }
        )
    if any(m.is_series_break for m in totals[1:]):
        parts.append(_("mit Zeitreihenbruch"))
    series = sorted({m.series_name for m in measurements if m.series_name})
    if series:
        parts.append(_("im Vergleich mit %(names)s") % {"names": ", ".join(series)})
    return "; ".join(parts) + "."


def indicator_chart_svg(
    indicator: Indicator,
    measurements: Sequence[Measurement],
    status: str | None = None,
    size: str = "large",
    *,
    stored: bool = True,
) -> str:
    """The chart as an SVG string ready to inline in HTML or a PDF template: from the cache,
    else as the worker drew it ahead of time (`indicators.chart_store`), else drawn now.

    A page with many charts calls `cache_stored_charts` first (one query for all) and then
    this with `stored=False`, so that its queries do not grow with its charts."""
    measurements = [m for m in measurements if m.value is not None]
    key = chart_key(indicator, measurements, status, size)
    svg = cache.get(key)
    if svg is None:
        from indicators.chart_store import stored_svg

        svg = stored_svg(key) if stored else None
        if svg is None:
            svg = draw(indicator, measurements, status, size, key)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def cache_stored_charts(charts) -> None:
    """Put the stored charts of [(indicator, measurements, status, size)] into the cache, in
    one query (none when all are cached)."""
    from indicators.models import StoredChart

    keys = [
        chart_key(indicator, [m for m in measurements if m.value is not None], status, size)
        for indicator, measurements, status, size in charts
    ]
    missing = set(keys) - set(cache.get_many(keys))
    if missing:
        found = StoredChart.objects.filter(key__in=missing).values_list("key", "svg")
        cache.set_many(dict(found), CACHE_SECONDS)


def chart_key(indicator, measurements, status, size) -> str:
    """The key of everything the chart shows (`measurements` without empty values)."""
    return f"indicator-chart:{CACHE_VERSION}:" + _fingerprint(indicator, measurements, status, size)


def draw(indicator, measurements, status, size, key) -> str:
    return _render(indicator, measurements, status, size, key[-10:])


def _render(indicator, measurements, status, size, uid):
    small = size == "small"
    figure = Figure(figsize=SIZES[size], dpi=100)
    axes = figure.add_subplot()
    colour = STATUS_COLOURS.get(status, STATUS_COLOURS[None])
    places = indicator.decimal_places

    groups = {}
    for m in measurements:
        groups.setdefault(m.series_name, []).append((m.period_end, m.value, m))
    names = sorted(groups, key=lambda b: (b != "", b))
    approx_labelled = small
    if small:
        names = [n for n in names if n == ""][:1] or names[:1]
    for index, name in enumerate(names):
        if name == "":
            style, marker, line_colour, width, label = "-", "o", colour, 2.2, _("Gesamt")
        else:
            style, marker = BREAKDOWN_STYLES[(index - 1) % len(BREAKDOWN_STYLES)]
            line_colour = BREAKDOWN_COLOURS[(index - 1) % len(BREAKDOWN_COLOURS)]
            width, label = 1.4, name
        for run_number, run in enumerate(_segments(groups[name])):
            xs = [p[0] for p in run]
            ys = [float(p[1]) for p in run]
            axes.plot(
                xs,
                ys,
                linestyle=style,
                color=line_colour,
                linewidth=width if not small else 1.6,
                marker=marker,
                markersize=5 if not small else 3,
                label=label if run_number == 0 else None,
            )
            approx = [(p[0], float(p[1])) for p in run if p[2].is_approximate or p[2].qualifier]
            if approx:
                axes.plot(
                    [a[0] for a in approx],
                    [a[1] for a in approx],
                    linestyle="none",
                    marker=marker,
                    markersize=7 if not small else 4,
                    markerfacecolor="white",
                    markeredgecolor=line_colour,
                    label=None if approx_labelled else _("ca.-Wert"),
                )
                approx_labelled = True

    if not small:
        breaks = sorted({m.period_end for m in measurements if m.is_series_break and m.is_own})
        for number, day in enumerate(breaks):
            axes.axvline(
                day,
                color="#555555",
                linestyle=(0, (1, 2)),
                linewidth=1,
                label=_("Zeitreihenbruch") if number == 0 else None,
            )

    if indicator.baseline_value is not None and indicator.baseline_date:
        axes.plot(
            [indicator.baseline_date],
            [float(indicator.baseline_value)],
            linestyle="none",
            marker="s",
            markersize=7 if not small else 4,
            color="#333333",
            label=_("Ausgangswert"),
        )
    if indicator.target_value is not None and indicator.target_year:
        end = target_date(indicator)
        axes.plot(
            [end],
            [float(indicator.target_value)],
            linestyle="none",
            marker="*",
            markersize=11 if not small else 6,
            color="#111111",
            label=_("Zielwert %(year)s") % {"year": indicator.target_year},
        )
        start = path_start(indicator, measurements)
        if start is not None and start[0] and start[0] < end:
            # The path the status rule measures against (after a series break: from the break).
            axes.plot(
                [start[0], end],
                [float(start[1]), float(indicator.target_value)],
                linestyle="-.",
                linewidth=0.9,
                color="#777777",
                label=_("Zielpfad"),
            )

    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: format_number(v, _tick_places(v, places)))
    )
    axes.yaxis.set_major_locator(MaxNLocator(nbins=3 if small else 6))
    # Ticks on 31 December, labelled with that year: a value for "2023" or "31.12.2023" sits
    # right on the "2023" tick.
    years = [d.year for d in _dates(indicator, measurements)] or [2000]
    span = max(years) - min(years) + 1
    step = max(1, math.ceil(span / (3 if small else 8)))
    axes.xaxis.set_major_locator(YearLocator(base=step, month=12, day=31))
    axes.xaxis.set_major_formatter(DateFormatter("%Y"))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    if small:
        axes.tick_params(labelsize=7, length=2, pad=1)
        figure.subplots_adjust(left=0.2, right=0.97, top=0.95, bottom=0.22)
    else:
        if indicator.unit_label:
            axes.set_ylabel(indicator.unit_label)
        # A fixed layout (no bbox_inches="tight"): that would draw the figure twice.
        figure.subplots_adjust(left=0.13, right=0.98, top=0.96, bottom=0.3)
        if axes.get_legend_handles_labels()[0]:
            axes.legend(
                loc="upper center",
                bbox_to_anchor=(0.45, -0.11),
                ncol=3,
                frameon=False,
                fontsize=8.5,
            )
    if not measurements and indicator.baseline_value is None:
        axes.text(0.5, 0.5, _("keine Werte"), ha="center", va="center", transform=axes.transAxes)
        axes.set_xticks([])
        axes.set_yticks([])
    _plain_text(figure)
    buffer = io.StringIO()
    figure.savefig(
        buffer,
        format="svg",
        metadata={"Date": None},
    )
    svg = _presentation_attributes(buffer.getvalue())
    return _accessible(svg, indicator.name, describe(indicator, measurements), uid)


def _plain_text(figure):
    """Every text of the figure drawn as written, whatever the process's rcParams say.

    The module sets `text.parse_math` off, but rcParams are global: should anything reset them,
    a breakdown like `Geschlecht: $\\undefinedmacro$` must still not reach the math parser
    (which raises on it). Tick labels, made at draw time, only hold numbers and years.
    """
    for text in figure.findobj(Text):
        text.set_parse_math(False)


def _dates(indicator, measurements):
    dates = [m.period_end for m in measurements]
    if indicator.baseline_date:
        dates.append(indicator.baseline_date)
    if indicator.target_year:
        dates.append(target_date(indicator))
    return dates


def _tick_places(value, places):
    return 0 if float(value).is_integer() else places


_ID = re.compile(r'id="([^"]+)"')

# The CSS properties matplotlib writes that SVG also accepts as presentation attributes.
PRESENTATION_ATTRIBUTES = {
    "clip-path",
    "fill",
    "fill-opacity",
    "fill-rule",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "text-anchor",
}
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_SHAPE = re.compile(r"<(path|rect|line|polyline|polygon|circle|ellipse)\b([^>]*?)(/?)>")


def _declarations(css):
    for declaration in css.split(";"):
        name, _sep, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name and value:
            yield name, value


def _attributes(declarations):
    parts = []
    for name, value in declarations:
        if name in PRESENTATION_ATTRIBUTES:
            parts.append(f' {name}="{value}"')
        elif name == "white-space" and value == "pre":
            parts.append(' xml:space="preserve"')
        else:
            logger.warning("Diagramm: CSS-Eigenschaft %s ohne SVG-Attribut verworfen", name)
    return "".join(parts)


def _presentation_attributes(svg):
    """matplotlib's SVG without `style` attributes and `<style>` elements, looking the same.

    The `<style>` block holds one rule for every element (`*{stroke-linejoin: round; …}`).
    A rule beats inheritance but loses to an element's own style, so each shape that does not
    set the property itself gets it as an attribute.
    """
    defaults = []
    for rules in _STYLE_ELEMENT.findall(svg):
        selector, _sep, body = rules.strip().partition("{")
        if selector.strip() != "*" or not body.rstrip().endswith("}"):
            logger.warning("Diagramm: unerwartete Stilregel %r verworfen", rules.strip())
            continue
        defaults += list(_declarations(body.rstrip()[:-1]))
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(lambda m: _attributes(_declarations(m.group(1))), svg)

    def with_defaults(match):
        tag, attributes, closing = match.groups()
        missing = [(n, v) for n, v in defaults if f" {n}=" not in attributes]
        return f"<{tag}{attributes}{_attributes(missing)}{closing}>"

    return _SHAPE.sub(with_defaults, svg) if defaults else svg


def _accessible(svg, title, description, uid):
    """Inline-ready SVG: no XML prolog, unique ids, <title>/<desc>, role and aria."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    ids = set(_ID.findall(svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"c{uid}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"#{old})", f"#{new})").replace(f'href="#{old}"', f'href="#{new}"')
    title_id, desc_id = f"c{uid}-title", f"c{uid}-desc"
    opening_end = svg.index(">") + 1
    opening = svg[:opening_end].replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{title_id} {desc_id}" class="indicator-chart" ',
        1,
    )
    return (
        opening
        + f'<title id="{title_id}">{escape(title)}</title>'
        + f'<desc id="{desc_id}">{escape(description)}</desc>'
        + svg[opening_end:]
    )
