"""Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit (concepts/services/legal.py).

Everyone may read them, also without login: a town must publish them. Only the town's staff
edit them.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, UpdateView

from concepts.forms.elements import LegalTextsForm
from concepts.models import Municipality
from concepts.scoping import StaffRequiredMixin
from concepts.services.legal import PAGES, PAGES_BY_KEY, privacy_survey_section
from integration_site.versions import VersionedEditMixin


class LegalPageMixin:
    """`page` (a LegalPage) comes from the URL pattern's extra kwargs."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        try:
            self.page = PAGES_BY_KEY[kwargs["page"]]
        except KeyError:
            raise Http404 from None


class LegalPageView(LegalPageMixin, TemplateView):
    """One of a town's legal pages, for anyone."""

    template_name = "concepts/legal_page.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.municipality = get_object_or_404(Municipality, slug=kwargs["town"])
        request.municipality = self.municipality

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(legal_context(self.request, self.municipality, self.page))
        return context


class SiteLegalPageView(LegalPageMixin, TemplateView):
    """The installation's legal page: the one town's text, or the list of the towns' pages."""

    def get_template_names(self):
        return ["concepts/legal_page.html" if self.municipality else "concepts/legal_index.html"]

    def get(self, request, *args, **kwargs):
        towns = list(Municipality.objects.order_by("name")[:2])
        self.municipality = towns[0] if len(towns) == 1 else None
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.municipality:
            context.update(legal_context(self.request, self.municipality, self.page))
        else:
            context.update(page=self.page, towns=Municipality.objects.order_by("name"))
        return context


def legal_context(request, municipality, page):
    return {
        "page": page,
        "municipality": municipality,
        "text": getattr(municipality, page.field),
        "can_edit": request.user.has_perm("concepts.edit_concept", municipality),
    }


class LegalTextsEditView(VersionedEditMixin, StaffRequiredMixin, UpdateView):
    """Rechtliche Angaben bearbeiten: the three texts in one form (Stabsstelle)."""

    form_class = LegalTextsForm
    template_name = "concepts/legal_edit.html"

    def get_object(self, queryset=None):
        return self.municipality

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Die rechtlichen Angaben sind gespeichert."))
        return response

    def get_success_url(self):
        return reverse("legal_edit", kwargs={"town": self.municipality.slug})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pages"] = PAGES
        context["privacy_survey_section"] = privacy_survey_section(self.municipality)
        return context
