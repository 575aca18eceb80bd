"""Importing a Fortschreibung in the browser: the staff check the proposed pairs with the
predecessor, change one, and confirm; the comparison then shows changed goals."""

import pytest

from concepts.exchange import matching
from concepts.exchange.export import dumps
from concepts.exchange.load import edition_import
from concepts.models import CopyLink, Edition
from tests.concepts.exchange.predecessor_files import files


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_staff_change_one_pair_and_confirm(
    width, world, page, login, screenshot, axe_violations, tmp_path
):
    old_data, new_data = files(world.other_town)
    edition_import(municipality=world.town, data=old_data)
    upload = tmp_path / "fortschreibung-2018.json"
    upload.write_text(dumps(new_data), encoding="utf-8")
    page.set_viewport_size({"width": width, "height": 900})
    login("stab")
    page.goto("/rheine/konzept/import/")
    page.get_by_label("Austauschdatei").set_input_files(str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Importieren").click()
    # The import ran as a task; its result page leads to the matching.
    assert page.get_by_text("Bitte die vorgeschlagene Zuordnung zur Vorfassung").is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Zuordnung zur Vorfassung prüfen").click()
    assert page.get_by_role("heading", name="Zuordnung zur Vorfassung").is_visible()
    new = Edition.objects.get(concept__municipality=world.town, year=2018)
    assert not CopyLink.objects.filter(edition=new).exists()

    # The proposals are selected; "Digitale Teilhabe" has none.
    swapped = page.get_by_label(
        "Entsprechung von „1.1 Erwachsene Zugewanderte erreichen das Sprachniveau B1“"
    )
    assert swapped.evaluate("e => e.selectedOptions[0].text") == (
        "1.2 Erwachsene erreichen das Sprachniveau B1"
    )
    added = page.get_by_label("Entsprechung von „1.3 Digitale Teilhabe für Neuzugewanderte“")
    assert added.input_value() == ""
    # The staff decide that it continues the dropped Leitziel 1.3.
    added.select_option(label="1.3 Eltern werden an der Bildung ihrer Kinder beteiligt")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"vorfassung-zuordnen-{width}")
    assert axe_violations() == []

    with page.expect_navigation():
        page.get_by_role("button", name="Zuordnung bestätigen").click()
    assert page.get_by_role("heading", name="Vergleich der Fassungen").is_visible()
    assert page.get_by_text("Die Zuordnung zur Vorfassung ist gespeichert (13 Paare).").is_visible()
    links = matching.current_links(new)
    assert len(links["lz"]) == 4
    # Leitziele: nothing new, nothing dropped; all four changed or unchanged.
    assert page.get_by_role("link", name="Leitziele: 0 neu, 0 entfallen, 3 geändert").is_visible()
    assert axe_violations() == []
