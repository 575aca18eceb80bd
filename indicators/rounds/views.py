"""Views of the controlling cycle (Berichtsrunden), the controlling report and the value export.

The Stabsstelle runs rounds; every role of the town may read the report and export values. The
person's reporting page (`TaskReportView`) is the one page without login: its signed link is
the permission, and it shows only the items that name that person's e-mail.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from concepts.models import Edition, Municipality
from concepts.scoping import MunicipalityMixin, StaffRequiredMixin
from indicators import exports
from indicators.rounds import services
from indicators.rounds.forms import ReportChoiceForm, RoundForm, TaskReportForm, default_deadline
from indicators.rounds.models import ReportingRound, ReportingTask
from indicators.rounds.report import REPORT_PDF, default_reference_date
from integration_site import spreadsheets
from integration_site.background.pdfs import pdf_download
from integration_site.refusals import refusal_text, refusal_to_form, refusal_to_messages
from integration_site.versions import VersionedEditMixin


class RoundListView(StaffRequiredMixin, TemplateView):
    template_name = "indicators/rounds/round_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rounds"] = (
            ReportingRound.objects.for_municipality(self.municipality)
            .select_related("edition")
            .annotate(
                task_count=Count("tasks"),
                reported_count=Count("tasks", filter=Q(tasks__reported_at__isnull=False)),
            )
        )
        return context


class RoundCreateView(StaffRequiredMixin, FormView):
    template_name = "indicators/rounds/round_form.html"
    form_class = RoundForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["municipality"] = self.municipality
        return kwargs

    def get_initial(self):
        reference_date = default_reference_date()
        return {
            "edition": Edition.objects.for_municipality(self.municipality).current(),
            "reference_date": reference_date,
            "deadline": default_deadline(),
            "title": f"Controllingbericht {reference_date.year}",
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            round_ = services.round_start(
                edition=data["edition"],
                title=data["title"],
                reference_date=data["reference_date"],
                deadline=data["deadline"],
                message=data["message"],
                user=self.request.user,
            )
        except ValidationError as error:
            refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Die Berichtsrunde ist gestartet; %(count)s Verantwortliche haben "
                "eine E-Mail mit ihrem Link bekommen."
            )
            % {"count": round_.tasks.count()},
        )
        return redirect("indicators:round_detail", town=self.municipality.slug, round=round_.pk)


class RoundMixin(StaffRequiredMixin):
    def load_objects(self):
        super().load_objects()
        self.round = get_object_or_404(
            ReportingRound.objects.for_municipality(self.municipality).select_related(
                "edition__concept"
            ),
            pk=self.kwargs["round"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["round"] = self.round
        return context

    def back(self):
        return redirect("indicators:round_detail", town=self.municipality.slug, round=self.round.pk)


class RoundDetailView(RoundMixin, TemplateView):
    template_name = "indicators/rounds/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tasks = list(self.round.tasks.all())
        context["tasks"] = tasks
        context["reported"] = [t for t in tasks if t.has_reported]
        context["pending"] = [t for t in tasks if not t.has_reported]
        return context


class RoundRemindView(RoundMixin, View):
    """Remind one person (`task`) or, without it, everyone who has not reported yet."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        tasks = self.round.tasks.filter(reported_at__isnull=True)
        if "task" in kwargs:
            tasks = [get_object_or_404(self.round.tasks, pk=kwargs["task"])]
        sent, refused = [], []
        for task in tasks:
            task.round = self.round
            try:
                services.task_remind(task=task)
                sent.append(task)
            except ValidationError as error:
                refused.append(refusal_text(error))
        if sent:
            names = ", ".join(t.name or t.email for t in sent)
            messages.success(request, _("Erinnerung gesendet an: %(names)s.") % {"names": names})
        for text in refused:
            messages.warning(request, text)
        if not sent and not refused:
            messages.info(request, _("Alle haben gemeldet; niemand muss erinnert werden."))
        return self.back()


