"""Verlauf: the history of one element, and restoring an earlier state of it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from concepts.scoping import EditionMixin
from concepts.services.editions import element_restore
from concepts.services.history import KINDS, element_in_edition, history_entries


class ElementMixin(EditionMixin):
    """Resolves `self.element` from the kind slug and id, inside the URL's edition."""

    def load_objects(self):
        super().load_objects()
        kind = self.kwargs["kind"]
        if kind not in KINDS:
            raise Http404(_("Unbekannte Art von Element."))
        self.kind = kind
        self.element = element_in_edition(kind, self.kwargs["pk"], self.edition)
        if self.element is None:
            raise Http404(_("Das Element gibt es in dieser Fassung nicht."))


class HistoryView(ElementMixin, TemplateView):
    template_name = "concepts/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            element=self.element,
            kind=self.kind,
            verbose_name=self.element._meta.verbose_name,
            entries=history_entries(self.element),
            can_restore=self.can_edit and not self.edition.is_locked,
        )
        return context


class RestoreView(ElementMixin, View):
    permission_required = "concepts.edit_concept"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        record = get_object_or_404(self.element.history.all(), history_id=kwargs["history_id"])
        try:
            element_restore(
                element=self.element, record=record, edition=self.edition, user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Der frühere Stand ist wiederhergestellt."))
        return redirect(
            "concepts:history",
            town=self.municipality.slug,
            edition=self.edition.pk,
            kind=self.kind,
            pk=self.element.pk,
        )
