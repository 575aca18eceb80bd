"""Fingerprints of an edition's content: one query that changes whenever a shown row changes.

Cached renderings (the concept PDF, the whole-concept page) are stored under a fingerprint of
everything they show, so an edit makes a new key and nothing stale is ever served: for each
kind of row under the edition the latest `modified`, the count and the sum of ids (adds,
deletions and swaps), for many-to-many links the count and sum of ids.
"""

from django.db import connection
from django.db.models import CharField, Count, F, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat

from concepts.models import Actor, Edition


def _text(expression):
    return Cast(expression, output_field=CharField())


def _joined(*expressions):
    parts = []
    for expression in expressions:
        parts += [_text(expression), Value(":")]
    return Concat(*parts[:-1], output_field=CharField())


def stamp(queryset, path, outer="pk"):
    """One subquery, "latest modified:count:sum of ids", over the rows under the edition
    (or, with `outer`, e.g. "concept__municipality", under that field of the edition).

    One subquery per table rather than one per figure: the query's planning time grows with
    the number of subqueries, and the whole-concept page pays it on every request.
    """
    rows = queryset.filter(**{path: OuterRef(outer)}).order_by().values(path)
    value = _joined(Max("modified"), Count("pk"), Sum("pk"))
    return (Subquery(rows.annotate(v=value).values("v")[:1], output_field=CharField()),)


def through_stamp(through, path):
    """Many-to-many rows carry no timestamp: count and id sums catch adds, removals, swaps."""
    rows = through.objects.filter(**{path: OuterRef("pk")}).order_by().values(path)
    value = _joined(Count("pk"), Sum("pk"))
    return (Subquery(rows.annotate(v=value).values("v")[:1], output_field=CharField()),)


# Stands for the edition's id while the query is compiled once per process and set of stamps:
# building and compiling ~20 subqueries costs the ORM more than PostgreSQL needs to run them.
EDITION_SENTINEL = -739_104_215
_compiled = {}


def edition_stamps(edition, *, stamped, through):
    """One query: the edition's own stamps and those of `stamped` rows and `through` links.

    `stamped` maps a name to (queryset, lookup from the row to the edition) or to (queryset,
    lookup, field of the edition it matches, e.g. the town), `through` a name to (through model,
    lookup); both must be the same objects from call to call (module
    constants), as the compiled query is kept under their names. The town's actors count for
    every edition of the town.
    """
    key = (connection.alias, tuple(stamped), tuple(through))
    if key not in _compiled:
        queryset = _stamps_queryset(stamped, through)
        _compiled[key] = queryset.query.sql_with_params()
    sql, params = _compiled[key]
    params = [edition.pk if p == EDITION_SENTINEL else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True))


def _stamps_queryset(stamped, through):
    annotations = {
        "edition_modified": F("modified"),
        "concept_modified": F("concept__modified"),
        "municipality_modified": F("concept__municipality__modified"),
    }
    for key, spec in stamped.items():
        for n, expression in enumerate(stamp(*spec)):
            annotations[f"{key}_{n}"] = expression
    for key, (model, path) in through.items():
        for n, expression in enumerate(through_stamp(model, path)):
            annotations[f"{key}_{n}"] = expression
    annotations["actors"] = Subquery(
        Actor.objects.filter(municipality=OuterRef("concept__municipality"))
        .order_by()
        .values("municipality")
        .annotate(v=Max("modified"))
        .values("v")[:1]
    )
    return (
        Edition.objects.filter(pk=EDITION_SENTINEL)
        .order_by()
        .annotate(**annotations)
        .values(*annotations)
    )
