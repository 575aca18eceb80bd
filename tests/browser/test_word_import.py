"""The Word import preview in the browser: axe-clean, a correction by keyboard updates the tree
in place (no reload), keeps the focus and is announced; the import lands as a new draft."""

import pytest

from concepts.models import Edition
from tests import factories
from tests.concepts.word import bad_files, shapes


@pytest.mark.django_db(transaction=True)
def test_preview_correct_by_keyboard_and_import(page, login, screenshot, axe_violations):
    world = factories.build_world()
    login(world.users["staff"].username)
    page.goto("/rheine/konzept/word-vorlage/")
    assert page.get_by_role("heading", name="Word-Vorlage der Kommune").is_visible()
    assert axe_violations() == []
    page.goto("/rheine/konzept/import/word/")
    assert axe_violations() == []
    page.get_by_label("Word-Datei (.docx)").set_input_files(
        files=[
            {
                "name": "konzept.docx",
                "mimeType": "application/octet-stream",
                "buffer": shapes.keywords_only(),
            }
        ]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschau anzeigen").click()
    assert page.get_by_role("heading", name="Vorschau des Word-Imports").is_visible()
    tree = page.locator(".word-tree")
    assert "Zusammenleben" in tree.inner_text()
    screenshot("word-import-preview")
    assert axe_violations() == []

    # Keyboard only: the role of line 4 ("Zusammenleben", a field) → Unterthema for the style.
    page.evaluate("window.notReloaded = true")
    role = page.get_by_label("Rolle von Zeile 4")
    role.focus()
    role.select_option("sub_theme")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # "alle Zeilen dieser Formatvorlage"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "rolle-setzen-3"
    page.keyboard.press("Enter")
    page.locator("#live-status").filter(has_text="Formatvorlage").wait_for()
    assert (
        "Alle Zeilen der Formatvorlage „Heading 2“: Unterthema."
        in page.locator("#live-status").inner_text()
    )
    assert page.evaluate("window.notReloaded") is True  # the part was swapped, no reload
    assert page.evaluate("document.activeElement.id") == "rolle-setzen-3"
    assert "Handlungsfeld" not in tree.inner_text()
    # without a field the sub-themes have nowhere to go: the preview says so at the line
    assert "Zeile 4 („Zusammenleben“): Ein Unterthema steht vor dem ersten Handlungsfeld" in (
        page.get_by_role("heading", name="Noch zu klären").locator("..").inner_text()
    )
    screenshot("word-import-preview-corrected")
    assert axe_violations() == []

    # Back to fields, then import.
    page.get_by_label("Rolle von Zeile 4").select_option("field")
    page.locator("#umfang-3").select_option("style")
    page.locator("#rolle-setzen-3").click()
    page.locator("#live-status").filter(has_text="Handlungsfeld").wait_for()
    page.get_by_label("Titel der Fassung").fill("Fassung aus Word")
    with page.expect_navigation():
        page.get_by_role("button", name="Als neuen Entwurf importieren").click()
    assert page.get_by_text(
        "„Fassung aus Word“ ist als neuer Entwurf aus Word importiert."
    ).is_visible()
    edition = Edition.objects.get(title="Fassung aus Word")
    assert edition.status == Edition.Status.DRAFT
    assert [f.title for f in edition.fields_of_action.order_by("position")] == [
        "Zusammenleben",
        "Gesundheit",
    ]


@pytest.mark.django_db(transaction=True)
def test_unsuitable_files_are_refused_at_the_field(page, login, axe_violations):
    """Each unsuitable file (tests/concepts/word/bad_files.py) comes back to the upload form
    with its German message at the file field, announced with it; no preview, nothing saved."""
    world = factories.build_world()
    login(world.users["staff"].username)
    before = Edition.objects.count()
    for name, maker, message in bad_files.CASES:
        if name == "doc" and bad_files.SOFFICE is None:
            continue
        if name == "verschluesselt":
            pytest.importorskip("msoffcrypto")
        page.goto("/rheine/konzept/import/word/")
        field = page.get_by_label("Word-Datei (.docx)")
        field.set_input_files(
            files=[
                {"name": "konzept.docx", "mimeType": "application/octet-stream", "buffer": maker()}
            ]
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Vorschau anzeigen").click()
        assert page.get_by_role("heading", name="Vorschau des Word-Imports").count() == 0, name
        field = page.get_by_label("Word-Datei (.docx)")
        assert field.get_attribute("aria-invalid") == "true", name
        described = field.get_attribute("aria-describedby") or ""
        errors = " ".join(
            page.locator(f"#{ident}").inner_text() for ident in described.split() if ident
        )
        assert message in errors, name
    assert axe_violations() == []
    assert Edition.objects.count() == before
