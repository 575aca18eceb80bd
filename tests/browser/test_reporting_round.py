"""The controlling cycle in the browser: start, report by mailed link, remind, close."""

import datetime
import re

import pytest
from django.core import mail

from tests.browser.conftest import AXE, SCREENSHOTS
from tests.indicators.rounds.conftest import build_controlling


@pytest.mark.django_db(transaction=True)
def test_round_from_start_to_report(
    world, page, login, screenshot, axe_violations, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_controlling(world.edition)
    login("stab")
    page.goto("/rheine/indikatoren/berichtsrunden/")
    screenshot("berichtsrunden-leer")
    assert axe_violations() == []
    page.get_by_role("link", name="Neue Berichtsrunde starten").click()
    page.get_by_label("Titel").fill("Controllingbericht 2024")
    page.get_by_label("Stichtag").fill("2024-12-31")
    deadline = datetime.date.today() + datetime.timedelta(days=14)
    page.get_by_label("Meldefrist").fill(deadline.isoformat())
    screenshot("berichtsrunde-neu")
    assert axe_violations() == []
    page.get_by_role("button", name="Berichtsrunde starten und E-Mails senden").click()
    page.wait_for_load_state()
    assert page.get_by_text("2 Verantwortliche haben eine E-Mail").is_visible()
    assert page.get_by_text("0 von 2").is_visible()
    screenshot("berichtsrunde-uebersicht")
    assert axe_violations() == []

    # Anna opens her link in a fresh browser context (no login) and reports.
    anna = next(m for m in mail.outbox if m.to[0].startswith("anna"))
    path = re.search(r"https?://[^/\s]+(/\S+/meldung/\S+/)", anna.body).group(1)
    context = page.context.browser.new_context(
        base_url=page.url.split("/rheine/")[0],
        locale="de-DE",
        viewport={"width": 1280, "height": 900},
    )
    guest = context.new_page()
    guest.goto(path)
    assert guest.get_by_role("heading", name="Ihre Meldung: Controllingbericht 2024").is_visible()
    assert guest.get_by_text("Jobbegleitung").count() == 0
    guest.screenshot(path=str(SCREENSHOTS / "meldung-formular.png"), full_page=True)
    guest.evaluate(AXE.read_text())
    violations = guest.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
           values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
           .filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)"""
    )
    assert violations == []
    guest.get_by_label("Umsetzungsstand: Elterncafés in Kitas").select_option("completed")
    guest.get_by_label("Drei Kitas gewonnen").check()
    guest.get_by_label(re.compile("Wert zum Stichtag: Kita-Besuchsquote")).fill("70,5")
    guest.get_by_role("button", name="Meldung speichern").click()
    guest.wait_for_load_state()
    assert guest.get_by_text("Vielen Dank! Ihre Meldung ist gespeichert.").is_visible()
    guest.screenshot(path=str(SCREENSHOTS / "meldung-gespeichert.png"), full_page=True)
    context.close()

    page.reload()
    assert page.get_by_text("1 von 2").is_visible()
    page.get_by_role("button", name=re.compile("Erinnern")).first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Erinnerung gesendet an: Bernd Vogel.").is_visible()
    page.get_by_role("button", name="Runde abschließen und Bericht erstellen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Die Berichtsrunde ist abgeschlossen").is_visible()
    screenshot("berichtsrunde-abgeschlossen")
    assert axe_violations() == []
    page.goto("/rheine/indikatoren/bericht/")
    screenshot("controllingbericht-auswahl")
    assert axe_violations() == []
