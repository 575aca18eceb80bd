import datetime

import pytest

from concepts.models import Edition
from tests.factories import build_concept


@pytest.fixture(autouse=True)
def _exchange_format_alone(monkeypatch):
    """These tests describe the concept's own part of the exchange format; the indicators'
    section is tested in tests/indicators/test_concept_integration.py."""
    import dataclasses

    from concepts import extensions

    alone = {
        name: dataclasses.replace(extension, exchange_sections=())
        for name, extension in extensions._extensions.items()
    }
    monkeypatch.setattr(extensions, "_extensions", alone)


def adopt(edition, on=datetime.date(2021, 6, 1)):
    edition.status = Edition.Status.ADOPTED
    edition.adopted_on = on
    edition.save()
    return edition


@pytest.fixture
def adopted(world):
    """An adopted edition of the world's town with a small but complete concept."""
    edition = Edition.objects.create(
        concept=world.edition.concept, title="1. Fortschreibung", year=2021
    )
    build_concept(edition)
    return adopt(edition)
