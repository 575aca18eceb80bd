"""The one way user text becomes HTML: Markdown → HTML → nh3 with an allow-list.

Chapters, minutes, comments and descriptions all pass through `render_markdown`; templates
mark only its output safe. Results are cached by content, so an unchanged text of any object
version is rendered once per process.
"""

import html
import re
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# A list item: "- ", "* ", "+ " (bullets) or "1. ", "1) " (numbers) at the start of a line,
# indented up to three spaces.
BULLET = re.compile(r"^ {0,3}[-*+] +\S")
NUMBER = re.compile(r"^ {0,3}\d{1,3}[.)] +\S")
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _list_kind(line: str) -> str:
    return "ul" if BULLET.match(line) else "ol" if NUMBER.match(line) else ""


def lists_after_text(text: str) -> str:
    """A blank line before a list that follows a line of text, or a list of the other kind, as
    people write in an e-mail.

    Python-Markdown (like the original Markdown) reads "Punkte:\\n- eins\\n- zwei" as one
    paragraph; the help texts promise lists with "- ", so the line break is enough here.
    Fenced code and indented continuation lines stay as written.
    """
    lines, fenced, previous = [], False, ""
    for line in text.replace("\r\n", "\n").split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (kind := _list_kind(line)) and previous.strip():
            previous_kind = _list_kind(previous)
            indented = previous.startswith((" ", "\t"))
            # As in CommonMark, only a numbered list starting at 1 interrupts a paragraph
            # ("2. Halbjahr 2026" on its own line stays text).
            starts = kind == "ul" or previous_kind or line.lstrip().startswith("1")
            if previous_kind != kind and starts and not (indented and not previous_kind):
                lines.append("")
        lines.append(line)
        previous = line
    return "\n".join(lines)


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    rendered = markdown.markdown(
        lists_after_text(text), extensions=["extra", "sane_lists"], output_format="html"
    )
    return mark_safe(  # noqa: S308 - sanitised by nh3 with an allow-list just above
        nh3.clean(
            rendered,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )


BLOCK_END = re.compile(r"</(p|h[2-6]|blockquote|pre|table|tr|ul|ol|dl)>", re.I)


@lru_cache(maxsize=4096)
def markdown_as_text(text: str) -> str:
    """User Markdown as plain text for e-mails and short excerpts: what a reader sees, without
    the markup ("**acht Monaten**" → "acht Monaten"); list items keep a "- ", links their
    address in brackets, paragraphs a blank line between them."""
    if not text:
        return ""
    rendered = str(render_markdown(text))
    rendered = re.sub(r'<a href="([^"]*)"[^>]*>(.*?)</a>', _link_as_text, rendered, flags=re.S)
    rendered = re.sub(r"<li>\s*", "- ", rendered)
    rendered = re.sub(r"<br\s*/?>", "\n", rendered)
    rendered = BLOCK_END.sub("\n\n", rendered)
    plain = html.unescape(nh3.clean(rendered, tags=set()))
    plain = re.sub(r"[ \t]+\n", "\n", plain)
    return re.sub(r"\n{3,}", "\n\n", plain).strip()


def _link_as_text(match) -> str:
    address, label = html.unescape(match.group(1)), match.group(2)
    return label if address in (label, f"mailto:{label}") else f"{label} ({address})"
