"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Never downloads a browser. Without /usr/bin/chromium the tests are skipped, unless
REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is an error.
Screenshots go to screenshots/ (git-ignored) so that a person can look at them.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} fehlt: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} fehlt (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def login(page):
    def do(username, password="geheim-und-lang-2026"):
        page.goto("/konto/login/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(password)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()

    return do


AXE = Path(__file__).resolve().parents[2] / "static/vendor/axe-core/axe.min.js"
# WCAG 2.1 A and AA. A finding of any impact fails a test, minor ones too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_violations(page):
    """The WCAG 2.1 A/AA violations axe-core finds on the current page, of every impact."""

    def run():
        page.evaluate(AXE.read_text())
        return page.evaluate(
            """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
               resultTypes: ['violations']})).violations
               .map(v => v.id + ' (' + v.impact + '): ' +
                    v.nodes.map(n => n.target.join(' ')).join(', '))""",
            AXE_TAGS,
        )

    return run
