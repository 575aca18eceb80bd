"""Downloads of an edition: the exchange file (JSON) and the measures as XLSX/CSV; the import."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views import View
from django.views.generic import FormView

from concepts.exchange.export import dumps, edition_export
from concepts.exports import measures_csv, measures_xlsx
from concepts.forms.editions import ImportForm
from concepts.scoping import EditionMixin, StaffRequiredMixin
from integration_site import spreadsheets
from integration_site.background.imports import job_url, start_import


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(edition, suffix):
    return f"{slugify(edition.municipality.slug)}-{slugify(edition.title)}-{edition.year}{suffix}"


class ExportView(EditionMixin, View):
    permission_required = "concepts.edit_concept"

    def get(self, request, *args, **kwargs):
        text = dumps(edition_export(self.edition))
        return _download(
            text.encode("utf-8"),
            "application/json; charset=utf-8",
            _filename(self.edition, ".json"),
        )


class MeasuresXlsxView(EditionMixin, View):
    def get(self, request, *args, **kwargs):
        return spreadsheets.download(
            measures_xlsx(self.edition),
            kind="xlsx",
            filename=_filename(self.edition, "-massnahmen.xlsx"),
        )


class MeasuresCsvView(EditionMixin, View):
    def get(self, request, *args, **kwargs):
        return spreadsheets.download(
            measures_csv(self.edition),
            kind="csv",
            filename=_filename(self.edition, "-massnahmen.csv"),
        )


class ImportView(StaffRequiredMixin, FormView):
    form_class = ImportForm
    template_name = "concepts/import.html"

    def form_valid(self, form):
        # Size and type are checked here (ImportForm); the import runs in the worker and the
        # person watches it on the progress page (integration_site/background/imports.py).
        upload = form.cleaned_data["file"]
        job = start_import(
            "exchange",
            municipality=self.municipality,
            user=self.request.user,
            filename=upload.name,
            data=upload.read(),
        )
        return redirect(job_url(job))
