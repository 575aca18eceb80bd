"""`{% history_url element %}`: the Verlauf page of any element of the current edition."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.urls import reverse

from concepts.services.history import kind_of

if TYPE_CHECKING:
    from django.db.models import Model
    from django.template import Context

    from concepts.models import Edition

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context: Context, element: Model, edition: Edition | None = None) -> str:
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
