"""Role fixtures shared by every app's tests.

`world` is one town with a draft edition and a person in each role, plus a person who has a
role only in another town ("outsider") and a superuser. Apps extend it in their own tests.
"""

from types import SimpleNamespace

import pytest

from concepts.models import Membership
from tests import factories

ROLES = ["anonymous", "outsider", "member", "council", "staff", "superuser"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages and charts are keyed by content; a test starts without another's entries.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def world(db):
    town = factories.MunicipalityFactory(name="Rheine", slug="rheine")
    other_town = factories.MunicipalityFactory(name="Emmerich am Rhein", slug="emmerich")
    users = {
        "staff": factories.UserFactory(username="stab"),
        "member": factories.UserFactory(username="mitglied"),
        "council": factories.UserFactory(username="rat"),
        "outsider": factories.UserFactory(username="fremd"),
    }
    for role in ("staff", "member", "council"):
        factories.MembershipFactory(user=users[role], municipality=town, role=role)
    factories.MembershipFactory(
        user=users["outsider"], municipality=other_town, role=Membership.Role.STAFF
    )
    superuser = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    users["superuser"] = superuser
    edition = factories.EditionFactory(concept__municipality=town)
    other_edition = factories.EditionFactory(concept__municipality=other_town)
    return SimpleNamespace(
        town=town,
        other_town=other_town,
        users=users,
        edition=edition,
        other_edition=other_edition,
    )


@pytest.fixture
def client_for(client, world):
    """`client_for("staff")` → a test client logged in with that role (fresh per call)."""
    from django.test import Client

    def make(role):
        if role == "anonymous":
            return Client()
        new_client = Client()
        new_client.force_login(world.users[role])
        return new_client

    return make


@pytest.fixture
def staff_client(client_for):
    return client_for("staff")


@pytest.fixture
def member_client(client_for):
    return client_for("member")


@pytest.fixture
def council_client(client_for):
    return client_for("council")
