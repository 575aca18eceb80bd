"""Cached page parts: per-response tokens and nonces are never shared between responses."""

from django.test import RequestFactory

from integration_site.fragments import CSRF_PLACEHOLDER, cached_html


def request_with_nonce(nonce):
    request = RequestFactory().get("/")
    request.csp_nonce = nonce
    return request


def test_each_response_gets_its_own_nonce_and_csrf_token():
    renders = []

    def render(request):
        def inner():
            renders.append(1)
            return (
                f'<style nonce="{request.csp_nonce}"></style>'
                f'<input name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}">'
            )

        return inner

    first, second = request_with_nonce("nonce-one-123"), request_with_nonce("nonce-two-456")
    html_first = cached_html("test", ["same"], render(first), request=first)
    html_second = cached_html("test", ["same"], render(second), request=second)
    assert len(renders) == 1
    assert 'nonce="nonce-one-123"' in html_first and 'nonce="nonce-two-456"' in html_second
    assert "nonce-one-123" not in html_second
    assert CSRF_PLACEHOLDER not in html_first + html_second
    token_of = [html.split('value="')[1].split('"')[0] for html in (html_first, html_second)]
    assert all(len(token) == 64 for token in token_of)


def test_without_key_parts_nothing_is_cached():
    request = RequestFactory().get("/")
    calls = []
    for _ in range(2):
        cached_html("test", None, lambda: calls.append(1) or "<p>x</p>", request=request)
    assert len(calls) == 2
