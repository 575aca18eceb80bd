"""Concept documents in the shapes real concepts have, generated with python-docx (and one
converted by LibreOffice), for the Word import tests and the benchmark.

Each function returns the .docx as bytes. The expected trees are in the tests.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tests import libreoffice as libreoffice_helper


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _formatted(paragraph, *parts):
    """Runs: plain strings, ("b", text) bold, ("i", text) italic."""
    for part in parts:
        if isinstance(part, str):
            paragraph.add_run(part)
        else:
            kind, text = part
            run = paragraph.add_run(text)
            run.bold = kind == "b"
            run.italic = kind == "i"
    return paragraph


def _hyperlink(paragraph, text: str, url: str):
    rel_id = paragraph.part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _tracked(paragraph, inserted: str, deleted: str):
    """An insertion and a deletion as tracked changes (not yet accepted)."""
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "901")
    ins.set(qn("w:author"), "Stabsstelle")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = inserted
    run.append(t)
    ins.append(run)
    paragraph._p.append(ins)
    dele = OxmlElement("w:del")
    dele.set(qn("w:id"), "902")
    dele.set(qn("w:author"), "Stabsstelle")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText")
    t.text = deleted
    run.append(t)
    dele.append(run)
    paragraph._p.append(dele)


def _header_row(table, *titles):
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        cell.text = title
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def numbered_headings(fields: int = 2, pages: int = 0) -> bytes:
    """Shape 1: typed numbers in the headings ("3.1 Sprache"), goals as paragraphs
    ("Leitziel 1: …", "Ziel 1.1: …"), measures as a list under "Maßnahmen"; `pages` adds filler
    text (about one page each) to the field descriptions, for the benchmark."""
    d = docx.Document()
    d.core_properties.title = "Integrationskonzept der Stadt Musterstadt 2025"
    d.add_paragraph("Integrationskonzept der Stadt Musterstadt 2025", style="Title")
    d.add_heading("1 Einleitung", 1)
    _formatted(
        d.add_paragraph(),
        "Dieses Konzept ist ",
        ("b", "gemeinsam"),
        " mit vielen Partnern ",
        ("i", "entstanden"),
        ". Mehr unter ",
    )
    _hyperlink(d.paragraphs[-1], "musterstadt.de", "https://www.musterstadt.de/integration")
    comment_target = d.add_paragraph("Der Rat hat den Auftrag 2023 erteilt.")
    d.add_comment(comment_target.runs, text="Datum prüfen", author="Stabsstelle")
    tracked = d.add_paragraph("Beteiligt waren ")
    _tracked(tracked, "über 200 Menschen.", "viele Menschen.")
    d.add_heading("2 Leitbild", 1)
    d.add_paragraph("Musterstadt ist eine offene Stadt für alle.")
    d.add_paragraph("Vielfalt ist unsere Stärke.", style="List Bullet")
    d.add_paragraph("Teilhabe gilt für alle.", style="List Bullet")
    d.add_heading("3 Handlungsfelder", 1)
    d.add_paragraph("Die Handlungsfelder folgen den Themen der Beteiligung.")
    filler = (
        "Die Ausgangslage wird hier ausführlich beschrieben, mit Zahlen, Quellen und den "
        "Ergebnissen der Beteiligungswerkstätten in den Stadtteilen. "
    ) * 20
    topics = ["Sprache und Bildung", "Arbeit und Ausbildung", "Wohnen", "Gesundheit"]
    topics += [f"Thema {n}" for n in range(5, fields + 1)]
    for f in range(1, fields + 1):
        d.add_heading(f"3.{f} {topics[f - 1]}", 2)
        d.add_paragraph(f"Beschreibung des Handlungsfelds {topics[f - 1]}.")
        d.add_heading(f"3.{f}.1 Ausgangslage", 3)
        d.add_paragraph("Die Lage ist gut, aber nicht für alle.")
        for _page in range(pages):
            d.add_paragraph(filler)
        for g in range(1, 3):
            d.add_paragraph(f"Leitziel {g}: Leitziel {g} im Feld {topics[f - 1]} wird erreicht.")
            for h in range(1, 3):
                d.add_paragraph(f"Ziel {g}.{h}: Handlungsziel {g}.{h} in {topics[f - 1]}.")
        d.add_heading(f"3.{f}.2 Maßnahmen", 3)
        for m in range(1, 4):
            d.add_paragraph(f"Projekt {m} im Feld {topics[f - 1]}", style="List Number")
        d.add_paragraph("Die Maßnahmen werden jährlich überprüft.")
    d.add_heading("4 Umsetzung und Controlling", 1)
    d.add_paragraph("Die Stabsstelle berichtet jährlich.")
    return _bytes(d)


def goals_in_tables() -> bytes:
    """Shape 2: "Handlungsfeld n:" headings, each with a table Leitziel | Handlungsziele (several
    goals as paragraphs of one cell), then "Maßnahmen" with a bulleted list; an image."""
    d = docx.Document()
    d.add_heading("Vorwort", 1)
    d.add_paragraph("Liebe Bürgerinnen und Bürger,")
    d.add_heading("Handlungsfeld 1: Sprache", 1)
    d.add_paragraph("Sprache ist der Schlüssel.")
    table = d.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    _header_row(table, "Leitziel", "Handlungsziele")
    table.rows[1].cells[0].text = "Alle sprechen Deutsch."
    cell = table.rows[1].cells[1]
    cell.text = "Mehr Sprachkurse gibt es."
    cell.add_paragraph("Kitas fördern Sprache.")
    table.rows[2].cells[0].text = "Mehrsprachigkeit wird geschätzt."
    table.rows[2].cells[1].text = "Herkunftssprachen werden unterrichtet."
    d.add_heading("Maßnahmen", 2)
    d.add_paragraph("Sprachcafé im Stadtteil", style="List Bullet")
    d.add_paragraph("Elternkurse an Grundschulen", style="List Bullet")
    d.add_heading("Handlungsfeld 2: Arbeit", 1)
    table = d.add_table(rows=2, cols=2)
    _header_row(table, "Leitziel", "Handlungsziele")
    table.rows[1].cells[0].text = "Alle finden Arbeit."
    table.rows[1].cells[1].text = "Anerkennung geht schneller."
    d.add_heading("Maßnahmen", 2)
    d.add_paragraph("Anerkennungsberatung", style="List Bullet")
    _image(d)
    d.add_heading("Ausblick", 1)
    d.add_paragraph("Das Konzept wird 2027 fortgeschrieben.")
    return _bytes(d)


def _image(document):
    """A tiny PNG as an inline picture (the import skips it with a note)."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(png, "PNG")
    png.seek(0)
    document.add_picture(png)


