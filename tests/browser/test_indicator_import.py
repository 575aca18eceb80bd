import datetime
import io

import pytest
from openpyxl import Workbook

from concepts.demo import rheine as concept_demo
from indicators.models import Indicator


def spreadsheet(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_staff_uploads_a_spreadsheet_confirms_and_sees_the_value(
    page, login, screenshot, axe_violations
):
    concept_demo.load()
    login("stabsstelle", "demo-stab-2026")
    assert page.get_by_role("heading", name="Indikatoren", level=2).is_visible()
    screenshot("start-with-indicator-panel")
    assert axe_violations() == []

    page.goto("/rheine/indikatoren/")
    assert page.get_by_role("heading", name="Indikatoren", level=1).is_visible()
    assert page.get_by_role("link", name="SGB-II-Quote nach Staatsangehörigkeit").is_visible()
    # The small charts load lazily: scroll through once so that the screenshot has them.
    for _ in range(12):
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")
    screenshot("indicators-dashboard")
    assert axe_violations() == []

    page.get_by_role("link", name="SGB-II-Quote nach Staatsangehörigkeit").click()
    page.wait_for_load_state()
    assert page.locator("svg[role=img] title").first.text_content() == (
        "SGB-II-Quote nach Staatsangehörigkeit"
    )
    screenshot("indicator-detail")
    assert axe_violations() == []
    page.goto("/rheine/indikatoren/")
    page.get_by_role("link", name="Auszubildende mit ausländischer Staatsangehörigkeit").click()
    assert "Zeitreihenbruch" in page.locator("svg[role=img] desc").first.text_content()
    screenshot("indicator-detail-series-break")

    page.goto("/rheine/indikatoren/")
    page.get_by_role("link", name="Werte importieren").first.click()
    page.wait_for_load_state()
    stichtag = f"30.06.{datetime.date.today().year}"
    data = spreadsheet(
        [
            ["Indikator", "Bezeichnung", "Einheit", "Zeitraum", "Aufschlüsselung", "Wert"],
            ["IK-TN", "Teilnehmende an Integrationskursen", "Personen", stichtag, None, 7777],
            ["EINBUERG", "Einbürgerungen", "Personen", stichtag, None, "ca. 215"],
        ]
    )
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(
        files=[{"name": "werte.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Vorschau des Imports").is_visible()
    assert page.get_by_text("2 neue Werte").is_visible() or "2</strong> neue" in page.content()
    screenshot("indicator-import-preview")
    assert axe_violations() == []

    page.get_by_role("button", name="Import bestätigen").click()
    page.wait_for_load_state()
    assert "Import abgeschlossen: 2 Werte neu" in page.content()
    # The import ran as a task; its result page leads back to the indicators.
    with page.expect_navigation():
        page.get_by_role("link", name="Zu den Indikatoren").click()
    row = page.get_by_role("row").filter(has_text="Teilnehmende an Integrationskursen")
    assert "7.777 Personen" in row.first.text_content()
    assert stichtag in row.first.text_content()
    screenshot("indicators-dashboard-after-import")


@pytest.mark.django_db(transaction=True)
def test_bad_spreadsheet_names_the_row_and_imports_nothing(page, login, screenshot):
    concept_demo.load()
    login("stabsstelle", "demo-stab-2026")
    page.goto("/rheine/indikatoren/")
    page.get_by_role("link", name="Werte importieren").first.click()
    rows = [["Indikator", "Zeitraum", "Wert"]]
    rows += [["IK-TN", f"{year}-06-30", 100 + year % 100] for year in range(2000, 2010)]
    rows.append(["IK-TN", "2011", "12,5%"])
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(
        files=[
            {
                "name": "fehler.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": spreadsheet(rows),
            }
        ]
    )
    page.get_by_role("button", name="Vorschau anzeigen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Zeile 12, Spalte C (Wert): „12,5%“ ist keine Zahl").is_visible()
    assert page.get_by_role("button", name="Import bestätigen").count() == 0
    screenshot("indicator-import-errors")


@pytest.mark.django_db(transaction=True)
def test_staff_enters_a_table_of_values_and_edits_an_indicator(
    page, login, screenshot, axe_violations
):
    concept_demo.load()
    login("stabsstelle", "demo-stab-2026")
    page.goto("/rheine/indikatoren/")
    page.get_by_role("link", name="Werte für einen Stichtag erfassen").nth(2).click()
    page.wait_for_load_state()
    page.get_by_label("Zeitraum/Stichtag").fill(f"31.12.{datetime.date.today().year}")
    page.get_by_role("button", name="Zeitraum wählen").click()
    page.wait_for_load_state()
    page.get_by_label("Wert: SGB-II-Quote nach Staatsangehörigkeit", exact=True).fill("9,1")
    page.get_by_label("Wert: Anerkannte ausländische Berufsabschlüsse", exact=True).fill("12,5%")
    page.get_by_role("button", name="Alle Werte speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text("ist keine Zahl").is_visible()
    screenshot("indicator-table-errors")
    assert axe_violations() == []
    page.get_by_label("Wert: Anerkannte ausländische Berufsabschlüsse", exact=True).fill("ca. 85")
    page.get_by_role("button", name="Alle Werte speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text("2 Werte neu").is_visible()
    screenshot("indicator-table")

    page.goto("/rheine/indikatoren/")
    page.get_by_role("link", name="Einbürgerungen").click()
    # The dashboard shows the adopted edition, whose definitions are locked; the draft
    # Fortschreibung carries the copy that may be edited.
    draft_copy = Indicator.objects.get(name="Einbürgerungen", continues__isnull=False)
    page.goto(f"/rheine/indikatoren/{draft_copy.pk}/")
    page.get_by_role("link", name="Indikator bearbeiten").click()
    page.wait_for_load_state()
    screenshot("indicator-form")
    assert axe_violations() == []
    page.get_by_label("Zielwert", exact=True).fill("450")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text("450 Personen bis 2030").is_visible()
