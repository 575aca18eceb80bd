"""`{% history_url element %}`: the Verlauf page of any element of the current edition."""

from django import template
from django.urls import reverse

from concepts.services.history import kind_of

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context, element, edition=None):
    """Needs `municipality` and `edition` in the context (EditionMixin puts them there)."""
    edition = edition or context["edition"]
    return reverse(
        "concepts:history",
        kwargs={
            "town": context["municipality"].slug,
            "edition": edition.pk,
            "kind": kind_of(element),
            "pk": element.pk,
        },
    )
