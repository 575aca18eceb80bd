"""Downloads are private unless a view says otherwise.

Every file the app sends (attachments, PDFs, spreadsheets, exports, calendar files) is sent
with `Content-Disposition` by its view; this middleware makes such responses uncacheable for
shared caches and the browser's disk (`private, no-store`), so a proxy of the Rathaus or the
next person at a shared PC cannot pick up a non-public file. A view that serves a public
file and wants it cached sets its own `Cache-Control`, which is kept.
`X-Content-Type-Options: nosniff` comes from SecurityMiddleware (SECURE_CONTENT_TYPE_NOSNIFF).
"""

import re

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _


def file_name_part(text: str) -> str:
    """A piece of a download's file name that keeps what separates: "BV/0120/2017" becomes
    "bv-0120-2017" (slugify alone would glue it to "bv01202017")."""
    return slugify(re.sub(r"[/\\.:]+", "-", text))


def file_download(field_file, *, filename: str, content_type: str = "") -> FileResponse:
    """A stored upload as a download, after the view has checked the permission (uploads never
    lie under a public URL). A file gone from the storage is a German 404, not a 500."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Die Datei fehlt.")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


class PrivateDownloadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Content-Disposition") and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
