"""The demo town, loaded once per test process and copied into each test that asks for it.

`python manage.py demo` takes about half a second, and a browser test's first page waits for
it; about thirty tests want it. `take()` runs the command once (per pytest-xdist worker), keeps
every row it added, and its files, in memory and removes them again; `restore()` writes them
into the database of the test at hand with one bulk insert per table, inside the test's own
transaction (or, for live-server tests, committed and emptied by pytest-django's flush like
any other row). Each test so gets its own copy: what one test changes, the next never sees.

The tests of the command itself (idempotent, its output, the large town, the dates on given
days) still call it.
"""

import io
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Snapshot:
    # (model, attnames, rows) in the order of apps.get_models()
    tables: list = field(default_factory=list)
    # (storage, name) → content of each file a row names
    files: dict = field(default_factory=dict)

    @property
    def row_count(self):
        return sum(len(rows) for _model, _names, rows in self.tables)


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _attnames(model):
    return [f.attname for f in model._meta.concrete_fields]


def take(media_root):
    """Load the demo, read what it added, delete it again: the database is as before."""
    before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in _models()}
    snapshot = Snapshot()
    with override_settings(MEDIA_ROOT=str(media_root), PASSWORD_HASHERS=FAST_HASHER):
        call_command("demo", stdout=io.StringIO())
        for model in _models():
            names = _attnames(model)
            pk_index = names.index(model._meta.pk.attname)
            rows = [
                row
                for row in model._base_manager.values_list(*names)
                if row[pk_index] not in before[model]
            ]
            if not rows:
                continue
            snapshot.tables.append((model, names, rows))
            for file_field in model._meta.concrete_fields:
                if isinstance(file_field, models.FileField):
                    at = names.index(file_field.attname)
                    for row in rows:
                        if row[at]:
                            with file_field.storage.open(row[at], "rb") as handle:
                                snapshot.files[(file_field.storage, row[at])] = handle.read()
        with transaction.atomic():
            for model, names, rows in reversed(snapshot.tables):
                pk_index = names.index(model._meta.pk.attname)
                model._base_manager.filter(pk__in=[row[pk_index] for row in rows])._raw_delete(
                    connection.alias
                )
    return snapshot


def restore(snapshot):
    """Insert the demo's rows as they were (same keys) and put its files into the storages."""
    with transaction.atomic():
        for model, names, rows in snapshot.tables:
            fields = model._meta.concrete_fields
            objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
            size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
            for start in range(0, len(objs), size):
                # raw: the values as stored, not "now" for auto_now fields (as loaddata does).
                model._base_manager._insert(
                    objs[start : start + size], fields=fields, raw=True, using=connection.alias
                )
        # PostgreSQL: the sequences continue after the inserted keys (SQLite does so itself).
        statements = connection.ops.sequence_reset_sql(
            no_style(), [model for model, _names, _rows in snapshot.tables]
        )
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
    for (storage, name), content in snapshot.files.items():
        if not storage.exists(name):
            storage.save(name, ContentFile(content))
