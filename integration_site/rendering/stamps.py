"""Fingerprints for every cached page and PDF, in one place.

A cached rendering (the whole-concept page, the concept PDF, the indicator dashboard, a
Vorlage …) is stored under a fingerprint of everything it shows, so an edit makes a new key and
nothing stale is ever served. Each rendering declares what it is made of as a `Stamp`; one
function, `fingerprint(stamp, edition, *extra)`, evaluates it:

    TREE = Stamp(
        "tree",
        rows=(FieldOfAction, StrategicGoal, …),           # parts of concepts.schema
        links=(schema.link(Measure, "themes"), …),        # many-to-many links
        templates=("concepts/tree.html", "concepts/includes/*.html"),
        static=("css/concept_print.css",),
    )
    fingerprint(TREE, edition)          # a hex digest, or None when it cannot be known

- The rows of an edition: ONE query for the stamp (however many parts), giving for each part
  the latest `modified`, the count and the sum of ids (adds, deletions and swaps) and for each
  link the count and sum of ids; plus the edition's, concept's and town's `modified` and the
  town's actors. The query is compiled once per process and set of parts.
- The extensions' stamp sources of the same name (`ConceptExtension.stamps`): their models'
  rows join that one query; their callables add their strings.
- Templates and static files by their CONTENT, never their modification time: servers deployed
  from the same release at different moments must agree on every fingerprint, or each renders
  and caches its own copy. Hashes of the release's files are kept per process (a deployment
  restarts it); with DEBUG on (runserver) they are read every time, so an edit shows at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Count, F, Max, Model, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from concepts import schema
from concepts.extensions import stamp_sources
from concepts.models import Edition


@dataclass(frozen=True)
class Rows:
    """The rows of a model of the schema in an edition, or (`across_town`) in every edition
    of its town (an indicator's series runs across editions)."""

    model: type[Model]
    across_town: bool = False

    @property
    def name(self) -> str:
        suffix = "_town" if self.across_town else ""
        return f"{self.model._meta.label_lower.replace('.', '_')}{suffix}"

    def lookup(self) -> tuple[str, str]:
        """(lookup from a row, field of the edition it is compared with)."""
        if self.across_town:
            return schema.path_to_town(self.model), schema.TOWN
        return schema.path_to_edition(self.model), "pk"


@dataclass(frozen=True)
class Stamp:
    """What a cached rendering is made of (see the module docstring).

    `name` also picks the extensions' stamp sources; `version` is raised when the layout
    changes in code in a way the files' content would not show.
    """

    name: str
    rows: tuple = ()  # models of concepts.schema, or Rows(…)
    links: tuple = ()  # schema.Link
    templates: tuple[str, ...] = ()  # template names or globs below the template dirs
    static: tuple[str, ...] = ()  # static paths, e.g. "css/print.css"
    version: str = ""
    edition: bool = True  # whether it depends on an edition's rows at all


def fingerprint(stamp: Stamp, edition=None, *extra) -> str:
    """The fingerprint of `stamp` (for `edition`), with `extra` strings added; remembered until
    the next write (rendering/generation.py)."""
    from integration_site.rendering.generation import remembered

    return remembered(
        ("stamp", stamp.name, stamp.version, getattr(edition, "pk", None), *extra),
        lambda: _fingerprint(stamp, edition, *extra),
    )


def _fingerprint(stamp: Stamp, edition=None, *extra) -> str:
    parts = [stamp.name, stamp.version, files_stamp(stamp.templates, stamp.static)]
    if stamp.edition and edition is not None:
        row = edition_row(stamp, edition)
        parts.append(str(edition.pk))
        parts += [f"{key}={value}" for key, value in sorted(row.items())]
        parts += [source(edition) for source in stamp_sources(stamp.name) if not _is_rows(source)]
    parts += [str(value) for value in extra]
    return digest(*parts)


def digest(*parts) -> str:
    """A short, stable hash of `parts` (for cache keys made of values already in memory)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Rows: one query per edition


def _text(expression):
    return Cast(expression, output_field=CharField())


def _joined(*expressions):
    parts = []
    for expression in expressions:
        parts += [_text(expression), Value(":")]
    return Concat(*parts[:-1], output_field=CharField())


def _rows_subquery(rows: Rows):
    """ "latest modified:count:sum of ids[:sum of id × position]" of the rows; one subquery per
    table rather than one per figure: the query's planning time grows with the number of
    subqueries."""
    path, outer = rows.lookup()
    queryset = rows.model._default_manager.filter(**{path: OuterRef(outer)}).order_by()
    figures = [Max("modified"), Count("pk"), Sum("pk")]
    if any(f.name == "position" for f in rows.model._meta.concrete_fields):
        # A move saves only `position` (not `modified`): the order must show in the stamp.
        figures.append(Sum(F("pk") * F("position")))
    value = _joined(*figures)
    grouped = queryset.values(path).annotate(v=value).values("v")[:1]
    return Subquery(grouped, output_field=CharField())


def _link_subquery(link: schema.Link):
    """Link rows carry no timestamp: count and id sums catch adds, removals and swaps."""
    queryset = link.through.objects.filter(**{link.path: OuterRef("pk")}).order_by()
    grouped = queryset.values(link.path).annotate(v=_joined(Count("pk"), Sum("pk"))).values("v")
    return Subquery(grouped[:1], output_field=CharField())


# Stands for the edition's id while the query is compiled once per process and set of rows:
# building and compiling ~20 subqueries costs the ORM more than PostgreSQL needs to run them.
EDITION_SENTINEL = -739_104_215
_compiled: dict = {}


def _is_rows(source) -> bool:
    """A model or `Rows` (joins the one query), not a callable returning a string."""
    return isinstance(source, (Rows, type))


def _as_rows(source) -> Rows:
    return source if isinstance(source, Rows) else Rows(source)


def edition_row(stamp: Stamp, edition) -> dict:
    """One query: {name: stamp} of the edition itself, its rows, links and the town's actors."""
    rows = [_as_rows(r) for r in stamp.rows]
    rows += [_as_rows(s) for s in stamp_sources(stamp.name) if _is_rows(s)]
    rows = list(dict.fromkeys(rows))
    key = (connection.alias, stamp.name, tuple(rows), tuple(stamp.links))
    if key not in _compiled:
        _compiled[key] = _row_queryset(rows, stamp.links).query.sql_with_params()
    sql, params = _compiled[key]
    params = [edition.pk if p == EDITION_SENTINEL else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True))


