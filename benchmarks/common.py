"""Shared set-up for the benchmark scripts: a throw-away database and a timer.

A script does:

    from common import setup_django, median_ms, query_count
    setup_django()          # before importing models
    ...

It runs against a fresh SQLite file, or, when DATABASE_URL names a PostgreSQL server, against a
fresh test database there (created and dropped like pytest-django's), so figures can be
compared across both. Scripts print figures; they assert nothing about time.
"""

import copy
import json
import os
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("PDF_CACHE_DIR", tempfile.mkdtemp(prefix="bench-pdf-"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return connection.vendor


def median_ms(fn, repeat=15, warmup=2):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def query_count(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def peak_memory_mb(fn):
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024 / 1024


FIELD_KEY = re.compile(r'"HF(\d+)(?=["-])')


def enlarged(data, target_bytes):
    """The exchange file `data` with its fields of action repeated under new keys until about
    target_bytes (bench_exchange_import.py, bench_pdf_memory.py)."""
    from concepts.exchange.export import dumps

    fields = data["fields_of_action"]
    indicators = data["extensions"].get("indicators", [])
    result = copy.deepcopy(data)
    offset = len(fields)
    while len(dumps(result).encode()) < target_bytes:

        def shifted(value, offset=offset):
            text = FIELD_KEY.sub(lambda m: f'"HF{int(m.group(1)) + offset}', json.dumps(value))
            return json.loads(text)

        result["fields_of_action"].extend(shifted(f) for f in fields)
        for item in indicators:
            item = shifted(item)
            item["code"] = f"{item['code']}-{offset}"
            result["extensions"]["indicators"].append(item)
        offset += len(fields)
    while len(dumps(result).encode()) > target_bytes and len(result["fields_of_action"]) > 1:
        key = result["fields_of_action"].pop()["key"]
        result["extensions"]["indicators"] = [
            item
            for item in result["extensions"]["indicators"]
            if not item["goal"].startswith(f"{key}-")
        ]
    return result
