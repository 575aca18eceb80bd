"""Pages of the Stabsstelle for the Ratsinformationssystem (/<town>/ratsinformationssystem/…).

Only the Stabsstelle sees them. Every page that reads the other system shows its failure as a
German message naming the object and changes nothing; writes go through participation.ris.services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View

from integration_site.refusals import refusal_to_form
from participation.council.views import CouncilStaffMixin, papers_of
from participation.models import Committee, CouncilSystem, PaperLink
from participation.ris import services
from participation.ris.client import CouncilSystemError, OParlClient
from participation.ris.forms import (
    ApplyForm,
    CouncilSystemForm,
    OrganizationMappingForm,
    PaperLinkForm,
    PaperSearchForm,
)


def council_system_or_none(municipality):
    return CouncilSystem.objects.filter(municipality=municipality).first()


class RisMixin(CouncilStaffMixin):
    def ris_url(self, name, *args):
        return reverse(f"ris:{name}", args=[self.municipality.slug, *args])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["council_system"] = self.council_system
        return context

    def load_objects(self):
        super().load_objects()
        self.council_system = council_system_or_none(self.municipality)


class CouncilSystemView(RisMixin, TemplateView):
    """Which council system and Body the town's results come from."""

    template_name = "participation/ris/system.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            initial = {}
            if self.council_system is not None:
                initial = {
                    "system_url": self.council_system.system_url,
                    "body_url": self.council_system.body_url,
                }
            context["form"] = CouncilSystemForm(initial=initial)
        context["linked_papers"] = PaperLink.objects.filter(
            paper__municipality=self.municipality
        ).select_related("paper")
        return context

    def post(self, request, *args, **kwargs):
        form = CouncilSystemForm(request.POST)
        if form.is_valid():
            try:
                with OParlClient() as client:
                    services.council_system_connect(
                        municipality=self.municipality,
                        system_url=form.cleaned_data["system_url"],
                        body_url=form.cleaned_data["body_url"],
                        client=client,
                    )
            except CouncilSystemError as error:
                form.add_error("system_url", str(error))
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Das Ratsinformationssystem ist verknüpft. Bitte jetzt die Gremien "
                        "zuordnen."
                    ),
                )
                return redirect(self.ris_url("mapping"))
        return self.render_to_response(self.get_context_data(form=form))


class MappingView(RisMixin, TemplateView):
    """The mapping table: which of our Gremien each body of the other system is."""

    template_name = "participation/ris/mapping.html"

    def build_form(self, data=None):
        with OParlClient() as client:
            organizations = services.remote_organizations(
                council_system=self.council_system, client=client
            )
        mappings = {m.remote_id: m for m in self.council_system.organization_mappings.all()}
        committees = list(Committee.objects.for_municipality(self.municipality))
        return OrganizationMappingForm(
            data, organizations=organizations, committees=committees, mappings=mappings
        )

    def get(self, request, *args, **kwargs):
        context = {}
        if self.council_system is not None:
            try:
                context["form"] = self.build_form()
            except CouncilSystemError as error:
                context["error"] = str(error)
        return self.render_to_response(self.get_context_data(**context))

    def post(self, request, *args, **kwargs):
        if self.council_system is None:
            return redirect(self.ris_url("system"))
        try:
            form = self.build_form(request.POST)
        except CouncilSystemError as error:
            return self.render_to_response(self.get_context_data(error=str(error)))
        if form.is_valid():
            try:
                services.organization_mappings_save(
                    council_system=self.council_system, choices=form.choices()
                )
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Die Zuordnung der Gremien ist gespeichert."))
                return redirect(self.ris_url("mapping"))
        return self.render_to_response(self.get_context_data(form=form))


class PaperMixin(RisMixin):
    def load_objects(self):
        super().load_objects()
        self.paper = get_object_or_404(papers_of(self.municipality), pk=self.kwargs["paper"])
        self.link = PaperLink.objects.filter(paper=self.paper).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(paper=self.paper, link=self.link)
        return context


