"""Results from the Ratsinformationssystem in the browser: the Stabsstelle maps the bodies,
looks at the preview and takes the results over."""

import pytest

from participation.models import Consultation
from tests.participation.ris import conftest as ris_fixtures

# the fixtures of tests/participation/ris/: the local OParl server and Rheine linked to it
ris_server = ris_fixtures.ris_server
oparl_client = ris_fixtures.oparl_client
allris_town = ris_fixtures.allris_town


@pytest.mark.django_db(transaction=True)
def test_staff_map_bodies_preview_and_take_results_over(
    allris_town, page, login, screenshot, axe_violations
):
    login("stab")
    page.goto("/rheine/ratsinformationssystem/")
    assert page.get_by_label("OParl-Adresse des Ratsinformationssystems").is_visible()
    screenshot("ris-system")
    assert axe_violations() == []
    page.goto(f"/rheine/ratsinformationssystem/vorlagen/{allris_town.paper.pk}/?q=BV/0546/2018")
    assert page.get_by_role("group", name="Gefunden").is_visible()
    screenshot("ris-paper-search")
    assert axe_violations() == []
    page.goto("/rheine/ratsinformationssystem/gremien/")
    assert page.get_by_label("Integrationsrat").is_visible()
    screenshot("ris-mapping")
    assert axe_violations() == []
    page.get_by_role("button", name="Zuordnung bestätigen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Die Zuordnung der Gremien ist gespeichert.").is_visible()

    page.goto(f"/rheine/gremien/vorlagen/{allris_town.paper.pk}/")
    page.get_by_role("link", name="Ergebnisse aus dem Ratsinformationssystem").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Ergebnisse lesen (Vorschau)").click()
    page.wait_for_load_state()
    assert page.get_by_text("Damit wird die Fassung des Konzepts beschlossen.").is_visible()
    screenshot("ris-preview")
    assert axe_violations() == []
    page.get_by_label(
        "Ich bestätige, dass damit die Fassung des Konzepts beschlossen wird."
    ).check()
    page.get_by_role("button", name="Übernehmen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Aus dem Ratsinformationssystem übernommen: 2 Beratungen.").is_visible()
    screenshot("ris-applied")
    decision = allris_town.paper.consultations.get(role="decision")
    assert decision.result == Consultation.Result.ADOPTED_UNCHANGED
