import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from participation.groups import services
from participation.models import Attachment, GroupMembership, Meeting, WorkingGroup


def field(page, label):
    """A form field by its label; crispy marks required ones with an asterisk."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_staff_creates_meeting_uploads_pdf_and_member_sees_it(
    world, page, login, screenshot, axe_violations, media, tmp_path
):
    group = WorkingGroup.objects.create(municipality=world.town, name="AG Sprache und Bildung")
    GroupMembership.objects.create(group=group, user=world.users["member"])
    login("stab")
    page.goto("/rheine/beteiligung/treffen/neu/")
    field(page, "Titel").fill("5. Sitzung der AG Sprache")
    field(page, "Art").select_option(label="AG-Sitzung")
    page.get_by_label("Arbeitsgruppe/Gremium").select_option(label="AG Sprache und Bildung")
    starts = timezone.localtime() + datetime.timedelta(days=14)
    field(page, "Beginn").fill(starts.strftime("%Y-%m-%dT14:00"))
    field(page, "Ende").fill(starts.strftime("%Y-%m-%dT16:00"))
    field(page, "Ort").fill("VHS Rheine, Raum 2.04")
    field(page, "Methode").select_option(label="World Café")
    field(page, "Tagesordnung (Markdown)").fill("1. Begrüßung\n2. Kapitelentwurf")
    field(page, "Protokoll (Markdown)").fill(
        "## Ergebnis\n\n**Sprachcafés** ausweiten.\n\n<script>alert('x')</script>"
    )
    screenshot("meeting-form")
    assert axe_violations() == []
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name="5. Sitzung der AG Sprache").is_visible()
    meeting = Meeting.objects.get(title="5. Sitzung der AG Sprache")
    assert meeting.group == group

    pdf = tmp_path / "Tischvorlage.pdf"
    pdf.write_bytes(PDF)
    field(page, "Datei").set_input_files(str(pdf))
    page.get_by_role("button", name="Anlage hochladen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Anlage „Tischvorlage.pdf“ wurde hochgeladen.").is_visible()
    assert Attachment.objects.filter(meeting=meeting).count() == 1
    screenshot("meeting-detail-staff")
    assert axe_violations() == []

    # A wrong file is refused with a German message.
    fake = tmp_path / "rechnung.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    field(page, "Datei").set_input_files(str(fake))
    page.get_by_role("button", name="Anlage hochladen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Der Inhalt der Datei passt nicht zur Endung").is_visible()
    assert Attachment.objects.filter(meeting=meeting).count() == 1
    screenshot("meeting-upload-refused")

    page.get_by_role("button", name="Abmelden").click()
    login("mitglied")
    page.goto("/rheine/beteiligung/treffen/")
    page.get_by_role("link", name="5. Sitzung der AG Sprache").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Tischvorlage.pdf").is_visible()
    assert page.locator(".minutes strong", has_text="Sprachcafés").is_visible()
    assert page.get_by_role("link", name="Bearbeiten").count() == 0
    screenshot("meeting-detail-member")
    assert axe_violations() == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tischvorlage.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "Tischvorlage.pdf"
    with page.expect_download() as ics_info:
        page.get_by_role("link", name="In den Kalender (.ics)").click()
    assert ics_info.value.suggested_filename.endswith(".ics")


@pytest.mark.django_db(transaction=True)
def test_participation_pages_on_the_demo(page, login, screenshot, axe_violations, media, demo_db):
    login("stabsstelle", "demo-stab-2026")
    group = WorkingGroup.objects.get(name="AG Sprache und Bildung")
    meeting = Meeting.objects.get(title__startswith="3. Sitzung der AG Sprache")
    actor = group.actors.get(short_name="Caritas")
    pages = {
        "beteiligung-index": "/rheine/beteiligung/",
        "akteure": "/rheine/beteiligung/akteure/",
        "akteure-gefiltert": "/rheine/beteiligung/akteure/?art=religious",
        "akteur": f"/rheine/beteiligung/akteure/{actor.pk}/",
        "akteur-neu": "/rheine/beteiligung/akteure/neu/",
        "ansprechperson-neu": f"/rheine/beteiligung/akteure/{actor.pk}/ansprechpersonen/neu/",
        "gremien": "/rheine/beteiligung/gruppen/",
        "gremium": f"/rheine/beteiligung/gruppen/{group.pk}/",
        "gremium-neu": "/rheine/beteiligung/gruppen/neu/",
        "einladen": f"/rheine/beteiligung/gruppen/{group.pk}/einladen/",
        "treffen": "/rheine/beteiligung/treffen/",
        "treffen-detail": f"/rheine/beteiligung/treffen/{meeting.pk}/",
        "treffen-bearbeiten": f"/rheine/beteiligung/treffen/{meeting.pk}/bearbeiten/",
        "treffen-loeschen": f"/rheine/beteiligung/treffen/{meeting.pk}/loeschen/",
    }
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == 200, url
        assert page.get_by_role("heading", level=1).is_visible()
        screenshot(f"participation-{name}")
        assert axe_violations() == [], name

    page.get_by_role("button", name="Abmelden").click()
    login("mitglied", "demo-ag-2026")
    page.goto("/rheine/beteiligung/")
    screenshot("participation-index-member")
    assert axe_violations() == []
    assert page.get_by_text("Sie sind Mitglied").first.is_visible()
    page.goto("/rheine/beteiligung/treffen/")
    # Not in the AG Arbeit (the review demo also seats this member in the Steuerungsgruppe).
    assert page.get_by_role("link", name="Zukunftswerkstatt „Arbeit 2030“").count() == 0
    assert page.get_by_role("link", name="Dialogforum „Migration und Integration“").is_visible()
    screenshot("participation-treffen-member")

    page.get_by_role("button", name="Abmelden").click()
    _invitation, token = services.invitation_create(
        group=group,
        email="leyla.kaya@example.org",
        invited_by=get_user_model().objects.get(username="stabsstelle"),
    )
    page.goto(f"/rheine/beteiligung/einladung/{token}/")
    screenshot("participation-einladung")
    assert axe_violations() == []
    field(page, "Vorname").fill("Leyla")
    field(page, "Nachname").fill("Kaya")
    field(page, "Passwort").fill("Sprachcafe-Dorenkamp-42")
    field(page, "Passwort wiederholen").fill("Sprachcafe-Dorenkamp-42")
    page.get_by_role("button", name="Konto anlegen und beitreten").click()
    page.wait_for_load_state()
    assert page.get_by_text("Willkommen in der Arbeitsgruppe").is_visible()
    assert page.get_by_text("Angemeldet als").is_visible()
    screenshot("participation-einladung-angenommen")
