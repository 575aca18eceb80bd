"""What the indicators add to the concept: one `ConceptExtension`, registered in
IndicatorsConfig.ready() (the contract is documented in concepts/extensions.py)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concepts.extensions import ConceptExtension, GoalCounts
from concepts.schema import Part

if TYPE_CHECKING:
    from django.http import HttpRequest

    from concepts.models import Edition, Municipality


def start_panels(
    request: HttpRequest, municipality: Municipality, role: str | None
) -> list[dict[str, Any]]:
    """The town's start page: how the current edition's indicators stand."""
    if role is None:
        return []
    from concepts.models import Edition
    from indicators.overview import edition_rollup

    edition = Edition.objects.for_municipality(municipality).current()
    if edition is None:
        return []
    summary, count = edition_rollup(edition)
    if not count:
        return []
    return [
        {
            "template": "indicators/panels/status.html",
            "rollup": summary,
            "count": count,
            "municipality": municipality,
        }
    ]


def running_year(edition: Edition) -> str:
    """The document marks the running year's values as vorläufig: a new year, a new PDF."""
    return str(timezone.localdate().year)


def demo_section(
    data: dict[str, Any],
    section: list[dict[str, Any]],
    *,
    large: bool,
    today: datetime.date | None = None,
    size: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The indicators of the demo files: Rheine's values kept current, the large town's made
    (`size["indicators"]` of them for the generated towns of `demo --towns`)."""
    from indicators.exchange import upgrade

    if large:
        from indicators.demo.large import INDICATORS, indicators_section

        count = (size or {}).get("indicators", INDICATORS)
        return upgrade(indicators_section(data, today, count=count))
    if section is not None:
        from indicators.demo.rheine import keep_current

        keep_current(section, today)
        return upgrade(section)
    return section


def extension() -> ConceptExtension:
    from indicators import document, exchange, public
    from indicators.copying import copy_indicators
    from indicators.counts import indicator_counts
    from indicators.models import Indicator, Measurement

    return ConceptExtension(
        name="indicators",
        parts=(
            Part(Indicator, "edition", copied=False, history_slug="indikator"),
            Part(Measurement, "indicator", order=("period_end", "pk"), copied=False),
        ),
        exchange_sections=(exchange.SECTION,),
        comparison_sections=(exchange.COMPARISON_SECTION,),
        copy=copy_indicators,
        goal_counts=GoalCounts(
            count=indicator_counts,
            label=_("Indikatoren"),
            missing_title=_("Handlungsziele ohne Indikator"),
            missing_caption=_("Handlungsziele, die noch kein Indikator misst"),
            none_missing=_("Jedes Handlungsziel hat mindestens einen Indikator."),
        ),
        document_fragments=document.goal_fragments,
        document_sections=document.facts_sections,
        document_stylesheets=document.STYLESHEETS,
        public_fragments=public.field_fragments,
        public_stylesheets=public.STYLESHEETS,
        public_noun=_("Indikatoren"),
        edition_links=public.edition_links,
        start_panels=start_panels,
        demo_section=demo_section,
        stamps={
            # The counts per goal of the whole-concept page.
            "tree": (Indicator,),
            # The indicator tables under each goal of the concept document.
            "document": (Indicator, Measurement, running_year),
        },
    )
