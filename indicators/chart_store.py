"""Charts drawn when the values change, not when someone looks (issue 17, point 4).

Drawing an indicator's chart with matplotlib takes 0.1–0.5 s (up to 2 s on a busy server), and
its key changes with every value entered. So a change to an indicator or its values enqueues
`prerender_charts` after the commit; the worker draws the charts the pages show (large and
small, in every language of the site) and stores them as `StoredChart` under the same key
`indicators.charts.indicator_chart_svg` looks for, which then finds them there (and keeps them
in the cache). The worker removes the indicator's charts of older values.

Only where a worker runs: with the immediate task backend (the tests, TASKS_BACKEND=immediate)
the drawing would happen in the request anyway, so nothing is enqueued.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)

SIZES = ("large", "small")

_pending = threading.local()


def stored_svg(key: str) -> str | None:
    from indicators.models import StoredChart

    return StoredChart.objects.filter(key=key).values_list("svg", flat=True).first()


def charts_changed(indicator_ids) -> None:
    """Enqueue one `prerender_charts` for the indicators after the current transaction commits
    (once per transaction, however many values it saved)."""
    from integration_site.background.worker import needs_worker

    if not needs_worker():
        return
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    ids.update(i for i in indicator_ids if i)
    # The first callback after the commit takes all ids; the others find none. (A rolled-back
    # transaction drops its callbacks; its ids are drawn with the next commit, harmlessly.)
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    ids = sorted(getattr(_pending, "ids", None) or ())
    _pending.ids = None
    if not ids:
        return
    try:
        prerender_charts.enqueue(ids)
    except Exception:
        # The values are saved; a chart not drawn ahead is drawn on first view.
        logger.exception("Could not enqueue the charts of indicators %s", ids)


@task()
def prerender_charts(indicator_ids: list[int]) -> int:
    """Draw and store the charts of the indicators' current values; returns how many were
    drawn (charts already stored under their key are not drawn again)."""
    from indicators.charts import chart_key, draw
    from indicators.models import Indicator, StoredChart
    from indicators.overview import indicator_rows

    indicators = Indicator.objects.filter(pk__in=indicator_ids)
    drawn = 0
    for row in indicator_rows(indicators):
        measurements = [m for m in row.series if m.value is not None]
        wanted = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for size in SIZES:
                    key = chart_key(row.indicator, measurements, row.status.status, size)
                    wanted[key] = (code, size)
        have = set(StoredChart.objects.filter(key__in=wanted).values_list("key", flat=True))
        new = []
        for key, (code, size) in wanted.items():
            if key in have:
                continue
            with translation.override(code):
                svg = draw(row.indicator, measurements, row.status.status, size, key)
            new.append(StoredChart(indicator=row.indicator, key=key, svg=svg))
        StoredChart.objects.bulk_create(new, ignore_conflicts=True)
        StoredChart.objects.filter(indicator=row.indicator).exclude(key__in=wanted).delete()
        drawn += len(new)
    return drawn
