"""Vorlagen-Anlagen in S3-compatible object storage (FILE_STORAGE=s3); fixtures in
tests/participation/conftest.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.participation.conftest import assert_private, stored_keys

# A local S3 server (moto) starts first: seconds.
pytestmark = pytest.mark.slow


def test_vorlagen_anlage_goes_to_the_bucket_too(
    s3, council_world, staff_client, council_client, settings
):
    url = reverse(
        "council:attachment_create",
        kwargs={"town": council_world.town.slug, "paper": council_world.paper.pk},
    )
    docx = b"PK\x03\x04 Stellungnahme des Integrationsrats"
    upload = SimpleUploadedFile("stellungnahme.docx", docx)
    response = staff_client.post(url, {"title": "Stellungnahme Integrationsrat", "file": upload})
    assert response.status_code == 302
    attachment = council_world.paper.attachments.get(title="Stellungnahme Integrationsrat")
    assert attachment.file.name in stored_keys(s3)
    assert_private(s3, attachment.file.name)
    assert not (settings.MEDIA_ROOT.parent / "private-media").exists()
    download = reverse(
        "council:attachment_download",
        kwargs={"town": council_world.town.slug, "attachment": attachment.pk},
    )
    response = council_client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx
    s3.delete_object(Bucket="integration-kreis", Key=attachment.file.name)
    assert council_client.get(download).status_code == 404
