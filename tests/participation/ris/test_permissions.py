"""Every URL of the Ratsinformationssystem link, every role: only the Stabsstelle.

The world has no council system linked, so no row reaches the network: the pages show what to
do first, a POST to an internal address is refused before any request.
"""

import pytest

from tests.conftest import ROLES
from tests.factories import PaperFactory
from tests.permissions import STAFF_ONLY, Row, assert_row, expect, ids, params

POSTED = expect(STAFF_ONLY, staff=302, superuser=302)


def town(world):
    return {"town": world.town.slug}


def paper(world):
    return {"town": world.town.slug, "paper": world.ris_paper.pk}


TABLE = [
    Row("ris:system", STAFF_ONLY, town),
    Row(
        "ris:system",
        STAFF_ONLY,  # the form shows the refusal of the internal address
        town,
        method="post",
        data=lambda w: {"system_url": "http://10.0.0.1/oparl/system"},
    ),
    Row("ris:mapping", STAFF_ONLY, town),
    Row("ris:mapping", POSTED, town, method="post", data=lambda w: {"organization_0": ""}),
    Row("ris:paper", STAFF_ONLY, paper),
    Row("ris:paper", STAFF_ONLY, paper, query="?q=BV%2F0546%2F2018"),
    Row(
        "ris:paper",
        STAFF_ONLY,  # no system linked yet: the page says so
        paper,
        method="post",
        data=lambda w: {"remote_url": "http://10.0.0.1/papers?id=1"},
    ),
    Row("ris:paper_preview", POSTED, paper),
    Row("ris:paper_preview", POSTED, paper, method="post", data=lambda w: {"fingerprint": "x"}),
    Row("ris:paper_unlink", POSTED, paper, method="post"),
]


@pytest.fixture
def ris_world(world, settings):
    settings.RIS_ALLOWED_NETWORKS = []
    world.ris_paper = PaperFactory(municipality=world.town)
    return world


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, ris_world, client_for):
    assert_row(row, role, ris_world, client_for)


def test_unlink_refuses_get(ris_world, staff_client):
    from django.urls import reverse

    response = staff_client.get(reverse("ris:paper_unlink", kwargs=paper(ris_world)))
    assert response.status_code == 405
