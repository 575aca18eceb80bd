"""The English interface: a person of each role switches the language in the header and visits
one page per URL name of the demo town (pages the role may not see included: their error page
must be English too); no page fails and the interface shows no German words.

The demo's content stays German (content is as written), so only the interface is read:
buttons, labels, table headings, captions, navigation and the switcher's neighbours.
"""

import re
import time

import pytest

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_accessibility import (
    ROLES,
    SKIPPED_PREFIXES,
    SKIPPED_SUFFIXES,
    demo_objects,
    log_in,
    seed_urls,
)

# Words of the German interface that must not appear in the English one: verbs of buttons and
# links, which the demo's German content (titles in labels and headings) does not use.
GERMAN_UI_WORDS = (
    "Speichern",
    "Abbrechen",
    "Zurück",
    "Bearbeiten",
    "Löschen",
    "Abmelden",
    "Anlegen",
    "Hinzufügen",
    "Hochladen",
    "Filtern",
)
INTERFACE_TEXT = """() => Array.from(document.querySelectorAll(
    'button, label, th, caption, legend, nav a, a.btn, .breadcrumb-item:first-child, summary'),
  e => e.innerText).join('\\n')"""
GERMAN = re.compile(r"\b(" + "|".join(GERMAN_UI_WORDS) + r")\b")


@pytest.mark.django_db(transaction=True)
@pytest.mark.crawl
@pytest.mark.parametrize("role", ["member", "council", "staff"])
def test_crawl_in_english_shows_no_german_interface(chromium, live_server, demo_db, role):
    started = time.monotonic()
    demo = demo_objects()
    context = chromium.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    log_in(page, *ROLES[role])
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"english-start-{role}.png", full_page=True)

    failures, german, visited = [], {}, 0
    for name, path in seed_urls(demo).items():
        if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
            continue
        response = page.goto(path)
        if response is None:
            continue
        if response.status >= 500:
            failures.append(f"{name} {path}: {response.status}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        if page.locator("html").get_attribute("lang") != "en":
            failures.append(f"{name} {path}: html lang ist nicht en")
        found = sorted(set(GERMAN.findall(page.evaluate(INTERFACE_TEXT))))
        if found:
            german[f"{name} {path}"] = found
    context.close()

    assert visited > 50
    assert not failures, "\n".join(failures)
    assert not german, "Deutsche Wörter in der englischen Oberfläche:\n" + "\n".join(
        f"{page}: {words}" for page, words in german.items()
    )
    print(f"{role}: {visited} Seiten auf Englisch in {time.monotonic() - started:.0f} s")  # noqa: T201
