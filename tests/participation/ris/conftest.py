"""The local OParl server (fixture folders) and a town linked to it."""

import pytest

from participation.models import Committee
from participation.ris import services
from participation.ris.client import OParlClient
from tests.factories import CommitteeFactory, PaperFactory
from tests.participation.ris.server import OParlFixtureServer


@pytest.fixture
def ris_server(settings):
    """Fixture folders over real HTTP on 127.0.0.1; only this network is allowed (SSRF)."""
    settings.RIS_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.RIS_TIMEOUT = 1.0
    server = OParlFixtureServer().start()
    yield server
    server.stop()


@pytest.fixture
def oparl_client(ris_server):
    with OParlClient() as client:
        yield client


@pytest.fixture
def allris_town(world, ris_server, oparl_client):
    """Rheine linked to the ALLRIS fixture, its bodies mapped, a Vorlage linked to BV/0546/2018."""
    town = world.town
    world.council = CommitteeFactory(
        municipality=town, name="Rat der Stadt Rheine", kind=Committee.Kind.COUNCIL, seats=45
    )
    world.social = CommitteeFactory(
        municipality=town, name="Ausschuss für Soziales, Integration und Gleichstellung", seats=15
    )
    world.council_system = services.council_system_connect(
        municipality=town,
        system_url=ris_server.url("/public/oparl/system"),
        client=oparl_client,
    )
    services.organization_mappings_save(
        council_system=world.council_system,
        choices=[
            (ris_server.url("/public/oparl/organizations?typ=gr&id=160"), "Rat", world.council),
            (ris_server.url("/public/oparl/organizations?typ=gr&id=161"), "ASIG", world.social),
            (ris_server.url("/public/oparl/organizations?typ=fr&id=5"), "SPD-Fraktion", None),
        ],
    )
    world.paper = PaperFactory(municipality=town, edition=world.edition, number="BV/0546/2018")
    world.link = services.paper_link(
        paper=world.paper,
        remote_url=ris_server.url("/public/oparl/papers?id=1001737"),
        client=oparl_client,
    )
    return world
