from django.views import View

from concepts.document import concept_filename
from concepts.scoping import EditionMixin
from integration_site.background.pdfs import pdf_download


class EditionPdfView(EditionMixin, View):
    """The concept of one edition as PDF (the Anlage of the Beschlussvorlage); any role reads it.

    Served from storage; rendered by the worker (integration_site/background/pdfs.py)."""

    def get(self, request, *args, **kwargs):
        return pdf_download(
            request,
            "concept",
            {"edition": self.edition.pk, "public": False},
            filename=concept_filename(self.edition),
            municipality=self.municipality,
        )