class PaperLinkView(PaperMixin, TemplateView):
    """Find the Vorlage in the council system (by number or URL) and link it."""

    template_name = "participation/ris/paper.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = PaperSearchForm(self.request.GET or None, initial={"q": self.paper.number})
        context["search_form"] = search
        if self.council_system is not None and search.is_bound and search.is_valid():
            try:
                with OParlClient() as client:
                    found = services.paper_search(
                        council_system=self.council_system,
                        query=search.cleaned_data["q"],
                        client=client,
                    )
                context["results"] = [
                    {
                        "id": paper.get("id"),
                        "reference": paper.get("reference"),
                        "name": paper.get("name"),
                        "date": remote_date(paper.get("date")),
                    }
                    for paper in found
                    if isinstance(paper.get("id"), str)
                ]
            except CouncilSystemError as error:
                context["error"] = str(error)
        return context

    def post(self, request, *args, **kwargs):
        form = PaperLinkForm(request.POST)
        error = None
        if form.is_valid():
            try:
                with OParlClient() as client:
                    services.paper_link(
                        paper=self.paper,
                        remote_url=form.cleaned_data["remote_url"],
                        client=client,
                        user=request.user,
                    )
            except CouncilSystemError as refusal:
                error = str(refusal)
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                messages.success(request, _("Die Vorlage ist verknüpft."))
                return redirect(self.ris_url("paper_preview", self.paper.pk))
        else:
            error = _("Bitte eine gültige Adresse (https://…) der Vorlage angeben.")
        return self.render_to_response(self.get_context_data(error=error))


class PaperPreviewView(PaperMixin, TemplateView):
    """What reading back would change; applied only on confirmation."""

    template_name = "participation/ris/preview.html"

    def read(self):
        with OParlClient() as client:
            return services.paper_plan(link=self.link, client=client)

    def get(self, request, *args, **kwargs):
        if self.link is None or self.council_system is None:
            return redirect(self.ris_url("paper", self.paper.pk))
        context = {}
        try:
            context["plan"] = self.read()
            context["form"] = ApplyForm(initial={"fingerprint": context["plan"].fingerprint})
        except (CouncilSystemError, ValidationError) as error:
            context["error"] = error_text(error)
        return self.render_to_response(self.get_context_data(**context))

    def post(self, request, *args, **kwargs):
        if self.link is None or self.council_system is None:
            return redirect(self.ris_url("paper", self.paper.pk))
        form = ApplyForm(request.POST)
        context = {"form": form}
        try:
            plan = self.read()
            context["plan"] = plan
            if form.is_valid():
                written = services.plan_apply(
                    plan=plan,
                    user=request.user,
                    fingerprint=form.cleaned_data["fingerprint"],
                    confirm_adoption=form.cleaned_data["confirm_adoption"],
                )
                messages.success(
                    request,
                    ngettext(
                        "Aus dem Ratsinformationssystem übernommen: %(count)s Beratung.",
                        "Aus dem Ratsinformationssystem übernommen: %(count)s Beratungen.",
                        len(written),
                    )
                    % {"count": len(written)},
                )
                return redirect("council:paper_detail", self.municipality.slug, self.paper.pk)
            context["error"] = _("Bitte die Vorschau erneut laden und bestätigen.")
        except (CouncilSystemError, ValidationError) as error:
            context["error"] = error_text(error)
            if "plan" in context:
                context["form"] = ApplyForm(initial={"fingerprint": context["plan"].fingerprint})
        return self.render_to_response(self.get_context_data(**context))


def remote_date(value):
    """The date of a remote "2025-02-10" (or a timestamp), None when it is not one."""
    try:
        return parse_date(value[:10]) if isinstance(value, str) else None
    except ValueError:  # well-formed but impossible, e.g. 2025-13-45
        return None


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@method_decorator(require_POST, name="dispatch")
class PaperUnlinkView(PaperMixin, View):
    def post(self, request, *args, **kwargs):
        if self.link is not None:
            services.paper_unlink(link=self.link)
            messages.success(
                request, _("Die Verknüpfung mit dem Ratsinformationssystem ist gelöst.")
            )
        return redirect(self.ris_url("paper", self.paper.pk))
