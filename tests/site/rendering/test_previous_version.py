"""The copy of a stored PDF that a download gets while a newer version renders: marked on every
page (portrait and landscape alike) and in its title, its tags and text otherwise untouched."""

import datetime
import io
import re

import pikepdf
import pytest

from integration_site.rendering.pdf import html_to_pdf
from integration_site.rendering.previous_version import mark_previous
from tests.crawler import pdf_text

HTML = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Synopse Rheine</title>
<style>@page { size: A4; margin: 25mm } @page wide { size: A4 landscape; margin: 18mm }
section.wide { page: wide; break-before: page }</style></head><body>
<h1>Erste Seite</h1><p>Hochformat.</p>
<section class="wide"><h2>Zweite Seite</h2><p>Querformat.</p></section>
</body></html>"""

BAND_DRAWN = re.compile(rb"cm (/\w+) Do Q")


def page_streams(page) -> list:
    contents = page.obj.Contents
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def structure(element) -> list[str]:
    """The structure types of the tag tree, depth first."""
    found = []
    kids = element.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(str(kid.S))
            found.extend(structure(kid))
    return found


RENDERED_AT = datetime.datetime(2026, 12, 6, 13, 3, tzinfo=datetime.UTC)  # 14:03 in Berlin


@pytest.fixture(scope="module")
def original():
    return html_to_pdf(HTML)


@pytest.fixture(scope="module")
def marked(original):
    return mark_previous(original, RENDERED_AT)


def test_every_page_carries_the_band_as_wide_as_the_page(original, marked):
    pages = pdf_text(marked).split("\f")[:-1]
    assert len(pages) == 2
    for page, own_text in zip(pages, ("Erste Seite", "Zweite Seite"), strict=True):
        assert "Vorherige Fassung vom 6. Dezember 2026, 14:03 Uhr" in page
        assert "nicht der aktuelle Stand" in page
        assert own_text in page
    with pikepdf.open(io.BytesIO(marked)) as pdf:
        for page in pdf.pages:
            drawn = BAND_DRAWN.search(page_streams(page)[-1].read_bytes()).group(1)
            band = page.resources.XObject[drawn.decode()]
            page_width = float(page.mediabox[2]) - float(page.mediabox[0])
            assert float(band.BBox[2]) - float(band.BBox[0]) == pytest.approx(page_width, abs=1)
        widths = {round(float(page.mediabox[2])) for page in pdf.pages}
        assert len(widths) == 2  # portrait and landscape


def test_the_band_is_an_artifact_and_the_tags_stay(original, marked):
    with pikepdf.open(io.BytesIO(original)) as before, pikepdf.open(io.BytesIO(marked)) as after:
        assert after.Root.MarkInfo.Marked
        assert structure(after.Root.StructTreeRoot) == structure(before.Root.StructTreeRoot)
        assert len(structure(after.Root.StructTreeRoot)) > 3
        for page in after.pages:
            streams = page_streams(page)
            last = streams[-1].read_bytes()
            assert last.startswith(b"Q\n/Artifact <</Type /Pagination /Subtype /Watermark>> BDC")
            assert last.rstrip().endswith(b"EMC")
            assert streams[0].read_bytes() == b"q\n"  # the page's own content stays balanced


def test_the_title_says_previous_version(original, marked):
    with pikepdf.open(io.BytesIO(marked)) as pdf, pdf.open_metadata() as metadata:
        assert metadata["dc:title"] == (
            "Vorherige Fassung vom 6. Dezember 2026, 14:03 Uhr: Synopse Rheine"
        )
        assert str(pdf.docinfo["/Title"]) == metadata["dc:title"]
        assert "pdfuaid:part" in str(pdf.Root.Metadata.read_bytes())
