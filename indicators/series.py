"""Time series of many indicators in a fixed number of queries.

A series runs across editions: the measurements of an indicator and of its predecessors
(`continues`). `load_series(indicators)` returns {indicator.pk: [Measurement, …]} oldest first,
with one query per edition generation plus one for all measurements. With `as_of`, only values
whose period has begun by that day: the current year's value is in, next year's is not.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from indicators.models import Indicator, Measurement


def predecessor_chains(indicators: Iterable[Indicator]) -> dict[int, list[int]]:
    """{indicator.pk: [pk, predecessor pk, …]} following `continues`."""
    parent = {i.pk: i.continues_id for i in indicators}
    frontier = {p for p in parent.values() if p and p not in parent}
    while frontier:
        rows = Indicator.objects.filter(pk__in=frontier).values_list("pk", "continues_id")
        frontier = set()
        for pk, continues_id in rows:
            parent[pk] = continues_id
            if continues_id and continues_id not in parent:
                frontier.add(continues_id)
    chains = {}
    for indicator in indicators:
        chain, current = [], indicator.pk
        while current and current not in chain:
            chain.append(current)
            current = parent.get(current)
        chains[indicator.pk] = chain
    return chains


def load_series(
    indicators: Iterable[Indicator], *, as_of: datetime.date | None = None
) -> dict[int, list[Measurement]]:
    indicators = list(indicators)
    chains = predecessor_chains(indicators)
    owner = {}
    for head, chain in chains.items():
        for pk in chain:
            owner.setdefault(pk, []).append(head)
    queryset = Measurement.objects.filter(indicator_id__in=owner).order_by(
        "period_end", "period_start", "area", "group", "breakdown", "source"
    )
    if as_of is not None:
        # Periods that have begun by then: a value of the running year counts (as vorläufig).
        queryset = queryset.filter(period_start__lte=as_of)
    series = {i.pk: [] for i in indicators}
    # Newer editions win where two indicators of a chain have a value for the same period.
    rank = {(head, pk): n for head, chain in chains.items() for n, pk in enumerate(chain)}
    for measurement in queryset:
        for head in owner[measurement.indicator_id]:
            series[head].append(measurement)
    for head, items in series.items():
        best = {}
        for m in items:
            key = (m.period_edtf, m.area, m.group, m.breakdown, m.source)
            if (
                key not in best
                or rank[(head, m.indicator_id)] < rank[(head, best[key].indicator_id)]
            ):
                best[key] = m
        series[head] = [
            m for m in items if best[(m.period_edtf, m.area, m.group, m.breakdown, m.source)] is m
        ]
    return series
