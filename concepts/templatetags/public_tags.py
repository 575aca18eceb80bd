"""Template helpers of the public transparency view."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

# The town's legal pages (Impressum, Datenschutz, Barrierefreiheit); linked where they exist.
LEGAL_PAGES = [
    ("legal_imprint", "Impressum"),
    ("legal_privacy", "Datenschutz"),
    ("legal_accessibility", "Barrierefreiheit"),
]


@register.simple_tag
def legal_links(municipality):
    """[(label, url)] of the legal pages the installation has for this town."""
    links = []
    for name, label in LEGAL_PAGES:
        try:
            links.append((label, reverse(name, kwargs={"town": municipality.slug})))
        except NoReverseMatch:
            continue
    return links
