"""Role fixtures shared by every app's tests.

`world` is one town with a draft edition and a person in each role, plus a person who has a
role only in another town ("outsider") and a superuser. Apps extend it in their own tests.
"""

import copy
import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import override_settings

from tests import demo_snapshot, factories

ROLES = ["anonymous", "outsider", "member", "council", "staff", "superuser"]


def _redis_url_of_this_worker():
    """With pytest-xdist each worker gets a Redis database of its own (the run's number plus
    1 + the worker's), since tests empty their cache: one worker must not empty the other's.
    Set before the test modules are imported, which read REDIS_URL (login throttling, the
    two-instance test)."""
    url, worker = os.environ.get("REDIS_URL"), os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{base + 1 + int(worker.removeprefix('gw'))}"))


if os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = _redis_url_of_this_worker()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _test_caches(tmp_path_factory):
    """Cached PDFs go to a temporary directory, not the developer's var/pdf-cache.

    With REDIS_URL the run uses that Redis (CI runs the suite once against it); its database
    must belong to the test run, since `_empty_caches` flushes it.
    """
    configured = copy.deepcopy(django_settings.CACHES)
    for alias in configured.values():
        if alias["BACKEND"].endswith("FileBasedCache"):
            alias["LOCATION"] = str(tmp_path_factory.mktemp("pdf-cache"))
        if alias["BACKEND"].endswith("RedisCache"):
            alias["LOCATION"] = os.environ["REDIS_URL"]
    with override_settings(CACHES=configured):
        yield


@pytest.fixture(scope="session", autouse=True)
def _test_tasks(tmp_path_factory):
    """Tasks run inside the request that enqueues them (a PDF download answers with the PDF);
    tests/site/background/ runs the database backend with a real worker. No PDF is prepared
    after every edit of every test: tests that want it turn it on."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        PDF_PREPARE_AFTER_EDITS=False,
        # A changed PDF renders again at once (tests of the spacing turn it on).
        PDF_RENDER_SPACING_SECONDS=0,
        # The stored PDFs (private storage beside MEDIA_ROOT) go to a temporary directory.
        MEDIA_ROOT=str(tmp_path_factory.mktemp("test-media") / "media"),
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_caches(_test_caches):
    # A test never sees what another one cached (charts, PDFs), on locmem as on Redis. Redis
    # empties the whole database for each alias, so once per server is enough.
    emptied = set()
    for alias, config in django_settings.CACHES.items():
        where = (config["BACKEND"], str(config.get("LOCATION", alias)))
        if where not in emptied:
            caches[alias].clear()
            emptied.add(where)


@pytest.fixture
def world(db):
    """One town with a draft edition and a person in each role (tests/factories.py)."""
    return factories.build_world()


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's rows and files, loaded once per test process (tests/demo_snapshot.py)."""
    with django_db_blocker.unblock():
        return demo_snapshot.take(tmp_path_factory.mktemp("demo-media"))


@pytest.fixture
def demo_db(demo_rows):
    """The demo town (`manage.py demo`) in this test's database: a fresh copy for each test.
    The test asks for the database itself (`db`, `transactional_db`, `live_server`), and for
    fixtures that move MEDIA_ROOT before this one."""
    demo_snapshot.restore(demo_rows)


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
