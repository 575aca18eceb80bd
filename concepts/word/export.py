"""Word out: an edition as .docx, and the building blocks other apps use for their documents
(the Beschlussvorlage in participation/council/word.py).

`WordWriter` starts from the town's Word template when there is one (a .docx with the town's
corporate design, `word_template(municipality)`), else from python-docx's default, and writes
real Word structure: heading styles, list styles, tables with a repeated header row, document
language de-DE, page numbers in the footer. Markdown texts (bold, italic, links, lists,
headings) become Word formatting.

`concept_docx(edition)` writes the concept in the shape the Word import reads back into the
same tree (docs/word-import.md, „Export nach Word“): fields as "Handlungsfeld n: …", goals as
"Leitziel n.m: …"/"Handlungsziel …", measures as a table Maßnahme | Beschreibung | Träger |
Zeitraum | Status (Träger with their role and note in brackets); the indicators of a goal,
sub-theme or field as lines "Indikator: Name (Einheit: %) – Zielwert: 20 bis 2027; Ausgangswert
2023: 31" below it.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import TYPE_CHECKING, Any

import docx
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import translation
from django.utils.translation import gettext as _
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from concepts.word import WordProblem
from concepts.word.reader import check_container

if TYPE_CHECKING:
    from concepts.models import Edition, Municipality

LANGUAGE = "de-DE"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\((https?://[^)\s]+|mailto:[^)\s]+)\)")
STATUS_LABELS = {
    "idea": "Idee",
    "planned": "geplant",
    "running": "laufend",
    "completed": "abgeschlossen",
    "suspended": "ausgesetzt",
    "discontinued": "nicht fortgeführt",
}


def _template_name(municipality: Municipality) -> str:
    return f"word-vorlagen/{municipality.slug}.docx"


def _private_storage():
    """The storage of non-public files (local beside MEDIA_ROOT, or S3 with several servers)."""
    return storages["private"]


def has_word_template(municipality: Municipality) -> bool:
    return _private_storage().exists(_template_name(municipality))


def word_template(municipality: Municipality) -> bytes | None:
    """The town's Word template, or None (then a plain A4 default is used)."""
    storage, name = _private_storage(), _template_name(municipality)
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return handle.read()


def save_word_template(municipality: Municipality, raw: bytes) -> None:
    """Store a town's template after checking it is a plain .docx (WordProblem otherwise)."""
    check_container(raw)
    try:
        docx.Document(io.BytesIO(raw))  # python-docx can open it
    except Exception:  # python-docx raises many kinds on a broken package
        raise WordProblem(_("Die Datei ist beschädigt oder kein Word-Dokument (.docx).")) from None
    remove_word_template(municipality)
    _private_storage().save(_template_name(municipality), ContentFile(raw))


def remove_word_template(municipality: Municipality) -> None:
    storage, name = _private_storage(), _template_name(municipality)
    if storage.exists(name):
        storage.delete(name)