class RoundCloseView(RoundMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.round_close(round_=self.round, user=request.user)
        except ValidationError as error:
            refusal_to_messages(request, error)
        else:
            messages.success(
                request,
                _(
                    "Die Berichtsrunde ist abgeschlossen; der Controllingbericht zum Stichtag "
                    "liegt bei der Runde."
                ),
            )
        return self.back()


class RoundReportView(RoundMixin, View):
    """The round's report: the stored one once closed, else the current state as of its Stichtag."""

    def get(self, request, *args, **kwargs):
        name = f"controllingbericht-{self.round.reference_date:%Y-%m-%d}.pdf"
        if self.round.report:
            return FileResponse(
                self.round.report.open("rb"), content_type="application/pdf", filename=name
            )
        return pdf_download(
            request,
            REPORT_PDF.name,
            {"edition": self.round.edition_id, "stichtag": self.round.reference_date.isoformat()},
            filename=name,
            municipality=self.municipality,
        )


class ReportMixin(MunicipalityMixin):
    def choice_form(self):
        editions = Edition.objects.for_municipality(self.municipality)
        chosen = self.request.GET.get("fassung", "")
        current = (chosen.isdigit() and editions.filter(pk=chosen).first()) or editions.current()
        data = None
        if "stichtag" in self.request.GET:
            data = self.request.GET.copy()
            if not data.get("fassung") and current:
                data["fassung"] = current.pk
        initial = {"fassung": current, "stichtag": default_reference_date()}
        return ReportChoiceForm(data, initial=initial, municipality=self.municipality)


class ReportView(ReportMixin, TemplateView):
    """Choose edition and Stichtag; the form leads to the PDF and the exports."""

    template_name = "indicators/rounds/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.choice_form()
        context["current_edition"] = Edition.objects.for_municipality(self.municipality).current()
        return context


class ReportPdfView(ReportMixin, View):
    def get(self, request, *args, **kwargs):
        form = self.choice_form()
        if not form.is_bound or not form.is_valid():
            return render(
                request,
                "indicators/rounds/report.html",
                {
                    "form": form,
                    "municipality": self.municipality,
                    "role": self.role,
                    "can_edit": self.can_edit,
                },
                status=200 if not form.is_bound else 400,
            )
        edition, reference_date = form.cleaned_data["fassung"], form.cleaned_data["stichtag"]
        return pdf_download(
            request,
            REPORT_PDF.name,
            {"edition": edition.pk, "stichtag": reference_date.isoformat()},
            filename=f"controllingbericht-{reference_date:%Y-%m-%d}.pdf",
            municipality=self.municipality,
        )


class ExportView(MunicipalityMixin, View):
    """All values of an edition as CSV or XLSX, in the import template's columns."""

    def get(self, request, *args, **kwargs):
        editions = Edition.objects.for_municipality(self.municipality)
        edition_id = request.GET.get("fassung")
        if edition_id:
            if not edition_id.isdigit():
                raise Http404(_("Unbekannte Fassung"))
            edition = get_object_or_404(editions, pk=edition_id)
        else:
            edition = editions.current()
            if edition is None:
                raise Http404(_("Diese Kommune hat noch keine Fassung."))
        stem = f"messwerte-{self.municipality.slug}-{edition.year}-{datetime.date.today():%Y%m%d}"
        if kwargs["fmt"] == "xlsx":
            return spreadsheets.download(
                exports.values_xlsx(edition), kind="xlsx", filename=f"{stem}.xlsx"
            )
        return spreadsheets.download(
            exports.values_csv(edition), kind="csv", filename=f"{stem}.csv"
        )


@method_decorator(never_cache, name="dispatch")
class TaskReportView(VersionedEditMixin, View):
    """The page behind the e-mail link: that person's measures and indicators, no login.

    The POST is one transaction, so the form's version check (TaskReportForm) holds to the write.
    """

    template_name = "indicators/rounds/task_report.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.municipality = get_object_or_404(Municipality, slug=kwargs["town"])
        request.municipality = self.municipality
        self.task = ReportingTask.from_token(kwargs["token"], municipality=self.municipality)

    def dispatch(self, request, *args, **kwargs):
        if self.task is None:
            return render(
                request,
                "indicators/rounds/task_invalid.html",
                {"municipality": self.municipality, "reason": "invalid"},
                status=404,
            )
        if not self.task.round.is_open:
            return render(
                request,
                "indicators/rounds/task_invalid.html",
                {"municipality": self.municipality, "reason": "closed", "task": self.task},
                status=410,
            )
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        return TaskReportForm(
            data,
            task=self.task,
            measures=services.task_measures(self.task),
            indicators=services.task_indicators(self.task),
            existing_values=services.task_existing_values(self.task),
        )

    def render_page(self, form, status=200):
        context = {
            "municipality": self.municipality,
            "task": self.task,
            "round": self.task.round,
            "form": form,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page(self.form())

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form)
        try:
            services.task_submit(task=self.task, report=form.report())
        except ValidationError as error:
            refusal_to_form(form, error)
            return self.render_page(form)
        messages.success(
            request,
            _(
                "Vielen Dank! Ihre Meldung ist gespeichert. Sie können sie bis zum "
                "Abschluss der Runde über denselben Link noch ändern."
            ),
        )
        return redirect(request.path)
