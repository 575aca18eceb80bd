"""The inserts of an import: the rows Django's `bulk_create` and simple-history's
`bulk_create_with_history` write, without their machinery per value.

A large concept has some ten thousand rows (elements, their history rows, the links between
them). Django's insert compiler asks every value whether it is an expression and builds its
placeholder one by one, and simple-history first makes a model instance of every history row;
together that was most of the import's time (benchmarks/bench_exchange_import.py). Here every
value still comes from the field's `pre_save` and `get_db_prep_save`, except where those are
known to hand a value back unchanged (a text for a text field, …), so the rows are the same;
each model is written in a few multi-row INSERTs, and a history row takes the values of its
element's row.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connections, router, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import (
    AutoField,
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    EmailField,
    Field,
    ForeignKey,
    IntegerField,
    Model,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    QuerySet,
    SlugField,
    SmallAutoField,
    SmallIntegerField,
    TextField,
    URLField,
)
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Rows per INSERT at most, as the import asked of bulk_create before (the backend may allow
# fewer: SQLite's 999 parameters per query).
BATCH_SIZE = 500

# Set by `django_inserts()`: every model through Django's bulk_create (and simple-history's).
_django_only = ContextVar("django_inserts", default=False)


@contextmanager
def django_inserts():
    """Write through Django's and simple-history's bulk_create as before, for comparing the
    rows (tests/concepts/exchange/test_import_rows.py) and the time (the benchmark's "vorher")."""
    token = _django_only.set(True)
    try:
        yield
    finally:
        _django_only.reset(token)


# Fields whose get_db_prep_save returns a value of these types (and None) unchanged: their
# to_python/get_prep_value pass it through (Django 5.2, django/db/models/fields/__init__.py).
_TEXT = (CharField, TextField, EmailField, SlugField, URLField)
_INTEGER = (
    IntegerField,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    SmallIntegerField,
    BigIntegerField,
)

_AUTO = (AutoField, BigAutoField, SmallAutoField)


def _unchanged_types(field: Field, connection) -> tuple[type, ...]:
    """The types of value the field's get_db_prep_save hands back as they are (None always)."""
    ops = type(connection.ops)
    plain_integers = (
        ops.adapt_integerfield_value is BaseDatabaseOperations.adapt_integerfield_value
        and ops.validate_autopk_value is BaseDatabaseOperations.validate_autopk_value
    )
    kind = type(field)
    if kind in _TEXT:
        return (str,)
    if kind is BooleanField:
        return (bool,)
    if kind in _INTEGER and plain_integers:
        return (int,)
    if kind is ForeignKey and plain_integers and type(field.target_field) in _AUTO:
        return (int,)
    return ()


class _Columns:
    """The columns of one model's INSERT and how each value is read off an object."""

    def __init__(self, fields, connection):
        self.fields = fields
        self.connection = connection
        self.specs = [
            (
                field.attname,
                field.pre_save if type(field).pre_save is not Field.pre_save else None,
                _unchanged_types(field, connection),
                field.get_db_prep_save,
            )
            for field in fields
        ]

    def row(self, obj):
        """The column values for obj, as Django's insert compiler makes them."""
        connection = self.connection
        values = []
        for attname, pre_save, unchanged, prepare in self.specs:
            value = pre_save(obj, True) if pre_save else getattr(obj, attname)
            if value is not None and type(value) not in unchanged:
                value = prepare(value, connection)
            values.append(value)
        return values


def _execute(connection, model, fields, rows, returning=False):
    """INSERT the rows (lists of column values) in batches; the new primary keys if asked."""
    ops = connection.ops
    qn = ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    size = min(BATCH_SIZE, max(ops.bulk_batch_size(fields, rows), 1))
    clause = ""
    if returning:
        clause, clause_params = ops.return_insert_columns([model._meta.pk])
        if clause_params:
            raise NotImplementedError("RETURNING with parameters")
    keys = []
    with connection.cursor() as cursor:
        if not returning and connection.vendor == "sqlite":
            # sqlite3 runs executemany as a loop over one prepared statement, in C (psycopg2
            # sends a statement per row: there the multi-row INSERT below is faster).
            placeholders = ", ".join(["%s"] * len(fields))
            # names from the models' meta, quoted; the values are parameters
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, rows)
            return keys
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            placeholders = [["%s"] * len(fields)] * len(batch)
            values = ops.bulk_insert_sql(fields, placeholders)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) {values} {clause}".rstrip(),
                [value for row in batch for value in row],
            )
            if returning:
                keys.extend(row[0] for row in cursor.fetchall())
    return keys


