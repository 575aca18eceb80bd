"""The public transparency view in the browser, without login, on the demo: axe finds nothing."""

from pathlib import Path

import pytest

from concepts.models import Edition, FieldOfAction
from tests.browser.conftest import SCREENSHOTS

AXE = Path(__file__).resolve().parents[2] / "static/vendor/axe-core/axe.min.js"


def every_axe_violation(page):
    """All WCAG 2.1 A/AA violations of any impact (the shared fixture keeps serious ones)."""
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
           values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
           .map(v => v.id + ' (' + v.impact + '): '
                + v.nodes.map(n => n.target.join(' ')).join(', '))"""
    )


@pytest.fixture
def demo(db, demo_db):
    return Edition.objects.published().get(concept__municipality__slug="rheine")


@pytest.mark.django_db(transaction=True)
def test_public_view_reads_without_login_and_passes_axe(demo, page, screenshot, axe_violations):
    page.goto("/rheine/oeffentlich/")
    assert page.get_by_role("heading", name="Integrationskonzept Rheine", level=1).is_visible()
    assert page.get_by_role("link", name="Abmelden").count() == 0
    screenshot("oeffentlich-start")
    assert axe_violations() == []
    assert every_axe_violation(page) == []

    page.get_by_role("link", name=demo.concept.title).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Handlungsfelder").is_visible()
    assert page.get_by_text("Rheine sagt Willkommen").first.is_visible()
    screenshot("oeffentlich-fassung")
    assert axe_violations() == []
    assert every_axe_violation(page) == []

    field = FieldOfAction.objects.for_edition(demo).order_by("position").first()
    page.get_by_role("link", name=f"{field.position}. {field.title}").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=field.title, level=1).is_visible()
    assert page.locator("svg[role=img]").count() >= 1
    assert page.locator("table.public-values caption").first.is_visible()
    screenshot("oeffentlich-handlungsfeld")
    assert axe_violations() == []
    assert every_axe_violation(page) == []


@pytest.mark.django_db(transaction=True)
def test_public_view_on_a_phone(demo, chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 390, "height": 844}
    )
    phone = context.new_page()
    try:
        phone.goto(f"/rheine/oeffentlich/{demo.pk}/")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        field = FieldOfAction.objects.for_edition(demo).order_by("position").first()
        phone.goto(f"/rheine/oeffentlich/{demo.pk}/handlungsfelder/{field.pk}/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        SCREENSHOTS.mkdir(exist_ok=True)
        phone.screenshot(path=SCREENSHOTS / "oeffentlich-handlungsfeld-mobil.png", full_page=False)
        assert every_axe_violation(phone) == []
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_staff_withdraw_and_publish_with_confirmation(demo, page, login, screenshot):
    login("stabsstelle", "demo-stab-2026")
    page.goto(f"/rheine/konzept/{demo.pk}/")
    panel = page.get_by_role("region", name="Öffentliche Ansicht")
    assert panel.get_by_role("link", name="Öffentliche Ansicht").is_visible()
    screenshot("oeffentlich-fassung-stabsstelle")
    assert every_axe_violation(page) == []

    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    panel.get_by_role("button", name="Veröffentlichung zurücknehmen").click()
    page.wait_for_load_state()
    assert "zurücknehmen?" in questions[0]
    assert page.get_by_text("„2. Fortschreibung“ ist nicht mehr öffentlich").is_visible()
    assert page.request.get(f"/rheine/oeffentlich/{demo.pk}/").status == 404

    page.get_by_role("button", name="Öffentlich zeigen").click()
    page.wait_for_load_state()
    assert "öffentlich zeigen?" in questions[1]
    assert page.get_by_text("„2. Fortschreibung“ ist jetzt öffentlich").is_visible()
    assert page.request.get(f"/rheine/oeffentlich/{demo.pk}/").status == 200
