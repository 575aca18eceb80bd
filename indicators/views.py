import base64
import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from concepts.models import Concept, FieldOfAction
from concepts.public.views import PublicEditionMixin
from concepts.scoping import EditionMixin, MunicipalityMixin, StaffRequiredMixin
from indicators import services
from indicators.charts import cache_stored_charts, indicator_chart_svg
from indicators.forms import (
    ImportUploadForm,
    IndicatorForm,
    MeasurementForm,
    MeasurementTableFormSet,
    PeriodChoiceForm,
)
from indicators.importers import background as import_tasks
from indicators.importers import values as importers
from indicators.importers.parsing import year_period
from indicators.models import Indicator, Measurement, Status
from indicators.overview import (
    edition_overview,
    facts_overview,
    indicator_rows,
    overview_fingerprint,
)
from indicators.public import facts_items, own_column_is_the_town, value_table
from integration_site import spreadsheets
from integration_site.background.imports import job_url, start_import
from integration_site.refusals import refusal_to_form, refusal_to_messages
from integration_site.rendering.fragments import cached_html
from integration_site.rendering.stamps import Stamp, fingerprint
from integration_site.versions import VersionedEditMixin


class IndicatorScopedMixin:
    """Resolves `self.indicator` (URL kwarg `pk`) within the town."""

    def load_objects(self):
        super().load_objects()
        self.indicator = get_object_or_404(self.indicators(), pk=self.kwargs["pk"])
        self.edition = self.indicator.edition

    def indicators(self):
        return (
            Indicator.objects.for_municipality(self.municipality)
            .with_goals()
            .select_related("edition__concept", "field_of_action", "sub_theme", "continues")
        )


class StaffEditionMixin(StaffRequiredMixin, EditionMixin):
    permission_required = "concepts.edit_concept"


# Dashboard ----------------------------------------------------------------------------------


DASHBOARD_STAMP = Stamp(
    "indicator-dashboard",
    templates=("indicators/index.html", "indicators/includes/*.html"),
    edition=False,
)


class IndicatorIndexView(MunicipalityMixin, TemplateView):
    """Dashboard: per concept (its current edition) and field, every indicator at a glance.

    Computing every status and rendering a hundred rows takes a large concept over 100 ms, so
    the body is cached under the overview's fingerprint of each edition (any new value or
    changed indicator makes a new key), the person's role, the filter and the day.
    """

    template_name = "indicators/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        if status not in Status.values and status != "none":
            status = ""
        editions = []
        for concept in Concept.objects.filter(municipality=self.municipality).order_by("title"):
            edition = concept.editions.current()
            if edition is not None:
                edition.concept = concept
                editions.append(edition)
        as_of = timezone.localdate()
        key_parts = [
            self.municipality.pk,
            self.role,
            self.can_edit,
            status,
            as_of.isoformat(),
            *(f"{e.pk}:{overview_fingerprint(e, as_of)}" for e in editions),
            fingerprint(DASHBOARD_STAMP),
        ]

        def render(csrf_token):
            concepts = []
            for edition in editions:
                blocks = edition_overview(edition, as_of=as_of, status=status or None)
                all_rows = [row for block in blocks for row in block.rows]
                concepts.append({"edition": edition, "fields": blocks, "count": len(all_rows)})
            body_context = {
                **context,
                "concepts": concepts,
                "status": status,
                "status_choices": [*Status.choices, ("none", "ohne Status")],
                "as_of": as_of,
                "csrf_token": csrf_token,
            }
            return render_to_string(
                "indicators/includes/index_body.html", body_context, request=self.request
            )

        context["dashboard_html"] = cached_html(
            "indicator-dashboard", key_parts, render, request=self.request
        )
        return context


# Indicator pages ----------------------------------------------------------------------------


class IndicatorDetailView(IndicatorScopedMixin, MunicipalityMixin, TemplateView):
    template_name = "indicators/indicator_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = indicator_rows([self.indicator])[0]
        form = kwargs.get("form")
        if form is None and self.can_edit:
            form = MeasurementForm(
                indicator=self.indicator,
                initial={"period": year_period(timezone.localdate().year - 1).label},
            )
        breakdown_names, table, _notes = value_table(row)
        context.update(
            indicator=self.indicator,
            edition=self.edition,
            row=row,
            chart=indicator_chart_svg(self.indicator, row.series, row.status.status),
            table=table,
            breakdown_names=breakdown_names,
            own_is_town=own_column_is_the_town(row),
            measurements=sorted(
                row.series,
                key=lambda m: (m.period_end, m.series_name, m.source),
                reverse=True,
            ),
            form=form,
        )
        return context


