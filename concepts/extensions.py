"""Hooks through which other apps add to the concept without concepts importing them.

`concepts` must not depend on its dependants (indicators, participation); it asks these
registries, and the dependants register in their `AppConfig.ready()`.

## Indicator counts (whole-concept page, gap view)

The indicators app registers, in its AppConfig.ready(), a function that counts indicators per
goal of an edition in ONE query:

    from concepts.extensions import register_indicator_counter

    def count(edition):
        ...
        return {operational_goal_id: n, ...}, {strategic_goal_id: n, ...}

    register_indicator_counter(count, stamped=(Indicator.objects.all(), "field_of_action__edition"))

The whole-concept page and the gap view call it once per request, so their query budget stays
fixed. Without a registered counter they show "–" and say that indicators are not counted.

`stamped` is what the counts are made of, as (queryset, lookup from a row to its edition): the
whole-concept page is cached under a fingerprint of its rows (`concepts.fingerprints`), and these
rows join it. A counter registered without `stamped` turns that cache off, since its counts could
change unseen.

## The concept document (PDF "Anlage")

`concepts` must not depend on its dependants (indicators, participation), so the document asks
this registry. An app registers once in its `AppConfig.ready()`:

    from concepts.extensions import DocumentExtension, register_document_extension

    register_document_extension(
        DocumentExtension(
            name="indicators",
            goal_fragments=indicator_fragments,   # edition -> {(kind, pk): html}
            sections=indicator_sections,          # edition -> [DocumentSection, …]
            fingerprint=indicator_fingerprint,    # edition -> str
        )
    )

- `goal_fragments(edition)` returns, in a fixed number of queries for the whole edition, a dict
  from `("field_of_action" | "strategic_goal" | "operational_goal", pk)` to an HTML fragment that
  the document prints below that element (e.g. the indicators of a goal). Keys without a fragment
  are simply absent.
- `sections(edition)` returns whole sections appended after Teil B (e.g. an indicator overview);
  each gets an entry in the table of contents.
- `fingerprint(edition)` returns a short string that changes whenever anything the extension
  shows changes (e.g. the latest `modified` and a count of its rows), so the cached PDF is
  rendered again. Without it the cached PDF would go stale.

Fragments are HTML the extension made with its own templates (user text only through
`render_markdown` / `|markdown`); the document inserts them as they are. Print styles for them
belong in the extension's own stylesheet, listed in `stylesheets` (paths below /static/).

## The public transparency view (`/<town>/oeffentlich/`)

The public pages of a published edition ask this registry for what other apps show there:

    from concepts.extensions import PublicExtension, register_public_extension

    register_public_extension(
        PublicExtension(
            name="indicators",
            field_fragments=public_fragments,   # (edition, field) -> {(kind, pk): html}
            stylesheets=("css/indicators.css",),
        )
    )

- `field_fragments(edition, field)` returns, in a fixed number of queries, HTML fragments
  keyed like `goal_fragments` above for the goals of one field; the field page prints each
  below its goal.
- `stylesheets` are static paths (for `{% static %}`) the public pages link.

Everyone can read these fragments without logging in: they must show only what the concept
publishes, never persons (names, e-mail addresses), internal notes or anything of a draft.
See docs/oeffentliche-ansicht.md.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

_indicator_counters = []
_counter_stamps = {}


def register_indicator_counter(counter, *, stamped=None):
    if counter not in _indicator_counters:
        _indicator_counters.append(counter)
    if stamped is not None:
        _counter_stamps[counter] = stamped
    return counter


def unregister_indicator_counter(counter):
    if counter in _indicator_counters:
        _indicator_counters.remove(counter)
    _counter_stamps.pop(counter, None)


def indicator_count_stamps():
    """{name: (queryset, lookup to edition)} of every counter's rows; None if one is unknown."""
    stamps = {}
    for n, counter in enumerate(_indicator_counters):
        if counter not in _counter_stamps:
            return None
        stamps[f"indicator_counter_{n}"] = _counter_stamps[counter]
    return stamps


def indicators_available():
    return bool(_indicator_counters)


def indicator_counts(edition):
    """({operational_goal_id: n}, {strategic_goal_id: n}); empty when nothing is registered."""
    operational, strategic = Counter(), Counter()
    for counter in _indicator_counters:
        op_counts, sg_counts = counter(edition)
        operational.update(op_counts)
        strategic.update(sg_counts)
    return dict(operational), dict(strategic)


GOAL_KINDS = ("field_of_action", "strategic_goal", "operational_goal")


@dataclass(frozen=True)
class DocumentSection:
    title: str
    html: str
    anchor: str


@dataclass(frozen=True)
class DocumentExtension:
    name: str
    goal_fragments: Callable | None = None
    sections: Callable | None = None
    fingerprint: Callable | None = None
    stylesheets: tuple[str, ...] = field(default_factory=tuple)


_extensions: dict[str, DocumentExtension] = {}


def register_document_extension(extension: DocumentExtension) -> DocumentExtension:
    """Register (or replace, by name: `ready()` may run twice in tests) an extension."""
    _extensions[extension.name] = extension
    return extension


def unregister_document_extension(name: str) -> None:
    _extensions.pop(name, None)


def document_extensions() -> list[DocumentExtension]:
    return list(_extensions.values())


@dataclass(frozen=True)
class PublicExtension:
    name: str
    field_fragments: Callable | None = None
    stylesheets: tuple[str, ...] = field(default_factory=tuple)


_public_extensions: dict[str, PublicExtension] = {}


def register_public_extension(extension: PublicExtension) -> PublicExtension:
    _public_extensions[extension.name] = extension
    return extension


def unregister_public_extension(name: str) -> None:
    _public_extensions.pop(name, None)


def public_extensions() -> list[PublicExtension]:
    return list(_public_extensions.values())


def public_field_fragments(edition, field_of_action):
    """{(kind, pk): [html, …]} from every public extension for the goals of one field."""
    fragments = {}
    for extension in _public_extensions.values():
        if extension.field_fragments is None:
            continue
        for key, html in extension.field_fragments(edition, field_of_action).items():
            fragments.setdefault(key, []).append(html)
    return fragments


def public_stylesheets():
    return [path for extension in _public_extensions.values() for path in extension.stylesheets]
