"""The one way other apps add to the concept: a `ConceptExtension`, registered once.

`concepts` never imports or names its dependants (indicators, participation). A dependant
declares everything it adds in one `ConceptExtension` and registers it in its
`AppConfig.ready()`:

    from concepts.extensions import ConceptExtension, register

    class IndicatorsConfig(AppConfig):
        def ready(self):
            register(ConceptExtension(name="indicators", goal_counts=..., copy=..., ...))

`register` replaces an extension of the same name (`ready()` may run twice in tests);
extensions are asked in the order they were registered, i.e. the order of INSTALLED_APPS.
Every field is optional except `name`:

- `parts` — the extension's models under the edition, as `concepts.schema.Part`s
  (`Part(Indicator, "field_of_action", copied=False)`), so that `schema.path_to_edition` and
  the stamps know them. The copy leaves them to `copy`.
- `exchange_sections` — `concepts.exchange.ExchangeSection`s: the extension's part of the
  exchange file, under `"extensions"`.
- `comparison_sections` — `concepts.services.compare.Section`s appended to every comparison of two
  editions, each placed `after` the section with that key (or at the end).
- `copy(source, target, mapping, user)` — called by the Fortschreibung inside its transaction,
  after the whole tree is copied. `mapping` is `{Model: {old_pk: new_pk}}`, one entry per
  model of `concepts.schema` the copy made (`mapping[OperationalGoal][old.pk]` is the pk of the
  copy in `target`), `Edition` included (`{source.pk: target.pk}`). The hook adds its own
  models to `mapping` if a later extension needs them.
- `goal_counts` — a `GoalCounts`: a number per goal the whole-concept page and the gap view
  show (e.g. "Indikatoren: 3"), with the words they use for it; `count(edition)` returns
  `({operational_goal_id: n}, {strategic_goal_id: n})` in ONE query for the whole edition.
- `document_fragments(edition)` — `{(kind, pk): html}` printed below that element of the
  concept document, kind one of `GOAL_KINDS`; `document_sections(edition)` — whole
  `DocumentSection`s appended after Teil B, each with an entry in the table of contents;
  `document_stylesheets` — print stylesheets (paths below /static/).
- `public_fragments(edition, field)` — like `document_fragments`, for the goals of one field
  in the public view; `public_stylesheets` — static paths (for `{% static %}`) the public pages
  link; `public_noun` names what they show, in the plural ("Indikatoren"), where the public
  pages and the publishing panel say what is published. Everyone reads these without logging
  in: only what the concept publishes, never persons, internal notes or anything of a draft
  (docs/oeffentliche-ansicht.md).
- `field_page_fragments(request, edition, field)` — HTML shown on the (logged-in) page of one
  field, in its Ausgangslage; rendered with the request (CSRF token of its forms, the reader's
  permissions for links to staff-only pages and buttons).
- `edition_links(edition, *, public)` — further views of an edition, `[(label, url), …]`,
  linked from the edition's page (staff) or the public edition page (`public=True`), e.g. the
  indicators' "Daten und Fakten"; at most one query.
- `start_panels(request, municipality, role)` — panels for the town's start page, a list of
  `{"template": ..., **context}`.
- `load_demo(stdout=None)`, `load_demo_large(stdout=None)` — the extension's part of the demo
  (`manage.py demo [--large]`) that the exchange files do not hold; `load_demo_town(town,
  edition)` the same for each generated town of `manage.py demo --towns N`.
- `demo_section(data, section, *, large, today, size)` — the extension's section of a demo
  exchange file before import: `section` as the file holds it (None for the generated large
  town and the generated towns, whose `size` dict may name counts such as "indicators"),
  returned as it should be imported (e.g. values moved to stay current) or None to leave it out.
- `stamps` — what cached renderings showing the extension's parts are made of:
  `{stamp name: (source, …)}` for the stamps of `integration_site.rendering.stamps`
  ("tree", "document", …); a source is a model of `parts` (its rows in the edition join the
  stamp's one query), `Rows(model, across_town=True)`, or a callable `edition -> str`.
  An extension with `goal_counts` but without a "tree" stamp turns the tree's cache off.

Fragments are HTML the extension made with its own templates (user text only through
`render_markdown` / `|markdown`); the core inserts them as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from concepts.models import Edition, FieldOfAction, Municipality

GOAL_KINDS = ("field_of_action", "strategic_goal", "operational_goal")


@dataclass(frozen=True)
class DocumentSection:
    title: str
    html: str
    anchor: str


@dataclass(frozen=True)
class GoalCounts:
    """A number per goal, with the words the core pages use for it."""

    count: Callable  # edition -> ({operational_goal_id: n}, {strategic_goal_id: n})
    label: str  # "Indikatoren" ("Indikatoren: 3" beside each goal)
    missing_title: str = ""  # gap view heading of operational goals counting 0
    missing_caption: str = ""  # table caption for screen readers
    none_missing: str = ""  # said when every operational goal counts at least 1


@dataclass(frozen=True)
class ConceptExtension:
    name: str
    parts: Sequence = ()
    exchange_sections: Sequence = ()
    comparison_sections: Sequence = ()  # compare.Section, or (Section, after-key)
    copy: Callable | None = None
    goal_counts: GoalCounts | None = None
    document_fragments: Callable | None = None
    document_sections: Callable | None = None
    document_stylesheets: tuple[str, ...] = ()
    public_fragments: Callable | None = None
    public_stylesheets: tuple[str, ...] = ()
    public_noun: str = ""
    field_page_fragments: Callable | None = None
    edition_links: Callable | None = None
    start_panels: Callable | None = None
    load_demo: Callable | None = None
    load_demo_large: Callable | None = None
    load_demo_town: Callable | None = None
    demo_section: Callable | None = None
    stamps: dict = field(default_factory=dict)


_extensions: dict[str, ConceptExtension] = {}


def register(extension: ConceptExtension) -> ConceptExtension:
    """Register (or replace, by name) an extension; call it in `AppConfig.ready()`."""
    from concepts import schema

    for part in extension.parts:
        schema.register_part(part)
    _extensions[extension.name] = extension
    return extension


def unregister(name: str) -> None:
    _extensions.pop(name, None)


def extensions() -> list[ConceptExtension]:
    return list(_extensions.values())


def with_(attribute: str) -> list[ConceptExtension]:
    """The registered extensions that declare `attribute`."""
    return [e for e in _extensions.values() if getattr(e, attribute)]


# ---------------------------------------------------------------------------------------------
# What the core asks


def goal_counts(edition: Edition) -> tuple[dict[int, int], dict[int, int]]:
    """({operational_goal_id: n}, {strategic_goal_id: n}) summed over the extensions that count;
    empty when none does."""
    operational, strategic = Counter(), Counter()
    for extension in with_("goal_counts"):
        op_counts, sg_counts = extension.goal_counts.count(edition)
        operational.update(op_counts)
        strategic.update(sg_counts)
    return dict(operational), dict(strategic)


def goal_count_words() -> GoalCounts | None:
    """The words of the first counting extension (the pages show one count per goal)."""
    counting = with_("goal_counts")
    return counting[0].goal_counts if counting else None


def exchange_sections() -> dict:
    return {s.name: s for e in _extensions.values() for s in e.exchange_sections}


def comparison_sections() -> list:
    return [s for e in _extensions.values() for s in e.comparison_sections]


def copy_hooks() -> list[Callable]:
    return [e.copy for e in with_("copy")]


def document_stylesheets() -> list[str]:
    return [path for e in _extensions.values() for path in e.document_stylesheets]


def public_field_fragments(
    edition: Edition, field_of_action: FieldOfAction
) -> dict[tuple[str, int], list[str]]:
    """{(kind, pk): [html, …]} from every extension for the goals of one field."""
    fragments = {}
    for extension in with_("public_fragments"):
        for key, html in extension.public_fragments(edition, field_of_action).items():
            fragments.setdefault(key, []).append(html)
    return fragments


def field_page_fragments(
    request: HttpRequest, edition: Edition, field_of_action: FieldOfAction
) -> list[str]:
    """[html, …] from every extension for the Ausgangslage of one field's page."""
    return [
        html
        for extension in with_("field_page_fragments")
        for html in extension.field_page_fragments(request, edition, field_of_action)
    ]


def public_stylesheets() -> list[str]:
    return [path for e in _extensions.values() for path in e.public_stylesheets]


def public_nouns() -> list[str]:
    return [e.public_noun for e in with_("public_noun")]


def edition_links(edition: Edition, *, public: bool) -> list[tuple[str, str]]:
    """[(label, url), …] of the extensions' views of an edition."""
    return [
        link
        for extension in with_("edition_links")
        for link in extension.edition_links(edition, public=public)
    ]


def start_panels(request: HttpRequest, municipality: Municipality, role: str | None) -> list[dict]:
    return [
        panel
        for extension in with_("start_panels")
        for panel in extension.start_panels(request, municipality, role)
    ]


def stamp_sources(stamp_name: str) -> list:
    return [s for e in _extensions.values() for s in e.stamps.get(stamp_name, ())]
