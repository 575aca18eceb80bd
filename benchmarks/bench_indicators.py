"""Indicator dashboard, charts and import on the demo and on 100 indicators × 10 years.

Prints: dashboard request time and query count (demo; big), overview build time, chart
rendering cold and cached, and parse + preview + import time for a 1,000-row CSV.
"""

import datetime
import sys
from decimal import Decimal  # noqa: E402

from common import median_ms, peak_memory_mb, query_count, setup_django

vendor = setup_django()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from concepts.demo import rheine as concept_demo  # noqa: E402
from concepts.models import (  # noqa: E402
    Concept,
    Edition,
    FieldOfAction,
    Membership,
    Municipality,
    OperationalGoal,
    StrategicGoal,
)
from indicators import services  # noqa: E402
from indicators.charts import indicator_chart_svg  # noqa: E402
from indicators.importers import values as importers  # noqa: E402
from indicators.importers.parsing import year_period  # noqa: E402
from indicators.models import Indicator, Measurement  # noqa: E402
from indicators.overview import edition_overview  # noqa: E402


def big_town(indicator_count=100, years=10):
    town = Municipality.objects.create(name="Großstadt", slug="grossstadt")
    concept = Concept.objects.create(municipality=town, title="Integrationskonzept Großstadt")
    edition = Edition.objects.create(concept=concept, title="Fassung", year=2025)
    last = datetime.date.today().year - 1
    indicators = []
    for f in range(10):
        field = FieldOfAction.objects.create(edition=edition, position=f + 1, title=f"Feld {f + 1}")
        strategic = StrategicGoal.objects.create(
            field_of_action=field, position=1, title="Leitziel"
        )
        for g in range(2):
            goal = OperationalGoal.objects.create(
                field_of_action=field, strategic_goal=strategic, position=g + 1, title="Ziel"
            )
            for i in range(indicator_count // 20):
                indicators.append(
                    Indicator.objects.create(
                        operational_goal=goal,
                        code=f"I{f}-{g}-{i}",
                        name=f"Indikator {f}.{g}.{i}",
                        baseline_value=Decimal(40),
                        baseline_date=datetime.date(last - years + 1, 12, 31),
                        target_value=Decimal(50),
                        target_year=2030,
                        breakdowns="Staatsangehörigkeit",
                    )
                )
    rows = []
    for n, indicator in enumerate(indicators):
        for y in range(years):
            period = year_period(last - years + 1 + y)
            for breakdown in ("", "Staatsangehörigkeit: nichtdeutsch"):
                rows.append(
                    Measurement(
                        indicator=indicator,
                        period_kind=period.kind,
                        period_start=period.start,
                        period_end=period.end,
                        period_label=period.label,
                        breakdown=breakdown,
                        value=Decimal(40 + y * (n % 7) / 5),
                    )
                )
    Measurement.objects.bulk_create(rows)
    return town, edition, indicators


def staff_client(town):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=f"bench-{town.slug}")
    Membership.objects.get_or_create(user=user, municipality=town, role=Membership.Role.STAFF)
    client = Client()
    client.force_login(user)
    return client


def report_dashboard(label, town, edition):
    client = staff_client(town)
    url = f"/{town.slug}/indikatoren/"
    assert client.get(url).status_code == 200
    print(
        f"{label}: dashboard GET      {median_ms(lambda: client.get(url), repeat=7):8.1f} ms, "
        f"{query_count(lambda: client.get(url))} queries"
    )
    print(
        f"{label}: edition_overview   "
        f"{median_ms(lambda: edition_overview(edition), repeat=7):8.1f} ms"
    )
    print(f"{label}: dashboard peak mem {peak_memory_mb(lambda: client.get(url)):8.1f} MB")


def main():
    print(f"database: {vendor}")
    concept_demo.load()
    demo_town = Municipality.objects.get(slug=concept_demo.TOWN_SLUG)
    demo_edition = Edition.objects.for_municipality(demo_town).current()
    report_dashboard(
        f"demo ({Indicator.objects.for_edition(demo_edition).count()} indicators)",
        demo_town,
        demo_edition,
    )

    town, edition, indicators = big_town()
    report_dashboard("100 indicators × 10 years", town, edition)

    blocks = edition_overview(edition)
    rows = [row for block in blocks for row in block.rows]

    def render_all_cold():
        cache.clear()
        for row in rows:
            indicator_chart_svg(row.indicator, row.series, row.status.status)

    def render_all_warm():
        for row in rows:
            indicator_chart_svg(row.indicator, row.series, row.status.status)

    render_all_warm()
    print(f"charts: 100 large SVGs cold  {median_ms(render_all_cold, repeat=3, warmup=0):8.1f} ms")
    print(f"charts: 100 large SVGs cached {median_ms(render_all_warm, repeat=5):7.1f} ms")

    lines = [";".join(importers.TEMPLATE_COLUMNS)]
    for indicator in indicators:
        for year in range(2000, 2010):
            lines.append(f"{indicator.code};;;{year};;{year % 97},5;;;;")
    data = ("\r\n".join(lines) + "\r\n").encode()
    parsed = importers.parse_upload(edition, "werte.csv", data)
    assert parsed.ok, parsed.errors[:3]
    print(
        f"import: parse {len(parsed.items)} rows    "
        f"{median_ms(lambda: importers.parse_upload(edition, 'werte.csv', data), repeat=3):8.1f} ms"
    )
    print(
        f"import: preview {len(parsed.items)} rows  "
        f"{median_ms(lambda: importers.preview(parsed.items), repeat=3):8.1f} ms"
    )

    def save():
        return services.measurements_save(items=parsed.items, user=None)

    print(
        f"import: save {len(parsed.items)} rows     "
        f"{median_ms(save, repeat=1, warmup=0):8.1f} ms (first run: all new)"
    )
    for item in parsed.items:
        item.value += 1
    print(
        f"import: save {len(parsed.items)} rows     "
        f"{median_ms(save, repeat=1, warmup=0):8.1f} ms (second run: all changed)"
    )


if __name__ == "__main__":
    sys.exit(main())