class WordWriter:
    """A .docx in the making: headings, Markdown paragraphs, lists, tables, page numbers."""

    def __init__(self, template: bytes | None = None, title: str = ""):
        self.document = docx.Document(io.BytesIO(template) if template else None)
        if template:
            body = self.document.element.body
            for child in list(body):
                if child.tag != qn("w:sectPr"):
                    body.remove(child)
        else:
            # python-docx's default is US Letter; a German council paper is A4
            for section in self.document.sections:
                section.page_width, section.page_height = Cm(21), Cm(29.7)
                section.left_margin, section.right_margin = Cm(2.5), Cm(2)
                section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        self._language()
        self._page_numbers()
        properties = self.document.core_properties
        properties.title = title
        properties.language = LANGUAGE
        properties.author = ""
        properties.last_modified_by = ""
        properties.created = properties.modified = datetime.datetime.now()

    def _language(self):
        """de-DE for the document's default run properties and every paragraph style, so that
        Word and screen readers read it as German."""
        styles = self.document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        targets = []
        if defaults is not None:
            r_pr_default = defaults.find(qn("w:rPrDefault"))
            if r_pr_default is not None:
                r_pr = r_pr_default.find(qn("w:rPr"))
                if r_pr is None:
                    r_pr = OxmlElement("w:rPr")
                    r_pr_default.append(r_pr)
                targets.append(r_pr)
        targets += [s.element.get_or_add_rPr() for s in self.document.styles if s.type == 1]
        for r_pr in targets:
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            lang.set(qn("w:val"), LANGUAGE)
            lang.set(qn("w:eastAsia"), LANGUAGE)
            lang.set(qn("w:bidi"), "ar-SA")

    def _page_numbers(self):
        """ "Seite N von M" in the footer of every section (fields Word and LibreOffice fill)."""
        for section in self.document.sections:
            footer = section.footer
            paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            if "PAGE" in paragraph._p.xml:
                continue
            paragraph.alignment = 1  # centred
            paragraph.add_run(_("Seite") + " ")
            self._field(paragraph, "PAGE")
            paragraph.add_run(" " + _("von") + " ")
            self._field(paragraph, "NUMPAGES")

    @staticmethod
    def _field(paragraph, instruction: str):
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    # -- content -------------------------------------------------------------------------------

    def title(self, text: str):
        self.document.add_paragraph(text, style="Title")

    def heading(self, text: str, level: int):
        self.document.add_heading(text, level)

    def inline(self, paragraph, text: str):
        """Markdown inline formatting (bold, italic, links) as runs of `paragraph`."""
        position = 0
        for match in INLINE.finditer(text):
            if match.start() > position:
                paragraph.add_run(text[position : match.start()])
            if match.group(1) is not None:
                paragraph.add_run(match.group(1)).bold = True
            elif match.group(2) is not None:
                paragraph.add_run(match.group(2)).italic = True
            else:
                self.hyperlink(paragraph, match.group(3), match.group(4))
            position = match.end()
        if position < len(text):
            paragraph.add_run(text[position:])

    def hyperlink(self, paragraph, text: str, url: str):
        rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        run = paragraph.add_run(text)
        run.underline = True
        link.append(run._r)
        paragraph._p.append(link)

    def paragraph(self, text: str, style: str | None = None):
        paragraph = self.document.add_paragraph(style=style)
        self.inline(paragraph, text)
        return paragraph

    def markdown(self, text: str, heading_level: int = 3):
        """Markdown blocks as Word paragraphs: headings, bulleted and numbered lists, the rest
        as paragraphs (a table as its lines)."""
        for block in re.split(r"\n\s*\n", (text or "").strip()):
            if not block.strip():
                continue
            lines = block.split("\n")
            if all(re.match(r"^\s*([-*+]|\d+[.)])\s+", line) for line in lines):
                for line in lines:
                    numbered = re.match(r"^\s*\d+[.)]\s+", line)
                    content = re.sub(r"^\s*([-*+]|\d+[.)])\s+", "", line)
                    self.paragraph(content, "List Number" if numbered else "List Bullet")
                continue
            heading = re.match(r"^(#{1,6})\s+(.*)$", block)
            if heading and len(lines) == 1:
                self.heading(heading.group(2), min(heading_level + len(heading.group(1)) - 3, 9))
                continue
            paragraph = self.document.add_paragraph()
            for i, line in enumerate(lines):
                if i:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                self.inline(paragraph, line)

    def table(self, header: list[str], rows: list[list[str]], weights: list[int] | None = None):
        """A table whose first row is a header row Word repeats on every page; `weights` share
        the text width among the columns."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.autofit = False
        try:
            table.style = "Table Grid"
        except KeyError:
            pass
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                parts = (text or "").split("\n\n")
                cell.text = ""
                self.inline(cell.paragraphs[0], parts[0])
                for part in parts[1:]:
                    self.inline(cell.add_paragraph(), part)
        section = self.document.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin
        weights = weights or [1] * len(header)
        for column, weight in zip(table.columns, weights, strict=True):
            column_width = int(width * weight / sum(weights))
            column.width = column_width
            for cell in column.cells:
                cell.width = column_width
        return table

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _actor_cell(name: str, involvement: dict[str, Any]) -> str:
    """A Träger as the import reads it back: "Jobcenter (federführend, bis 2019)"."""
    role = {"lead": "federführend", "funder": "Förderer"}.get(involvement["role"], "")
    words = ", ".join(w for w in (role, involvement.get("note", "")) if w)
    return f"{name} ({words})" if words else name


UNIT_WORDS = {
    "percent": "%",
    "count": "Anzahl",
    "persons": "Personen",
    "euro": "€",
    "years": "Jahre",
    "per_thousand": "je 1.000 Einwohner/innen",
}


def _german_number(value: str) -> str:
    """ "20.0000" → "20", "12.5000" → "12,5" (the import reads German numbers)."""
    whole, _dot, places = value.partition(".")
    places = places.rstrip("0")
    return f"{whole},{places}" if places else whole


def _indicator_line(indicator: dict[str, Any]) -> str:
    """An indicator as the import reads it back (docs/word-import.md, „Indikatoren“)."""
    unit = (
        indicator["unit_other"]
        if indicator["unit"] == "other"
        else UNIT_WORDS.get(indicator["unit"], "")
    )
    line = f"Indikator: {indicator['name']}"
    if unit and not indicator["is_qualitative"]:
        line += f" (Einheit: {unit})"
    values = []
    if indicator["target_value"] is not None and indicator["target_year"]:
        values.append(
            f"Zielwert: {_german_number(indicator['target_value'])} bis {indicator['target_year']}"
        )
    if indicator["baseline_value"] is not None and indicator["baseline_date"]:
        values.append(
            f"Ausgangswert {indicator['baseline_date'][:4]}: "
            f"{_german_number(indicator['baseline_value'])}"
        )
    return line + (" – " + "; ".join(values) if values else "")


def _period(measure: dict[str, Any]) -> str:
    def month(value):
        return f"{value[5:7]}.{value[:4]}" if value else ""

    start, end = month(measure["starts_on"]), month(measure["ends_on"])
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"ab {start}"
    if end:
        return f"bis {end}"
    return ""


def concept_docx(edition: Edition) -> bytes:
    """The edition as a Word document the import reads back into the same tree."""
    from concepts.exchange.export import edition_export

    with translation.override("de"):
        return exchange_docx(
            edition_export(edition), template=word_template(edition.concept.municipality)
        )


def exchange_docx(data: dict[str, Any], template: bytes | None = None) -> bytes:
    """Exchange data as .docx (see the module's docstring for the shape)."""
    writer = WordWriter(template, title=data["concept"]["title"])
    writer.title(data["concept"]["title"])
    writer.paragraph(f"{data['edition']['title']} ({data['edition']['year']})", "Subtitle")
    actors = {a["key"]: a["name"] for a in data["actors"]}
    indicators_below: dict[str, list[dict[str, Any]]] = {}
    for indicator in data.get("extensions", {}).get("indicators", []):
        parent = indicator["goal"] or indicator.get("sub_theme") or indicator.get("field_of_action")
        if parent:  # an indicator of the whole edition has no place in the document's tree
            indicators_below.setdefault(parent, []).append(indicator)

    def indicators(key: str):
        for indicator in indicators_below.get(key, []):
            writer.paragraph(_indicator_line(indicator))

    if data["vision"]:
        vision = data["vision"]
        title = vision["title"]
        writer.heading(title if re.match(r"^leitbild\b", title, re.I) else f"Leitbild: {title}", 1)
        if vision["motto"]:
            writer.paragraph(f"*{vision['motto']}*")
        writer.markdown(vision["text"], heading_level=2)
        principles = [p for p in data["guiding_principles"] if p["field_of_action"] is None]
        for principle in principles:
            writer.paragraph(principle["title"], "List Bullet")
            writer.markdown(principle["text"], heading_level=2)
    for chapter in data["chapters"]:
        if chapter["field_of_action"] is None:
            writer.heading(chapter["title"], 1)
            writer.markdown(chapter["body"], heading_level=2)
    narratives = {c["field_of_action"]: c for c in data["chapters"] if c["field_of_action"]}
    if data["fields_of_action"]:
        writer.heading(_("Handlungsfelder"), 1)
    for f_index, field in enumerate(data["fields_of_action"], start=1):
        writer.heading(f"Handlungsfeld {f_index}: {field['title']}", 2)
        writer.markdown(field["description"])
        indicators(field["key"])
        if field["key"] in narratives:
            writer.markdown(f"### {narratives[field['key']]['title']}")
            writer.markdown(narratives[field["key"]]["body"])
        for principle in data["guiding_principles"]:
            if principle["field_of_action"] == field["key"]:
                writer.paragraph(f"Leitsatz: {principle['title']}")
                writer.markdown(principle["text"])
        for s_index, sub_theme in enumerate(field["sub_themes"], start=1):
            writer.heading(f"Unterthema {f_index}.{s_index}: {sub_theme['title']}", 3)
            writer.markdown(sub_theme["description"])
            indicators(sub_theme["key"])
        loose = [g for g in field["operational_goals"] if g["strategic_goal"] is None]
        for o_index, goal in enumerate(loose, start=1):
            writer.heading(f"Handlungsziel {f_index}.{o_index}: {goal['title']}", 3)
            writer.markdown(goal["description"])
            indicators(goal["key"])
        for g_index, strategic in enumerate(field["strategic_goals"], start=1):
            writer.heading(f"Leitziel {f_index}.{g_index}: {strategic['title']}", 3)
            writer.markdown(strategic["description"])
            indicators(strategic["key"])
            below = [
                g for g in field["operational_goals"] if g["strategic_goal"] == strategic["key"]
            ]
            for o_index, goal in enumerate(below, start=1):
                writer.heading(f"Handlungsziel {f_index}.{g_index}.{o_index}: {goal['title']}", 4)
                writer.markdown(goal["description"])
                indicators(goal["key"])
        if field["measures"]:
            writer.heading(_("Maßnahmen"), 3)
            writer.table(
                [_("Maßnahme"), _("Beschreibung"), _("Träger"), _("Zeitraum"), _("Status")],
                [
                    [
                        m["title"],
                        m["description"],
                        "; ".join(_actor_cell(actors[a["actor"]], a) for a in m["actors"]),
                        _period(m),
                        STATUS_LABELS.get(m["status"], ""),  # unknown: nothing
                    ]
                    for m in field["measures"]
                ],
                weights=[5, 6, 5, 4, 3],
            )
    return writer.bytes()
