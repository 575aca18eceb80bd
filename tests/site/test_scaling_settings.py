"""What the environment switches: Redis caches and S3 storage for several servers, the site URL.

Each case loads the settings in a fresh interpreter with only the given variables, as a server
process would, and looks at what came out.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DUMP = """
import json
from django.conf import settings
print(json.dumps({"CACHES": settings.CACHES, "STORAGES": settings.STORAGES,
                  "SESSION_ENGINE": settings.SESSION_ENGINE, "SITE_URL": settings.SITE_URL},
                 default=str))
"""


def load_settings(**environ):
    keep = {"PATH", "HOME", "LANG", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(environ, DJANGO_SETTINGS_MODULE="integration_site.settings")
    result = subprocess.run(
        [sys.executable, "-c", DUMP], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        return result.stderr
    return json.loads(result.stdout)


def test_without_redis_the_cache_stays_local_and_pdfs_go_to_pdf_cache_dir(tmp_path):
    settings = load_settings(PDF_CACHE_DIR=str(tmp_path / "pdf"))
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    pdf = settings["CACHES"]["pdf"]
    assert pdf["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert pdf["LOCATION"] == str(tmp_path / "pdf")
    assert pdf["TIMEOUT"] == 30 * 24 * 60 * 60


def test_redis_url_puts_cache_and_pdfs_into_redis_under_separate_prefixes():
    settings = load_settings(REDIS_URL="redis://cache.kreis.internal:6379/3")
    default, pdf = settings["CACHES"]["default"], settings["CACHES"]["pdf"]
    for alias in (default, pdf):
        assert alias["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert alias["LOCATION"] == "redis://cache.kreis.internal:6379/3"
        assert alias["OPTIONS"]["socket_timeout"] > 0
    assert default["KEY_PREFIX"] != pdf["KEY_PREFIX"]
    assert pdf["TIMEOUT"] == 30 * 24 * 60 * 60


def test_sessions_stay_in_the_shared_database():
    assert load_settings()["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_local_file_storage_keeps_vorlagen_anlagen_outside_media_root():
    storages = load_settings()["STORAGES"]
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["BACKEND"] == "participation.models.council.PrivateStorage"


def test_s3_storage_is_configured_from_the_environment_and_keeps_files_private():
    storages = load_settings(
        FILE_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="integration-kreis",
        AWS_S3_ENDPOINT_URL="https://s3.kreis.internal",
        AWS_ACCESS_KEY_ID="schluessel",
        AWS_SECRET_ACCESS_KEY="geheim",
        AWS_S3_REGION_NAME="eu-central-1",
    )["STORAGES"]
    s3 = storages["default"]
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["private"] == s3
    assert (
        s3["OPTIONS"]
        | {
            "bucket_name": "integration-kreis",
            "endpoint_url": "https://s3.kreis.internal",
            "access_key": "schluessel",
            "secret_key": "geheim",
            "region_name": "eu-central-1",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        }
        == s3["OPTIONS"]
    )
    assert (
        "whitenoise" in storages["staticfiles"]["BACKEND"]
        or "StaticFiles" in (storages["staticfiles"]["BACKEND"])
    )


def test_s3_storage_may_leave_acls_to_a_bucket_that_refuses_them():
    storages = load_settings(
        FILE_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="integration", AWS_DEFAULT_ACL=""
    )["STORAGES"]
    assert storages["default"]["OPTIONS"]["default_acl"] is None


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"FILE_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"FILE_STORAGE": "ftp"}, "FILE_STORAGE must be 'local' or 's3'"),
    ],
)
def test_misconfigured_file_storage_stops_the_start(environ, message):
    error = load_settings(**environ)
    assert isinstance(error, str) and message in error


def test_s3_settings_build_a_private_s3_storage():
    pytest.importorskip("storages")
    from django.core.files.storage import storages as storage_handler
    from django.test import override_settings
    from storages.backends.s3 import S3Storage

    s3 = load_settings(
        FILE_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="integration-kreis",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9",
        AWS_ACCESS_KEY_ID="schluessel",
        AWS_SECRET_ACCESS_KEY="geheim",
    )["STORAGES"]
    with override_settings(STORAGES=s3):
        storage = storage_handler["default"]
        assert isinstance(storage, S3Storage)
        assert storage.default_acl == "private"
        url = storage.url("attachments/probe.pdf")
    # Never a public object URL: any URL the storage hands out is signed.
    assert "X-Amz-Signature=" in url or "Signature=" in url


def test_links_in_e_mails_follow_the_port_the_demo_is_served_on():
    assert load_settings()["SITE_URL"] == "http://127.0.0.1:8000"
    assert load_settings(PORT="8123")["SITE_URL"] == "http://127.0.0.1:8123"
    explicit = load_settings(PORT="8123", SITE_URL="https://integration.rheine.de")
    assert explicit["SITE_URL"] == "https://integration.rheine.de"


def test_make_hands_its_port_to_the_settings():
    makefile = (ROOT / "Makefile").read_text()
    assert "\nexport PORT\n" in makefile
