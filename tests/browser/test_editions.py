"""Fortschreibung in the browser: Vergleich, Bewertung, Verlauf and the import, on the demo."""

import json

import pytest

from concepts.models import Edition, Measure

STAFF = ("stabsstelle", "demo-stab-2026")


@pytest.fixture
def demo(db, demo_db):
    return Edition.objects.get(title="3. Fortschreibung")


@pytest.mark.django_db(transaction=True)
def test_compare_and_grade_the_previous_edition(demo, page, login, screenshot, axe_violations):
    login(*STAFF)
    page.goto(f"/rheine/konzept/{demo.pk}/")
    screenshot("fassungen-fassung")
    assert axe_violations() == []
    page.get_by_role("link", name="Vergleich mit anderer Fassung").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Vergleich der Fassungen").is_visible()
    assert page.get_by_text("Digitaler Sprachlerntreff").is_visible()
    screenshot("fassungen-vergleich")
    assert axe_violations() == []

    page.goto(f"/rheine/konzept/{demo.pk}/bewertung/")
    screenshot("fassungen-bewertung")
    assert axe_violations() == []
    page.get_by_role("link", name="Ziele bewerten").click()
    page.wait_for_load_state()
    first = page.get_by_label("Begründung zu Leitziel 1.1")
    first.fill("Sprachkurse sind **voll belegt**; Wartelisten gibt es nicht mehr.")
    page.get_by_label("Bewertung von Leitziel 1.1").select_option("reached")
    screenshot("fassungen-bewertung-bearbeiten")
    assert axe_violations() == []
    page.get_by_role("button", name="Bewertungen speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text("Die Bewertungen sind gespeichert.").is_visible()
    assert page.locator("strong", has_text="voll belegt").is_visible()


@pytest.mark.django_db(transaction=True)
def test_history_of_a_measure_and_restore(demo, page, login, screenshot, axe_violations):
    measure = Measure.objects.for_edition(demo).filter(title="Digitaler Sprachlerntreff").get()
    measure.status = Measure.Status.RUNNING
    measure.save()
    login(*STAFF)
    page.goto(f"/rheine/konzept/{demo.pk}/verlauf/massnahme/{measure.pk}/")
    assert page.get_by_role("heading", name="Verlauf").is_visible()
    screenshot("fassungen-verlauf")
    assert axe_violations() == []
    page.get_by_role("link", name="Diesen Stand wiederherstellen").first.click()
    page.wait_for_load_state()
    # The confirmation says what changes; only its button restores.
    assert page.get_by_role("heading", name="Früheren Stand wiederherstellen").is_visible()
    assert page.get_by_role("cell", name="geplant").is_visible()
    measure.refresh_from_db()
    assert measure.status == Measure.Status.RUNNING
    page.get_by_role("button", name="Diesen Stand wiederherstellen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Der frühere Stand ist wiederhergestellt.").is_visible()
    assert page.get_by_text("wiederhergestellt aus Stand vom").first.is_visible()
    measure.refresh_from_db()
    assert measure.status == Measure.Status.PLANNED


@pytest.mark.django_db(transaction=True)
def test_import_upload_lists_problems(demo, page, login, screenshot, axe_violations, tmp_path):
    bad = tmp_path / "kaputt.json"
    bad.write_text(
        json.dumps({"format": "integrationskonzept-austausch/1", "concept": {"title": ""}}),
        encoding="utf-8",
    )
    login(*STAFF)
    page.goto("/rheine/konzept/")
    page.get_by_role("link", name="Fassung importieren (JSON)").click()
    page.wait_for_load_state()
    page.get_by_label("Austauschdatei (JSON)").set_input_files(str(bad))
    page.get_by_role("button", name="Importieren").click()
    page.wait_for_load_state()
    assert page.get_by_text("Die Datei wurde nicht importiert").is_visible()
    assert page.get_by_text("$.concept.title").is_visible()
    screenshot("fassungen-import-fehler")
    assert axe_violations() == []