class IndicatorChartView(IndicatorScopedMixin, MunicipalityMixin, View):
    """The chart alone as an SVG file (the dashboard's small charts load it)."""

    def indicators(self):
        # The chart shows the indicator's own columns: no goal, field or predecessor joined
        # (PostgreSQL's planning of those joins alone took 7 ms, for each of the dashboard's
        # small charts).
        return Indicator.objects.for_municipality(self.municipality).select_related("edition")

    def get(self, request, *args, **kwargs):
        row = indicator_rows([self.indicator])[0]
        size = "small" if request.GET.get("groesse") == "klein" else "large"
        svg = indicator_chart_svg(self.indicator, row.series, row.status.status, size=size)
        svg = '<?xml version="1.0" encoding="utf-8"?>\n' + svg
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Cache-Control"] = "private, max-age=300"
        return response


class IndicatorCreateView(StaffEditionMixin, FormView):
    template_name = "indicators/indicator_form.html"
    form_class = IndicatorForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["edition"] = self.edition
        return kwargs

    def get_initial(self):
        return {"goal": self.request.GET.get("ziel", "")}

    def form_valid(self, form):
        try:
            indicator = services.indicator_save(indicator=form.instance, user=self.request.user)
        except ValidationError as error:
            refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Indikator „%(name)s“ wurde angelegt.") % {"name": indicator.name}
        )
        return redirect("indicators:indicator_detail", town=self.municipality.slug, pk=indicator.pk)


class IndicatorUpdateView(VersionedEditMixin, IndicatorScopedMixin, StaffRequiredMixin, FormView):
    template_name = "indicators/indicator_form.html"
    form_class = IndicatorForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(edition=self.edition, instance=self.indicator)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(indicator=self.indicator, edition=self.edition)
        return context

    def form_valid(self, form):
        try:
            indicator = services.indicator_save(indicator=form.instance, user=self.request.user)
        except ValidationError as error:
            refusal_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Der Indikator wurde gespeichert."))
        return redirect("indicators:indicator_detail", town=self.municipality.slug, pk=indicator.pk)


class IndicatorDeleteView(IndicatorScopedMixin, StaffRequiredMixin, TemplateView):
    template_name = "indicators/indicator_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            indicator=self.indicator,
            edition=self.edition,
            measurement_count=self.indicator.measurements.count(),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.indicator_delete(indicator=self.indicator, user=request.user)
        except ValidationError as error:
            refusal_to_messages(request, error)
            return redirect(
                "indicators:indicator_detail", town=self.municipality.slug, pk=self.indicator.pk
            )
        messages.success(
            request, _("Indikator „%(name)s“ wurde gelöscht.") % {"name": self.indicator.name}
        )
        return redirect("indicators:index", town=self.municipality.slug)


# Entering values ----------------------------------------------------------------------------


class MeasurementCreateView(
    VersionedEditMixin, IndicatorScopedMixin, StaffRequiredMixin, TemplateView
):
    """One value from the form on the indicator's page (GET shows the page with the form).

    A stored value for the same period is replaced only when the form carries its version
    (MeasurementForm); the POST is one transaction, so the check and the write cannot interleave.
    """

    def get(self, request, *args, **kwargs):
        return redirect(
            reverse(
                "indicators:indicator_detail",
                kwargs={"town": self.municipality.slug, "pk": self.indicator.pk},
            )
            + "#wert-erfassen"
        )

    def post(self, request, *args, **kwargs):
        form = MeasurementForm(request.POST, indicator=self.indicator)
        if form.is_valid():
            try:
                measurement = services.measurement_save(item=form.to_input(), user=request.user)
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                replaced = form.cleaned_data.get("version")
                messages.success(
                    request,
                    (
                        _("Der Wert für %(period)s wurde ersetzt.")
                        if replaced
                        else _("Der Wert für %(period)s wurde gespeichert.")
                    )
                    % {"period": measurement.period_label},
                )
                return redirect(
                    "indicators:indicator_detail", town=self.municipality.slug, pk=self.indicator.pk
                )
        view = IndicatorDetailView()
        view.setup(request, *args, **kwargs)
        view.indicator, view.edition = self.indicator, self.edition
        return view.render_to_response(view.get_context_data(form=form))


