"""What other apps add to the concept document (the PDF "Anlage") without concepts importing them.

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
"""

from collections.abc import Callable
from dataclasses import dataclass, field

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
