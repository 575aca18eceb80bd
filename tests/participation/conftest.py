"""The world of the participation tests: a group with the member in it, a meeting of that
group, an actor with a contact person, an attachment and a pending invitation."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from participation.groups import services
from participation.models import GroupMembership, Meeting, PaperAttachment
from tests.factories import (
    ActorFactory,
    ContactPersonFactory,
    GroupMembershipFactory,
    MeetingFactory,
    WorkingGroupFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="protokoll.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def pworld(world, django_capture_on_commit_callbacks):
    town = world.town
    world.actor = ActorFactory(municipality=town, name="Caritasverband Rheine e. V.")
    world.contact = ContactPersonFactory(actor=world.actor, name="Anna Becker")
    world.group = WorkingGroupFactory(municipality=town, name="AG Sprache")
    world.group_membership = GroupMembershipFactory(
        group=world.group, user=world.users["member"], role=GroupMembership.Role.LEAD
    )
    world.other_group = WorkingGroupFactory(municipality=world.other_town, name="AG Emmerich")
    world.meeting = MeetingFactory(
        municipality=town, group=world.group, kind=Meeting.Kind.GROUP_SESSION
    )
    world.attachment = services.attachment_add(
        meeting=world.meeting, uploaded_file=pdf_upload(), user=world.users["staff"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        world.invitation, world.invitation_token = services.invitation_create(
            group=world.group, email="neu@example.org", invited_by=world.users["staff"]
        )
    return world


# Object storage (FILE_STORAGE=s3) against a real local S3 endpoint

BUCKET = "integration-kreis"
REGION = "eu-central-1"


@pytest.fixture(scope="module")
def s3_endpoint():
    """A local S3 endpoint (moto's server) on 127.0.0.1; skips when moto is not installed."""
    moto_server = pytest.importorskip("moto.server", reason="moto[server] ist nicht installiert")
    pytest.importorskip("storages.backends.s3", reason="django-storages[s3] ist nicht installiert")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint):
    """STORAGES as FILE_STORAGE=s3 makes them, with a fresh bucket; yields the boto3 client."""
    import boto3

    from tests.site.test_scaling_settings import load_settings

    configured = load_settings(
        FILE_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_ACCESS_KEY_ID="schluessel",
        AWS_SECRET_ACCESS_KEY="geheim",
        AWS_S3_REGION_NAME=REGION,
    )["STORAGES"]
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="schluessel",
        aws_secret_access_key="geheim",
        region_name=REGION,
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    field = PaperAttachment._meta.get_field("file")
    local_private = field.storage
    with override_settings(STORAGES=configured):
        # The Vorlagen-Anlagen field takes its storage when the model is loaded.
        field.storage = storages["private"]
        try:
            yield client
        finally:
            field.storage = local_private
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def stored_keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def assert_private(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert grants and all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)
    assert all("AllUsers" not in str(g["Grantee"].get("URI", "")) for g in grants)
