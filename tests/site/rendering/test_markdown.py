import pytest

from integration_site.rendering.markdown import render_markdown

XSS_CORPUS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klick](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_user_markdown_renders_inert(payload):
    html = render_markdown(payload).lower()
    for dangerous in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<iframe",
        "<svg",
        "style=",
    ):
        assert dangerous not in html


def test_markdown_keeps_headings_lists_tables_and_links():
    html = render_markdown(
        "## Ziele\n\n- eins\n- zwei\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Rheine](https://rheine.de)"
    )
    assert "<h2>Ziele</h2>" in html
    assert "<li>eins</li>" in html
    assert "<table>" in html
    assert 'href="https://rheine.de"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