def measure_tables() -> bytes:
    """Shape 3: "HF n" headings, Handlungsziele in Word's automatic numbering (List Number),
    measures as a table per field with Maßnahme / Träger / Zeitraum / Status / Indikator; the
    first field's table continues after a page break in a second table without header."""
    d = docx.Document()
    d.add_heading("Einleitung", 1)
    d.add_paragraph("Ein Konzept mit Maßnahmentabellen.")
    for f, topic in ((1, "Bildung"), (2, "Wohnen")):
        d.add_heading(f"HF {f} {topic}", 1)
        d.add_paragraph(f"Das Feld {topic}.")
        d.add_heading("Handlungsziele", 2)
        d.add_paragraph(f"{topic}: erstes Ziel", style="List Number")
        d.add_paragraph(f"{topic}: zweites Ziel", style="List Number")
        d.add_heading("Maßnahmen", 2)
        table = d.add_table(rows=3, cols=5)
        _header_row(table, "Maßnahme", "Träger", "Zeitraum", "Status", "Indikator")
        rows = [
            (
                f"M {f}.1 Lernpaten {topic}",
                "Caritas, Stadt",
                "2024–2026",
                "läuft",
                "Zahl der Paten",
            ),
            (f"M {f}.2 Beratung {topic}", "Stadt", "ab 2025", "geplant", ""),
        ]
        for row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        if f == 1:
            d.add_page_break()
            more = d.add_table(rows=1, cols=5)
            values = (
                "M 1.3 Hausaufgabenhilfe",
                "Diakonie",
                "03/2024 - 12/2025",
                "abgeschlossen",
                "",
            )
            for cell, value in zip(more.rows[0].cells, values, strict=True):
                cell.text = value
    return _bytes(d)


def keywords_only() -> bytes:
    """Shape 4: no numbers at all; headings in plain paragraphs styles, elements recognised by
    keywords ("Leitziel:", "Handlungsziel:", "Konkret bedeutet dies:", "Maßnahme:",
    "Indikator:"), a footnote-like remark in italics."""
    d = docx.Document()
    d.add_heading("Vorwort", 1)
    d.add_paragraph("Gemeinsam für Musterdorf.")
    d.add_heading("Handlungsfelder", 1)
    for topic in ("Zusammenleben", "Gesundheit"):
        d.add_heading(topic, 2)
        d.add_paragraph(f"Im Feld {topic} geht es um das Miteinander.")
        d.add_paragraph(f"Leitziel: Das {topic} gelingt.")
        d.add_paragraph("Konkret bedeutet dies:")
        d.add_paragraph(f"Mehr Begegnung im Feld {topic}", style="List Bullet")
        d.add_paragraph(f"Bessere Information im Feld {topic}", style="List Bullet")
        d.add_paragraph(f"Maßnahme: Begegnungsfest {topic}")
        d.add_paragraph("Einmal im Jahr auf dem Marktplatz.")
        d.add_paragraph("Indikator: Zahl der Gäste")
    return _bytes(d)


