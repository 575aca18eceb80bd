import pytest

AREAS = ["Übersicht", "Konzept", "Indikatoren", "Beteiligung", "Gremien"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["staff", "member", "council"])
def test_each_role_logs_in_and_sees_the_navigation(
    role, world, page, login, screenshot, axe_violations
):
    username = world.users[role].username
    login(username)
    assert page.url.endswith("/rheine/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for area in AREAS:
        assert nav.get_by_role("link", name=area).is_visible()
    assert page.get_by_text("Angemeldet als").is_visible()
    screenshot(f"start-{role}")
    assert axe_violations() == []
    for area in AREAS[1:]:
        nav.get_by_role("link", name=area).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).is_visible()
        assert nav.get_by_role("link", name=area).get_attribute("aria-current") == "page"
        screenshot(f"{area.lower()}-{role}")
        assert axe_violations() == [], area


@pytest.mark.django_db(transaction=True)
def test_login_page_and_wrong_password(world, page, screenshot, axe_violations):
    page.goto("/konto/login/")
    screenshot("login")
    assert axe_violations() == []
    page.get_by_label("Benutzername").fill("stab")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_text("Bitte Benutzername und Passwort eingeben").is_visible()


@pytest.mark.django_db(transaction=True)
def test_logout(world, page, login):
    login("rat")
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    assert "/konto/login/" in page.url
