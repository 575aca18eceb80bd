"""Template helpers of the public transparency view."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def public_parts(*parts, article=False):
    """A German enumeration of `parts` and of what the extensions show in the public view
    (`ConceptExtension.public_noun`, e.g. "Indikatoren"; with `article`, "die Indikatoren")."""
    from concepts.extensions import public_nouns

    items = [*parts, *(f"die {noun}" if article else noun for noun in public_nouns())]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


# The town's legal pages (Impressum, Datenschutz, Barrierefreiheit); linked where they exist.
LEGAL_PAGES = [
    ("legal_imprint", "Impressum"),
    ("legal_privacy", "Datenschutz"),
    ("legal_accessibility", "Barrierefreiheit"),
]


@register.simple_tag
def legal_links(municipality):
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
