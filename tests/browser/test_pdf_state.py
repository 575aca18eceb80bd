"""While a newer version of a PDF renders, the page with its download button says so, with the
progress, and links a page that shows the progress and the previous version (issue 17)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from integration_site.background.models import StoredPdf
from tests import factories


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_the_edition_page_shows_the_progress_beside_the_download(
    width, world, page, login, screenshot, axe_violations
):
    factories.build_concept(world.edition)
    page.set_viewport_size({"width": width, "height": 900})
    login("stab")
    detail = reverse(
        "concepts:edition_detail", kwargs={"town": "rheine", "edition": world.edition.pk}
    )
    pdf_url = reverse(
        "concepts:edition_pdf", kwargs={"town": "rheine", "edition": world.edition.pk}
    )
    # The tests' immediate backend renders the first download in the request.
    assert page.request.get(pdf_url).headers["content-type"] == "application/pdf"
    StoredPdf.objects.update(state=StoredPdf.State.RUNNING, wanted="neuer-stand", progress=40)

    page.goto(detail)
    status = page.get_by_role("status").filter(has_text="Eine neue Fassung wird gerade erstellt")
    assert status.is_visible()
    assert "(40 %)" in status.inner_text() and "vorherige Fassung vom" in status.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"pdf-status-fassung-{width}")
    assert axe_violations() == []

    with page.expect_navigation():
        status.get_by_role("link", name="Fortschritt ansehen").click()
    assert page.get_by_role("heading", name="Das PDF wird erstellt").is_visible()
    assert page.get_by_role("heading", name="Vorherige Version").is_visible()
    assert page.get_by_role("progressbar").get_attribute("value") == "40"
    # No page reload (a timing barrier): htmx fetches the progress every 3 s and swaps it in.
    assert page.locator("noscript").first.inner_html().startswith('<meta http-equiv="refresh"')
    StoredPdf.objects.update(progress=70)
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "70", timeout=10_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"pdf-warteseite-{width}")
    assert axe_violations() == []
