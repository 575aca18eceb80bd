"""Cached page parts: per-response tokens and nonces are never shared between responses."""

import threading
import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from integration_site.rendering import fragments
from integration_site.rendering.fragments import cached_html

# The fixed placeholders of the first form of the cache (issue 12, fault 10).
OLD_CSRF_PLACEHOLDER = "csrf-token-placeholder-3f9c1e"
OLD_NONCE_PLACEHOLDER = "csp-nonce-placeholder-8d2b71"


def request_with_nonce(nonce):
    request = RequestFactory().get("/")
    request.csp_nonce = nonce
    return request


def form_with_token(request, renders, user_text=""):
    def render(csrf_token):
        renders.append(csrf_token)
        return (
            f'<style nonce="{request.csp_nonce}"></style>'
            f'<input name="csrfmiddlewaretoken" value="{csrf_token}">'
            f"<h2>{user_text}</h2>"
        )

    return render


def title_of(html):
    return html.split("<h2>")[1].split("</h2>")[0]


def test_each_response_gets_its_own_nonce_and_csrf_token():
    renders = []
    first, second = request_with_nonce("nonce-one-123"), request_with_nonce("nonce-two-456")
    html_first = cached_html("test", ["same"], form_with_token(first, renders), request=first)
    html_second = cached_html("test", ["same"], form_with_token(second, renders), request=second)
    assert len(renders) == 1
    assert 'nonce="nonce-one-123"' in html_first and 'nonce="nonce-two-456"' in html_second
    assert "nonce-one-123" not in html_second
    assert renders[0] not in html_first + html_second
    token_of = [html.split('value="')[1].split('"')[0] for html in (html_first, html_second)]
    assert all(len(token) == 64 for token in token_of)


def test_without_key_parts_nothing_is_cached():
    request = RequestFactory().get("/")
    calls = []
    for _ in range(2):
        cached_html("test", None, lambda _token: calls.append(1) or "<p>x</p>", request=request)
    assert len(calls) == 2


def test_each_entry_has_placeholders_of_its_own():
    renders = []
    for key in ("one", "two"):
        request = request_with_nonce("n-123")
        cached_html("test", [key], form_with_token(request, renders), request=request)
    assert len(set(renders)) == 2 and all(len(token) > 32 for token in renders)


@pytest.mark.parametrize("cached", [False, True], ids=["first-response", "from-cache"])
@pytest.mark.parametrize("text", [OLD_CSRF_PLACEHOLDER, OLD_NONCE_PLACEHOLDER])
def test_user_text_with_an_old_placeholder_stays_as_written(text, cached):
    renders = []
    writer = request_with_nonce("nonce-of-the-writer")
    reader = request_with_nonce("nonce-of-the-reader")
    html = cached_html("test", ["k"], form_with_token(writer, renders, text), request=writer)
    if cached:
        html = cached_html("test", ["k"], form_with_token(reader, renders, text), request=reader)
    assert title_of(html) == text


def test_user_text_with_another_entrys_placeholder_stays_as_written():
    """Even someone who learnt an entry's placeholders cannot use them in the next entry."""
    renders = []
    request = request_with_nonce("nonce-1")
    cached_html("test", ["before"], form_with_token(request, renders), request=request)
    # The CSRF placeholder itself, and one of the same form for the nonce.
    text = f"{renders[0]} {renders[0].replace('csrf-', 'nonce-')}"
    for reader in (request, request_with_nonce("nonce-2")):
        html = cached_html(
            "test", ["after"], form_with_token(request, renders, text), request=reader
        )
        assert title_of(html) == text


def test_people_asking_while_a_new_key_renders_wait_for_that_one_render():
    """Single flight: the first to miss renders; four others asking meanwhile get its entry."""
    started, release = threading.Event(), threading.Event()
    calls, results = [], []

    def slow_render(_token):
        calls.append(1)
        started.set()
        release.wait(5)
        return "<p>Gesamtansicht</p>"

    def ask():
        results.append(cached_html("test", ["new"], slow_render, request=RequestFactory().get("/")))

    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(5)
    others = [threading.Thread(target=ask) for _ in range(4)]
    for thread in others:
        thread.start()
    time.sleep(0.1)
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert len(calls) == 1
    assert results == ["<p>Gesamtansicht</p>"] * 5


def test_a_failed_render_does_not_keep_the_others_waiting(monkeypatch):
    def broken(_token):
        raise RuntimeError("kaputt")

    with pytest.raises(RuntimeError):
        cached_html("test", ["kaputt"], broken, request=RequestFactory().get("/"))
    monkeypatch.setattr(fragments, "WAIT_SECONDS", 60)
    started = time.monotonic()
    html = cached_html(
        "test", ["kaputt"], lambda _t: "<p>ok</p>", request=RequestFactory().get("/")
    )
    assert html == "<p>ok</p>" and time.monotonic() - started < 5


def test_a_render_that_takes_too_long_is_not_waited_for_beyond_the_limit(monkeypatch):
    monkeypatch.setattr(fragments, "WAIT_SECONDS", 0.2)
    key_parts = ["stuck"]
    digest_key = fragments.hashlib.sha256(
        "\x1f".join([*key_parts, fragments.get_language() or ""]).encode()
    ).hexdigest()
    cache.add(f"test:{fragments.KEY_VERSION}:{digest_key}:rendering", 1, 10)  # never released
    started = time.monotonic()
    html = cached_html(
        "test", key_parts, lambda _t: "<p>selbst</p>", request=RequestFactory().get("/")
    )
    assert html == "<p>selbst</p>"
    assert 0.2 <= time.monotonic() - started < 2
