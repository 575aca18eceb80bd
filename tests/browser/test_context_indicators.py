"""Issue 14 in the browser: "Daten und Fakten" with comparison series, and an import whose
unreadable rows are listed and left out only on confirmation (screenshots, axe)."""

import pytest

from concepts.demo import rheine as concept_demo
from concepts.models import Edition, FieldOfAction
from indicators.models import Indicator, Measurement
from tests.indicators.untidy import add_context_indicators


@pytest.mark.django_db(transaction=True)
def test_facts_page_and_partial_import(page, login, screenshot, axe_violations, tmp_path):
    concept_demo.load()
    edition = Edition.objects.filter(concept__municipality__slug="rheine").order_by("-year").first()
    field = FieldOfAction.objects.for_edition(edition).order_by("position").first()
    add_context_indicators(edition, field, count=1, years=range(2019, 2025))
    login("stabsstelle", "demo-stab-2026")

    page.goto(f"/rheine/indikatoren/fassung/{edition.pk}/daten-und-fakten/")
    assert page.get_by_role("heading", name="Daten und Fakten", level=1).is_visible()
    assert page.get_by_role("columnheader", name="NRW").first.is_visible()
    screenshot("daten-und-fakten")
    assert axe_violations() == []

    indicator = Indicator.objects.get(edition=edition, code=f"Kf{field.pk}-1")
    csv = (
        "Indikator;Zeitraum;Wert;Gebiet\n"
        f"{indicator.code};Jan 23;rund 60;\n"
        f"{indicator.code};irgendwann;61;\n"
        f"{indicator.code};Ende 2016;mehr als 60;NRW\n"
    )
    path = tmp_path / "werte.csv"
    path.write_text(csv, encoding="utf-8")
    page.goto(f"/rheine/indikatoren/fassung/{edition.pk}/import/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.wait_for_load_state()
    assert page.get_by_text("„irgendwann“ ist kein Zeitraum").is_visible()
    screenshot("import-partial-preview")
    assert axe_violations() == []
    page.get_by_label("Ich habe die Fehlerliste gelesen").check()
    page.get_by_role("button", name="Lesbare Zeilen importieren").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ausgelassen wurden die Zeilen mit Fehlern: 3.").is_visible()
    assert Measurement.objects.filter(indicator=indicator, period_label="Jan 23").exists()
    assert (
        Measurement.objects.get(indicator=indicator, area="NRW", period_label="Ende 2016").qualifier
        == "more_than"
    )
