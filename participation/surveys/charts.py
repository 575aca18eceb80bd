"""Bar charts of survey results as SVG markup, accessible like the indicator charts.

Same contract as `indicators/charts.py` (which participation must not import): the SVG has
`role="img"`, a `<title>` and a `<desc>` that says every figure in words, text stays text, the
colours are presentation attributes (the CSP forbids inline styles) and the bars are readable in
greyscale because each carries its number. Written as markup rather than drawn with matplotlib:
a results page shows dozens of charts and must stay under 300 ms.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
BAR_WIDTH = 300
WIDTH = LABEL_WIDTH + BAR_WIDTH + 70


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def percent_text(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


def bar_chart_svg(*, title: str, rows: list, uid: str) -> str:
    """`rows`: objects with `label`, `count` and `percent`; one bar per row."""
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    described = "; ".join(
        _("%(label)s: %(count)d (%(percent)s)")
        % {"label": r.label, "count": r.count, "percent": percent_text(r.percent)}
        for r in rows
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="survey-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(described)}</desc>',
    ]
    for n, row in enumerate(rows):
        y = GAP + n * (BAR_HEIGHT + GAP)
        width = round(BAR_WIDTH * row.percent / 100, 1)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT * 0.7}" text-anchor="end" '
            f'font-size="13" fill="#212529">{escape(_short(row.label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'fill="#e9ecef"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="#1f4e79"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + BAR_HEIGHT * 0.7}" '
            f'font-size="13" fill="#212529">{escape(percent_text(row.percent))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
