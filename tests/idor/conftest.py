"""The IDOR world (tests/idor/world.py), built once for the package.

The data is built inside a transaction that is rolled back at the end; every test runs in a
savepoint of it (pytest-django's `db`), so POSTs that wrongly succeed are undone.
"""

import copy

import pytest
from django.test import Client

from tests.idor.world import world_rolled_back


@pytest.fixture(scope="package")
def idor(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both towns, built once for tests/idor/ and rolled back after it."""
    yield from world_rolled_back(django_db_blocker, tmp_path_factory.mktemp("idor"))


@pytest.fixture
def idor_client(idor, db):
    """`idor_client(role)` → a fresh client with that role's session (made once for the package)."""

    def make(role):
        client = Client()
        if role != "anonymous":
            client.cookies = copy.deepcopy(idor.cookies[role])
        return client

    return make
