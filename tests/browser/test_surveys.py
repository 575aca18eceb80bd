"""Surveys in the browser: the Stabsstelle builds one; a contact person answers it on a phone
with the keyboard only (axe finds nothing on the start page, a question page and the error
summary, which takes the focus)."""

import pytest

from participation.models import Question, Response, Survey
from participation.surveys import services
from tests import factories
from tests.participation.surveys.conftest import build_survey


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.id || '') + '|' + (e.getAttribute('name') || '') + '|' + (e.innerText || '') }"
    )


def tab_to(page, matches, limit=120):
    """Press Tab until the focused element's "id|name|text" satisfies `matches`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if matches(focused(page)):
            return
    raise AssertionError(f"Mit Tab nicht erreicht; zuletzt: {focused(page)}")


@pytest.mark.django_db(transaction=True)
def test_staff_build_a_survey_and_preview_it(world, page, login, screenshot, axe_violations):
    factories.FieldOfActionFactory(edition=world.edition, title="Sprache", position=1)
    login("stab")
    page.goto("/rheine/beteiligung/")
    page.get_by_role("link", name="Umfragen").first.click()
    page.get_by_role("link", name="Neue Umfrage").click()
    page.get_by_label("Titel").fill("Einschätzung der aktuellen Bedarfslage")
    page.get_by_label("Fassung des Konzepts").select_option(index=1)
    page.get_by_label("Beginn").fill("2026-01-01")
    page.locator("#id_closes_on").fill("2099-12-31")
    page.get_by_label("Datenschutzhinweis (Markdown)").fill("Die Stadt fragt zur Fortschreibung.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/umfragen/*/")
    survey = Survey.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == survey.title
    page.locator("#id_title").fill("Ihre Einrichtung")
    page.get_by_role("button", name="Abschnitt anlegen").click()
    page.get_by_role("link", name="Frage hinzufügen").click()
    page.locator("#id_kind").select_option(label="Einfachauswahl")
    page.locator("#id_text").fill("Arbeiten Sie mit Geflüchteten?")
    page.get_by_label("Antwortmöglichkeiten").fill("ja\nnein")
    page.get_by_label("Pflichtfrage").check()
    page.get_by_role("button", name="Frage speichern").click()
    page.wait_for_url("**#frage-*")
    question = Question.objects.get()
    assert question.option_list == ["ja", "nein"] and question.required
    screenshot("survey-build")
    assert axe_violations() == []
    page.get_by_role("link", name="Vorschau").click()
    page.get_by_role("link", name="Einverstanden – zur ersten Frage").click()
    assert page.get_by_role("group", name="1. Arbeiten Sie mit Geflüchteten?").is_visible()
    screenshot("survey-preview")
    assert axe_violations() == []
    assert Response.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_contact_person_answers_on_a_phone_with_the_keyboard_only(
    world, page, screenshot, axe_violations
):
    page.set_viewport_size({"width": 390, "height": 844})
    actor = factories.ActorFactory(municipality=world.town, name="Caritas", kind="welfare")
    person = factories.ContactPersonFactory(actor=actor, email="a@caritas.example")
    survey = build_survey(world)
    (link,) = services.survey_invite(survey=survey, contact_persons=[person], user=None)
    q = survey.q

    page.goto(f"/rheine/beteiligung/umfrage/{link.make_token()}/")
    assert page.get_by_role("heading", name="Datenschutzhinweis").is_visible()
    screenshot("survey-answer-start")
    assert axe_violations() == []
    tab_to(page, lambda f: "Einverstanden" in f)
    page.keyboard.press("Enter")
    page.wait_for_url("**?seite=1")

    # Submitting the page without its required answer: the error summary takes the focus.
    tab_to(page, lambda f: f.split("|")[1] == "weiter")
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    page.wait_for_function("document.activeElement.id === 'error-summary'", timeout=5000)
    screenshot("survey-answer-errors")
    assert axe_violations() == []
    # The summary's link leads to the question's first option.
    tab_to(page, lambda f: "Arbeiten Sie mit Geflüchteten?" in f)
    page.keyboard.press("Enter")
    assert focused(page).startswith(f"id_q{q['single'].pk}_0|")
    page.keyboard.press("Space")  # chooses "ja"
    tab_to(page, lambda f: f.split("|")[1] == f"q{q['scale'].pk}")
    page.keyboard.press("ArrowRight")  # from the focused 1 to 2, which is chosen
    tab_to(page, lambda f: f.split("|")[1] == f"q{q['number'].pk}")
    page.keyboard.type("12")
    tab_to(page, lambda f: f.split("|")[1] == "weiter")
    page.keyboard.press("Enter")
    page.wait_for_url("**?seite=2*")
    assert page.get_by_role("group", name="Was fehlt in der Stadt?").count() == 0
    assert page.get_by_label("Was fehlt in der Stadt?").is_visible()  # condition "ja" matched
    screenshot("survey-answer-page-2")
    assert axe_violations() == []
    tab_to(page, lambda f: f.split("|")[1] == f"q{q['long'].pk}")
    page.keyboard.type("Mehr Sprachkurse mit Kinderbetreuung.")
    tab_to(page, lambda f: f.split("|")[1] == "absenden")
    page.keyboard.press("Enter")
    page.wait_for_url("**fertig=1*")
    assert page.get_by_role("heading", level=1).inner_text() == "Vielen Dank für Ihre Antworten!"
    response = Response.objects.get()
    assert response.submitted_at is not None
    values = dict(response.answers.values_list("question_id", "value"))
    assert values[q["single"].pk] == {"choice": "ja", "other": ""}
    assert values[q["scale"].pk] == 2 and values[q["number"].pk] == 12
    assert values[q["long"].pk] == "Mehr Sprachkurse mit Kinderbetreuung."


@pytest.mark.django_db(transaction=True)
def test_staff_reorder_and_delete_sections_with_the_keyboard_only(
    world, page, login, screenshot, axe_violations
):
    survey = build_survey(world)
    last = services.section_add(survey=survey, title="Zum Schluss")
    Question.objects.create(section=last, position=1, kind="number", text="Wie alt sind Sie?")
    login("stab")
    page.goto(f"/rheine/beteiligung/umfragen/{survey.pk}/")
    assert axe_violations() == []

    # "nach oben" is a plain button: Tab to it, Enter, and the page comes back at the section.
    tab_to(page, lambda f: "nach oben" in f and "Zum Schluss" in f)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#abschnitt-{last.pk}")
    titles = list(survey.sections.order_by("position").values_list("title", flat=True))
    assert titles == ["Ihre Einrichtung", "Zum Schluss", "Bedarfe"]
    assert "Seite 2: Zum Schluss" in page.locator(f"#abschnitt-{last.pk}").inner_text()
    screenshot("survey-sections-moved")

    tab_to(page, lambda f: "Abschnitt löschen" in f and "Zum Schluss" in f)
    page.keyboard.press("Enter")
    page.wait_for_url("**/loeschen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Abschnitt „Zum Schluss“ löschen?"
    proposed = page.get_by_label("verschieben an das Ende von „Ihre Einrichtung“")
    assert proposed.is_checked()
    screenshot("survey-section-delete")
    assert axe_violations() == []
    tab_to(page, lambda f: f.endswith("|Abschnitt löschen"))
    page.keyboard.press("Enter")
    page.wait_for_url("**#aufbau")
    assert "seine Frage steht jetzt am Ende von „Ihre Einrichtung“" in page.content()
    moved = Question.objects.get(text="Wie alt sind Sie?")
    assert moved.section_id == survey.section_one.pk
    assert not survey.sections.filter(pk=last.pk).exists()
