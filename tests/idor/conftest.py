"""The IDOR world (tests/idor/world.py), built once for the package.

The data is built inside a transaction that is rolled back at the end; every test runs in a
savepoint of it (pytest-django's `db`), so POSTs that wrongly succeed are undone.
"""

import copy

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.idor.world import build_world


@pytest.fixture(scope="package")
def idor(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both towns, built once for tests/idor/ and rolled back after it."""
    root = tmp_path_factory.mktemp("idor")
    overrides = override_settings(
        MEDIA_ROOT=root / "media",
        PDF_CACHE_DIR=root / "pdf-cache",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SITE_URL="http://testserver.example",
    )
    overrides.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            world.cookies = {}
            for role, user in world.users.items():
                client = Client()
                client.force_login(user)
                world.cookies[role] = client.cookies
        except BaseException:
            atomic.__exit__(None, None, None)
            overrides.disable()
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    overrides.disable()


@pytest.fixture
def idor_client(idor, db):
    """`idor_client(role)` → a fresh client with that role's session (made once for the package)."""

    def make(role):
        client = Client()
        if role != "anonymous":
            client.cookies = copy.deepcopy(idor.cookies[role])
        return client

    return make
