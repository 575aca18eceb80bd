from django.views.generic import TemplateView

from concepts.scoping import MunicipalityMixin


class ParticipationIndexView(MunicipalityMixin, TemplateView):
    template_name = "participation/index.html"
