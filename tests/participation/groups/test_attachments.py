import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participation.models import Attachment, Meeting
from tests.factories import MeetingFactory, WorkingGroupFactory
from tests.participation.conftest import PDF_BYTES, pdf_upload


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML_BYTES = b"<html><script>alert(1)</script></html>"
ZIP_NOT_WORD = io.BytesIO()
with zipfile.ZipFile(ZIP_NOT_WORD, "w") as _archive:
    _archive.writestr("evil.js", "alert(1)")


def upload_url(meeting):
    return reverse("participation:attachment_upload", args=[meeting.municipality.slug, meeting.pk])


def media_files(settings):
    root = settings.MEDIA_ROOT / "attachments"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("protokoll.pdf", PDF_BYTES),
        ("kapitel.docx", docx_bytes()),
        ("foto.png", PNG_BYTES),
        ("foto.JPEG", JPEG_BYTES),
    ],
)
def test_allowed_files_are_stored_under_a_random_name(
    name, content, pworld, staff_client, settings
):
    response = staff_client.post(
        upload_url(pworld.meeting), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.latest("pk")
    assert attachment.original_name == name
    stored = attachment.file.name
    assert stored.startswith("attachments/")
    assert name.rsplit(".", 1)[0] not in stored
    assert (settings.MEDIA_ROOT / stored).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programm.exe", EXE_BYTES, "nicht erlaubt"),
        ("rechnung.pdf", EXE_BYTES, "passt nicht zur Endung"),
        ("seite.html", HTML_BYTES, "nicht erlaubt"),
        ("seite.pdf", HTML_BYTES, "passt nicht zur Endung"),
        ("bild.svg", b"<svg onload=alert(1)></svg>", "nicht erlaubt"),
        ("bild.png", HTML_BYTES, "passt nicht zur Endung"),
        ("archiv.docx", ZIP_NOT_WORD.getvalue(), "passt nicht zur Endung"),
        ("ohne_endung", PDF_BYTES, "nicht erlaubt"),
        ("leer.pdf", b"", "leer"),
    ],
)
def test_wrong_types_are_refused_in_german_and_nothing_is_stored(
    name, content, message, pworld, staff_client, settings
):
    before_files = media_files(settings)
    before_rows = Attachment.objects.count()
    response = staff_client.post(
        upload_url(pworld.meeting), {"file": SimpleUploadedFile(name, content)}, follow=True
    )
    text = response.content.decode()
    assert "Die Datei wurde nicht gespeichert" in text
    assert message in text or (message == "leer" and "leer" in text)
    assert Attachment.objects.count() == before_rows
    assert media_files(settings) == before_files


def test_too_big_files_are_refused_in_german(pworld, staff_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    before_files = media_files(settings)
    big = PDF_BYTES + b"0" * 2048
    response = staff_client.post(
        upload_url(pworld.meeting), {"file": pdf_upload(content=big)}, follow=True
    )
    text = response.content.decode()
    assert "Die Datei ist zu groß" in text
    assert "höchstens 1,0" in text  # German number format: "1,0 KB"
    assert Attachment.objects.count() == 1
    assert media_files(settings) == before_files


def test_default_limit_is_ten_megabytes(pworld, staff_client, settings):
    big = PDF_BYTES + b"0" * (10 * 1024 * 1024)
    response = staff_client.post(upload_url(pworld.meeting), {"file": pdf_upload(content=big)})
    assert response.status_code == 302
    assert Attachment.objects.count() == 1


def test_download_is_an_attachment_with_the_original_name(pworld, member_client):
    attachment = pworld.attachment
    url = reverse(
        "participation:attachment_download",
        args=[pworld.town.slug, pworld.meeting.pk, attachment.pk],
    )
    response = member_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "protokoll.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_attachments_are_not_served_from_media_url(pworld, member_client, settings):
    response = member_client.get(settings.MEDIA_URL + pworld.attachment.file.name)
    assert response.status_code == 404


def test_member_cannot_download_attachments_of_a_foreign_group(pworld, client_for):
    from participation.groups import services

    foreign = MeetingFactory(
        municipality=pworld.town,
        group=WorkingGroupFactory(municipality=pworld.town),
        kind=Meeting.Kind.GROUP_SESSION,
    )
    attachment = services.attachment_add(
        meeting=foreign, uploaded_file=pdf_upload(), user=pworld.users["staff"]
    )
    url = reverse(
        "participation:attachment_download", args=[pworld.town.slug, foreign.pk, attachment.pk]
    )
    assert client_for("member").get(url).status_code == 403
    assert client_for("outsider").get(url).status_code == 403
    assert client_for("council").get(url).status_code == 200
    # The attachment of one meeting is not reachable through another meeting's URL.
    wrong = reverse(
        "participation:attachment_download",
        args=[pworld.town.slug, pworld.meeting.pk, attachment.pk],
    )
    assert client_for("staff").get(wrong).status_code == 404


def test_deleting_an_attachment_removes_the_file(
    pworld, staff_client, settings, django_capture_on_commit_callbacks
):
    path = settings.MEDIA_ROOT / pworld.attachment.file.name
    assert path.exists()
    url = reverse(
        "participation:attachment_delete",
        args=[pworld.town.slug, pworld.meeting.pk, pworld.attachment.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not path.exists()


def test_deleting_a_meeting_removes_its_files(
    pworld, staff_client, settings, django_capture_on_commit_callbacks
):
    path = settings.MEDIA_ROOT / pworld.attachment.file.name
    url = reverse("participation:meeting_delete", args=[pworld.town.slug, pworld.meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url).status_code == 302
    assert not Meeting.objects.filter(pk=pworld.meeting.pk).exists()
    assert not Attachment.objects.exists()
    assert not path.exists()
