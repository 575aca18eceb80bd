"""The German error pages as a person sees them: layout, way back, no CSP violation, WCAG."""

import pytest


def refusals(page):
    """Chromium's console messages about anything the CSP refused, collected from now on."""
    found = []
    page.on(
        "console",
        lambda m: (
            found.append(m.text)
            if "Content Security Policy" in m.text or m.text.startswith("Refused to")
            else None
        ),
    )
    return found


@pytest.mark.django_db(transaction=True)
def test_member_on_a_staff_page_sees_the_german_403_page(
    world, page, login, screenshot, axe_violations
):
    console = refusals(page)
    login(world.users["member"].username)
    response = page.goto("/rheine/indikatoren/berichtsrunden/")
    page.wait_for_load_state("load")
    assert response.status == 403
    screenshot("fehler-403")
    assert page.get_by_role("heading", level=1, name="Kein Zugriff").is_visible()
    assert page.get_by_role("navigation", name="Hauptnavigation").is_visible()
    assert console == []
    assert axe_violations() == []
    page.get_by_role("link", name="Zur Startseite").click()
    page.wait_for_load_state()
    assert page.url.endswith("/rheine/")


@pytest.mark.django_db(transaction=True)
def test_unknown_address_shows_the_german_404_page(world, page, screenshot, axe_violations):
    console = refusals(page)
    response = page.goto("/rheine/gibt-es-nicht/")
    page.wait_for_load_state("load")
    assert response.status == 404
    screenshot("fehler-404")
    assert page.get_by_role("heading", level=1, name="Seite nicht gefunden").is_visible()
    assert console == []
    assert axe_violations() == []
