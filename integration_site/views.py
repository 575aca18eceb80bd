from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView

from concepts.models import Edition
from concepts.rules import memberships_of
from concepts.scoping import MunicipalityMixin


class StartView(LoginRequiredMixin, TemplateView):
    """Where a person lands after login: their town, or a choice between their towns."""

    template_name = "integration_site/start.html"

    def get(self, request, *args, **kwargs):
        memberships = memberships_of(request.user)
        if len(memberships) == 1 and not request.user.is_superuser:
            return redirect("town_home", town=memberships[0].municipality.slug)
        return self.render_to_response(self.get_context_data(memberships=memberships))


class TownHomeView(MunicipalityMixin, TemplateView):
    """The town's start page: what is open for me, in panels the apps contribute.

    An app contributes by defining `start_panels(request, municipality, role)` on its
    AppConfig, returning a list of `{"template": ..., **context}` dicts.
    """

    template_name = "integration_site/town_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_edition"] = Edition.objects.for_municipality(self.municipality).current()
        panels = []
        for config in apps.get_app_configs():
            contribute = getattr(config, "start_panels", None)
            if contribute:
                panels.extend(contribute(self.request, self.municipality, self.role))
        context["panels"] = panels
        return context