def _row_queryset(rows, links):
    annotations = {
        "edition_modified": F("modified"),
        "concept_modified": F("concept__modified"),
        "municipality_modified": F("concept__municipality__modified"),
    }
    for rows_of in rows:
        annotations[rows_of.name] = _rows_subquery(rows_of)
    for link in links:
        annotations[link.name] = _link_subquery(link)
    # The town's actors are named on every page that shows a Träger.
    actors = schema.part(schema.Actor)
    annotations["actors"] = Subquery(
        actors.model.objects.filter(**{actors.parent: OuterRef(schema.TOWN)})
        .order_by()
        .values(actors.parent)
        .annotate(v=Max("modified"))
        .values("v")[:1]
    )
    return (
        Edition.objects.filter(pk=EDITION_SENTINEL)
        .order_by()
        .annotate(**annotations)
        .values(*annotations)
    )


# ---------------------------------------------------------------------------------------------
# Files: content hashes


def files_stamp(templates=(), static=()) -> str:
    """Hashes of the content of the templates (names or globs) and static files."""
    paths = [p for name in templates for p in template_paths(name)]
    paths += [p for name in static if (p := static_path(name)) is not None]
    return ",".join(file_stamp(p) for p in paths)


def template_paths(name: str) -> list[Path]:
    """The files of a template name or glob: below the project's template dirs, else (a plain
    name) wherever the template loaders find it."""
    found = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        found += sorted(Path(directory).glob(name))
    if not found and not any(c in name for c in "*?["):
        try:
            found.append(Path(get_template(name).origin.name))
        except TemplateDoesNotExist:
            pass
    return found


def static_path(name: str) -> Path | None:
    from integration_site.rendering.pdf import find_static

    return find_static(name)


def file_stamp(path) -> str:
    """A hash of the file's content: the same on every server deployed from one release."""
    path = Path(path).resolve()
    if settings.DEBUG or not path.is_relative_to(Path(settings.BASE_DIR).resolve()):
        return _hash(path)
    return _release_hash(path)


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=1024)
def _release_hash(path: Path) -> str:
    # The release's own files do not change while the process lives (a deployment restarts it).
    return _hash(path)
