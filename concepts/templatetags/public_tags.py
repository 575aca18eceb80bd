"""Template helpers of the public transparency view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from concepts.models import Municipality

register = template.Library()


@register.simple_tag
def public_parts(*parts: str, article: bool = False) -> str:
    """A German enumeration of `parts` and of what the extensions show in the public view
    (`ConceptExtension.public_noun`, e.g. "Indikatoren"; with `article`, "die Indikatoren")."""
    from concepts.extensions import public_nouns

    nouns = [str(noun) for noun in public_nouns()]
    if article:
        nouns = [gettext("die %(noun)s") % {"noun": noun} for noun in nouns]
    return get_text_list([str(part) for part in [*parts, *nouns]], gettext("und"))


# The town's legal pages (Impressum, Datenschutz, Barrierefreiheit); linked where they exist.
LEGAL_PAGES = [
    ("legal_imprint", _("Impressum")),
    ("legal_privacy", _("Datenschutz")),
    ("legal_accessibility", _("Barrierefreiheit")),
]


@register.simple_tag
def legal_links(municipality: Municipality) -> list[tuple[str, str]]:
    """[(label, url)] of the legal pages the installation has: the town's, else its own."""
    links = []
    for name, label in LEGAL_PAGES:
        for args in ([municipality.slug], []):
            try:
                links.append((label, reverse(name, args=args)))
                break
            except NoReverseMatch:
                continue
    return links
