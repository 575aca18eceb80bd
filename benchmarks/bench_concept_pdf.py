"""Concept PDF (the Anlage): time and peak memory for the demo concept and a large one.

Prints, per concept: pages, queries to build the context, the time of the product's whole
path without cache (`concept_pdf`: fingerprint, queries, template, WeasyPrint), WeasyPrint's own
time on the same pre-rendered HTML (`html_to_pdf`), their ratio, the time of a cached call and the
peak Python memory of an uncached render (tracemalloc, so it excludes C allocations of Pango).
"""

import datetime
import re
import statistics
import subprocess
import tempfile
import time
from decimal import Decimal

from common import median_ms, peak_memory_mb, query_count, setup_django

vendor = setup_django()

from django.core.cache import caches  # noqa: E402

from concepts.demo import rheine as demo  # noqa: E402
from concepts.document import concept_html, concept_pdf  # noqa: E402
from concepts.models import (  # noqa: E402
    Actor,
    Chapter,
    Concept,
    Edition,
    FieldOfAction,
    GuidingPrinciple,
    Measure,
    MeasureActor,
    Milestone,
    OperationalGoal,
    StrategicGoal,
    Vision,
)
from integration_site.rendering.pdf import html_to_pdf  # noqa: E402

LOREM = (
    "Die Fachstelle stimmt das Angebot mit den Trägern im Netzwerk ab und berichtet der "
    "Steuerungsgruppe jährlich über Teilnahmezahlen, Wartezeiten und Rückmeldungen der "
    "Teilnehmenden. Ehrenamtliche Integrationslotsen begleiten neu zugewanderte Familien. "
)


def large_edition(town, *, fields=8, strategic=2, operational=3, measures=2):
    concept = Concept.objects.create(municipality=town, title="Großes Integrationskonzept")
    edition = Edition.objects.create(concept=concept, title="3. Fortschreibung", year=2026)
    Vision.objects.create(edition=edition, motto="Vielfalt als Stärke", text=LOREM * 3)
    for n in range(1, 10):
        GuidingPrinciple.objects.create(edition=edition, position=n, title=f"Leitsatz {n}")
    for n in range(1, 7):
        Chapter.objects.create(
            edition=edition, part="A", position=n, title=f"Grundlagen {n}", body=LOREM * 6
        )
    actors = [
        Actor.objects.create(municipality=town, name=f"Träger {n} e. V. (groß)") for n in range(12)
    ]
    for f in range(1, fields + 1):
        field = FieldOfAction.objects.create(
            edition=edition, position=f, title=f"Handlungsfeld {f}", description=LOREM * 4
        )
        Chapter.objects.create(
            edition=edition,
            part="B",
            position=f,
            title=field.title,
            field_of_action=field,
            body=(LOREM * 3 + "\n\n") * 3,
        )
        position = 0
        for s in range(1, strategic + 1):
            goal = StrategicGoal.objects.create(
                field_of_action=field,
                position=s,
                title=f"Leitziel {f}.{s}: " + LOREM[:90],
                description=LOREM,
            )
            for o in range(1, operational + 1):
                op = OperationalGoal.objects.create(
                    field_of_action=field,
                    strategic_goal=goal,
                    position=o,
                    title=f"Handlungsziel {f}.{s}.{o}: " + LOREM[:70],
                )
                for _ in range(measures):
                    position += 1
                    measure = Measure.objects.create(
                        field_of_action=field,
                        position=position,
                        title=f"Maßnahme {f}.{position}",
                        description=LOREM * 2,
                        status="running",
                        staff_fte=Decimal("0.75"),
                        material_costs=Decimal("12500.50"),
                        funding="Landesprogramm KOMM-AN NRW",
                        starts_on=datetime.date(2025, 1, 1),
                        target_groups="Familien",
                    )
                    measure.operational_goals.add(op)
                    for k, role in enumerate(["lead", "partner", "partner", "funder"]):
                        MeasureActor.objects.create(
                            measure=measure, actor=actors[(position + k) % 12], role=role
                        )
                    for m in range(1, 3):
                        Milestone.objects.create(
                            measure=measure, position=m, title=f"Schritt {m} umgesetzt"
                        )
    return edition


def pages(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def clear_cache():
    caches["pdf"].clear()


def uncached(edition):
    clear_cache()
    return concept_pdf(edition)


def timed(fn):
    """(wall ms, CPU ms, result): CPU time is what this process spent, whatever else runs."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def report(label, edition, repeat):
    queries = query_count(lambda: concept_html(edition))
    html_ms = median_ms(lambda: concept_html(edition), repeat=repeat * 2, warmup=1)
    html = concept_html(edition)
    # Alternate the two so that load from other processes on the machine hits both alike.
    weasy, total = [], []
    for _ in range(repeat):
        weasy.append(timed(lambda: html_to_pdf(html)))
        total.append(timed(lambda: uncached(edition)))
    pdf = weasy[0][2]
    weasy_wall = statistics.median(w for w, _, _ in weasy)
    weasy_cpu = statistics.median(c for _, c, _ in weasy)
    total_wall = statistics.median(w for w, _, _ in total)
    total_cpu = statistics.median(c for _, c, _ in total)
    cached_ms = median_ms(lambda: concept_pdf(edition), repeat=5, warmup=1)
    peak = peak_memory_mb(lambda: uncached(edition))
    print(f"{label}: {pages(pdf)} Seiten, {len(pdf) / 1024:.0f} KiB, {queries} Abfragen (Kontext)")
    print(f"  concept_html (Abfragen + Template):  {html_ms:8.0f} ms")
    print(f"  WeasyPrint allein (write_pdf):       {weasy_wall:8.0f} ms   CPU {weasy_cpu:8.0f} ms")
    print(f"  concept_pdf gesamt, ohne Cache:      {total_wall:8.0f} ms   CPU {total_cpu:8.0f} ms")
    print(
        f"  Verhältnis gesamt / WeasyPrint:      {total_wall / weasy_wall:8.2f}      "
        f"CPU {total_cpu / weasy_cpu:8.2f}"
    )
    print(f"  concept_pdf aus dem Cache:           {cached_ms:8.1f} ms")
    print(f"  Spitzenspeicher (tracemalloc):       {peak:8.0f} MB")


def main():
    print(f"Datenbank: {vendor}")
    started = time.perf_counter()
    town = demo.load()
    report("Demo-Konzept Rheine", Edition.objects.get(concept__municipality=town), repeat=3)
    big = large_edition(town)
    n_measures = Measure.objects.for_edition(big).count()
    print(
        f"(großes Konzept: 8 Handlungsfelder × 2 Leitziele × 3 Handlungsziele × 2 Maßnahmen "
        f"= {n_measures} Maßnahmen)"
    )
    report("Großes Konzept", big, repeat=1)
    print(f"Laufzeit des Benchmarks: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
