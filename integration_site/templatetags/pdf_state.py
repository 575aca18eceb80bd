"""`{% pdf_state "concept" url edition=edition.pk public=False %}` beside a PDF's download button:
while a newer version of that PDF renders, a line that says so, how far it is, that the button
opens the previous version (marked as such) until then, and a link to the progress
(`?warten=1`, the waiting page of integration_site/background/pdfs.py). Nothing otherwise.

The keyword arguments are the PDF's parameters exactly as its view passes them to
`pdf_download`. One query per button; used on detail pages only (never in a list's rows).
"""

from django import template

from integration_site.background.models import StoredPdf
from integration_site.background.pdfs import being_replaced, params_key

register = template.Library()


@register.inclusion_tag("integration_site/pdf_state.html")
def pdf_state(kind: str, url: str, **params):
    document = (
        StoredPdf.objects.filter(kind=kind, key=params_key(params))
        .only("file", "fingerprint", "wanted", "state", "progress", "started_at", "rendered_at")
        .first()
    )
    if document is None or not document.file or not being_replaced(document):
        return {"document": None}
    return {"document": document, "wait_url": f"{url}?warten=1"}
