""" "Unbekannt / nicht angegeben" as a choice of its own in every coded field.

A coded field that sources often leave unsaid (a measure's status, an actor's kind, an
indicator's direction) stores it as empty; the form offers that as a named choice rather than
Django's "---------", so staff can say "not known" instead of picking a code that is not true.
"""

from django.utils.translation import gettext_lazy as _

UNKNOWN_LABEL = _("unbekannt / nicht angegeben")


def offer_unknown(form, *names: str) -> None:
    """Name the empty choice of the form's fields `names` "unbekannt / nicht angegeben"."""
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.required = False
        field.choices = [("", UNKNOWN_LABEL)] + [
            (value, label) for value, label in field.choices if value != ""
        ]