HTML_FOR_ODT = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Integrationskonzept Beispielkreis</title></head>
<body>
<h1>Einleitung</h1>
<p>Der Kreis hat dieses Konzept mit LibreOffice geschrieben.</p>
<h1>Handlungsfelder</h1>
<h2>Sprache</h2>
<p>Sprache verbindet.</p>
<p>Leitziel: Alle verstehen einander.</p>
<h3>Handlungsziele</h3>
<ul><li>Sprachkurse sind erreichbar.</li><li>Dolmetscher stehen bereit.</li></ul>
<h3>Maßnahmen</h3>
<ul><li>Dolmetscherpool</li></ul>
<h2>Arbeit</h2>
<p>Leitziel: Alle finden Arbeit.</p>
<h3>Handlungsziele</h3>
<ul><li>Betriebe bilden aus.</li></ul>
</body></html>
"""


def libreoffice() -> bytes | None:
    """Shape 5: written as .odt (from HTML) and saved as .docx by LibreOffice; None without
    soffice."""
    if libreoffice_helper.SOFFICE is None:
        return None
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "konzept.html").write_text(HTML_FOR_ODT, encoding="utf-8")
        odt = libreoffice_helper.convert(folder / "konzept.html", "odt:writer8")
        return libreoffice_helper.convert(odt, "docx:MS Word 2007 XML", folder / "out").read_bytes()


FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> Quelle: Zensus 2022.</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def with_footnote() -> bytes:
    """A field whose description has a footnote (Word's footnotes part, as Word writes it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    d.add_heading("Handlungsfeld 1: Wohnen", 1)
    paragraph = d.add_paragraph("Jede dritte Familie sucht eine Wohnung.")
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        FOOTNOTES_XML.encode(),
        d.part.package,
    )
    d.part.relate_to(part, RT.FOOTNOTES)
    run = OxmlElement("w:r")
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run.append(reference)
    paragraph._p.append(run)
    return _bytes(d)


def auto_numbered_headings() -> bytes:
    """Headings numbered by Word itself (a multi-level list linked to the heading styles, as
    „Überschrift 1“ with „1.“ and „Überschrift 2“ with „1.1“): no number is typed."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, text in ((0, "%1."), (1, "%1.%2")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    for ilvl, style in ((0, "Heading 1"), (1, "Heading 2")):
        p_pr = d.styles[style].element.get_or_add_pPr()
        num_pr = p_pr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = 90
    d.add_heading("Einleitung", 1)
    d.add_paragraph("Warum dieses Konzept.")
    d.add_heading("Handlungsfelder", 1)
    for topic in ("Sprache", "Arbeit"):
        d.add_heading(topic, 2)
        d.add_paragraph(f"Leitziel: {topic} für alle.")
    return _bytes(d)


def indicators_and_traeger() -> bytes:
    """Indicators as lines (under a Leitziel, a Handlungsziel, a measure, in an "Indikatoren"
    section of a field), in the Indikator column of a goal table and of a measure table; the
    Träger of measures as "Träger:"/"Beteiligte:" lines and in a Träger column with their role in
    brackets."""
    d = docx.Document()
    d.add_heading("Handlungsfeld 1: Sprache", 1)
    d.add_paragraph("Sprache verbindet.")
    d.add_heading("Leitziel 1.1: Alle sprechen Deutsch.", 2)
    d.add_paragraph(
        "Indikator: Anteil der Kinder mit Sprachförderbedarf – Zielwert: 20 % bis 2027; "
        "Ausgangswert 2023: 31 %"
    )
    d.add_heading("Handlungsziel 1.1.1: Mehr Sprachkurse", 3)
    d.add_paragraph("Indikator 1.1.1: Zahl der Kursplätze (Einheit: Plätze), Ziel: 400 bis 2026")
    d.add_paragraph("Maßnahme: Sprachcafé")
    d.add_paragraph("Jeden Mittwoch im Stadtteilzentrum.")
    d.add_paragraph("Träger: Büro für Integration (Federführung)")
    d.add_paragraph("Beteiligte: Jobcenter, VHS (Räume)")
    d.add_paragraph("Indikator: Zahl der Besuche")
    d.add_heading("Handlungsfeld 2: Arbeit", 1)
    d.add_paragraph("Arbeit gibt Halt.")
    d.add_heading("Indikatoren", 2)
    d.add_paragraph("Arbeitslosenquote der Ausländerinnen und Ausländer", style="List Bullet")
    d.add_paragraph("Beschäftigungsquote – Zielwert: 60 % bis 2028", style="List Bullet")
    d.add_heading("Ziele", 2)
    table = d.add_table(rows=2, cols=4)
    _header_row(table, "Handlungsziel", "Indikator", "Zielwert", "Zieljahr")
    for cell, value in zip(
        table.rows[1].cells,
        ("Anerkennung geht schneller.", "Dauer der Anerkennungsverfahren", "3 Monate", "2027"),
        strict=True,
    ):
        cell.text = value
    d.add_heading("Maßnahmen", 2)
    table = d.add_table(rows=2, cols=4)
    _header_row(table, "Maßnahme", "Träger", "Zeitraum", "Indikator")
    for cell, value in zip(
        table.rows[1].cells,
        (
            "Jobbörse",
            "Jobcenter (Leitung), VHS; Büro für Integration (Federführung, bis 2019)",
            "2025",
            "Zahl der Vermittlungen",
        ),
        strict=True,
    ):
        cell.text = value
    return _bytes(d)