class MeasurementDeleteView(MunicipalityMixin, View):
    permission_required = "concepts.edit_concept"

    def load_objects(self):
        self.measurement = get_object_or_404(
            Measurement.objects.for_municipality(self.municipality).select_related("indicator"),
            pk=self.kwargs["pk"],
        )

    def post(self, request, *args, **kwargs):
        indicator = self.measurement.indicator
        services.measurement_delete(measurement=self.measurement, user=request.user)
        messages.success(
            request,
            _("Der Wert für %(period)s wurde gelöscht.")
            % {"period": self.measurement.period_label},
        )
        return redirect("indicators:indicator_detail", town=self.municipality.slug, pk=indicator.pk)


class MeasurementTableView(VersionedEditMixin, StaffEditionMixin, TemplateView):
    """All indicators of one field for one Stichtag/period, entered as one table."""

    template_name = "indicators/measurement_table.html"

    def load_objects(self):
        super().load_objects()
        self.field = get_object_or_404(
            FieldOfAction.objects.for_edition(self.edition), pk=self.kwargs["field"]
        )
        self.indicators = list(
            Indicator.objects.filter(field_of_action=self.field)
            .with_goals()
            .order_by("operational_goal__position", "position", "pk")
        )
        period_form = PeriodChoiceForm(
            self.request.GET or {"zeitraum": str(timezone.localdate().year - 1)}
        )
        self.period_form = period_form
        self.period = period_form.cleaned_data["zeitraum"] if period_form.is_valid() else None

    def get_formset(self, data=None):
        existing = {}
        if self.period is not None:
            for m in Measurement.objects.filter(
                indicator__in=self.indicators,
                period_edtf=self.period.edtf,
                breakdown="",
                area="",
                group="",
                source="",
            ):
                existing[m.indicator_id] = m
        initial = []
        for indicator in self.indicators:
            m = existing.get(indicator.pk)
            initial.append(
                {
                    "indicator": indicator.pk,
                    "value": m.value if m else None,
                    "is_approximate": m.is_approximate if m else False,
                    "text": m.text if m else "",
                    "source_note": m.source_note if m else "",
                }
            )
        formset = MeasurementTableFormSet(
            data,
            initial=initial,
            indicators=self.indicators,
            measurements=existing,
            period=self.period,
        )
        for form, indicator in zip(formset.forms, self.indicators, strict=False):
            form.indicator_obj = indicator
        return formset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            field=self.field,
            period=self.period,
            period_form=self.period_form,
            formset=kwargs.get("formset") or (self.get_formset() if self.period else None),
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.period is None:
            messages.error(request, _("Bitte zuerst einen gültigen Zeitraum wählen."))
            return self.render_to_response(self.get_context_data())
        formset = self.get_formset(request.POST)
        if formset.is_valid():
            try:
                created, updated = services.measurements_save(
                    items=formset.to_inputs(self.period), user=request.user
                )
            except ValidationError as error:
                refusal_to_messages(request, error)
            else:
                messages.success(
                    request,
                    _("%(created)s Werte neu, %(updated)s geändert für %(period)s.")
                    % {"created": created, "updated": updated, "period": self.period.label},
                )
                return redirect(request.get_full_path())
        return self.render_to_response(self.get_context_data(formset=formset))


# Daten und Fakten --------------------------------------------------------------------------


class FactsView(EditionMixin, TemplateView):
    """ "Daten und Fakten": every context indicator of the edition (of the whole edition, then
    field by field), each with chart and its values beside the comparison areas and groups."""

    template_name = "indicators/facts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(facts_context(self.edition))
        return context


def facts_context(edition):
    facts = facts_overview(edition)
    # The stored charts of the whole page in one query.
    every_row = [*facts.edition_rows, *(row for b in facts.fields for row in b.context)]
    cache_stored_charts((row.indicator, row.series, None, "large") for row in every_row)
    return {
        "edition": edition,
        "edition_items": facts_items(facts.edition_rows),
        "field_items": [(block.field, facts_items(block.context)) for block in facts.fields],
        "is_empty": facts.is_empty,
    }


class PublicFactsView(PublicEditionMixin, TemplateView):
    """ "Daten und Fakten" of a published edition in the public view: the same figures as the
    staff page, nothing of the work around them (no person, no code, no edit link)."""

    template_name = "indicators/public/facts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(facts_context(self.edition))
        return context


# Import -------------------------------------------------------------------------------------

SESSION_PREFIX = "indicator-import:"


