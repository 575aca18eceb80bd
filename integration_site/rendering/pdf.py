"""HTML → PDF with WeasyPrint, the one place the project makes PDFs.

- Only our own static files can be fetched (no file://, no network): `StaticOnlyFetcher`.
- Every PDF is PDF/UA-1 (tagged, with title and language) so that screen readers and
  `pdftotext` read it in order.
- `cached_pdf` keeps rendered bytes in the `pdf` cache (Redis when REDIS_URL is set, shared by
  every app server; else files in PDF_CACHE_DIR) under a hash of what went into them, so an
  unchanged Vorlage or concept is not rendered twice — on any server.
- `PdfCacheHeaderMiddleware` tells in `X-PDF-Cache: hit|miss` whether a response's PDF came
  from that cache, so operators (and the two-instance test) can see it without counting renders.
"""

import contextvars
import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from integration_site.rendering.parts import PART_BREAK, render_documents
from integration_site.rendering.stamps import file_stamp  # noqa: F401 (a stamp of a print file)

BASE_URL = "https://pdf.invalid/"
PDF_VARIANT = "pdf/ua-1"


class StaticOnlyFetcher(URLFetcher):
    """Serves `/static/…` from the project's static files and refuses everything else."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(
            settings.STATIC_URL
        ):
            raise ValueError(f"PDF darf nur eigene statische Dateien laden, nicht {url}")
        path = find_static(parts.path.removeprefix(settings.STATIC_URL))
        if path is None:
            raise ValueError(f"Statische Datei nicht gefunden: {parts.path}")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": mime_type or "application/octet-stream"},
        )


def find_static(relative_path):
    if ".." in Path(relative_path).parts:
        return None
    found = finders.find(relative_path)
    if found:
        return Path(found)
    if staticfiles_storage.exists(relative_path):
        return Path(staticfiles_storage.path(relative_path))
    return None


def html_to_pdf(html: str, progress=None) -> bytes:
    """`progress(percent, step)`, when given, hears when the layout is done (a background
    render shows it, integration_site/background/pdfs.py).

    A document with cut marks (`<!--pdf:part-->`) is rendered in parts and joined, so that a
    long one needs far less memory (integration_site/rendering/parts.py)."""
    return documents_to_pdf([html], progress)


def documents_to_pdf(documents: list[str], progress=None) -> bytes:
    """Whole HTML documents joined into one PDF/UA document, each keeping its own page
    numbers (a Ratspaket: the Vorlage, then the concept as its Anlage)."""
    if len(documents) > 1 or PART_BREAK in documents[0]:
        return render_documents(documents, PDF_VARIANT, progress)
    html = documents[0]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
        pdf_variant=PDF_VARIANT
    )
    if progress is not None:
        progress(85, gettext("Das PDF wird geschrieben"))
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template_name: str, context: dict, progress=None) -> bytes:
    """Render a print template (templates/<app>/pdf/…) to PDF bytes."""
    html = render_to_string(template_name, context)
    if progress is not None:
        progress(20, gettext("Die Seiten werden gesetzt"))
    return html_to_pdf(html, progress)


PDF_CACHE_ALIAS = "pdf"

# Whether the PDFs of the current request came from the cache: None (no PDF), "hit" or "miss".
_cache_status = contextvars.ContextVar("pdf_cache_status", default=None)


def cached_pdf(kind: str, fingerprint: str, build) -> bytes:
    """Return the PDF for `fingerprint`, calling `build()` only when it was not rendered yet.

    `fingerprint` must change whenever anything shown in the PDF changes (e.g. the latest
    `modified` stamps and history ids of the objects it shows).
    """
    key = pdf_cache_key(kind, fingerprint)
    cache = caches[PDF_CACHE_ALIAS]
    data = cache.get(key)
    if data is not None:
        _note_cache_status("hit")
        return data
    data = build()
    cache.set(key, data)
    _note_cache_status("miss")
    return data


def pdf_cache_key(kind: str, fingerprint: str) -> str:
    """The key in the `pdf` cache; fingerprints can be long, the key stays short.

    The active language is part of it: the same content prints in German and in English.
    """
    language = get_language() or ""
    return f"{kind}:{hashlib.sha256(f'{kind}:{language}:{fingerprint}'.encode()).hexdigest()}"


def _note_cache_status(status):
    # One rendered PDF in a response makes the whole response a miss.
    if _cache_status.get() != "miss":
        _cache_status.set(status)


class PdfCacheHeaderMiddleware:
    """Adds `X-PDF-Cache: hit|miss` to responses that served a `cached_pdf`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _cache_status.set(None)
        try:
            response = self.get_response(request)
            status = _cache_status.get()
        finally:
            _cache_status.reset(token)
        if status is not None:
            response.headers["X-PDF-Cache"] = status
        return response
