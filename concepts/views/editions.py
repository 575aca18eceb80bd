from django.db.models import Count, Prefetch
from django.views.generic import TemplateView

from concepts.models import Chapter, CrossCuttingTheme, Edition, FieldOfAction, GuidingPrinciple
from concepts.scoping import EditionMixin, MunicipalityMixin


class EditionListView(MunicipalityMixin, TemplateView):
    template_name = "concepts/edition_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editions = Edition.objects.for_municipality(self.municipality).select_related("concept")
        context["editions"] = editions
        context["current_edition"] = editions.current()
        return context


class EditionDetailView(EditionMixin, TemplateView):
    """The edition at a glance: Leitbild, chapters and the fields of action."""

    template_name = "concepts/edition_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition
        context["vision"] = getattr(edition, "vision", None)
        context["principles"] = GuidingPrinciple.objects.filter(
            edition=edition, field_of_action__isnull=True
        )
        context["chapters"] = Chapter.objects.filter(edition=edition)
        context["themes"] = CrossCuttingTheme.objects.filter(edition=edition)
        context["fields"] = (
            FieldOfAction.objects.for_edition(edition)
            .annotate(measure_count=Count("measures", distinct=True))
            .prefetch_related(Prefetch("strategic_goals"))
        )
        return context