class ImportTemplateView(EditionMixin, View):
    """The template of a concept's values (also the export format) as CSV or XLSX."""

    def get(self, request, *args, **kwargs):
        fmt = kwargs["fmt"]
        writers = {"csv": importers.write_csv, "xlsx": importers.write_xlsx}
        if fmt not in writers:
            raise Http404
        return spreadsheets.download(
            writers[fmt](importers.template_rows(self.edition)),
            kind=fmt,
            filename=importers.template_filename(self.edition, fmt),
        )


class ImportUploadView(StaffEditionMixin, FormView):
    template_name = "indicators/import_upload.html"
    form_class = ImportUploadForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["edition"] = self.edition
        return kwargs

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        indicator = form.cleaned_data.get("indicator")
        token = secrets.token_urlsafe(12)
        # Only the last upload is kept: a session holds one pending import.
        for key in [k for k in self.request.session.keys() if k.startswith(SESSION_PREFIX)]:
            del self.request.session[key]
        self.request.session[SESSION_PREFIX + token] = {
            "edition": self.edition.pk,
            "user": self.request.user.pk,
            "filename": upload.name,
            "data": base64.b64encode(data).decode("ascii"),
            "indicator": indicator.pk if indicator else None,
        }
        return redirect(
            "indicators:import_preview",
            town=self.municipality.slug,
            edition=self.edition.pk,
            token=token,
        )


class ImportPreviewView(StaffEditionMixin, TemplateView):
    """Shows what the upload would change; POST imports it after parsing it again."""

    template_name = "indicators/import_preview.html"

    def load_objects(self):
        super().load_objects()
        self.stored = self.request.session.get(SESSION_PREFIX + self.kwargs["token"])
        if self.stored and (
            self.stored["edition"] != self.edition.pk or self.stored["user"] != self.request.user.pk
        ):
            self.stored = None

    def parse(self):
        default = None
        if self.stored["indicator"]:
            default = (
                Indicator.objects.for_edition(self.edition)
                .filter(pk=self.stored["indicator"])
                .first()
            )
        data = base64.b64decode(self.stored["data"])
        return importers.parse_upload(self.edition, self.stored["filename"], data, default)

    def upload_url(self):
        return reverse(
            "indicators:import_upload",
            kwargs={"town": self.municipality.slug, "edition": self.edition.pk},
        )

    def get(self, request, *args, **kwargs):
        if not self.stored:
            messages.error(
                request, _("Diese Vorschau gibt es nicht mehr. Bitte die Datei erneut hochladen.")
            )
            return redirect(self.upload_url())
        try:
            parsed = self.parse()
        except importers.ImportFileError as error:
            messages.error(request, str(error))
            return redirect(self.upload_url())
        # With errors the readable rows are still shown: they may be imported on confirmation.
        rows = importers.preview(parsed.items)
        counts = {
            key: sum(1 for r in rows if r.change == key) for key in ("new", "changed", "unchanged")
        }
        return self.render_to_response(
            self.get_context_data(
                parsed=parsed, rows=rows, counts=counts, filename=self.stored["filename"]
            )
        )

    def post(self, request, *args, **kwargs):
        if not self.stored:
            messages.error(
                request, _("Diese Vorschau gibt es nicht mehr. Bitte die Datei erneut hochladen.")
            )
            return redirect(self.upload_url())
        try:
            parsed = self.parse()
        except importers.ImportFileError as error:
            messages.error(request, str(error))
            return redirect(self.upload_url())
        if not parsed.ok and request.POST.get("skip_unreadable") != "1":
            # All or nothing unless the person confirmed leaving out the unreadable rows.
            messages.error(
                request,
                _(
                    "Die Datei enthält Fehler; es wurde nichts importiert. Um nur die lesbaren "
                    "Zeilen zu importieren, bitte das Auslassen der fehlerhaften Zeilen bestätigen."
                ),
            )
            return redirect(request.path)
        if not parsed.items:
            messages.error(request, _("Die Datei enthält keine lesbare Zeile; nichts importiert."))
            return redirect(request.path)
        # The checked file is imported by the worker (indicators/importers/background.py); the
        # person watches it on the progress page, which links to the indicators at the end.
        job = start_import(
            import_tasks.KIND,
            municipality=self.municipality,
            user=request.user,
            filename=self.stored["filename"],
            data=base64.b64decode(self.stored["data"]),
            params={
                "edition": self.edition.pk,
                "indicator": self.stored["indicator"],
                "skip_unreadable": not parsed.ok,
            },
        )
        del request.session[SESSION_PREFIX + self.kwargs["token"]]
        return redirect(job_url(job))
