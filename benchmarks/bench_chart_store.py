"""A cold indicator page: its chart drawn in the request (before), or drawn ahead by the worker
when the values changed (after, `indicators/chart_store.py`).

    .venv/bin/python benchmarks/bench_chart_store.py

One indicator with 10 yearly values, its series for two areas and two groups beside it. Three
ways to answer the indicator page, measured in turn in one run: the cache empty and no stored
chart (matplotlib draws it in the request, as before), the cache empty and the chart stored by
`prerender_charts` (a restarted server, another server, or an evicted cache), and the cache
warm. Ratios against the warm page are the figures to compare across runs.
"""

import datetime
from decimal import Decimal

from common import median_ms, query_count, setup_django

vendor = setup_django()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from concepts.models import Membership  # noqa: E402
from indicators.chart_store import prerender_charts  # noqa: E402
from indicators.importers.parsing import year_period  # noqa: E402
from indicators.models import Measurement, StoredChart  # noqa: E402
from tests import factories  # noqa: E402


def main():
    town = factories.MunicipalityFactory(name="Rheine", slug="rheine")
    user = factories.UserFactory(username="stab")
    factories.MembershipFactory(user=user, municipality=town, role=Membership.Role.STAFF)
    edition = factories.EditionFactory(concept__municipality=town)
    field = factories.FieldOfActionFactory(edition=edition, position=1)
    goal = factories.OperationalGoalFactory(
        strategic_goal__field_of_action=field, field_of_action=field
    )
    indicator = factories.IndicatorFactory(operational_goal=goal, code="ARB", name="Arbeitslose")
    last = datetime.date.today().year - 1
    rows = []
    for area, group in (("", ""), ("NRW", ""), ("Deutschland", ""), ("", "Frauen")):
        for n, year in enumerate(range(last - 9, last + 1)):
            period = year_period(year)
            rows.append(
                Measurement(
                    indicator=indicator,
                    area=area,
                    group=group,
                    period_kind=Measurement.PeriodKind.YEAR,
                    period_start=period.start,
                    period_end=period.end,
                    period_label=str(year),
                    value=Decimal(10 + n + len(area) % 3),
                )
            )
    Measurement.objects.bulk_create(rows)
    client = Client()
    client.force_login(user)
    url = reverse("indicators:indicator_detail", args=[town.slug, indicator.pk])

    def get():
        assert client.get(url).status_code == 200

    def drawn_in_request():
        cache.clear()
        StoredChart.objects.all().delete()
        get()

    def stored_ahead():
        cache.clear()
        get()

    get()
    before = median_ms(drawn_in_request, repeat=9)
    queries_before = query_count(drawn_in_request)
    start = datetime.datetime.now()
    drawn = prerender_charts.call([indicator.pk])
    prerender_ms = (datetime.datetime.now() - start).total_seconds() * 1000
    after = median_ms(stored_ahead, repeat=9)
    queries_after = query_count(stored_ahead)
    warm = median_ms(get, repeat=15)
    print(f"Indikatorseite, kalt, Datenbank: {vendor} ({len(rows)} Messwerte in 4 Reihen)")
    print(f"{'':42} {'Median ms':>10} {'Queries':>8} {'÷ warm':>7}")
    for label, ms, queries in (
        ("Diagramm in der Anfrage gezeichnet (vorher)", before, queries_before),
        ("Diagramm vom Worker gespeichert (nachher)", after, queries_after),
        ("Cache warm", warm, ""),
    ):
        print(f"{label:42} {ms:>10.1f} {queries:>8} {ms / warm:>7.1f}")
    print(
        f"Vorher/nachher {before / after:.1f}×; der Worker zeichnete {drawn} Diagramme "
        f"(groß und klein, de und en) in {prerender_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
