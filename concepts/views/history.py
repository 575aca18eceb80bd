"""Verlauf: the history of one element, and restoring an earlier state of it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from concepts.scoping import EditionMixin
from concepts.services.editions import element_restore
from concepts.services.history import (
    element_changes,
    element_in_edition,
    history_entries,
    history_kinds,
    restore_changes,
)
from integration_site.refusals import refusal_to_messages


class ElementMixin(EditionMixin):
    """Resolves `self.element` from the kind slug and id, inside the URL's edition."""

    def load_objects(self):
        super().load_objects()
        kind = self.kwargs["kind"]
        if kind not in history_kinds():
            raise Http404(_("Unbekannte Art von Element."))
        self.kind = kind
        self.element = element_in_edition(kind, self.kwargs["pk"], self.edition)
        if self.element is None:
            raise Http404(_("Das Element gibt es in dieser Fassung nicht."))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            element=self.element,
            kind=self.kind,
            verbose_name=self.element._meta.verbose_name,
        )
        return context


class HistoryView(ElementMixin, TemplateView):
    template_name = "concepts/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            entries=history_entries(self.element),
            can_restore=self.can_edit and not self.edition.is_locked,
        )
        if self.kind == "fassung":
            context["element_changes"] = element_changes(self.edition)
        return context


class RestoreView(ElementMixin, TemplateView):
    """GET asks for confirmation and shows what changes; only the POST restores."""

    permission_required = "concepts.edit_concept"
    template_name = "concepts/history_restore.html"

    def load_objects(self):
        super().load_objects()
        self.record = get_object_or_404(
            self.element.history.select_related("history_user"),
            history_id=self.kwargs["history_id"],
        )

    def history_url(self):
        return reverse(
            "concepts:history",
            kwargs={
                "town": self.municipality.slug,
                "edition": self.edition.pk,
                "kind": self.kind,
                "pk": self.element.pk,
            },
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            record=self.record,
            changes=restore_changes(self.element, self.record),
            history_url=self.history_url(),
            ordered=hasattr(self.element, "position"),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            element_restore(
                element=self.element, record=self.record, edition=self.edition, user=request.user
            )
        except ValidationError as error:
            refusal_to_messages(request, error)
        else:
            messages.success(request, _("Der frühere Stand ist wiederhergestellt."))
        return redirect(self.history_url())
