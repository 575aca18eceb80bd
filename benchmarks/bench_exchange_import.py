"""The JSON import at the size of the upload limit (security issue 12, fault 9).

Loads `demo --large`, exports its concept, and enlarges the file by repeating its fields of
action under new keys (HF9, HF10, …) until it is near a target size. Prints, for the export of
the large concept and for each enlarged file: size, elements, queries and the import time, as
wall clock and as CPU time of this process (which other load on the machine does not inflate).
The import must stay well inside gunicorn's 120 s timeout for the largest file the form accepts.

    python benchmarks/bench_exchange_import.py            # 1×, ~half and ~the whole limit
    python benchmarks/bench_exchange_import.py --mb 5     # one file of about 5 MB
    python benchmarks/bench_exchange_import.py --mb 0 --vorher  # the large concept, the old way

`--vorher` imports as before issue 17, point 5: every row through Django's and simple-history's
bulk_create, every file through jsonschema alone (concepts/exchange/bulk.py, check.py). The
other changes of that point stay (the cycle collector paused during the import, gettext once per
file), so the code before it is somewhat slower still.
"""

import argparse
import contextlib
import io
import time

from common import enlarged, setup_django

vendor = setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from concepts.demo.large import TOWN_SLUG  # noqa: E402
from concepts.exchange import MAX_UPLOAD_BYTES, bulk, check  # noqa: E402
from concepts.exchange.export import dumps, edition_export  # noqa: E402
from concepts.exchange.load import edition_import  # noqa: E402
from concepts.models import Edition, Municipality  # noqa: E402


def count_queries(fn):
    """Queries of fn(), without CaptureQueriesContext's cap of 9000 logged queries."""
    executed = []

    def count(execute, *args):
        executed.append(1)
        return execute(*args)

    with connection.execute_wrapper(count):
        fn()
    return len(executed)


def count_elements(data):
    fields = data["fields_of_action"]
    measures = [m for f in fields for m in f["measures"]]
    indicators = data["extensions"].get("indicators", [])
    return {
        "Handlungsfelder": len(fields),
        "Maßnahmen": len(measures),
        "Indikatoren": len(indicators),
        "Messwerte": sum(len(i["measurements"]) for i in indicators),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, action="append", help="Zielgröße in MB")
    parser.add_argument(
        "--vorher", action="store_true", help="wie vor Issue 17, Punkt 5 (Django-bulk_create)"
    )
    args = parser.parse_args()
    old_way = contextlib.nullcontext
    if args.vorher:
        old_way = bulk.django_inserts
        check._valid = lambda validator, data: False  # jsonschema checks every file
    call_command("demo", "--large", stdout=io.StringIO())
    town = Municipality.objects.get(slug=TOWN_SLUG)
    edition = Edition.objects.for_municipality(town).latest("pk")
    data = edition_export(edition)
    limit_mb = MAX_UPLOAD_BYTES / 1024 / 1024
    targets = args.mb or [0, limit_mb / 2, limit_mb]
    way = "vorher (Django-bulk_create, jsonschema)" if args.vorher else "nachher"
    print(f"Datenbank: {vendor}; Upload-Grenze {limit_mb:.1f} MB; {way}")
    print(f"{'Datei':>9} {'Elemente':<68} {'Abfragen':>9} {'Import s':>9} {'CPU s':>6}")
    for target in targets:
        document = enlarged(data, int(target * 1024 * 1024)) if target else data
        text = dumps(document).encode()
        counts = ", ".join(f"{v} {k}" for k, v in count_elements(document).items())
        timings = {}

        def run(text=text, timings=timings):
            start, cpu = time.perf_counter(), time.process_time()
            with old_way():
                edition_import(municipality=town, data=text)
            timings["s"] = time.perf_counter() - start
            timings["cpu"] = time.process_time() - cpu

        queries = count_queries(run)
        print(
            f"{len(text) / 1024 / 1024:>6.1f} MB {counts:<68} {queries:>9} "
            f"{timings['s']:>9.2f} {timings['cpu']:>6.2f}"
        )


if __name__ == "__main__":
    main()
