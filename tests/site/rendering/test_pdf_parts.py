"""A document rendered in parts (integration_site/rendering/parts.py) is the same document as
rendered whole: every page, its running header and continuous "Seite n von N", the table of
contents' page numbers, the outline, the links and the PDF/UA tags."""

import io
import re
import shutil
import subprocess

import pikepdf
import pytest

from integration_site.rendering import parts
from integration_site.rendering.pdf import html_to_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils fehlt")

FILLER = "<p>Die Stadt fördert Sprachkurse, Beratung und Begegnung im Quartier.</p>" * 45


def document(cut: bool) -> str:
    mark = parts.PART_BREAK if cut else ""
    chapters = []
    for number in range(1, 5):
        chapters.append(
            f"{mark if number > 1 else ''}"
            f'<section class="chapter" id="kapitel-{number}"><h2>Kapitel {number}</h2>'
            f"<p>Absatz {number} mit Verweis auf "
            f'<a class="ref" href="#kapitel-{5 - number}">Kapitel {5 - number}</a>.</p>'
            f"{FILLER}</section>"
        )
    return f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Teilprobe</title>
<link rel="stylesheet" href="/static/css/print.css">
<style>
.part, .chapter {{ break-before: page; }}
.part > .chapter:first-of-type {{ break-before: avoid; }}
.toc a::after {{ content: leader(".") " " target-counter(attr(href), page); }}
.ref::after {{ content: " (S. " target-counter(attr(href), page) ")"; }}
</style></head>
<body><div class="doc">
<p class="running-header" data-pdf-repeat>Stadt Rheine · Teilprobe</p>
<h1>Konzept</h1>
<nav class="toc"><ol>{
        "".join(f'<li><a href="#kapitel-{n}">Kapitel {n}</a></li>' for n in range(1, 5))
    }</ol></nav>
{mark}
<section class="part" id="teil-b"><h1>Teil B</h1>
{"".join(chapters)}
</section></div></body></html>"""


def pages_text(pdf: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [page for page in text.split("\f") if page.strip()]


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    found = []
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}

    def walk(items, depth):
        for item in items:
            found.append((depth, item.title, pages[item.destination[0].objgen]))
            walk(item.children, depth + 1)

    with pdf.open_outline() as tree:
        walk(tree.root, 1)
    return found


@pytest.fixture(scope="module")
def rendered():
    return html_to_pdf(document(cut=True)), html_to_pdf(document(cut=False))


def test_the_document_is_cut_at_the_marks_and_each_part_reopens_its_ancestors():
    split = parts.split_document(document(cut=True))
    assert len(split) == 5
    assert 'id="teil-b"' not in split[2]  # re-opened without its id …
    assert '<section class="part">' in split[2]  # … but with its class
    assert split[2].count('class="running-header"') == 1
    assert '<section class="chapter" id="kapitel-2"><p class="running-header"' in split[2]
    assert split[2].rstrip().endswith("</section></section></div></body></html>")
    assert parts.split_document("<html><body><p>kurz</p></body></html>") == [
        "<html><body><p>kurz</p></body></html>"
    ]


def test_parts_give_the_same_pages_text_and_continuous_page_numbers(rendered):
    cut, whole = rendered
    cut_pages, whole_pages = pages_text(cut), pages_text(whole)
    total = len(whole_pages)
    assert total >= 9  # four chapters of two pages and more, and the contents
    assert len(cut_pages) == total
    for number, (page, expected) in enumerate(zip(cut_pages, whole_pages, strict=True), 1):
        assert f"Seite {number} von {total}" in page
        assert "Stadt Rheine · Teilprobe" in page
        assert re.sub(r"\s+", " ", page) == re.sub(r"\s+", " ", expected)


def test_contents_and_references_name_the_pages_of_the_whole_document(rendered):
    cut, _whole = rendered
    pages = pages_text(cut)
    starts = {n: next(i for i, p in enumerate(pages, 1) if f"Kapitel {n}\n" in p) for n in (2, 4)}
    contents = re.sub(r"\s+", " ", pages[0])
    assert re.search(rf"Kapitel 2 \.+ {starts[2]}\b", contents)
    assert re.search(rf"Kapitel 4 \.+ {starts[4]}\b", contents)
    # Chapter 1 (part 2) refers to chapter 4 (part 5).
    assert f"Kapitel 4 (S. {starts[4]})" in re.sub(r"\s+", " ", "".join(pages))


def test_outline_links_and_tags_are_joined_into_one(rendered, tmp_path):
    cut, whole = rendered
    path = tmp_path / "teile.pdf"
    path.write_bytes(cut)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Teilprobe" in info
    with pikepdf.open(path) as pdf, pikepdf.open(io.BytesIO(whole)) as reference:
        assert outline(pdf) == outline(reference)
        assert [title for _d, title, _p in outline(pdf)][:3] == ["Konzept", "Teil B", "Kapitel 1"]
        assert outline(pdf)[2][0] == 2  # chapters sit under their part, as in the whole
        assert str(pdf.Root.Lang) == "de"
        assert b"pdfuaid" in pdf.Root.Metadata.read_bytes()
        # One structure tree: every page's marked content is found through the parent tree.
        tree = pdf.Root.StructTreeRoot
        keys = [int(k) for k in list(tree.ParentTree.Nums)[::2]]
        assert len(keys) == len(set(keys))
        (document,) = tree.K  # one Document, each part's a Part of it
        assert document.S == "/Document"
        assert [str(part.S) for part in document.K] == ["/Part"] * 5
        assert all(part.P.objgen == document.objgen for part in document.K)
        for page in pdf.pages:
            assert int(page.obj.StructParents) in keys
            for annotation in page.obj.get("/Annots", []):
                assert int(annotation.StructParent) in keys
        # The contents' links point to the pages where the chapters begin.
        names = list(pdf.Root.Names.Dests.Names)
        destinations = dict(zip((str(n) for n in names[::2]), names[1::2], strict=True))
        page_of = {page.obj.objgen: i for i, page in enumerate(pdf.pages, start=1)}
        text = pages_text(cut)
        for n in range(1, 5):
            target = page_of[destinations[f"kapitel-{n}"][0].objgen]
            assert f"Kapitel {n}\n" in text[target - 1]
        # (WeasyPrint gives a link one annotation per piece of its box.)
        toc_links = list(dict.fromkeys(str(a.Dest) for a in pdf.pages[0].obj.Annots))
        assert toc_links == [f"kapitel-{n}" for n in range(1, 5)]
