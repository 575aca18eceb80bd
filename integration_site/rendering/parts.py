"""Long PDFs rendered in parts and joined, so that memory stays bounded (issue 17).

WeasyPrint keeps the layout of every page of a document until it is written: the large
concept (123 pages) took about 400 MB on top of the process. A print template marks where a
long document may be cut with `<!--pdf:part-->` (between fields, chapters …); each part is
then laid out and written as a document of its own, its layout freed before the next one, and
the parts are joined with pikepdf (qpdf) into one PDF/UA document:

- page numbers run on across the parts (`@page :first { counter-reset: page N }` per part) and
  "von N" counts the whole document (`counter(pages)` becomes the total);
- `target-counter(attr(href), page)` (table of contents, "siehe Seite …") becomes the global
  page number of the target, found in a first pass that only lays the parts out;
- the structure tree (tags), the outline (bookmarks), the named destinations of the links,
  language, title and XMP metadata of the parts are joined into one of each;
- the elements open at a cut are opened again in the next part (without their ids), and an
  element marked `data-pdf-repeat` (the carrier of the running header) is repeated at the
  start of every part (inside its first element), so that selectors and running strings work
  as in the whole document.

`documents_to_pdf([html, …])` joins whole documents too (the Ratspaket: Vorlage and concept,
each keeping its own page numbers). A document without a cut mark is rendered in one piece
exactly as before.
"""

from __future__ import annotations

import gc
import hashlib
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import pikepdf
from django.core.cache import caches
from django.utils.translation import gettext
from weasyprint import HTML
from weasyprint.urls import URLFetcherResponse

PART_BREAK = "<!--pdf:part-->"
REPEAT_ATTRIBUTE = "data-pdf-repeat"
PAGE_ATTRIBUTE = "data-pdf-page"
# A number as wide as a three-digit page number, for the first pass.
PLACEHOLDER = "000"

VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta source track wbr".split())
TARGET_COUNTER = re.compile(r"target-counter\(\s*attr\(\s*href\s*\)\s*,\s*page\s*\)")
PAGES_COUNTER = re.compile(r"counter\(\s*pages\s*\)")
STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.DOTALL | re.IGNORECASE)
LOCAL_LINK = re.compile(r'(<a\b[^>]*?\bhref="#([^"]+)")', re.IGNORECASE)
ID_ATTRIBUTE = re.compile(r"""\s(?:id|aria-labelledby)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Cutting a document


class _Cutter(HTMLParser):
    """Finds the cut marks, the elements open at each and the `data-pdf-repeat` elements."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self._line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.stack: list[tuple[str, str]] = []  # (tag, start tag text)
        self.body_start: int | None = None
        self.body_depth = 0
        self.cuts: list[tuple[int, list[tuple[str, str]]]] = []
        self.repeats: list[str] = []
        self._repeat: tuple[int, int] | None = None  # (start offset, depth)
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text() or f"<{tag}>"
        if tag == "body":
            self.body_start = self._offset() + len(text)
            self.body_depth = len(self.stack) + 1
        if tag in VOID_ELEMENTS:
            return
        if self._repeat is None and any(name == REPEAT_ATTRIBUTE for name, _ in attrs):
            self._repeat = (self._offset(), len(self.stack))
        self.stack.append((tag, text))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        offset = self._offset()
        # Close up to the matching element (HTML lets some end tags be left out).
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break
        if self._repeat is not None and len(self.stack) <= self._repeat[1]:
            end = self.html.index(">", offset) + 1
            self.repeats.append(self.html[self._repeat[0] : end])
            self._repeat = None

    def handle_comment(self, data):
        if f"<!--{data}-->" == PART_BREAK:
            self.cuts.append((self._offset(), list(self.stack)))


FIRST_TAG = re.compile(r"\s*(?:<!--.*?-->\s*)*<([a-zA-Z][^\s>/]*)[^>]*>", re.DOTALL)


def _insert_first(chunk: str, repeated: str) -> str:
    """`repeated` as the first content of the chunk's first element: before it, it would take
    the start of the page, and that element's forced page break (a field begins on a new page)
    would leave an empty page; at the very start of a document the break is void."""
    found = FIRST_TAG.match(chunk)
    if found is None or found.group(1).lower() in VOID_ELEMENTS:
        return repeated + chunk
    return chunk[: found.end()] + repeated + chunk[found.end() :]


def split_document(html: str) -> list[str]:
    """The parts of `html` (whole HTML documents); `[html]` when it has no cut mark."""
    if PART_BREAK not in html:
        return [html]
    cutter = _Cutter(html)
    if cutter.body_start is None or not cutter.cuts:
        return [html]
    inner = cutter.body_depth  # elements deeper than <body> are re-opened and closed
    head = html[: cutter.body_start]
    bounds = [(cutter.body_start, [])] + [
        (offset + len(PART_BREAK), stack[inner:]) for offset, stack in cutter.cuts
    ]
    ends = [offset for offset, _ in cutter.cuts] + [len(html)]
    repeated = "".join(cutter.repeats)
    parts = []
    for index, ((start, open_elements), end) in enumerate(zip(bounds, ends, strict=True)):
        chunk = html[start:end]
        if not chunk.strip() and index < len(ends) - 1:
            continue
        opening = "".join(ID_ATTRIBUTE.sub("", text) for _, text in open_elements)
        if index + 1 < len(bounds):
            closing_elements = bounds[index + 1][1]
            closing = "".join(f"</{tag}>" for tag, _ in reversed(closing_elements))
            closing += "</body></html>"
        else:
            closing = ""
        if index > 0 and repeated:
            chunk = _insert_first(chunk, repeated)
        parts.append(head + opening + chunk + closing)
    return parts


# ---------------------------------------------------------------------------------------------
# Rendering the parts


class _RewritingFetcher:
    """The static-only fetcher, with the page counters of the part rewritten in stylesheets."""

    def __init__(self, fetcher, rewrite: Callable[[str], str]):
        self.fetcher = fetcher
        self.rewrite = rewrite

    def __getattr__(self, name):
        return getattr(self.fetcher, name)

    def __call__(self, url, *args, **kwargs):
        return self.fetch(url)

    def fetch(self, url, headers=None):
        response = self.fetcher.fetch(url, headers)
        if url.endswith(".css"):
            body = response.body if hasattr(response, "body") else response.read()
            if isinstance(body, bytes):
                body = body.decode("utf-8")
            return URLFetcherResponse(
                url,
                body=self.rewrite(body).encode("utf-8"),
                headers={"Content-Type": "text/css; charset=utf-8"},
            )
        return response


def _css_rewriter(total: str) -> Callable[[str], str]:
    def rewrite(css: str) -> str:
        css = TARGET_COUNTER.sub(f"attr({PAGE_ATTRIBUTE})", css)
        return PAGES_COUNTER.sub(f'"{total}"', css)

    return rewrite


def _prepare_part(
    html: str,
    first_page: int,
    total: str,
    anchors: dict[str, int] | None,
    own: frozenset[str] = frozenset(),
) -> str:
    """One part as WeasyPrint gets it: page counters fixed to the whole document's (`anchors`:
    global page of each id; None in the first pass), and an invisible stand-in for every id
    that a link of this part points to in another part, so that WeasyPrint keeps the link
    (the join points it to the real place)."""
    rewrite = _css_rewriter(total)
    html = STYLE_BLOCK.sub(lambda m: m.group(1) + rewrite(m.group(2)) + m.group(3), html)
    elsewhere = set()

    def number(match):
        if anchors is None:
            return f'{match.group(1)} {PAGE_ATTRIBUTE}="{PLACEHOLDER}"'
        name = match.group(2)
        if name in anchors and name not in own:
            elsewhere.add(name)
        return f'{match.group(1)} {PAGE_ATTRIBUTE}="{anchors.get(name, "")}"'

    html = LOCAL_LINK.sub(number, html)
    if elsewhere:
        stubs = "".join(
            f'<a id="{escape(name)}" style="position: absolute"></a>' for name in sorted(elsewhere)
        )
        end = html.lower().rfind("</body")
        html = html[:end] + stubs + html[end:] if end >= 0 else html + stubs
    if first_page != 1:
        style = f"<style>@page :first {{ counter-reset: page {first_page} }}</style>"
        found = HEAD_END.search(html)
        html = html[: found.start()] + style + html[found.start() :] if found else style + html
    return html


@dataclass
class _Layout:
    """What the first pass learns of one document's parts."""

    pages: list[int] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.pages)


