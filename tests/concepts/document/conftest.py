import pytest

from tests.factories import DOCUMENT, build_concept


@pytest.fixture(autouse=True)
def _concept_document_alone(monkeypatch):
    """These tests describe the concept document itself; the indicators' section is tested in
    tests/indicators/test_concept_integration.py."""
    from concepts import extensions

    monkeypatch.setattr(extensions, "_extensions", {})


@pytest.fixture
def concept(world):
    return build_concept(world.edition, recipe=DOCUMENT).edition
