"""How long `manage.py demo` takes, and the part of the second demo town Velsburg (issue 14).

Loads the demo into a fresh database, timing Rheine's core, Velsburg's core (two exchange-file
imports) and the extensions' part, then a second, idempotent call. Prints wall-clock seconds
and the queries of each step.

    python benchmarks/bench_demo.py
"""

import time

from common import setup_django

vendor = setup_django()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from concepts.demo import rheine, velsburg  # noqa: E402
from concepts.extensions import extensions  # noqa: E402
from integration_site.management.commands.demo import load_demo  # noqa: E402


def timed(label, fn):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        fn()
        seconds = time.perf_counter() - start
    print(f"{label:<42} {seconds:6.2f} s {len(queries):>7} Abfragen")


def extensions_part():
    for extension in extensions():
        if extension.load_demo is not None:
            extension.load_demo()


print(f"Datenbank: {vendor}")
timed("Rheine (Austauschdatei, Fassungen)", rheine.load)
timed("Velsburg (zwei Austauschdateien)", velsburg.load)
timed("Erweiterungen (Beteiligung, Gremien …)", extensions_part)
timed("zweiter Aufruf (ändert nichts)", load_demo)
