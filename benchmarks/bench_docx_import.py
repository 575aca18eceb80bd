"""The Word import with a 100-page concept (issue 18, point 7: preview < 5 s, import < 10 s,
peak memory < 300 MB).

Builds a concept document with python-docx in the shape of tests/concepts/word/shapes.py
(numbered headings, goals as paragraphs, an indicator line under every Leitziel) with enough
text for about 100 pages (~350,000 characters in ~2,500 paragraphs, a page taken as ~3,500
characters), plus one measure table per field with Träger (their role in brackets) and an
Indikator column.
Prints, as wall clock and CPU time of this process:

- reading and proposing (what the upload does): .docx → lines → roles → exchange document;
- the preview page as the browser gets it (upload POST, then GET of the first page, and a role
  change by htmx), through Django's test client;
- the import into a new draft edition (the exchange import);
- peak memory: the Python allocations of the reading (tracemalloc) and the process's maximum
  resident size (ru_maxrss, includes Django and the database driver).

    python benchmarks/bench_docx_import.py             # about 100 pages
    python benchmarks/bench_docx_import.py --pages 300
"""

import argparse
import io
import resource
import time
import tracemalloc

from common import setup_django

vendor = setup_django()

import docx  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from concepts.models import Membership, Municipality  # noqa: E402
from concepts.word.document import exchange_document, import_word  # noqa: E402
from concepts.word.reader import read_docx  # noqa: E402
from concepts.word.roles import propose  # noqa: E402

PAGE_CHARS = 3500
FILLER = (
    "Die Ausgangslage wird hier ausführlich beschrieben, mit Zahlen, Quellen und den "
    "Ergebnissen der Beteiligungswerkstätten in den Stadtteilen. "
)


def concept_docx(pages: int) -> bytes:
    """A concept of about `pages` pages: 12 fields, each with goals, a measure list and table."""
    d = docx.Document()
    d.add_paragraph("Integrationskonzept der Stadt Benchmark 2025", style="Title")
    d.add_heading("1 Einleitung", 1)
    d.add_heading("2 Leitbild", 1)
    for n in range(8):
        d.add_paragraph(f"Leitsatz {n + 1} des Leitbilds.", style="List Bullet")
    d.add_heading("3 Handlungsfelder", 1)
    fields = 12
    paragraphs_per_field = max(1, pages * PAGE_CHARS // len(FILLER) // fields)
    for f in range(1, fields + 1):
        d.add_heading(f"3.{f} Handlungsfeld {f}", 2)
        d.add_heading(f"3.{f}.1 Ausgangslage", 3)
        for _ in range(paragraphs_per_field):
            d.add_paragraph(FILLER)
        for g in range(1, 4):
            d.add_paragraph(f"Leitziel {g}: Leitziel {g} im Feld {f} wird erreicht.")
            d.add_paragraph(f"Indikator: Anteil {g} im Feld {f} – Zielwert: 20 % bis 2027")
            for h in range(1, 4):
                d.add_paragraph(f"Ziel {g}.{h}: Handlungsziel {g}.{h} im Feld {f}.")
        d.add_heading(f"3.{f}.2 Maßnahmen", 3)
        table = d.add_table(rows=11, cols=5)
        for cell, title in zip(
            table.rows[0].cells,
            ("Maßnahme", "Träger", "Zeitraum", "Status", "Indikator"),
            strict=True,
        ):
            cell.text = title
        for m, row in enumerate(table.rows[1:], start=1):
            values = (
                f"Maßnahme {f}.{m} Projekt",
                "Stadt (Federführung), Caritas; VHS (Räume)",
                "2024–2026",
                "läuft",
                f"Zahl der Teilnehmenden {f}.{m}",
            )
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    d.add_heading("4 Umsetzung", 1)
    d.add_paragraph("Die Stabsstelle berichtet jährlich.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def timed(fn):
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - start, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    raw = concept_docx(args.pages)
    text_chars = sum(len(p.text) for p in docx.Document(io.BytesIO(raw)).paragraphs)
    print(f"Datenbank: {vendor}")
    chars = f"{text_chars:,}".replace(",", ".")
    print(
        f"Dokument: {len(raw) / 1024:.0f} KB .docx; {chars} Zeichen Text "
        f"(≈ {text_chars / PAGE_CHARS:.0f} Seiten)"
    )

    tracemalloc.start()

    def read_and_propose():
        document = read_docx(raw)
        roles = propose(document.lines)
        built = exchange_document(document.lines, roles)
        return document, roles, built

    (document, roles, built), wall, cpu = timed(read_and_propose)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    measures = sum(len(f["measures"]) for f in built.data["fields_of_action"])
    indicators = len(built.data["extensions"].get("indicators", []))
    print(
        f"Lesen + Rollen + Baum: {wall:.2f} s (CPU {cpu:.2f} s); {len(document.lines)} Zeilen, "
        f"{len(built.data['fields_of_action'])} Handlungsfelder, {measures} Maßnahmen, "
        f"{indicators} Indikatoren; "
        f"Speicher-Spitze (Python) {peak / 1024 / 1024:.0f} MB"
    )

    from tests.factories import UserFactory

    town = Municipality.objects.create(name="Benchmark", slug="benchmark")
    user = UserFactory(username="bench-staff")
    Membership.objects.create(user=user, municipality=town, role=Membership.Role.STAFF)
    client = Client()
    client.force_login(user)
    upload_url = reverse("concepts:word_upload", kwargs={"town": town.slug})
    preview_url = reverse("concepts:word_preview", kwargs={"town": town.slug})

    def upload_and_preview():
        response = client.post(upload_url, {"file": SimpleUploadedFile("k.docx", raw)})
        assert response.status_code == 302, response.status_code
        page = client.get(preview_url)
        assert page.status_code == 200
        return page

    page, wall, cpu = timed(upload_and_preview)
    print(
        f"Vorschau im Browser (Hochladen + erste Seite): {wall:.2f} s (CPU {cpu:.2f} s), "
        f"{len(page.content) / 1024:.0f} KB HTML"
    )

    def change_role():
        response = client.post(
            preview_url,
            {"action": "role", "line": 5, "role": "principle", "scope": "style"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        return response

    _response, wall, cpu = timed(change_role)
    print(f"Eine Korrektur (htmx, Teil der Seite): {wall:.2f} s (CPU {cpu:.2f} s)")

    def run_import():
        return import_word(municipality=town, lines=document.lines, roles=roles, user=user)

    edition, wall, cpu = timed(run_import)
    from concepts.models import MeasureActor
    from indicators.models import Indicator

    rows = Indicator.objects.filter(edition=edition).count()
    links = MeasureActor.objects.filter(measure__field_of_action__edition=edition).count()
    print(
        f"Import als neuer Entwurf: {wall:.2f} s (CPU {cpu:.2f} s), Fassung {edition.pk}; "
        f"{rows} Indikatoren, {links} Träger-Verknüpfungen"
    )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Speicher-Spitze des Prozesses (ru_maxrss, mit Django): {peak_rss:.0f} MB")


if __name__ == "__main__":
    main()
