"""The Beschlussvorlage as .docx (issue 18, point 8): Word structure, numbered Beschlussvorschlag,
tables with header rows, de-DE, page numbers, the town's template; LibreOffice opens it."""

import io

import docx
import pytest
from django.urls import reverse

from concepts.word.export import save_word_template
from participation.council.word import paper_docx
from tests.libreoffice import convert, needs_pdftotext, pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def paper(council_world):
    paper = council_world.paper
    paper.subject = "Fortschreibung des Integrationskonzepts"
    paper.proposal_points = [
        "Der Rat beschließt das Konzept.",
        "Die Verwaltung berichtet jährlich.",
    ]
    paper.reasoning = "Das Konzept ist **gemeinsam** entstanden.\n\n- Werkstätten\n- Befragung"
    paper.save()
    return paper


def test_the_vorlage_as_word_document(paper):
    document = docx.Document(io.BytesIO(paper_docx(paper)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("List Number", "Der Rat beschließt das Konzept.") in paragraphs
    assert ("List Number", "Die Verwaltung berichtet jährlich.") in paragraphs
    assert ("List Bullet", "Werkstätten") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings[:3] == ["Gremienweg", "Beschlussvorschlag", "Begründung"]
    head, path = document.tables[0], document.tables[1]
    assert ["Betreff:", "Fortschreibung des Integrationskonzepts"] in [
        [c.text for c in row.cells] for row in head.rows
    ]
    assert [c.text for c in path.rows[0].cells] == [
        "Datum",
        "Gremium",
        "TOP",
        "öffentlich",
        "Ergebnis",
    ]
    assert path.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert "Sozialausschuss" in path.rows[1].cells[1].text
    assert document.core_properties.language == "de-DE"
    assert 'w:instr="PAGE"' in document.sections[0].footer._element.xml
    assert any(r.bold and r.text == "gemeinsam" for p in document.paragraphs for r in p.runs)


def test_the_download_and_the_town_template(paper, council_world, client_for):
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Stadt Rheine – Briefkopf"
    out = io.BytesIO()
    template.save(out)
    save_word_template(council_world.town, out.getvalue())
    url = reverse("council:paper_docx", kwargs={"town": "rheine", "paper": paper.pk})
    response = client_for("council").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Vorlage-bv-0120-2017.docx"'
    document = docx.Document(io.BytesIO(response.content))
    assert document.sections[0].header.paragraphs[0].text == "Stadt Rheine – Briefkopf"


@needs_pdftotext
def test_libreoffice_opens_the_vorlage(paper, tmp_path):
    (tmp_path / "vorlage.docx").write_bytes(paper_docx(paper))
    text = pdf_text(convert(tmp_path / "vorlage.docx", "pdf"))
    assert "Beschlussvorschlag" in text
    assert "Der Rat beschließt das Konzept." in text
    assert "BV/0120/2017" in text and "Sozialausschuss" in text
    assert "Seite 1 von" in text
