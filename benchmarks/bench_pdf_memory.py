"""Peak memory (max RSS) and time of every PDF kind at the large demo's size, each rendered the
way the worker renders it (`PdfKind.render`, integration_site/background/pdfs.py) in a fresh
process, so that one PDF's peak does not hide another's. Also the controlling report with
inline SVG charts (as before issue 17) beside the same report with the charts as SVG images,
measured side by side in this one run.

    .venv/bin/python benchmarks/bench_pdf_memory.py            # loads `demo --large` first
    BENCH_DB=/tmp/x/db.sqlite3 .venv/bin/python benchmarks/bench_pdf_memory.py  # reuse a loaded one

The worker's unit (docs/betrieb.md) allows 1 GB; the target is < 400 MB per PDF.
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


def child(kind: str, params: dict, mode: str) -> None:
    """Runs in the fresh process: render one PDF, print one JSON line."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
    import django

    django.setup()
    # What every process holds before it renders anything (Django, WeasyPrint, matplotlib).
    import weasyprint  # noqa: F401
    from django.utils import translation

    import indicators.charts  # noqa: F401
    from integration_site.background.pdfs import pdf_kind

    before = rss_mb()
    start = time.perf_counter()
    with translation.override("de"):
        if mode == "whole":
            from indicators.rounds import report

            data = report.render_controlling_report(
                **report._report_args(params), inline_charts=True
            )
        else:
            data = pdf_kind(kind).render(params, lambda percent, step: None)
    seconds = time.perf_counter() - start
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(data)
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss": rss_mb(),
                "before": before,
                "pages": pages,
                "kb": len(data) // 1024,
            }
        )
    )


def measure(kind: str, params: dict, mode: str = "") -> dict:
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
    return json.loads(lines[-1])


def prepare() -> list[tuple[str, str, dict]]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from concepts.models import Edition, Municipality

    call_command("migrate", verbosity=0)
    if not Municipality.objects.filter(slug="grossstadt").exists():
        print("Lade die Demo mit --large (einige Minuten) …", flush=True)
        call_command("demo", large=True, stdout=open(os.devnull, "w"))
    from indicators.rounds.report import default_reference_date
    from participation.models import Paper, ReviewRound

    town = Municipality.objects.get(slug="grossstadt")
    edition = (
        Edition.objects.for_municipality(town).current()
        or Edition.objects.filter(concept__municipality=town).first()
    )
    paper = Paper.objects.filter(municipality=town).first()
    round_ = ReviewRound.objects.order_by("-pk").first()
    stichtag = default_reference_date().isoformat()
    cases = [
        ("Konzept", "concept", {"edition": edition.pk, "public": False}),
        ("Konzept (öffentlich)", "concept", {"edition": edition.pk, "public": True}),
        ("Controllingbericht", "controlling", {"edition": edition.pk, "stichtag": stichtag}),
    ]
    if paper is not None:
        cases += [
            ("Beschlussvorlage", "vorlage", {"paper": paper.pk}),
            ("Ratspaket", "ratspaket", {"paper": paper.pk}),
        ]
    if round_ is not None:
        cases.append(("Synopse (Demo Rheine)", "synopse", {"round": round_.pk}))
    return cases


def main() -> None:
    if not os.environ.get("BENCH_DB"):
        os.environ["BENCH_DB"] = str(Path(tempfile.mkdtemp(prefix="bench-pdf-")) / "db.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BENCH_DB']}"
    os.environ.setdefault("MEDIA_ROOT", str(Path(os.environ["BENCH_DB"]).parent / "media"))
    os.environ.setdefault("PDF_CACHE_DIR", str(Path(os.environ["BENCH_DB"]).parent / "pdf-cache"))
    cases = prepare()
    print(f"PDF-Speicherbedarf – große Demo, je PDF ein frischer Prozess, Ziel < {LIMIT_MB} MB")
    print(f"{'PDF':34} {'Seiten':>6} {'Zeit':>8} {'RSS-Spitze':>11} {'davon PDF':>10}")
    for label, kind, params in cases:
        figures = measure(kind, params)
        flag = "" if figures["rss"] < LIMIT_MB else "  ÜBER DEM ZIEL"
        print(
            f"{label:34} {figures['pages']:>6} {figures['seconds']:7.1f}s "
            f"{figures['rss']:8.0f} MB {figures['rss'] - figures['before']:7.0f} MB{flag}"
        )
        if kind == "controlling":
            whole = measure(kind, params, "whole")
            print(
                f"{'  … mit Inline-SVG (vorher)':34} {whole['pages']:>6} {whole['seconds']:7.1f}s "
                f"{whole['rss']:8.0f} MB {whole['rss'] - whole['before']:7.0f} MB"
            )
            print(
                f"{'  Verhältnis nachher/vorher':34} {'':>6} "
                f"{figures['seconds'] / whole['seconds']:7.2f}× "
                f"{figures['rss'] / whole['rss']:8.2f}×"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BENCH_DB']}"
        child(sys.argv[2], json.loads(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
    else:
        main()
