from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from concepts.extensions import edition_links
from concepts.models import Chapter, CrossCuttingTheme, Edition, FieldOfAction, GuidingPrinciple
from concepts.scoping import EditionMixin, MunicipalityMixin, StaffRequiredMixin
from concepts.services.editions import edition_publish
from integration_site.refusals import refusal_to_messages


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
        context["edition_links"] = edition_links(edition, public=False)
        return context


class EditionPublishView(StaffRequiredMixin, EditionMixin, View):
    """Publish the edition in the public transparency view, or withdraw it (POST `public`)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        public = request.POST.get("public") == "1"
        try:
            edition = edition_publish(edition=self.edition, public=public, user=request.user)
        except ValidationError as error:
            refusal_to_messages(request, error)
        else:
            if public:
                messages.success(
                    request,
                    _(
                        "„%(title)s“ ist jetzt öffentlich: ohne Anmeldung lesbar "
                        "unter „Öffentliche Ansicht“."
                    )
                    % {"title": edition.title},
                )
            else:
                messages.success(
                    request,
                    _(
                        "„%(title)s“ ist nicht mehr öffentlich; die öffentliche Ansicht "
                        "zeigt diese Fassung nicht mehr."
                    )
                    % {"title": edition.title},
                )
        return redirect(
            "concepts:edition_detail", town=self.municipality.slug, edition=self.edition.pk
        )
