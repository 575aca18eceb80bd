"""Time and memory to render the controlling report (Berichterstattung und Controlling).

Two concepts: the demo concept (`python manage.py demo` loaders) and a synthetic one with
100 indicators × 10 years of values (plus a breakdown per year) in 10 fields. For each: the
number of queries to gather the report, the time to render the PDF without the PDF cache and
without the chart cache (cold) and with warm chart cache, the page count, and peak memory
(tracemalloc of Python allocations, and the process's max RSS from getrusage).

    .venv/bin/python benchmarks/bench_controlling_report.py
"""

import datetime
import resource
import subprocess
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from common import median_ms, peak_memory_mb, query_count, setup_django

vendor = setup_django()

from django.core.cache import cache  # noqa: E402

from concepts.models import (  # noqa: E402
    Concept,
    Edition,
    FieldOfAction,
    Measure,
    Municipality,
    OperationalGoal,
    StrategicGoal,
)
from indicators.importers.parsing import year_period  # noqa: E402
from indicators.models import Indicator, Measurement  # noqa: E402
from indicators.rounds.report import render_controlling_report, report_context  # noqa: E402

REFERENCE_DATE = datetime.date(2025, 12, 31)


def load_demo():
    from integration_site.management.commands.demo import load_demo as load_all

    load_all()
    from concepts.demo.rheine import TOWN_SLUG

    town = Municipality.objects.get(slug=TOWN_SLUG)
    return Edition.objects.for_municipality(town).current()


def build_big():
    town = Municipality.objects.create(name="Großstadt", slug="grossstadt")
    concept = Concept.objects.create(municipality=town, title="Integrationskonzept Großstadt")
    edition = Edition.objects.create(concept=concept, title="Fortschreibung", year=2025)
    values = []
    for f in range(1, 11):
        field = FieldOfAction.objects.create(
            edition=edition, title=f"Handlungsfeld {f}", position=f
        )
        goal = StrategicGoal.objects.create(
            field_of_action=field, title=f"Leitziel {f}: Teilhabe verbessern", position=1
        )
        operational = OperationalGoal.objects.create(
            field_of_action=field, strategic_goal=goal, title=f"Handlungsziel {f}.1", position=1
        )
        for m in range(8):
            Measure.objects.create(
                field_of_action=field,
                title=f"Maßnahme {f}.{m + 1}",
                status=list(Measure.Status)[m % 6],
                position=m + 1,
            )
        for i in range(10):
            indicator = Indicator.objects.create(
                operational_goal=operational,
                code=f"I{f}-{i}",
                name=f"Indikator {f}.{i + 1} Beschäftigungsquote Gruppe {i + 1}",
                unit=Indicator.Unit.PERCENT,
                baseline_value=Decimal("40"),
                baseline_date=datetime.date(2016, 12, 31),
                target_value=Decimal("55"),
                target_year=2028,
                breakdowns="Geschlecht",
                position=i + 1,
            )
            for year in range(2016, 2026):
                period = year_period(year)
                base = Decimal(40 + (year - 2016) * (1 + (i % 3) * 0.5))
                for breakdown, delta in (("", 0), ("Geschlecht: weiblich", -2)):
                    values.append(
                        Measurement(
                            indicator=indicator,
                            period_kind=period.kind,
                            period_start=period.start,
                            period_end=period.end,
                            period_label=period.label,
                            breakdown=breakdown,
                            value=base + delta,
                            is_series_break=(year == 2021 and i == 0),
                        )
                    )
    Measurement.objects.bulk_create(values)
    return edition


def pages(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(pdf)
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")


def measure(label, edition):
    indicators = Indicator.objects.for_edition(edition).count()
    values = Measurement.objects.for_edition(edition).count()
    queries = query_count(lambda: report_context(edition=edition, reference_date=REFERENCE_DATE))

    def cold():
        cache.clear()
        return render_controlling_report(edition=edition, reference_date=REFERENCE_DATE)

    start = time.perf_counter()
    pdf = cold()
    first_ms = (time.perf_counter() - start) * 1000
    repeat = 3 if indicators <= 30 else 1
    cold_ms = median_ms(cold, repeat=repeat, warmup=0) if repeat > 1 else first_ms
    # The big case renders only twice (timed, then under tracemalloc) to stay near 2 minutes.
    warm_ms = (
        median_ms(
            lambda: render_controlling_report(edition=edition, reference_date=REFERENCE_DATE),
            repeat=repeat,
            warmup=0,
        )
        if repeat > 1
        else None
    )
    peak = peak_memory_mb(cold)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}: {indicators} Indikatoren, {values} Messwerte, {pages(pdf)} Seiten, "
        f"{len(pdf) / 1024:.0f} KiB"
    )
    print(f"  Abfragen für den Berichtsinhalt: {queries}")
    print(f"  PDF ohne Diagramm-Cache:          {cold_ms:8.0f} ms (Median aus {repeat})")
    if warm_ms is not None:
        print(f"  PDF mit Diagramm-Cache (Median):  {warm_ms:8.0f} ms")
    print(f"  Spitzenspeicher (tracemalloc):    {peak:8.1f} MB")
    print(f"  max. RSS des Prozesses bisher:    {rss:8.1f} MB")


if __name__ == "__main__":
    print(f"Controllingbericht – Datenbank: {vendor}, Stichtag {REFERENCE_DATE:%d.%m.%Y}")
    measure("Demo-Konzept", load_demo())
    measure("100 Indikatoren × 10 Jahre", build_big())
