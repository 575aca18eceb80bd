from django.http import HttpResponse
from django.views import View

from concepts.document import concept_filename, concept_pdf
from concepts.scoping import EditionMixin


class EditionPdfView(EditionMixin, View):
    """The concept of one edition as PDF (the Anlage of the Beschlussvorlage); any role reads it."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(concept_pdf(self.edition), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{concept_filename(self.edition)}"'
        return response
