"""PDF downloads from storage (issue 17, point 2's target): how long a download takes when the
stored file is current, and after an edit while the re-render waits for the worker: the
previous version in its marked copy in the same request, and side by side the way before the
marked copies (the waiting page, then the previous version it links to), on one town of
`demo --towns` (medium concept).

    .venv/bin/python benchmarks/bench_pdf_download.py
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_pdf_download.py

The PDFs are rendered once (immediate backend); for the time after the edit the enqueueing is
held back, as when the worker is busy, so that every download meets the re-render. Prints the
median and p99 per path of the test client (no network, no gunicorn) and the share under
100 ms; the load test (`make load LOAD_ARGS="--profile arbeit"`) measures it over HTTP.
"""

import os
import statistics
import time
from types import SimpleNamespace

from common import setup_django

REPEAT = 40
TARGET_MS = 100


def main():
    os.environ["TASKS_BACKEND"] = "immediate"
    vendor = setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from concepts.demo.towns import load_towns, town_slug
    from concepts.models import Edition, Measure
    from concepts.services.elements import element_move
    from integration_site.background import pdfs
    from integration_site.background.models import StoredPdf
    from participation.models import Paper

    load_towns(1)
    slug = town_slug(1)
    edition = Edition.objects.get(concept__municipality__slug=slug)
    paper = Paper.objects.get(municipality__slug=slug)
    client = Client()
    client.force_login(get_user_model().objects.get(username="k001-rat"))
    urls = {
        "Vorlage": reverse("council:paper_pdf", kwargs={"town": slug, "paper": paper.pk}),
        "Konzept": reverse("concepts:edition_pdf", kwargs={"town": slug, "edition": edition.pk}),
        "Ratspaket": reverse("council:paper_package_pdf", kwargs={"town": slug, "paper": paper.pk}),
    }
    started = time.perf_counter()
    for url in urls.values():
        response = client.get(url, secure=True)
        assert response["Content-Type"] == "application/pdf", url
    print(
        f"{vendor}: eine Kommune (mittleres Konzept), drei PDFs einmal erstellt "
        f"({time.perf_counter() - started:.1f} s)"
    )

    def sample(url, follow_previous):
        times, from_storage = [], 0
        for _ in range(REPEAT):
            begin = time.perf_counter()
            response = client.get(url, secure=True)
            if follow_previous and response["Content-Type"].startswith("text/html"):
                assert "vorherige=1" in response.content.decode(), url
                response = client.get(url + "?vorherige=1", secure=True)
                assert "vorherige-fassung" in response["Content-Disposition"]
            times.append((time.perf_counter() - begin) * 1000)
            assert response.content.startswith(b"%PDF"), url
            from_storage += response.get("X-PDF-Cache") == "hit"
        return times, from_storage

    def show(label, times, from_storage):
        times.sort()
        fast = sum(1 for t in times if t < TARGET_MS)
        print(
            f"  {label:<42} Median {statistics.median(times):5.1f} ms, "
            f"p99 {times[int(len(times) * 0.99) - 1]:5.1f} ms, aus dem Speicher "
            f"{from_storage}/{len(times)}, unter {TARGET_MS} ms {100 * fast / len(times):.0f} %"
        )

    print("Aktuelle Fassung im Speicher:")
    for name, url in urls.items():
        show(name, *sample(url, follow_previous=False))

    # An edit: the concept's content changes; the re-render waits for a busy worker.
    measure = Measure.objects.for_edition(edition).order_by("pk").first()
    element_move(obj=measure, direction="down", edition=edition)
    waiting = SimpleNamespace(id="wartet")
    pdfs.render_stored_pdf = SimpleNamespace(enqueue=lambda *args, **kwargs: waiting)
    print("Nach einer Änderung, während die Neuerstellung wartet:")
    print(" jetzt: die gekennzeichnete vorherige Fassung in derselben Anfrage")
    for name, url in urls.items():
        show(name, *sample(url, follow_previous=False))
    # As before the marked copies (and for files stored without one): the waiting page, then
    # the previous version it links to.
    StoredPdf.objects.update(previous_file="")
    print(" vorher: Warteseite + vorherige Fassung (zwei Anfragen)")
    for name, url in urls.items():
        show(name, *sample(url, follow_previous=True))


if __name__ == "__main__":
    main()