@dataclass
class RenderedPart:
    pdf: bytes
    bookmarks: list[tuple[int, str, int, float, float]]  # level, label, page index, x, y
    pages: int
    anchors: frozenset[str] = frozenset()  # the ids that really live in this part


def _render(html: str, rewrite: Callable[[str], str] | None, variant: str):
    from integration_site.rendering.pdf import BASE_URL, StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    if rewrite is not None:
        fetcher = _RewritingFetcher(fetcher, rewrite)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(pdf_variant=variant)


def _free():
    # WeasyPrint's boxes hold cycles; collect them before the next part claims memory.
    gc.collect()


def render_documents(
    documents: list[str],
    variant: str,
    progress: Callable[[int, str], None] | None = None,
    *,
    first: int = 20,
    last: int = 85,
) -> bytes:
    """`documents` (whole HTML, each with its own page numbers) as one PDF."""
    split = [split_document(html) for html in documents]
    count = sum(len(parts) for parts in split)
    steps = sum(len(parts) * (2 if len(parts) > 1 else 1) for parts in split)
    done = 0

    def step(label):
        nonlocal done
        if progress is not None:
            progress(first + (last - first) * done // max(steps, 1), label)
        done += 1

    rendered: list[RenderedPart] = []
    number = 0
    for parts in split:
        if len(parts) == 1:
            number += 1
            step(gettext("Teil %(n)d von %(count)d wird gesetzt") % {"n": number, "count": count})
            document = _render(parts[0], None, variant)
            rendered.append(_written(document, variant, None))
            del document
            _free()
            continue
        layout = _Layout()
        for index, html in enumerate(parts):
            step(
                gettext("Seiten werden gezählt (%(n)d von %(count)d)")
                % {"n": index + 1, "count": len(parts)}
            )
            pages, anchors = _count(html, variant)
            offset = layout.total
            for name, page_index in anchors.items():
                layout.anchors.setdefault(name, offset + page_index + 1)
            layout.pages.append(pages)
        total = str(layout.total)
        offset = 0
        for html, pages in zip(parts, layout.pages, strict=True):
            number += 1
            step(gettext("Teil %(n)d von %(count)d wird gesetzt") % {"n": number, "count": count})
            own = frozenset(
                name for name, page in layout.anchors.items() if offset < page <= offset + pages
            )
            document = _render(
                _prepare_part(html, offset + 1, total, layout.anchors, own),
                _css_rewriter(total),
                variant,
            )
            rendered.append(_written(document, variant, own))
            offset += pages
            del document
            _free()
    if progress is not None:
        progress(last, gettext("Das PDF wird zusammengefügt"))
    return join_parts(rendered)


def _count(html: str, variant: str) -> tuple[int, dict[str, int]]:
    """The first pass for one part: its number of pages and the page (from 0) of each id.

    Kept in the `pdf` cache under a hash of the part's HTML: after an edit only the parts
    that changed are counted again, the others cost nothing."""
    digest = hashlib.sha256(f"{variant}:{html}".encode())
    _stamp_stylesheets(digest, html)
    key = "pdf-part-layout:" + digest.hexdigest()
    cache = caches["pdf"]
    known = cache.get(key)
    if known is not None:
        return known
    document = _render(
        _prepare_part(html, 1, PLACEHOLDER, None), _css_rewriter(PLACEHOLDER), variant
    )
    anchors: dict[str, int] = {}
    for page_index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, page_index)
    result = (len(document.pages), anchors)
    del document
    _free()
    cache.set(key, result)
    return result


STYLESHEET_LINK = re.compile(r"""<link\b[^>]*\bhref=["']/static/([^"']+\.css)["']""")


def _stamp_stylesheets(digest, html: str) -> None:
    """The stylesheets' content belongs to the key too: a changed stylesheet moves pages."""
    from integration_site.rendering.pdf import find_static

    for relative in STYLESHEET_LINK.findall(html):
        path = find_static(relative)
        digest.update(path.read_bytes() if path is not None else relative.encode())


def _written(document, variant: str, own: frozenset[str] | None) -> RenderedPart:
    bookmarks = []
    for page_index, page in enumerate(document.pages):
        for level, label, (x, y), _state in page.bookmarks:
            bookmarks.append((level, label, page_index, x, y))
    return RenderedPart(
        pdf=document.write_pdf(pdf_variant=variant),
        bookmarks=bookmarks,
        pages=len(document.pages),
        anchors=own
        if own is not None
        else frozenset(name for page in document.pages for name in page.anchors),
    )


