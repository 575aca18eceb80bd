"""HTML → PDF with WeasyPrint, the one place the project makes PDFs.

- Only our own static files can be fetched (no file://, no network): `StaticOnlyFetcher`.
- Every PDF is PDF/UA-1 (tagged, with title and language) so that screen readers and
  `pdftotext` read it in order.
- `cached_pdf` keeps rendered bytes on disk under a hash of what went into them, so an
  unchanged Vorlage or concept is not rendered twice.
"""

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        pdf_variant=PDF_VARIANT
    )


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a print template (templates/<app>/pdf/…) to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context))


def cached_pdf(kind: str, fingerprint: str, build) -> bytes:
    """Return the PDF for `fingerprint`, calling `build()` only when it was not rendered yet.

    `fingerprint` must change whenever anything shown in the PDF changes (e.g. the latest
    `modified` stamps and history ids of the objects it shows).
    """
    digest = hashlib.sha256(f"{kind}:{fingerprint}".encode()).hexdigest()
    path = Path(settings.PDF_CACHE_DIR) / kind / f"{digest}.pdf"
    if path.exists():
        return path.read_bytes()
    data = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data
