"""Downloads are private unless a view says otherwise.

Every file the app sends (attachments, PDFs, spreadsheets, exports, calendar files) is sent
with `Content-Disposition` by its view; this middleware makes such responses uncacheable for
shared caches and the browser's disk (`private, no-store`), so a proxy of the Rathaus or the
next person at a shared PC cannot pick up a non-public file. A view that serves a public
file and wants it cached sets its own `Cache-Control`, which is kept.
`X-Content-Type-Options: nosniff` comes from SecurityMiddleware (SECURE_CONTENT_TYPE_NOSNIFF).
"""

from django.utils.cache import patch_cache_control


class PrivateDownloadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Content-Disposition") and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
