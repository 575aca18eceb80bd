from django.views.generic import TemplateView

from concepts.scoping import MunicipalityMixin


class CouncilIndexView(MunicipalityMixin, TemplateView):
    template_name = "participation/council/index.html"
