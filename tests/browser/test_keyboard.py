"""The main flows with the keyboard alone (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7).

Only page.keyboard moves and acts: Tab, Shift+Tab, Enter, Space and typing. At the key steps
the focused element must be on screen and carry a visible focus indicator.
"""

import contextlib
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from concepts.models import Edition, Measure
from participation.models import Comment, Paper, PaperKind, ReviewRound

# What the test needs to know about the focused element, read from the page.
FOCUSED = """() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return {
        tag: e.tagName.toLowerCase(),
        id: e.id,
        text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim(),
        href: e.getAttribute('href') || '',
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
            ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : '',
        shadow: s.boxShadow !== 'none' ? s.boxShadow : '',
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight
            && r.right > 0 && r.left < innerWidth && s.visibility !== 'hidden',
    };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


ON_SCREEN = """() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
}"""


def assert_focus_visible(page):
    """The focused element is on screen (after the smooth scroll to it) and marked."""
    with contextlib.suppress(PlaywrightTimeout):  # reported just below, with the element
        page.wait_for_function(ON_SCREEN, timeout=3000)
    element = focused(page)
    assert element["onScreen"], f"Fokus außerhalb des sichtbaren Bereichs: {element}"
    assert element["outline"] or element["shadow"], f"Fokus ohne sichtbare Markierung: {element}"
    return element


def tab_to(page, matches, *, limit=600, backwards=False):
    """Press Tab (or Shift+Tab) until the focused element matches; returns it."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError("Mit der Tabulatortaste nicht erreichbar")


def text_is(text):
    return lambda element: element["text"] == text


def text_contains(text):
    return lambda element: text in element["text"]


def href_matches(pattern):
    return lambda element: re.search(pattern, element["href"]) is not None


def activate(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_skip_link_first(page):
    """The first Tab stop is the skip link; Enter moves the focus to the main content."""
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Zum Inhalt springen"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhalt"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def keyboard_login(page, username, password):
    page.goto("/konto/login/")
    assert_skip_link_first(page)
    tab_to(page, lambda e: e["id"] == "id_username", limit=5)
    assert_focus_visible(page)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(password)
    tab_to(page, text_is("Anmelden"), limit=3)
    assert_focus_visible(page)
    activate(page)
    # The redirect keeps the skip link's #inhalt, so the focus starts in the content.
    assert urlsplit(page.url).path == "/rheine/"
    assert page.get_by_text("Angemeldet als").is_visible()


@pytest.fixture
def demo(transactional_db, demo_db):
    return Edition.objects.get(title="3. Fortschreibung")


@pytest.mark.django_db(transaction=True)
def test_log_in_with_the_keyboard_and_skip_to_the_content(demo, page, screenshot):
    keyboard_login(page, "stabsstelle", "demo-stab-2026")
    # On a page with the full header, too, the skip link comes first and leads to <main>.
    page.goto("/rheine/")
    assert_skip_link_first(page)
    # Backwards from the content reaches the main navigation, marked as focused.
    tab_to(page, text_is("Konzept"), backwards=True, limit=30)
    assert_focus_visible(page)
    screenshot("keyboard-focus-navigation")


@pytest.mark.django_db(transaction=True)
def test_edit_a_massnahme_with_the_keyboard(demo, page, screenshot):
    measure = Measure.objects.for_edition(demo).get(title="Digitaler Sprachlerntreff")
    keyboard_login(page, "stabsstelle", "demo-stab-2026")
    tab_to(page, text_is("Konzept"))
    activate(page)
    tab_to(page, text_is("3. Fortschreibung"))
    activate(page)
    tab_to(page, text_contains("Sprachförderung"))
    assert_focus_visible(page)
    activate(page)
    tab_to(page, text_contains("Digitaler Sprachlerntreff"))
    assert_focus_visible(page)
    activate(page)
    assert page.get_by_role("heading", level=1).inner_text().endswith("Digitaler Sprachlerntreff")
    tab_to(page, href_matches(rf"/massnahmen/{measure.pk}/bearbeiten/"))
    assert_focus_visible(page)
    activate(page)
    tab_to(page, lambda e: e["id"] == "id_title", limit=40)
    assert_focus_visible(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("Digitaler Sprachlerntreff in der Stadtbibliothek")
    screenshot("keyboard-measure-form")
    tab_to(page, text_is("Speichern"), limit=80)
    assert_focus_visible(page)
    activate(page)
    measure.refresh_from_db()
    assert measure.title == "Digitaler Sprachlerntreff in der Stadtbibliothek"
    assert page.get_by_text("gespeichert").first.is_visible()


@pytest.mark.django_db(transaction=True)
def test_comment_on_a_paragraph_with_the_keyboard(demo, page, screenshot):
    review_round = ReviewRound.objects.open().get()
    before = Comment.objects.filter(round=review_round, author__username="mitglied").count()
    keyboard_login(page, "mitglied", "demo-ag-2026")
    # The start page lists the open round of the member's working group.
    tab_to(page, href_matches(rf"/rueckmeldung/{review_round.pk}/$"))
    assert_focus_visible(page)
    activate(page)
    tab_to(page, text_is("Absatz 2 kommentieren"))
    assert_focus_visible(page)
    page.keyboard.press("Enter")  # opens the <details>
    tab_to(page, lambda e: e["id"] == "kommentar-absatz-2", limit=3)
    assert_focus_visible(page)
    page.keyboard.type("Die Wartezeit ist inzwischen kürzer; bitte aktuelle Zahlen nennen.")
    tab_to(page, text_is("Kommentar senden"), limit=3)
    assert_focus_visible(page)
    screenshot("keyboard-comment-form")
    page.keyboard.press("Space")  # posted in place (htmx): no navigation
    expect(page.locator("#live-status")).to_have_text("Ihr Kommentar ist gespeichert.")
    # the focus is on the new comment, so the keyboard goes on from there
    expect(page.locator("li[autofocus]")).to_be_focused()
    comment = Comment.objects.filter(round=review_round, author__username="mitglied").latest("pk")
    assert Comment.objects.filter(round=review_round, author__username="mitglied").count() == (
        before + 1
    )
    assert comment.paragraph == 2
    assert comment.text.startswith("Die Wartezeit ist inzwischen kürzer")


@pytest.mark.django_db(transaction=True)
def test_download_the_beschlussvorlage_pdf_with_the_keyboard(demo, page):
    paper = (
        Paper.objects.filter(municipality__slug="rheine", kind=PaperKind.RESOLUTION)
        .order_by("pk")
        .first()
    )
    keyboard_login(page, "ratsmitglied", "demo-rat-2026")
    tab_to(page, text_is("Gremien"))
    activate(page)
    link = tab_to(page, text_contains(f"{paper.number}: {paper.subject}"))
    assert_focus_visible(page)
    activate(page)
    assert paper.subject in page.get_by_role("heading", level=1).inner_text()
    tab_to(page, text_contains("Vorlage (PDF)"))
    assert_focus_visible(page)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert link["href"].endswith(f"/vorlagen/{paper.pk}/")
