"""Downloads of an edition: the exchange file (JSON) and the measures as XLSX/CSV; the import."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from concepts.exchange import ImportProblems
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from concepts.exports import measures_csv, measures_xlsx
from concepts.forms.editions import ImportForm
from concepts.scoping import EditionMixin, StaffRequiredMixin
from integration_site import spreadsheets


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
        try:
            edition = edition_import(
                municipality=self.municipality,
                data=form.cleaned_data["file"].read(),
                user=self.request.user,
            )
        except ImportProblems as error:
            return self.render_to_response(
                self.get_context_data(form=form, problems=error.problems)
            )
        if edition.based_on_id:
            # The file names a predecessor already in the town: the staff confirm which of its
            # goals and measures each element continues (concepts/exchange/matching.py).
            messages.success(
                self.request,
                _(
                    "„%(title)s“ ist importiert. Bitte die vorgeschlagene Zuordnung zur "
                    "Vorfassung „%(predecessor)s“ prüfen und bestätigen."
                )
                % {"title": edition.title, "predecessor": edition.based_on.title},
            )
            return redirect(
                "concepts:predecessor_match", town=self.municipality.slug, edition=edition.pk
            )
        messages.success(
            self.request,
            _("„%(title)s“ ist als neuer Entwurf importiert.") % {"title": edition.title},
        )
        return redirect("concepts:edition_detail", town=self.municipality.slug, edition=edition.pk)
