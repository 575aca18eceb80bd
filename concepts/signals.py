"""Signals other apps listen to, so that the core stays free of its dependants."""

from django.dispatch import Signal

# Sent by `concepts.services.editions.edition_copy` inside its transaction, after the whole tree
# is copied. Arguments: source, target (editions), mapping ({Model: {old_pk: new_pk}}) and user.
# A receiver copies its own app's part of the edition (indicators, …) with the mapping.
edition_copied = Signal()
