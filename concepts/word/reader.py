"""Reading a .docx into lines: `read_docx(raw)` → `WordDocument`.

The file is checked before python-docx opens it, from the zip directory alone (sizes, names,
content types), so that a hostile or unsuitable file costs neither time nor memory: a .doc, an
encrypted document (both OLE compound files), a .docm with macros, a zip bomb, a document far
longer than a concept. Then python-docx reads the body in order; every heading, paragraph, list
item and table row becomes a `Line`. Tracked changes are read in their accepted state (insertions
kept, deletions dropped), comments are not read, images are counted and skipped; the document's
notes say so, and the preview shows them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from typing import Any

import docx
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from concepts.word import WordProblem

# Limits, generous for a concept of 30–120 pages (a 120-page concept: ~6,000 lines, ~3 MB of XML).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_DOCUMENT_XML_BYTES = 25 * 1024 * 1024  # lxml holds about 5–10× this while reading
MAX_RATIO = 200  # a zip entry inflating more than this is a bomb, not a text
MAX_PAGES = 300
# A concept has a few dozen parts (document, styles, numbering, footnotes, some images); a zip
# with thousands of entries costs memory for its directory alone and is no Word document.
MAX_PARTS = 2_000
MAX_LINES = 15_000
# About 340 pages of text (a page ~3,500 characters): the limit that catches a long document
# whose paragraphs are long, and whose app.xml (written by Word) gives no page count.
MAX_TEXT_CHARS = 1_200_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HEADING_STYLE = re.compile(r"^(heading|überschrift|berschrift)\s*(\d)$", re.I)
TITLE_STYLES = {"title", "titel"}
SUBTITLE_STYLES = {"subtitle", "untertitel"}


@dataclass
class Line:
    """One heading, paragraph, list item or table row of the document, in document order.

    kind: "heading", "paragraph", "list" (a paragraph with Word numbering or a list style),
    "row" (a table row; `cells` holds its cells, `header` the table's column headers).
    number: the number Word shows (automatic numbering) or the one typed at the start, "" if none.
    text: Markdown (bold, italic, links, footnote references); the typed number is kept in it.
    """

    id: int
    kind: str
    text: str
    style: str = ""
    level: int | None = None
    number: str = ""
    list_level: int | None = None
    cells: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    table: int | None = None
    is_header: bool = False
    footnotes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Line:
        return cls(**data)


@dataclass
class WordDocument:
    """The lines of a document and what the reader left out (German notes for the preview)."""

    lines: list[Line]
    notes: list[str]
    title: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "lines": [line.as_dict() for line in self.lines],
            "notes": self.notes,
            "title": self.title,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WordDocument:
        return cls(
            lines=[Line.from_dict(line) for line in data["lines"]],
            notes=data["notes"],
            title=data["title"],
        )


# ---------------------------------------------------------------------------------------------
# The container check


def check_container(raw: bytes) -> zipfile.ZipFile:
    """The open zip of a .docx that is safe to read, or WordProblem."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise WordProblem(
            _("Die Datei ist größer als %(mb)s MB; so lang ist kein Konzept.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if raw.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise WordProblem(
                _(
                    "Die Datei ist mit einem Kennwort verschlüsselt. Bitte in Word den Schutz "
                    "aufheben (Datei → Informationen → Dokument schützen) und erneut hochladen."
                )
            )
        raise WordProblem(
            _(
                "Die Datei ist ein älteres Word-Dokument (.doc). Bitte in Word oder LibreOffice "
                "als .docx speichern und erneut hochladen."
            )
        )
    if not raw.startswith(ZIP_MAGIC):
        raise WordProblem(_("Die Datei ist kein Word-Dokument (.docx)."))
    if _entries_announced(raw) > MAX_PARTS:
        raise WordProblem(_too_many_parts_message())
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WordProblem(_("Die Datei ist beschädigt oder kein Word-Dokument (.docx).")) from None
    if len(infos) > MAX_PARTS:
        raise WordProblem(_too_many_parts_message())
    names = {info.filename for info in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise WordProblem(_("Die Datei ist kein Word-Dokument (.docx)."))
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WordProblem(_ratio_message())
        if info.filename == "word/document.xml" and info.file_size > MAX_DOCUMENT_XML_BYTES:
            raise WordProblem(_too_long_message())
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WordProblem(_bomb_message())
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroEnabled" in archive.read("[Content_Types].xml")
    ):
        raise WordProblem(
            _(
                "Die Datei enthält Makros (.docm). Aus Sicherheitsgründen werden nur Dokumente "
                "ohne Makros gelesen: bitte in Word als „Word-Dokument (*.docx)“ speichern."
            )
        )
    if "docProps/app.xml" in names:
        match = re.search(rb"<(?:\w+:)?Pages>(\d+)<", archive.read("docProps/app.xml"))
        if match and int(match.group(1)) > MAX_PAGES:
            raise WordProblem(_too_long_message())
    return archive


def _entries_announced(raw: bytes) -> int:
    """The number of entries the zip's end record announces, read before the directory is
    parsed (zipfile would build an object per entry); 0 if there is no end record (zipfile then
    says the file is broken). A Zip64 end record (more than 65,535 entries or 4 GB) counts as
    too many."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if end < 0 or end + 22 > len(raw):
        return 0
    total = int.from_bytes(raw[end + 10 : end + 12], "little")
    if total == 0xFFFF or raw.rfind(b"PK\x06\x06", max(0, end - 76), end) >= 0:
        return MAX_PARTS + 1
    return total


def _too_many_parts_message():
    return _(
        "Die Datei besteht aus ungewöhnlich vielen Teilen (mehr als %(parts)s); so ist kein "
        "Word-Dokument aufgebaut. Sie wird nicht gelesen."
    ) % {"parts": f"{MAX_PARTS:,}".replace(",", ".")}


def _ratio_message():
    return _(
        "Die Datei ist ungewöhnlich stark gepackt (ein Teil würde entpackt mehr als %(ratio)s-mal "
        "so groß); so speichert kein Textprogramm. Sie wird nicht gelesen."
    ) % {"ratio": MAX_RATIO}


def _bomb_message():
    return _(
        "Die Datei würde entpackt ungewöhnlich groß (mehr als %(mb)s MB); sie wird nicht gelesen."
    ) % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}


def _too_long_message():
    return _(
        "Das Dokument ist zu lang (mehr als %(pages)s Seiten oder %(lines)s Absätze). Bitte das "
        "Konzept ohne Anhänge hochladen oder in Teilen."
    ) % {"pages": MAX_PAGES, "lines": f"{MAX_LINES:,}".replace(",", ".")}


# ---------------------------------------------------------------------------------------------
# Word's automatic numbering


def _roman(n: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
    values += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while n >= value:
            out += letters
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


class Numbering:
    """Counts Word's automatic list numbering as Word shows it ("3.", "3.2", "a)")."""

    def __init__(self, document):
        self.levels = {}  # numId → {ilvl: (start, numFmt, lvlText)}
        self.abstract_of = {}
        self.counters = {}  # abstractNumId → [count per level]
        try:
            element = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstracts = {}
        for abstract in element.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                start = lvl.find(qn("w:start"))
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    int(start.get(qn("w:val"))) if start is not None else 1,
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                )
            abstracts[abstract.get(qn("w:abstractNumId"))] = levels
        for num in element.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                abstract_id = ref.get(qn("w:val"))
                self.levels[num.get(qn("w:numId"))] = abstracts.get(abstract_id, {})
                self.abstract_of[num.get(qn("w:numId"))] = abstract_id

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """(the number Word shows, whether it is a bullet) for the next item of this list."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return "", True
        _start, fmt, text = levels[ilvl]
        if fmt == "bullet" or fmt == "none":
            return "", True
        counters = self.counters.setdefault(self.abstract_of[num_id], [0] * 10)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][0]
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0

        def level_value(match):
            level = int(match.group(1)) - 1
            start, level_fmt, _t = levels.get(level, (1, "decimal", ""))
            return _format_number(counters[level] or start, level_fmt)

        return re.sub(r"%(\d)", level_value, text).strip(), False


# ---------------------------------------------------------------------------------------------
# Paragraph text as Markdown


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _num_pr(p_pr):
    """(numId, ilvl) of a paragraph's or style's properties, None if none (or numId 0)."""
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is None or num_pr.numId is None:
        return None
    num_id = str(num_pr.numId.val)
    if num_id == "0":
        return None
    return num_id, num_pr.ilvl.val if num_pr.ilvl is not None else 0


def _outline_of(p_pr) -> int | None:
    outline = p_pr.find(qn("w:outlineLvl")) if p_pr is not None else None
    if outline is None:
        return None
    value = int(outline.get(qn("w:val")))
    return value + 1 if value < 9 else None


@dataclass
class _StyleInfo:
    name: str
    level: int | None  # 1–9 for a heading style (by name or outline level)
    numbering: tuple[str, int] | None  # Word numbering the style brings (numbered headings)


def _style_info(style) -> _StyleInfo:
    """What a paragraph style says, looked up once per style (python-docx's lookup of a
    paragraph's style walks all styles: too slow to do for every paragraph)."""
    if style is None:
        return _StyleInfo("", None, None)
    chain = list(_style_chain(style))
    level = None
    for item in chain:
        match = HEADING_STYLE.match(item.name or "")
        if match:
            level = int(match.group(2))
            break
    if level is None:
        level = next(
            (lvl for item in chain if (lvl := _outline_of(item.element.pPr)) is not None), None
        )
    numbering = next((n for item in chain if (n := _num_pr(item.element.pPr)) is not None), None)
    return _StyleInfo(style.name or "", level, numbering)


class _Markdown:
    """Collects the runs of a paragraph as Markdown, merging runs with the same formatting."""

    def __init__(self):
        self.parts = []

    def add(self, text: str, bold: bool, italic: bool, link: str = ""):
        if not text:
            return
        if self.parts and self.parts[-1][1:] == (bold, italic, link):
            self.parts[-1] = (self.parts[-1][0] + text, bold, italic, link)
        else:
            self.parts.append((text, bold, italic, link))

    def text(self) -> str:
        out = []
        for text, bold, italic, link in self.parts:
            core = text.strip()
            if not core:
                out.append(text)
                continue
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            if italic:
                core = f"*{core}*"
            if bold:
                core = f"**{core}**"
            if link:
                core = f"[{core}]({link})"
            out.append(f"{lead}{core}{trail}")
        return re.sub(r"[ \t]+", " ", "".join(out)).strip()


class _Reader:
    def __init__(self, document):
        self.document = document
        self.numbering = Numbering(document)
        self.lines: list[Line] = []
        self.images = 0
        self.insertions = 0
        self.deletions = 0
        self.footnote_texts = self._footnotes()
        self.tables = 0
        self.characters = 0
        self.styles: dict[str | None, _StyleInfo] = {}

    def style_of(self, paragraph: Paragraph) -> _StyleInfo:
        style_id = paragraph._p.style
        if style_id not in self.styles:
            self.styles[style_id] = _style_info(paragraph.style)
        return self.styles[style_id]

    def _footnotes(self) -> dict[str, str]:
        try:
            part = self.document.part.part_related_by(RT.FOOTNOTES)
        except KeyError:
            return {}
        element = parse_xml(part.blob)
        notes = {}
        for note in element.findall(qn("w:footnote")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator"):
                continue
            texts = [self._runs(Paragraph(p, self.document._body))[0] for p in note.iter(qn("w:p"))]
            notes[note.get(qn("w:id"))] = " ".join(t for t in texts if t)
        return notes

    def _runs(self, paragraph: Paragraph) -> tuple[str, list[str]]:
        """(Markdown text, footnote texts) of a paragraph, tracked changes accepted."""
        md = _Markdown()
        footnotes = []
        p = paragraph._p
        rels = paragraph.part.rels

        def visit(element, link=""):
            for child in element:
                tag = child.tag
                if tag == qn("w:r"):
                    run = Run(child, paragraph)
                    if child.find(f".//{qn('w:drawing')}") is not None or (
                        child.find(f".//{qn('w:pict')}") is not None
                    ):
                        self.images += 1
                    ref = child.find(qn("w:footnoteReference"))
                    if ref is not None:
                        note = self.footnote_texts.get(ref.get(qn("w:id")), "")
                        if note:
                            footnotes.append(note)
                            md.add(f"[^{len(footnotes)}]", False, False)
                        continue
                    text = "".join(
                        "\t" if node.tag == qn("w:tab") else node.text or ""
                        for node in child
                        if node.tag in (qn("w:t"), qn("w:tab"))
                    )
                    if child.find(qn("w:br")) is not None and not text:
                        text = " "
                    md.add(text, bool(run.bold), bool(run.italic), link)
                elif tag == qn("w:ins"):
                    self.insertions += 1
                    visit(child, link)
                elif tag in (qn("w:del"), qn("w:moveFrom")):
                    self.deletions += 1
                elif tag == qn("w:hyperlink"):
                    target = ""
                    rel_id = child.get(qn("r:id"))
                    if rel_id and rel_id in rels and rels[rel_id].is_external:
                        target = rels[rel_id].target_ref
                    if target and not re.match(r"^(https?:|mailto:)", target):
                        target = ""
                    visit(child, target)
                elif tag in (qn("w:smartTag"), qn("w:sdt"), qn("w:sdtContent"), qn("w:moveTo")):
                    visit(child, link)
                elif tag == qn("w:fldSimple"):
                    visit(child, link)

        visit(p)
        return md.text(), footnotes

    def add(self, **kwargs) -> Line:
        self.characters += len(kwargs["text"])
        if len(self.lines) >= MAX_LINES or self.characters > MAX_TEXT_CHARS:
            raise WordProblem(_too_long_message())
        line = Line(id=len(self.lines), **kwargs)
        self.lines.append(line)
        return line

    def paragraph(self, paragraph: Paragraph):
        text, footnotes = self._runs(paragraph)
        if not text:
            return
        info = self.style_of(paragraph)
        style = info.name
        own_outline = _outline_of(paragraph._p.pPr)
        level = own_outline if own_outline is not None else info.level
        numbering = _num_pr(paragraph._p.pPr) or info.numbering
        number, is_list, list_level = "", False, None
        if numbering:
            label, bullet = self.numbering.label(*numbering)
            number = label
            is_list = level is None
            list_level = numbering[1] if is_list else None
            if bullet and level is None:
                number = ""
        elif level is None and re.match(r"^list", style, re.I):
            is_list, list_level = True, 0
        kind = "heading" if level is not None else "list" if is_list else "paragraph"
        if (style or "").lower() in TITLE_STYLES:
            kind = "title"
        elif (style or "").lower() in SUBTITLE_STYLES:
            kind = "subtitle"
        self.add(
            kind=kind,
            text=text,
            style=style,
            level=level,
            number=number,
            list_level=list_level,
            footnotes=footnotes,
        )

    def table(self, table: Table):
        self.tables += 1
        rows = table.rows
        header: list[str] = []
        for r_i, row in enumerate(rows):
            cells, seen = [], set()
            for cell in row.cells:
                # a merged cell appears once per grid column; read it once
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                parts = []
                for paragraph in cell.paragraphs:
                    text, _notes = self._runs(paragraph)
                    if text:
                        parts.append(text)
                cells.append("\n".join(parts))
            if not any(cells):
                continue
            tr_pr = row._tr.trPr
            repeated = tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
            is_header = r_i == 0 or repeated
            if r_i == 0:
                header = cells
            self.add(
                kind="row",
                text=" | ".join(c.replace("\n", " / ") for c in cells if c),
                cells=cells,
                header=header if r_i else cells,
                table=self.tables,
                is_header=is_header,
            )

    def read(self):
        for block in self.document.iter_inner_content():
            if isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, Table):
                self.table(block)
        return self.lines

    def notes(self) -> list[str]:
        notes = []
        if self.insertions or self.deletions:
            notes.append(
                _(
                    "Das Dokument enthält nachverfolgte Änderungen; sie sind als angenommen "
                    "gelesen (Einfügungen übernommen, Löschungen weggelassen)."
                )
            )
        if self._has_comments():
            notes.append(_("Kommentare im Dokument werden nicht übernommen."))
        if self.images:
            notes.append(
                ngettext(
                    "%(count)s Bild wurde übersprungen; Bilder werden nicht übernommen.",
                    "%(count)s Bilder wurden übersprungen; Bilder werden nicht übernommen.",
                    self.images,
                )
                % {"count": self.images}
            )
        return notes

    def _has_comments(self) -> bool:
        try:
            self.document.part.part_related_by(RT.COMMENTS)
        except KeyError:
            return False
        return True


def read_docx(raw: bytes) -> WordDocument:
    """The document's lines and notes, or WordProblem with a German message."""
    check_container(raw)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception:  # python-docx raises many kinds on a broken package
        raise WordProblem(_("Die Datei ist beschädigt oder kein Word-Dokument (.docx).")) from None
    reader = _Reader(document)
    lines = reader.read()
    if not lines:
        raise WordProblem(_("Das Dokument enthält keinen Text."))
    title = (document.core_properties.title or "").strip()
    return WordDocument(lines=lines, notes=reader.notes(), title=title)
