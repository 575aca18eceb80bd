"""Find the text a person reads in our templates, outside the translation tags.

A template is split into Django's tokens; the text tokens are read as HTML (tags, comments,
script and style skipped), and what stands between two HTML tags or two block tags is one
"segment": text, possibly with `{{ variables }}` inside. Attributes a person reads (aria-label,
title, alt, placeholder, data-confirm, a page's description) are segments too. E-mail and
subject templates (.txt) have no HTML: each line is a segment.

`untranslated_segments()` is what the catalogue test fails on; a segment counts as text when it
holds a word of two letters or more.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.template.base import DebugLexer, TokenType

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "data-confirm", "aria-description"}
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")
# Template tags whose content is not (or already) translated text.
OPAQUE = {
    "comment": "endcomment",
    "verbatim": "endverbatim",
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
}
_TAG = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[!/]?[A-Za-z][^>]*>", re.S)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
MASK = "\x00"


@dataclass
class Piece:
    kind: str  # "text" or "var"
    start: int
    end: int
    raw: str


@dataclass
class Segment:
    path: Path
    pieces: list

    @property
    def text(self):
        return "".join(p.raw for p in self.pieces)

    @property
    def line(self):
        source = self.path.read_text()
        return source.count("\n", 0, self.pieces[0].start) + 1

    def has_words(self):
        return any(p.kind == "text" and WORD.search(p.raw) for p in self.pieces)


def template_tokens(source):
    """Django's tokens as (kind, start, end, contents); opaque blocks become one "block"."""
    tokens = []
    closing = None
    for token in DebugLexer(source).tokenize():
        start, end = token.position
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0]
            if closing:
                if name == closing:
                    tokens[-1] = ("block", tokens[-1][1], end, tokens[-1][3])
                    closing = None
                continue
            if name in OPAQUE:
                closing = OPAQUE[name]
            tokens.append(("block", start, end, token.contents))
        elif closing:
            continue
        elif token.token_type == TokenType.TEXT:
            tokens.append(("text", start, end, token.contents))
        elif token.token_type == TokenType.VAR:
            tokens.append(("var", start, end, token.contents))
        else:
            tokens.append(("block", start, end, token.contents))
    return tokens


def _split(tokens, start, end, source, *, by_line=False):
    """The segments within source[start:end]: runs of text and variables, cut at block tags."""
    segments, run = [], []
    for kind, t_start, t_end, _contents in tokens:
        if t_end <= start or t_start >= end:
            continue
        if kind == "block":
            segments.append(run)
            run = []
            continue
        a, b = max(t_start, start), min(t_end, end)
        if kind == "text" and by_line:
            for match in re.finditer(r"[^\n]+|\n", source[a:b]):
                if match.group() == "\n":
                    segments.append(run)
                    run = []
                else:
                    s, e = a + match.start(), a + match.end()
                    run.append(Piece("text", s, e, source[s:e]))
            continue
        run.append(Piece(kind, a, b, source[a:b]))
    segments.append(run)
    return [s for s in segments if s]


def segments(path):
    """Every segment of the template at `path` (see the module docstring)."""
    source = path.read_text()
    tokens = template_tokens(source)
    if path.suffix == ".txt":
        return [Segment(path, s) for s in _split(tokens, 0, len(source), source, by_line=True)]
    masked = list(source)
    for kind, start, end, _contents in tokens:
        if kind != "text":
            masked[start:end] = MASK * (end - start)
    masked = "".join(masked)
    found = []
    position = 0
    for tag in _TAG.finditer(masked):
        found += _split(tokens, position, tag.start(), source)
        position = tag.end()
        body = tag.group()
        if body.startswith("<!--") or tag.group(1):
            continue
        is_description = re.match(r"<meta\b", body) and 'name="description"' in body
        for attribute in _ATTRIBUTE.finditer(body):
            name = attribute.group(1).lower()
            if name in READ_ATTRIBUTES or (is_description and name == "content"):
                group = 2 if attribute.group(2) is not None else 3
                a, b = tag.start() + attribute.start(group), tag.start() + attribute.end(group)
                found += _split(tokens, a, b, source)
    found += _split(tokens, position, len(source), source)
    return [Segment(path, s) for s in found]


def untranslated_segments(paths=None):
    paths = paths or sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})
    return [s for path in paths for s in segments(path) if s.has_words()]


# String literals inside tags and variables that a person reads: `label="Leitbild"`,
# `default:"keine"`. Literals that are names (URL names, template paths, kinds, CSS classes,
# date formats) are lower case or carry no letters of a sentence.
_LITERAL = re.compile(r"""_\("[^"]*"\)|_\('[^']*'\)|"([^"]*)"|'([^']*)'""")
_NOT_TEXT_TAGS = {"url", "include", "extends", "load", "static", "translate", "trans", "now"}


def untranslated_literals(paths=None):
    """(path, literal) for every string literal in a tag or variable that reads as text."""
    paths = paths or sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})
    found = []
    for path in paths:
        for kind, _start, _end, contents in template_tokens(path.read_text()):
            if kind == "text":
                continue
            name = contents.split(" ", 1)[0]
            if name in OPAQUE or name in _NOT_TEXT_TAGS:
                if name != "include":
                    continue
                contents = contents.split(" ", 2)[2] if contents.count(" ") >= 2 else ""
            for match in _LITERAL.finditer(contents):
                literal = match.group(1) if match.group(1) is not None else match.group(2)
                if literal is not None and is_text_literal(literal):
                    found.append((path, literal))
    return found


def is_text_literal(literal):
    if not WORD.search(literal) or re.fullmatch(r"[\w./:-]*", literal) and literal.islower():
        return False
    if re.fullmatch(r"[dDjlNnmMFYyHhisAaEPbcf.: ,/-]*", literal):  # a date format
        return False
    return True
