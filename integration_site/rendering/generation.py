"""Fingerprints remembered until the next write (issue 17: nothing waits).

A fingerprint of `stamps.py` is one query over an edition's rows: 16–30 ms of PostgreSQL for a
concept of 640 measures, asked on every view of a cached page and on every PDF download, though
the content changes only when something writes. So:

- every process counts its committed writes to the site's content into one counter in the
  shared cache (the *write generation*, a Redis INCR): a database execute wrapper sees every
  INSERT, UPDATE and DELETE, the ORM's `bulk_create` and `QuerySet.update` included, and raises
  the counter after the commit;
- `remembered(parts, compute)` keeps a fingerprint under (parts, generation): computed once,
  then read by every process until the next write anywhere on the site.

Correct before fast:
- A reader takes the generation *before* it computes: a write committing meanwhile raises the
  counter, and the result stored under the old generation is never read again.
- Inside a transaction nothing is remembered (its own uncommitted writes could be in the
  result, and a rollback would not raise the counter).
- Only with a shared cache (REDIS_URL) and DEBUG off (`REMEMBER_FINGERPRINTS`): with the
  local-memory cache each process would count only its own writes; with DEBUG the templates
  change on disk without a write.
- Writes to tables that no fingerprint reads (sessions, task results, the stored PDFs and
  charts with their progress, import jobs, the login lockout) do not count: otherwise the
  worker's progress reports would clear every fingerprint each second.
- The key holds the release (a hash of the code, templates and style sheets): during a rolling
  deployment the old and new processes never read each other's fingerprints.
- A change made beside the application (psql, a restore) is seen after `REMEMBER_SECONDS` at
  most; `manage.py restore` raises the counter itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction

from integration_site.rendering.stamps import digest

GENERATION_KEY = "write-generation"
REMEMBER_SECONDS = 300

# Statements that change nothing; anything else counts as a write unless its table is below.
READING = (
    "SELECT",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "BEGIN",
    "START",
    "COMMIT",
    "END",
    "SET",
    "SHOW",
    "EXPLAIN",
    "PRAGMA",
)
WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.I)
NOT_CONTENT = (
    "django_session",
    "django_tasks_",
    "integration_site_storedpdf",
    "integration_site_workerheartbeat",
    "integration_site_importjob",
    "indicators_storedchart",
    "axes_",
    "django_cache",
)


def enabled() -> bool:
    return settings.REMEMBER_FINGERPRINTS


def current() -> int:
    return cache.get(GENERATION_KEY) or 0


def advance() -> None:
    """Raise the write generation (after a commit; also after a restore)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Not there yet (a fresh or flushed cache): start it; a racing process may start it
        # too, both raise it past every generation anybody read before.
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            cache.incr(GENERATION_KEY)


def remembered(parts: tuple, compute: Callable[[], str | None], using: str = "default"):
    """`compute()`, or its result from the last call with the same `parts` since the last
    write (see the module docstring for when nothing is remembered)."""
    if not enabled() or connections[using].in_atomic_block:
        return compute()
    generation = current()
    key = "fingerprint:" + digest(release(), generation, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, REMEMBER_SECONDS)
    return value


# What makes up a release: the apps' code, the templates and the print style sheets.
RELEASE_FILES = (
    ("integration_site", "*.py"),
    ("concepts", "*.py"),
    ("indicators", "*.py"),
    ("participation", "*.py"),
    ("templates", "*.html"),
    ("static/css", "*.css"),
)


@lru_cache(maxsize=1)
def release() -> str:
    """A hash of the release's files by content (the same on every server deployed from it);
    once per process, as a deployment restarts the processes."""
    root = Path(settings.BASE_DIR)
    combined = hashlib.sha256()
    for folder, pattern in RELEASE_FILES:
        for path in sorted((root / folder).rglob(pattern)):
            combined.update(str(path.relative_to(root)).encode())
            combined.update(hashlib.sha256(path.read_bytes()).digest())
    return combined.hexdigest()[:16]


def is_content_write(sql: str) -> bool:
    head = sql.lstrip()[:10].upper()
    if head.startswith(READING):
        return False
    table = WRITTEN_TABLE.match(sql)
    return table is None or not table.group(1).lower().startswith(NOT_CONTENT)


def count_writes(execute, sql, params, many, context):
    """Execute wrapper: after a committed write to the content, `advance()` once."""
    result = execute(sql, params, many, context)
    if is_content_write(sql):
        connection = context["connection"]
        # Once per transaction: on_commit keeps the callbacks of the open transaction (dropped
        # by a rollback); outside one it runs `advance` at once.
        if not any(entry[1] is advance for entry in connection.run_on_commit):
            transaction.on_commit(advance, using=connection.alias)
    return result


def install(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: count this connection's writes (once per connection
    object; it is called again after every reconnect)."""
    if enabled() and count_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(count_writes)
