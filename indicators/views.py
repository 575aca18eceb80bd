from django.views.generic import TemplateView

from concepts.scoping import MunicipalityMixin


class IndicatorIndexView(MunicipalityMixin, TemplateView):
    template_name = "indicators/index.html"
