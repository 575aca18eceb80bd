"""A stored PDF's copy marked as the previous version (issue 17, point 2).

While the worker renders a newer version of a PDF (after an edit), a download is answered at
once with the file rendered before — but never unmarked. When the worker stores a PDF, it also
stores this copy of it:

- every page carries a band across its top edge, "Vorherige Fassung vom … – nicht der aktuelle
  Stand", set by WeasyPrint (DejaVu Sans, embedded) and laid over the page with pikepdf as
  an artifact (`/Artifact BDC … EMC`), so the tags of the PDF/UA document stay as they were and
  a screen reader does not read the band as part of the text;
- the document's title (document information and XMP `dc:title`, which a reader shows in its
  title bar and a screen reader announces first) begins with "Vorherige Fassung vom …".

Made once per render (a fraction of a second beside the render), the copy is then served from
storage like the current file: no work in the request.
"""

from __future__ import annotations

import datetime
import io

import pikepdf
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from weasyprint import HTML

# The band's height; the print stylesheet's top margin (with the running header) is larger.
BAND_HEIGHT = 9 * 72 / 25.4  # 9 mm in points

BAND_HTML = """<!doctype html><html lang="de"><head><meta charset="utf-8"><style>
@page {{ size: {width}pt {height}pt; margin: 0 }}
html, body {{ margin: 0 }}
body {{ font-family: "DejaVu Sans", sans-serif; }}
p {{ box-sizing: border-box; height: {height}pt; margin: 0; padding: 0 14pt;
     background: #fff3cd; border-bottom: 1.5pt solid #997404; color: #3d2e00;
     font-size: 8.5pt; line-height: {height}pt; white-space: nowrap; overflow: hidden; }}
</style></head><body><p><b>{headline}</b> {text}</p></body></html>"""


def headline(rendered_at: datetime.datetime) -> str:
    """ "Vorherige Fassung vom 6. Dezember 2026, 14:03 Uhr", in the site's time zone."""
    when = timezone.localtime(rendered_at)
    return _("Vorherige Fassung vom %(date)s, %(time)s Uhr") % {
        "date": formats.date_format(when, "j. F Y"),
        "time": formats.time_format(when, "H:i"),
    }


def mark_previous(data: bytes, rendered_at: datetime.datetime) -> bytes:
    """`data` (a PDF) with the band on every page and the marked title."""
    title = headline(rendered_at)
    text = _("– nicht der aktuelle Stand. Die aktuelle Fassung wird gerade erstellt.")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        bands: dict[float, tuple[pikepdf.Name, pikepdf.Object]] = {}
        for page in pdf.pages:
            left, bottom, right, top = (float(value) for value in page.mediabox)
            width = round(right - left, 2)
            if width not in bands:
                # One name per band: pages may share one resource dictionary (WeasyPrint's do).
                bands[width] = (
                    pikepdf.Name(f"/PreviousVersionBand{len(bands)}"),
                    _band(pdf, width, title, text),
                )
            name, band = bands[width]
            page.add_resource(band, pikepdf.Name.XObject, name)
            # The page's own content in q … Q, so that whatever it leaves of the graphics state
            # does not move the band.
            page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
            page.contents_add(
                pikepdf.Stream(
                    pdf,
                    b"Q\n/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\n"
                    + f"q 1 0 0 1 {left:.2f} {top - BAND_HEIGHT:.2f} cm {name} Do Q\n".encode()
                    + b"EMC\n",
                ),
            )
        _mark_title(pdf, title)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _band(pdf: pikepdf.Pdf, width: float, title: str, text: str) -> pikepdf.Object:
    """The band as a form XObject of `pdf`, as wide as the page."""
    html = BAND_HTML.format(
        width=f"{width:.2f}", height=f"{BAND_HEIGHT:.2f}", headline=escape(title), text=escape(text)
    )
    with pikepdf.open(io.BytesIO(HTML(string=html).write_pdf())) as band_pdf:
        return pdf.copy_foreign(band_pdf.pages[0].as_form_xobject())


def _mark_title(pdf: pikepdf.Pdf, marker: str) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as metadata:
        title = str(metadata.get("dc:title") or pdf.docinfo.get("/Title") or "")
        metadata["dc:title"] = f"{marker}: {title}" if title else marker
