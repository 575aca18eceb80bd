import shutil
import subprocess

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from integration_site.rendering.pdf import (
    PdfCacheHeaderMiddleware,
    StaticOnlyFetcher,
    cached_pdf,
    file_stamp,
    html_to_pdf,
    pdf_cache_key,
)

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils fehlt")

HTML = """<!doctype html><html lang="de"><head><title>Probe</title>
<link rel="stylesheet" href="/static/css/print.css"></head>
<body><h1>Beschlussvorlage</h1><p>Integrationskonzept der Stadt Rheine – Fortschreibung.</p>
</body></html>"""


@needs_poppler
def test_pdf_is_tagged_german_and_extracts_cleanly(tmp_path):
    path = tmp_path / "probe.pdf"
    path.write_bytes(html_to_pdf(HTML))
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Probe" in info
    text = subprocess.run(
        ["pdftotext", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Integrationskonzept der Stadt Rheine" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://example.org/static/css/print.css",
        "https://pdf.invalid/media/geheim.pdf",
        "https://pdf.invalid/static/../../settings.py",
    ],
)
def test_pdf_fetcher_serves_only_our_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_pdf_fetcher_serves_a_static_file():
    response = StaticOnlyFetcher().fetch("https://pdf.invalid/static/css/print.css")
    assert b"@page" in response.read()


def test_cached_pdf_renders_once_per_fingerprint():
    calls = []

    def build():
        calls.append(1)
        return b"%PDF-1.7 probe"

    assert cached_pdf("probe", "v1", build) == b"%PDF-1.7 probe"
    assert cached_pdf("probe", "v1", build) == b"%PDF-1.7 probe"
    cached_pdf("probe", "v2", build)
    assert len(calls) == 2


def test_cached_pdf_lives_in_the_shared_pdf_cache_not_the_default_one():
    cached_pdf("probe", "v1", lambda: b"%PDF-1.7 probe")
    key = pdf_cache_key("probe", "v1")
    assert caches["pdf"].get(key) == b"%PDF-1.7 probe"
    assert caches["default"].get(key) is None
    caches["pdf"].delete(key)
    assert cached_pdf("probe", "v1", lambda: b"rendered again") == b"rendered again"


def _serve(view):
    return PdfCacheHeaderMiddleware(view)(RequestFactory().get("/probe.pdf"))


def test_pdf_responses_say_whether_they_came_from_the_cache():
    def view(request):
        return HttpResponse(cached_pdf("probe", "v1", lambda: b"%PDF-1.7 probe"))

    assert _serve(view)["X-PDF-Cache"] == "miss"
    assert _serve(view)["X-PDF-Cache"] == "hit"
    assert "X-PDF-Cache" not in _serve(lambda request: HttpResponse("keine PDF"))


def test_a_response_that_rendered_any_of_its_pdfs_is_a_miss():
    cached_pdf("probe", "alt", lambda: b"%PDF-1.7 alt")

    def view(request):
        cached_pdf("probe", "alt", lambda: b"%PDF-1.7 alt")
        cached_pdf("probe", "neu", lambda: b"%PDF-1.7 neu")
        cached_pdf("probe", "alt", lambda: b"%PDF-1.7 alt")
        return HttpResponse(b"")

    assert _serve(view)["X-PDF-Cache"] == "miss"


@needs_poppler
def test_running_header_and_page_counter_print_on_every_page(tmp_path):
    html = (
        """<!doctype html><html lang="de"><head><title>Kopfzeile</title>
    <link rel="stylesheet" href="/static/css/print.css"></head><body>
    <div class="running-header">Stadt Rheine · 2. Fortschreibung</div>
    <h1>Langes Dokument</h1>"""
        + "<p>Absatz mit Text.</p>" * 200
        + "</body></html>"
    )
    path = tmp_path / "kopf.pdf"
    path.write_bytes(html_to_pdf(html))
    pages = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "Stadt Rheine · 2. Fortschreibung" in page
        assert f"Seite {number} von {len(pages)}" in page


def test_file_stamp_follows_the_content_not_the_modification_time(tmp_path):
    import os

    sheet = tmp_path / "print.css"
    sheet.write_text("@page { size: A4; }")
    stamp = file_stamp(sheet)
    os.utime(sheet, ns=(1, 1))
    assert file_stamp(sheet) == stamp  # a server deployed at another moment agrees
    sheet.write_text("@page { size: A4 landscape; }")
    assert file_stamp(sheet) != stamp
