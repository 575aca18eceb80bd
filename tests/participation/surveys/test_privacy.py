"""Data protection: answers deleted after the town's retention period (exported first), and
the Datenschutzerklärung's building block for surveys."""

import datetime
import io
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participation.models import Answer, Response, SurveyLink
from tests.participation.surveys.helpers import respond


def test_expired_answers_are_exported_then_deleted(surveys, tmp_path):
    survey = surveys.survey
    respond(survey, long_text="Bitte löschen, wenn die Frist um ist.")
    respond(surveys.open_survey)
    survey.opens_on = timezone.localdate() - datetime.timedelta(days=60)
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=40)
    survey.retention_days = 30
    survey.save()
    out = StringIO()
    call_command("survey_delete_expired", export_dir=str(tmp_path), stdout=out)
    archive = tmp_path / f"rheine-umfrage-{survey.pk}-antworten.xlsx"
    sheet = load_workbook(io.BytesIO(archive.read_bytes())).active
    texts = [c.value for row in sheet.iter_rows() for c in row]
    assert "Bitte löschen, wenn die Frist um ist." in texts
    assert not Response.objects.filter(survey=survey).exists()
    assert not Answer.objects.filter(response__survey=survey).exists()
    assert not SurveyLink.objects.filter(survey=survey).exists()
    survey.refresh_from_db()
    assert survey.answers_deleted_at is not None and not survey.accepts_answers()
    # the open survey is still within its period and keeps its answers
    assert Response.objects.filter(survey=surveys.open_survey).count() == 1
    assert "1 Antwort(en) gesichert" in out.getvalue()
    # a second run finds nothing more to do
    out = StringIO()
    call_command("survey_delete_expired", export_dir=str(tmp_path), stdout=out)
    assert "Keine Umfrage" in out.getvalue()


def test_the_privacy_policy_editor_offers_a_survey_section(surveys, staff_client):
    page = staff_client.get(reverse("legal_edit", kwargs={"town": surveys.town.slug}))
    html = page.content.decode()
    assert "Online-Umfragen" in html
    assert "keine IP-Adresse und keine Angaben zu Ihrem" in html
    assert "Stadt Rheine führt Online-Umfragen durch" in html
