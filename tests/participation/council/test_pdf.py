"""The Beschlussvorlage and the Ratspaket as PDFs: text, tagging, cache."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from integration_site.background.models import StoredPdf
from participation.council import pdf as council_pdf
from participation.council.services import (
    amendment_save,
    consultation_record_result,
    paper_update,
)
from participation.models import Amendment
from tests.crawler import pdf_text as extracted_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils fehlt")


def prose(text):
    """Running text without soft hyphens at line ends and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"[‐-]\n\s*", "", text))


def pdf_text(data, tmp_path, name="doc.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return text, info


def test_vorlage_before_the_meetings_shows_the_path_with_empty_results(council_world, tmp_path):
    text, info = pdf_text(council_pdf.paper_pdf(council_world.paper), tmp_path)
    assert "Tagged:          yes" in info
    assert "Title:           Beschlussvorlage BV/0120/2017" in info
    for expected in [
        "Beschlussvorlage",
        "BV/0120/2017",
        "Integrationskonzept der Stadt Rheine – 2. Fortschreibung",  # Betreff
        "Stabsstelle Asyl und Integration",  # Verfasser
        "Gremienweg",
        "Beschlussvorschlag",
        "Der Rat beschließt die 2. Fortschreibung des Integrationskonzepts.",
        "Anlage 01:",
        "Anlage 02: Protokoll Dialogforum",
        "Der Bürgermeister",
        "Seite 1 von",
    ]:
        assert expected in text, expected
    rows = [line for line in text.splitlines() if "09.05.2017" in line or "30.05.2017" in line]
    assert "Sozialausschuss" in rows[0] and "Rat der Stadt Rheine" in rows[1]
    assert "vorberaten" not in text and "beschlossen" not in text.split("Gremienweg")[1][:400]


def test_vorlage_after_the_meetings_shows_results_votes_and_amendments(council_world, tmp_path):
    consultation_record_result(
        consultation=council_world.consultation, result="deliberated", unanimous=True
    )
    amendment_save(
        amendment=Amendment(
            consultation=council_world.decision,
            proposer="FDP-Fraktion",
            text="Jährlicher Bericht im Integrationsrat.",
            result=Amendment.Result.ACCEPTED,
            votes_yes=27,
            votes_no=14,
            votes_abstain=2,
        )
    )
    consultation_record_result(
        consultation=council_world.decision,
        result="adopted_amended",
        votes_yes=41,
        votes_no=3,
        votes_abstain=1,
        decision_text="Der Rat beschließt die 2. Fortschreibung des Integrationskonzepts mit "
        "jährlichem Bericht im Integrationsrat.",
    )
    text, info = pdf_text(council_pdf.paper_pdf(council_world.paper), tmp_path)
    assert "Tagged:          yes" in info
    social = next(line for line in text.splitlines() if "09.05.2017" in line)
    council = next(line for line in text.splitlines() if "30.05.2017" in line and "Rat" in line)
    assert "vorberaten" in social and "einstimmig" in social
    assert "geändert" in council  # „geändert beschlossen“, wrapped in its column
    assert council.split()[-3:] == ["41", "3", "1"]
    assert "FDP-Fraktion" in text and "angenommen" in text
    assert "Beschluss des Gremiums Rat der Stadt Rheine am 30.05.2017" in text
    assert "jährlichem Bericht im Integrationsrat" in prose(text)


def test_ratspaket_joins_vorlage_and_concept_in_one_tagged_pdf(council_world, tmp_path):
    vorlage_pages = int(
        pdf_text(council_pdf.paper_pdf(council_world.paper), tmp_path)[1]
        .split("Pages:")[1]
        .split()[0]
    )
    text, info = pdf_text(council_pdf.paper_package_pdf(council_world.paper), tmp_path, "p.pdf")
    assert "Tagged:          yes" in info
    pages = int(info.split("Pages:")[1].split()[0])
    assert pages > vorlage_pages
    assert "BV/0120/2017" in text
    assert council_world.edition.concept.title in text.split("Anlage 01")[-1]


@pytest.mark.slow
def test_pdf_is_rendered_once_and_again_after_a_change(council_world, monkeypatch):
    calls = []
    real = council_pdf.render_pdf
    monkeypatch.setattr(council_pdf, "render_pdf", lambda *a, **k: calls.append(1) or real(*a, **k))
    paper = council_world.paper
    first = council_pdf.paper_pdf(paper)
    assert council_pdf.paper_pdf(paper) == first
    assert len(calls) == 1
    consultation_record_result(
        consultation=council_world.consultation, result="deliberated", votes_yes=12
    )
    council_pdf.paper_pdf(paper)
    assert len(calls) == 2
    paper_update(paper=paper, subject="Integrationskonzept – 2. Fortschreibung (geändert)")
    council_pdf.paper_pdf(paper)
    assert len(calls) == 3


@pytest.mark.slow
def test_ratspaket_download_is_cached_and_follows_changes(
    council_world, council_client, monkeypatch
):
    builds = []
    real = council_pdf.concept_document
    monkeypatch.setattr(
        council_pdf, "concept_document", lambda edition: builds.append(1) or real(edition)
    )
    url = reverse(
        "council:paper_package_pdf",
        kwargs={"town": council_world.town.slug, "paper": council_world.paper.pk},
    )
    response = council_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="Ratspaket-bv-0120-2017.pdf"' in response["Content-Disposition"]
    assert response["X-PDF-Cache"] == "miss"
    assert council_client.get(url)["X-PDF-Cache"] == "hit"
    assert len(builds) == 1
    consultation_record_result(
        consultation=council_world.consultation, result="deliberated", votes_yes=12
    )
    assert council_client.get(url)["X-PDF-Cache"] == "miss"
    assert len(builds) == 2


def test_attachment_upload_accepts_pdf_and_docx_only(council_world, staff_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse(
        "council:attachment_create",
        kwargs={"town": council_world.town.slug, "paper": council_world.paper.pk},
    )
    fake = SimpleUploadedFile("konzept.pdf", b"MZ\x90\x00 not a pdf")
    response = staff_client.post(url, {"title": "Konzept", "file": fake})
    assert "Bitte eine PDF- oder DOCX-Datei hochladen" in response.content.decode()
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    response = staff_client.post(url, {"title": "Tool", "file": exe})
    assert response.status_code == 200
    docx = SimpleUploadedFile("stellungnahme.docx", b"PK\x03\x04 word")
    response = staff_client.post(url, {"title": "Stellungnahme Integrationsrat", "file": docx})
    assert response.status_code == 302
    attachment = council_world.paper.attachments.get(title="Stellungnahme Integrationsrat")
    # stored outside MEDIA_ROOT, so only the permission-checked view serves it
    assert "private-media" in attachment.file.path
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    download = staff_client.get(
        reverse(
            "council:attachment_download",
            kwargs={"town": council_world.town.slug, "attachment": attachment.pk},
        )
    )
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content) == b"PK\x03\x04 word"


def test_attachment_size_is_limited(council_world, staff_client, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from participation.council import forms

    monkeypatch.setattr(forms, "ATTACHMENT_MAX_BYTES", 10)
    url = reverse(
        "council:attachment_create",
        kwargs={"town": council_world.town.slug, "paper": council_world.paper.pk},
    )
    big = SimpleUploadedFile("gross.pdf", b"%PDF-1.4" + b"x" * 100)
    response = staff_client.post(url, {"title": "Groß", "file": big})
    assert "größer als 20 MB" in response.content.decode()


def test_vorlage_prints_no_deviation_when_the_decision_is_the_proposal(council_world, tmp_path):
    paper = council_world.paper
    consultation_record_result(
        consultation=council_world.decision, result="adopted", decision_text=paper.proposal_text
    )
    text, _info = pdf_text(council_pdf.paper_pdf(paper), tmp_path)
    decision = prose(text).split("Beschluss des Gremiums")[1]
    assert "Wie im Beschlussvorschlag." in decision
    assert "Abweichung" not in prose(text)
    # The wording is printed once for the decision, not a second time as a "difference".
    assert prose(decision).count("Der Rat beschließt die 2. Fortschreibung") == 1


def test_vorlage_prints_the_finance_block_and_that_it_is_public(council_world, tmp_path):
    from decimal import Decimal

    paper = council_world.paper
    paper.financial_effect = paper.FinancialEffect.YES
    paper.budget_product = "05.01.02 Integration und Teilhabe"
    paper.budget_year = 2018
    paper.amount = Decimal("15000")
    paper.funds_available = paper.FundsAvailable.PARTLY
    paper.financial_impact = "Der Rest kommt aus Landesmitteln."
    paper.full_clean()
    paper.save()
    text = prose(pdf_text(council_pdf.paper_pdf(paper), tmp_path)[0])
    assert "ÖFFENTLICH" in text and "NICHTÖFFENTLICH" not in text
    finance = text.split("Finanzielle Auswirkungen:")[1]
    assert "Produkt/Kostenstelle 05.01.02 Integration und Teilhabe" in finance
    assert "Haushaltsjahr 2018" in finance
    assert "Betrag 15.000,00 €" in finance
    assert "Mittel im Haushalt vorhanden teilweise" in finance
    assert "Der Rest kommt aus Landesmitteln." in finance


@pytest.mark.parametrize(
    ("effect", "printed", "not_printed"),
    [("", "Keine Angabe.", "Keine."), ("none", "Keine.", "Keine Angabe.")],
)
def test_vorlage_says_unknown_when_the_finances_are_unknown(
    council_world, tmp_path, effect, printed, not_printed
):
    paper = council_world.paper
    paper.financial_effect, paper.financial_impact = effect, ""
    paper.save()
    text = prose(pdf_text(council_pdf.paper_pdf(paper), tmp_path)[0])
    finance = text.split("Finanzielle Auswirkungen:")[1].split("Anlagen:")[0]
    assert printed in finance
    assert not_printed not in finance.replace(printed, "")


def test_a_nonpublic_vorlage_is_marked_and_its_consultations_cannot_be_public(council_world):
    from django.core.exceptions import ValidationError

    from participation.models import Consultation, Paper

    paper = council_world.paper
    assert Paper.objects.published().filter(pk=paper.pk).exists()
    paper.is_public = False
    with pytest.raises(ValidationError) as error:
        paper.full_clean()  # its consultations are public
    assert "öffentlichen Beratungen" in error.value.message_dict["is_public"][0]
    paper.consultations.update(is_public=False)
    paper.full_clean()
    paper.save()
    assert not Paper.objects.published().filter(pk=paper.pk).exists()
    consultation = Consultation.objects.filter(paper=paper).first()
    consultation.is_public = True
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "Vorlage ist nichtöffentlich" in error.value.message_dict["is_public"][0]


def test_finance_details_need_financial_effects(council_world):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    paper = council_world.paper
    paper.financial_effect = paper.FinancialEffect.NONE
    paper.amount = Decimal("500")
    with pytest.raises(ValidationError) as error:
        paper.full_clean()
    assert "bitte „ja“ wählen" in error.value.message_dict["financial_effect"][0]


def test_while_both_pdfs_render_the_paper_page_says_so_and_the_downloads_are_marked(
    council_world, council_client
):
    town, paper = council_world.town.slug, council_world.paper.pk
    urls = {
        name: reverse(f"council:{name}", kwargs={"town": town, "paper": paper})
        for name in ("paper_pdf", "paper_package_pdf")
    }
    for url in urls.values():
        assert council_client.get(url)["Content-Type"] == "application/pdf"
    detail = reverse("council:paper_detail", kwargs={"town": town, "paper": paper})
    assert "Eine neue Fassung" not in council_client.get(detail).content.decode()

    StoredPdf.objects.update(state=StoredPdf.State.QUEUED, wanted="neuer-stand", progress=0)
    page = council_client.get(detail).content.decode()
    assert page.count("Eine neue Fassung wird gerade erstellt (0 %)") == 2
    for url in urls.values():
        assert f'href="{url}?warten=1"' in page
    package = council_client.get(urls["paper_package_pdf"])
    assert package["X-PDF-Version"] == "previous"
    assert package["Content-Disposition"] == (
        'attachment; filename="vorherige-fassung-Ratspaket-bv-0120-2017.pdf"'
    )
    pages = extracted_text(package.content).split("\f")[:-1]
    assert len(pages) > 3 and all("Vorherige Fassung vom" in text for text in pages)