# ---------------------------------------------------------------------------------------------
# Joining


def join_parts(parts: list[RenderedPart]) -> bytes:
    """One PDF of the parts, with one structure tree, outline and set of destinations.

    pikepdf (qpdf) keeps the objects in C++: joining the large concept's 123 pages took about
    75 MB and 1.3 s, pypdf 120 MB and 12 s (measured for issue 17)."""
    if len(parts) == 1:
        return parts[0].pdf
    output = pikepdf.Pdf.new()
    sources = []  # qpdf copies stream data when saving: the sources stay open until then
    tree_root = output.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    # One Document element for the whole, each part's own Document becomes a Part of it.
    whole = output.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=tree_root)
    )
    kids = pikepdf.Array()
    nums = pikepdf.Array()
    destinations: dict[str, object] = {}
    outline: list[tuple[int, str, int, float, float]] = []
    key_offset = 0
    for part in parts:
        source = pikepdf.open(io.BytesIO(part.pdf))
        sources.append(source)
        if len(sources) == 1:
            output.Root.Lang = source.Root.get("/Lang", pikepdf.String("de"))
            for key in ("/MarkInfo", "/ViewerPreferences", "/Metadata"):
                if key in source.Root:
                    output.Root[key] = _copy(output, source.Root[key])
            for key, value in source.docinfo.items():
                output.docinfo[key] = value
        page_start = len(output.pages)
        struct = source.Root.StructTreeRoot
        with warnings.catch_warnings():
            # Named destinations are joined below, from every part.
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            output.pages.extend(source.pages)
        max_key = -1
        for page in output.pages[page_start:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + key_offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + key_offset
        for kid in struct.K:
            copied = output.copy_foreign(kid)
            copied.P = whole
            if copied.get("/S") == pikepdf.Name.Document:
                copied.S = pikepdf.Name.Part
            kids.append(copied)
        pairs = struct.ParentTree.Nums
        for index in range(0, len(pairs), 2):
            key = int(pairs[index])
            max_key = max(max_key, key)
            nums.append(key + key_offset)
            nums.append(_copy(output, pairs[index + 1]))
        key_offset += max_key + 1
        if "/Names" in source.Root and "/Dests" in source.Root.Names:
            names = source.Root.Names.Dests.get("/Names", [])
            for index in range(0, len(names), 2):
                name = str(names[index])
                if name not in destinations and name in part.anchors:
                    destinations[name] = _copy(output, names[index + 1])
        for level, label, page_index, x, y in part.bookmarks:
            outline.append((level, label, page_start + page_index, x, y))

    whole.K = kids
    tree_root.K = pikepdf.Array([whole])
    tree_root.ParentTree = output.make_indirect(pikepdf.Dictionary(Nums=nums))
    tree_root.ParentTreeNextKey = key_offset
    output.Root.StructTreeRoot = tree_root
    if destinations:
        flat = pikepdf.Array()
        for name in sorted(destinations):
            flat.append(pikepdf.String(name))
            flat.append(destinations[name])
        output.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=flat))
    _add_outline(output, outline)
    buffer = io.BytesIO()
    output.save(
        buffer,
        min_version=max(source.pdf_version for source in sources),
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    for source in sources:
        source.close()
    return buffer.getvalue()


def _copy(output, value):
    """`value` of another PDF in `output`: indirect objects through qpdf's copier (which
    maps pages and structure elements copied before to their copies), direct ones by their
    items."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return output.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(output, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(output, item) for key, item in value.items()})
    return value


def _add_outline(output, outline) -> None:
    # WeasyPrint's positions are CSS pixels from the top left; PDF's points from the bottom.
    with output.open_outline() as tree:
        parents: list[tuple[int, pikepdf.OutlineItem]] = []
        for level, label, page_index, x, y in outline:
            while parents and parents[-1][0] >= level:
                parents.pop()
            top = float(output.pages[page_index].mediabox[3]) - y * 0.75
            item = pikepdf.OutlineItem(label, page_index, "XYZ", left=x * 0.75, top=top)
            (parents[-1][1].children if parents else tree.root).append(item)
            parents.append((level, item))
