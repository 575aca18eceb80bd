import pytest

from integration_site.rendering.markdown import markdown_as_text, render_markdown

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


def test_a_list_right_after_a_line_of_text_is_a_list():
    html = render_markdown("Wir brauchen:\n- Räume\n- Dolmetscher\n1. erstens\n2. zweitens")
    assert "<p>Wir brauchen:</p>" in html
    assert "<li>Räume</li>" in html and "<li>Dolmetscher</li>" in html
    assert "<ol>" in html and "<li>erstens</li>" in html


def test_fenced_code_and_continuation_lines_stay_as_written():
    html = render_markdown("```\nText\n- kein Punkt\n```")
    assert "<li>" not in html and "- kein Punkt" in html
    # A hyphen inside a sentence is no list.
    assert "<li>" not in render_markdown("Sprach- und Kulturmittler - auch ehrenamtlich")
    # A number that starts a line inside a paragraph is no list unless it is 1 (CommonMark).
    assert "<ol>" not in render_markdown("Beginn im\n2. Halbjahr 2026")


def test_markdown_as_text_shows_what_a_reader_sees():
    text = markdown_as_text(
        "Die Wartezeit lag bei **acht Monaten** (_laut_ [Statistik](https://example.org/s?a=1&b=2)).\n"
        "Punkte:\n- eins\n- zwei\n\n<script>alert(1)</script>5 < 6 & mehr"
    )
    assert "acht Monaten" in text and "**" not in text and "_laut_" not in text
    assert "Statistik (https://example.org/s?a=1&b=2)" in text
    assert "- eins\n- zwei" in text
    assert "<script" not in text and "alert" not in text
    assert "5 < 6 & mehr" in text
