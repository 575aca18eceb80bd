"""Peak memory (max RSS) and time of every PDF and every large import at the large demo's size,
each in a fresh process (its peak read by the parent through RUSAGE_CHILDREN), so that one
peak does not hide another's. PDFs are rendered the way the worker renders them
(`PdfKind.render`, integration_site/background/pdfs.py) with the time and the peak at each
stage (HTML built, laid out, written/joined, and the copy marked as the previous version that
the worker stores beside the file), and beside that WeasyPrint alone on the same
HTML, whole, in one piece (as every PDF was rendered before issue 17), in its own process.
The controlling report also with inline SVG charts (before issue 17). The imports: the large
concept's JSON export, the same enlarged to the upload limit, the indicator values as XLSX
(100 indicators × 10 years) and the concept as .docx (Word export → Word import).

    .venv/bin/python benchmarks/bench_pdf_memory.py            # loads `demo --large` first
    BENCH_DB=/tmp/x/db.sqlite3 .venv/bin/python benchmarks/bench_pdf_memory.py  # reuse a loaded one

The target is < 400 MB per PDF and import (issue 17, point 3; docs/betrieb.md, section 7a).
Note `uptime` beside the times: the machine may be shared.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB = 400


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
    import django

    django.setup()


class _Captured(Exception):
    pass


def _capture_html(run) -> list[str]:
    """The HTML documents that `run()` would hand to WeasyPrint, without rendering them."""
    import integration_site.rendering.pdf as pdf_module

    original = pdf_module.documents_to_pdf
    captured: list[str] = []

    def capture(documents, progress=None):
        captured.extend(documents)
        raise _Captured

    patched = [
        m for m in list(sys.modules.values()) if getattr(m, "documents_to_pdf", None) is original
    ]
    for module in patched:
        module.documents_to_pdf = capture
    try:
        run()
    except _Captured:
        pass
    finally:
        for module in patched:
            module.documents_to_pdf = original
    return captured


def _pdf_runner(kind: str, params: dict, mode: str):
    if kind == "survey":
        from participation.models import Survey
        from participation.surveys.exports import results_pdf

        return lambda progress: results_pdf(Survey.objects.get(pk=params["survey"]))
    if mode == "inline-svg":
        from indicators.rounds import report

        return lambda progress: report.render_controlling_report(
            **report._report_args(params), inline_charts=True
        )
    from integration_site.background.pdfs import pdf_kind

    return lambda progress: pdf_kind(kind).render(params, progress)


def _weasyprint_alone(documents: list[str]) -> tuple[bytes, dict]:
    """Every document laid out whole, pages joined in WeasyPrint, written at once (the way
    every PDF was rendered before issue 17)."""
    from weasyprint import HTML

    from integration_site.rendering.pdf import BASE_URL, PDF_VARIANT, StaticOnlyFetcher

    stages = {}
    start = time.perf_counter()
    laid = [
        HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
            pdf_variant=PDF_VARIANT
        )
        for html in documents
    ]
    stages["Satz"] = (time.perf_counter() - start, rss_mb())
    pages = [page for document in laid for page in document.pages]
    data = laid[0].copy(pages).write_pdf(pdf_variant=PDF_VARIANT)
    stages["Schreiben"] = (time.perf_counter() - start, rss_mb())
    return data, stages


def child_pdf(kind: str, params: dict, mode: str) -> dict:
    # What every process holds before it renders anything (Django, WeasyPrint, matplotlib).
    import weasyprint  # noqa: F401
    from django.utils import translation

    import indicators.charts  # noqa: F401

    with translation.override("de"):
        run = _pdf_runner(kind, params, mode)
        before = rss_mb()
        start = time.perf_counter()
        stages: dict[str, tuple[float, float]] = {}
        if mode == "weasyprint":
            documents = _capture_html(lambda: run(lambda percent, step: None))
            stages["HTML"] = (time.perf_counter() - start, rss_mb())
            data, more = _weasyprint_alone(documents)
            for name, (seconds, peak) in more.items():
                stages[name] = (seconds + stages["HTML"][0], peak)
        else:
            marks: list[tuple[str, float, float]] = []

            def progress(percent, step):
                marks.append((step, time.perf_counter() - start, rss_mb()))

            data = run(progress)
            # Stages by the steps the render reports: HTML until the first step, then the
            # layout (per part when in parts), the writing or joining at the last step.
            if marks:
                stages["HTML"] = marks[0][1:]
                stages["Satz"] = marks[-1][1:]
            stages["Schreiben"] = (time.perf_counter() - start, rss_mb())
            # The worker then stores the copy marked as the previous version beside it.
            from django.utils import timezone

            from integration_site.rendering.previous_version import mark_previous

            mark_previous(data, timezone.now())
            stages["Kopie als vorherige Fassung"] = (time.perf_counter() - start, rss_mb())
    seconds = time.perf_counter() - start
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(data)
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")
    return {
        "seconds": seconds,
        "before": before,
        "pages": pages,
        "kb": len(data) // 1024,
        "stages": stages,
    }


def child_import(kind: str, params: dict) -> dict:
    """One large import, the way the upload runs it (bytes in, edition or values out)."""
    from django.db import transaction

    from concepts.models import Edition, Municipality

    town = Municipality.objects.get(slug="grossstadt")
    edition = Edition.objects.get(pk=params["edition"])
    data = Path(params["file"]).read_bytes()
    before = rss_mb()
    start = time.perf_counter()

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            if kind == "json":
                from concepts.exchange.load import edition_import

                edition_import(municipality=town, data=data)
            elif kind == "xlsx":
                from indicators import services
                from indicators.importers.values import parse_upload

                parsed = parse_upload(edition, "werte.xlsx", data)
                assert parsed.items, "keine Werte gelesen"
                services.measurements_save(items=parsed.items, user=None)
            elif kind == "docx":
                from concepts.word.document import exchange_document, import_word
                from concepts.word.reader import read_docx
                from concepts.word.roles import propose

                document = read_docx(data)
                roles = propose(document.lines)
                exchange_document(document.lines, roles)
                import_word(municipality=town, lines=document.lines, roles=roles)
            raise Rollback
    except Rollback:
        pass
    return {
        "seconds": time.perf_counter() - start,
        "before": before,
        "pages": f"{len(data) / 1024 / 1024:.1f}M",
        "kb": 0,
        "stages": {},
    }


def child(kind: str, params: dict, mode: str) -> None:
    """Runs in the fresh process: one PDF or import, one JSON line."""
    _setup()
    from django.conf import settings

    # Every render from scratch: no stored PDF, no remembered part layout.
    settings.CACHES["pdf"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if mode == "prepare":
        print(json.dumps(prepare()))
        return
    if mode == "import":
        figures = child_import(kind, params)
    else:
        figures = child_pdf(kind, params, mode)
    figures["rss"] = rss_mb()
    print(json.dumps(figures))


def measure(kind: str, params: dict, mode: str = "") -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, json.dumps(params), mode],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"{kind} {params} scheiterte:\n{result.stderr[-3000:]}")
    figures = json.loads(lines[-1])
    # The parent's view of the child's peak (the largest child so far: only a new high shows).
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if children > before:
        figures["rss"] = max(figures["rss"], children / 1024)
    return figures


def prepare() -> tuple[list[tuple[str, str, dict]], list[tuple[str, str, dict]]]:
    from django.core.management import call_command

    from concepts.models import Edition, Municipality

    call_command("migrate", verbosity=0)
    if not Municipality.objects.filter(slug="grossstadt").exists():
        print("Lade die Demo mit --large (einige Minuten) …", flush=True)
        call_command("demo", large=True, stdout=open(os.devnull, "w"))
    from indicators.rounds.report import default_reference_date
    from participation.models import Paper, ReviewRound, Survey

    town = Municipality.objects.get(slug="grossstadt")
    edition = (
        Edition.objects.for_municipality(town).current()
        or Edition.objects.filter(concept__municipality=town).first()
    )
    paper = Paper.objects.filter(municipality=town).first()
    round_ = ReviewRound.objects.order_by("-pk").first()
    survey = Survey.objects.order_by("-pk").first()
    stichtag = default_reference_date().isoformat()
    pdfs = [
        ("Konzept", "concept", {"edition": edition.pk, "public": False}),
        ("Konzept (öffentlich)", "concept", {"edition": edition.pk, "public": True}),
        ("Controllingbericht", "controlling", {"edition": edition.pk, "stichtag": stichtag}),
    ]
    if paper is not None:
        pdfs += [
            ("Beschlussvorlage", "vorlage", {"paper": paper.pk}),
            ("Ratspaket", "ratspaket", {"paper": paper.pk}),
        ]
    if round_ is not None:
        pdfs.append(("Synopse", "synopse", {"round": round_.pk}))
    if survey is not None:
        pdfs.append(("Umfrageergebnisse", "survey", {"survey": survey.pk}))
    return pdfs, import_cases(edition)


def import_cases(edition) -> list[tuple[str, str, dict]]:
    """The import files, written once next to the database."""
    from concepts.exchange import MAX_UPLOAD_BYTES
    from concepts.exchange.export import dumps, edition_export
    from concepts.word.export import concept_docx
    from indicators.importers.values import template_rows, write_xlsx

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import enlarged

    folder = Path(os.environ["BENCH_DB"]).parent
    data = edition_export(edition)
    files = {
        "konzept.json": dumps(data).encode(),
        "grenze.json": dumps(enlarged(data, int(MAX_UPLOAD_BYTES * 0.95))).encode(),
        "werte.xlsx": write_xlsx(template_rows(edition)),
        "konzept.docx": concept_docx(edition),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    mb = MAX_UPLOAD_BYTES / 1024 / 1024
    return [
        ("Import JSON (großes Konzept)", "json", {"file": str(folder / "konzept.json")}),
        (f"Import JSON (Grenze {mb:.0f} MB)", "json", {"file": str(folder / "grenze.json")}),
        ("Import XLSX (100 Ind. × 10 J.)", "xlsx", {"file": str(folder / "werte.xlsx")}),
        ("Import .docx (Word-Export)", "docx", {"file": str(folder / "konzept.docx")}),
    ], edition.pk


def _stages(figures: dict) -> str:
    return " · ".join(
        f"{name} {seconds:.1f}s/{peak:.0f}MB" for name, (seconds, peak) in figures["stages"].items()
    )


def main() -> None:
    if not os.environ.get("BENCH_DB"):
        os.environ["BENCH_DB"] = str(Path(tempfile.mkdtemp(prefix="bench-pdf-")) / "db.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BENCH_DB']}"
    os.environ.setdefault("MEDIA_ROOT", str(Path(os.environ["BENCH_DB"]).parent / "media"))
    os.environ.setdefault("PDF_CACHE_DIR", str(Path(os.environ["BENCH_DB"]).parent / "pdf-cache"))
    only = set(sys.argv[1:])
    # In a child as well: Linux hands a child the parent's peak (ru_maxrss survives fork and
    # exec), so the parent stays small.
    result = subprocess.run(
        [sys.executable, __file__, "--child", "", "{}", "prepare"],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"Vorbereitung scheiterte:\n{result.stderr[-3000:]}")
    pdfs, (imports, edition_pk) = json.loads(lines[-1])
    load = os.getloadavg()
    print(f"Last (uptime, 1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"Speicherbedarf – große Demo, je Fall ein frischer Prozess, Ziel < {LIMIT_MB} MB")
    print(
        f"{'Fall':36} {'Seiten':>6} {'Zeit':>8} {'RSS-Spitze':>11} {'davon':>8}  "
        "Stufen (Zeit/Spitze)"
    )

    def line(label, figures, flag=True):
        over = "  ÜBER DEM ZIEL" if flag and figures["rss"] >= LIMIT_MB else ""
        print(
            f"{label:36} {figures['pages']:>6} {figures['seconds']:7.1f}s "
            f"{figures['rss']:8.0f} MB {figures['rss'] - figures['before']:5.0f} MB  "
            f"{_stages(figures)}{over}",
            flush=True,
        )

    for label, kind, params in pdfs:
        if only and kind not in only:
            continue
        figures = measure(kind, params)
        line(label, figures)
        alone = measure(kind, params, "weasyprint")
        line("  WeasyPrint allein, ganz (vorher)", alone, flag=False)
        print(
            f"{'  Verhältnis unser/allein':36} {'':>6} "
            f"{figures['seconds'] / alone['seconds']:7.2f}× "
            f"{figures['rss'] / alone['rss']:8.2f}×",
            flush=True,
        )
        if kind == "controlling":
            line("  mit Inline-SVG-Diagrammen", measure(kind, params, "inline-svg"), flag=False)
    for label, kind, params in imports:
        if only and kind not in only:
            continue
        line(label, measure(kind, {**params, "edition": edition_pk}, "import"))
    load = os.getloadavg()
    print(f"Last danach (uptime): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BENCH_DB']}"
        child(sys.argv[2], json.loads(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
    else:
        main()