def _plain(model: type[Model], own_steps_done: bool = False) -> bool:
    """Whether the fast way writes what bulk_create would: an auto-increment primary key, no
    field with its own placeholder or database default, and no bulk_create of the model's own
    (or the caller has done its steps)."""
    opts = model._meta
    own = type(model._default_manager.get_queryset()).bulk_create is not QuerySet.bulk_create
    return (
        isinstance(opts.pk, AutoField)
        and (own_steps_done or not own)
        and not any(
            hasattr(f, "get_placeholder") or f.generated or f.has_db_default()
            for f in opts.concrete_fields
        )
    )


def _insert(model: type[Model], objects: list[Model], connection, alias) -> list[list]:
    """`model.objects.bulk_create(objects)` for new objects of a plain model: sets their pk;
    returns each object's column values (without the pk)."""
    columns = _Columns(
        [f for f in model._meta.concrete_fields if not isinstance(f, AutoField)], connection
    )
    rows = []
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        rows.append(columns.row(obj))
    keys = _execute(connection, model, columns.fields, rows, returning=True)
    if len(keys) != len(objects):
        raise RuntimeError(f"{len(objects)} rows of {model.__name__} inserted, {len(keys)} keys")
    pk = model._meta.pk.attname
    for obj, key in zip(objects, keys, strict=True):
        setattr(obj, pk, key)
        obj._state.adding = False
        obj._state.db = alias
    return rows


def insert_links(through: type[Model], columns: tuple[str, str], pairs: list[tuple[int, int]]):
    """Rows of a many-to-many table: `columns` names its two key columns' fields."""
    if not pairs:
        return
    fields = [through._meta.get_field(name) for name in columns]
    if _django_only.get():
        through.objects.bulk_create(
            [
                through(**{f.attname: v for f, v in zip(fields, pair, strict=True)})
                for pair in pairs
            ],
            batch_size=BATCH_SIZE,
        )
        return
    connection = connections[router.db_for_write(through)]
    rows = [
        [f.get_db_prep_save(v, connection) for f, v in zip(fields, pair, strict=True)]
        for pair in pairs
    ]
    _execute(connection, through, fields, rows)


def insert_with_history(
    model: type[Model],
    objects: list[Model],
    user: User | None,
    reason: str,
    *,
    own_steps_done: bool = False,
) -> list[Model]:
    """`bulk_create_with_history(objects, model, default_user=user, default_change_reason=
    reason)`: the objects, then one history row each ("+", now, user, reason)."""
    if not objects:
        return []
    history = get_history_manager_for_model(model).model
    alias = router.db_for_write(model)
    connection = connections[alias]
    if _django_only.get() or not (
        connection.features.can_return_rows_from_bulk_insert
        and router.db_for_write(history) == alias
        and _plain(model, own_steps_done)
        and _plain(history)
        and _history_fields_known(history)
    ):
        return bulk_create_with_history(
            objects, model, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
        )
    with transaction.atomic(using=alias, savepoint=False):
        rows = _insert(model, objects, connection, alias)
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            _insert_history(model, history, objects, rows, user, reason, connection)
    return objects


HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _history_fields_known(history: type[Model]) -> bool:
    """Whether the history model has only the element's fields and simple-history's own."""
    known = {f.attname for f in history.tracked_fields} | {"history_id", *HISTORY_FIELDS}
    return all(f.attname in known for f in history._meta.concrete_fields)


def _insert_history(model, history, objects, rows, user, reason, connection):
    """The rows simple-history's bulk_history_create writes for the new objects, without a
    historical instance of each: an element's value where the history field is of its field's
    kind (all but the primary key, which is a plain integer there), else prepared anew."""
    own = [f for f in model._meta.concrete_fields if not isinstance(f, AutoField)]
    index = {f.attname: (i, type(f)) for i, f in enumerate(own)}
    fields = [f for f in history._meta.concrete_fields if not isinstance(f, AutoField)]
    # per history field: where its value comes from (the element's row, the history's own
    # values, or the object's attribute) and how it is prepared in the last case
    sources = []
    for field in fields:
        if field.attname in HISTORY_FIELDS:
            sources.append(("own", field.attname, field))
        elif field.attname in index and index[field.attname][1] is type(field):
            sources.append(("row", index[field.attname][0], field))
        else:
            sources.append(("attribute", field.attname, field))
    history_rows = []
    for obj, row in zip(objects, rows, strict=True):
        # as bulk_history_create: the object's own user, date and reason before the defaults
        who = getattr(obj, "_history_user", user or history.get_default_history_user(obj))
        values = {
            "history_date": getattr(obj, "_history_date", timezone.now()),
            "history_change_reason": getattr(obj, "_change_reason", None) or reason,
            "history_type": "+",
            "history_user_id": who.pk if who is not None else None,
        }
        history_row = []
        for source, key, field in sources:
            if source == "row":
                history_row.append(row[key])
            else:
                value = values[key] if source == "own" else getattr(obj, key)
                history_row.append(field.get_db_prep_save(value, connection))
        history_rows.append(history_row)
    _execute(connection, history, fields, history_rows)
