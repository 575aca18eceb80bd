"""Two people saving at once on SQLite: the second waits for the first, neither gets an error.

Runs in a fresh interpreter with DATABASE_URL pointing at a SQLite file, as a server process
with that configuration would (the test database may be in memory or on PostgreSQL, where
SQLite's locking does not apply). Issue 12, fault 8.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each thread saves like a form does: inside one transaction it reads the row, then writes it.
# The barrier lets both read before either writes, which is what two simultaneous saves do;
# when the first transaction holds the write lock from its start, the second waits at its
# BEGIN, the barrier times out and both go on in turn.
CONCURRENT_SAVES = """
import json, threading
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("PRAGMA busy_timeout")
    busy_timeout = cursor.fetchone()[0]
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()

barrier = threading.Barrier(2)
errors = []

def save():
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                n = cursor.fetchone()[0]
                try:
                    barrier.wait(timeout=1)
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=save) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    count = cursor.fetchone()[0]
print(json.dumps({"busy_timeout": busy_timeout, "errors": errors, "count": count}))
"""


@pytest.mark.slow
def test_concurrent_saves_on_sqlite_wait_for_each_other(tmp_path):
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="integration_site.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_SAVES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["busy_timeout"] == 20_000
    assert outcome["errors"] == []
    assert outcome["count"] == 2
