"""htmx requests: a page part instead of the page, never instead of a working form.

Every htmx use on the site is an enhancement of a plain form (POST and redirect, or GET): the
views answer htmx with a template partial (`template.html#name`, django-template-partials) and
everyone else as before. A response that depends on the header says so (`Vary: HX-Request`),
so that no cache hands a part to a browser that asked for the page.
"""

import copy
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html

LIVE_REGION_ID = "live-status"


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a part of the page.

    A history restore (the browser went back to an address htmx pushed and the page is not in
    htmx's history cache) asks for the whole page, as a plain request would.
    """
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


def htmx_redirect(url: str) -> HttpResponse:
    """A full page load of `url` for htmx (it would otherwise swap the page into a part)."""
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return vary_on_htmx(response)


def announce(response: HttpResponse, text: str) -> HttpResponse:
    """Add an out-of-band swap that puts `text` into the page's polite live region (base.html),
    so that a screen reader reads what the swap changed."""
    if hasattr(response, "render"):
        response.render()
    response.content += format_html(
        '<div id="{}" hx-swap-oob="innerHTML">{}</div>', LIVE_REGION_ID, text
    ).encode()
    return response


def page_part(request: HttpRequest, url: str) -> HttpResponse | None:
    """The htmx answer of the page at `url` (one of ours), as its view gives it to a GET.

    Used after a POST by htmx: the view of the page the person came from renders its own part,
    with its own permission checks and its own links (`request.get_full_path()` is the page's
    address, not the POST's). None when `url` is not a page of this site that has a part
    (a view with `PartialMixin`): any other page would be swapped in whole.
    """
    parts = urlsplit(url)
    prefix = get_script_prefix()
    if parts.scheme or parts.netloc or not parts.path.startswith(prefix):
        return None
    path_info = "/" + parts.path[len(prefix) :]
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, PartialMixin):
        return None
    get = copy.copy(request)
    get.method = "GET"
    get.path, get.path_info, get.resolver_match = parts.path, path_info, match
    get.GET = QueryDict(parts.query)
    get.POST = QueryDict()
    get.META = {**request.META, "REQUEST_METHOD": "GET", "QUERY_STRING": parts.query}
    response = match.func(get, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    return response


class PartialMixin:
    """For a TemplateView: answer htmx with the partial `htmx_partial` of the page's template
    (the part its forms and buttons replace), everyone else with the page."""

    htmx_partial = ""

    def get_template_names(self):
        names = super().get_template_names()
        if self.htmx_partial and is_htmx(self.request):
            return [f"{names[0]}#{self.htmx_partial}"]
        return names

    def render_to_response(self, context, **response_kwargs):
        return vary_on_htmx(super().render_to_response(context, **response_kwargs))
