"""Issue 14, point 5: a Vorlage's date and author and a result's meeting may be unknown; the
pages and the PDF then print nothing instead of inventing them."""

import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participation.council import pdf as council_pdf
from participation.council.services import consultation_record_result
from participation.models import Consultation, Paper


def pdf_flat(data, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils fehlt")
    path = tmp_path / "vorlage.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    return text


@pytest.fixture
def archived(council_world):
    """An older Vorlage from the archive: date, author and finance statement unknown."""
    paper = council_world.paper
    Paper.objects.filter(pk=paper.pk).update(
        date=None, author_office="", party_group="", financial_effect=""
    )
    paper.refresh_from_db()
    paper.full_clean()  # unknown is a valid answer
    return council_world


def test_pdf_of_a_vorlage_with_unknown_date_author_and_finances_invents_nothing(archived, tmp_path):
    text = pdf_flat(council_pdf.paper_pdf(archived.paper), tmp_path)
    head = text.split("Betreff")[0]
    assert "BV/0120/2017" in head
    assert "20.04.2017" not in text  # the date it had before it became unknown
    assert not re.search(r"Datum:\s*\d", head)
    assert "Stabsstelle Asyl und Integration" not in text
    flat = " ".join(text.split())
    assert "Finanzielle Auswirkungen: Keine Angabe." in flat  # said as unknown, not as "Keine."
    assert "Auswirkungen: Keine." not in flat
    assert "2017 vom" not in flat  # the running footer names no date either


def test_paper_pages_say_nothing_of_an_unknown_date_or_author(archived, staff_client):
    town = archived.town.slug
    detail = staff_client.get(
        reverse("council:paper_detail", args=[town, archived.paper.pk])
    ).content.decode()
    assert "vom" not in detail.split("<h1")[0] + detail.split("</h1>")[1][:300]
    assert "nicht angegeben" in detail
    index = staff_client.get(reverse("council:index", args=[town])).content.decode()
    assert "Verfasser: <" not in index and "vom  ·" not in index


def test_paper_form_accepts_an_unknown_date_and_author(archived, staff_client):
    town = archived.town.slug
    response = staff_client.get(reverse("council:paper_create", args=[town]))
    assert "Leer lassen, wenn nicht bekannt." in response.content.decode()


def test_a_result_of_an_unknown_meeting_is_recorded_without_a_date(archived):
    consultation = archived.consultation  # the preliminary body
    Consultation.objects.filter(pk=consultation.pk).update(meeting=None, agenda_item=None)
    consultation.refresh_from_db()
    saved = consultation_record_result(
        consultation=consultation, result=Consultation.Result.DELIBERATED
    )
    assert saved.result == "deliberated" and saved.date is None


def test_adopting_the_edition_still_needs_the_meeting(archived):
    decision = archived.decision
    Consultation.objects.filter(pk=decision.pk).update(meeting=None, agenda_item=None)
    decision.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        consultation_record_result(consultation=decision, result=Consultation.Result.ADOPTED)
    assert "die Sitzung (ihr Datum) gebraucht" in " ".join(error.value.messages)
    decision.refresh_from_db()
    assert decision.result == ""
