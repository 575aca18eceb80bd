"""How a view shows a service's refusal (a `ValidationError`) to the person who asked.

Services refuse with `ValidationError`, either a plain message or a dict keyed by field name
(from `full_clean()`). A view either puts the refusal on the form it re-renders, or, after a
button without a form, into the messages shown on the page it redirects to. These two functions
are the only places that unpack a `ValidationError` for a person; the views stay one line each.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def refusal_text(error: ValidationError) -> str:
    """The refusal as one sentence (for a page that names a single problem)."""
    return " ".join(error.messages)


def refusal_to_form(form: BaseForm, error: ValidationError, *, field: str | None = None) -> None:
    """Put the refusal on `form`: a dict's errors beside their fields when the form has them,
    everything else on `field` (default: above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error)


def refusal_to_messages(
    request: HttpRequest, error: ValidationError, *, level: int = messages.ERROR
) -> None:
    """One message per reason, shown on the next page."""
    for message in error.messages:
        messages.add_message(request, level, message)
