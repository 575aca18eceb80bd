"""Meeting Anlagen in S3-compatible object storage (FILE_STORAGE=s3), against a real S3 endpoint.

moto's server speaks the S3 protocol over HTTP on 127.0.0.1; django-storages talks to it exactly
as to a town's MinIO or a cloud bucket. The storage settings come from the same environment
variables a server reads (see tests/site/test_scaling_settings.py). Fixtures: conftest.py.
"""

import pytest
from django.urls import reverse

from participation.models import Attachment
from tests.participation.conftest import BUCKET, PDF_BYTES, assert_private, pdf_upload, stored_keys

# A local S3 server (moto) starts first: seconds.
pytestmark = pytest.mark.slow


def test_meeting_anlage_goes_to_the_bucket_and_comes_back_through_the_permission_check(
    s3, pworld, staff_client, client_for, settings, django_capture_on_commit_callbacks
):
    content = PDF_BYTES + b"%" + bytes(range(256)) * 64
    upload_url = reverse(
        "participation:attachment_upload", args=[pworld.town.slug, pworld.meeting.pk]
    )
    response = staff_client.post(upload_url, {"file": pdf_upload("bericht.pdf", content)})
    assert response.status_code == 302
    attachment = Attachment.objects.get(original_name="bericht.pdf")
    key = attachment.file.name
    assert key in stored_keys(s3)
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content
    assert_private(s3, key)
    assert not (settings.MEDIA_ROOT / key).exists()

    url = reverse(
        "participation:attachment_download",
        args=[pworld.town.slug, pworld.meeting.pk, attachment.pk],
    )
    response = client_for("member").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "bericht.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == content
    assert client_for("outsider").get(url).status_code == 403

    delete_url = reverse(
        "participation:attachment_delete",
        args=[pworld.town.slug, pworld.meeting.pk, attachment.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(delete_url).status_code == 302
    assert key not in stored_keys(s3)


def test_a_missing_object_is_a_404_not_an_error(s3, pworld, member_client):
    attachment = pworld.attachment
    s3.delete_object(Bucket=BUCKET, Key=attachment.file.name)
    url = reverse(
        "participation:attachment_download",
        args=[pworld.town.slug, pworld.meeting.pk, attachment.pk],
    )
    assert member_client.get(url).status_code == 404
