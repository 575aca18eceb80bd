import shutil
import subprocess

import pytest

from integration_site.pdf import StaticOnlyFetcher, cached_pdf, html_to_pdf

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


def test_cached_pdf_renders_once_per_fingerprint(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path
    calls = []

    def build():
        calls.append(1)
        return b"%PDF-1.7 probe"

    assert cached_pdf("probe", "v1", build) == b"%PDF-1.7 probe"
    assert cached_pdf("probe", "v1", build) == b"%PDF-1.7 probe"
    cached_pdf("probe", "v2", build)
    assert len(calls) == 2


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
