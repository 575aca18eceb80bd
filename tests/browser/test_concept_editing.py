"""The Stabsstelle edits the concept in the browser and sees it on the whole-concept page."""

import re

import pytest
from playwright.sync_api import expect

from concepts.demo import rheine as demo
from concepts.models import Edition, Measure, Municipality, OperationalGoal
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_staff_creates_a_handlungsziel_with_a_massnahme_and_sees_it_in_the_tree(
    world, page, login, screenshot, axe_violations
):
    field = factories.FieldOfActionFactory(
        edition=world.edition, title="Sprachförderung", position=1
    )
    factories.StrategicGoalFactory(
        field_of_action=field, position=1, title="Alle haben Zugang zu Sprachkursen."
    )
    factories.ActorFactory(municipality=world.town, name="Volkshochschule Rheine")
    login("stab")
    page.goto(f"/rheine/konzept/{world.edition.pk}/")
    page.get_by_role("link", name="Gesamtansicht: Ziele und Maßnahmen").click()
    page.get_by_role("link", name="+ Handlungsziel zu Leitziel 1.1").click()
    page.locator("#id_title").fill("Wartezeiten sinken unter drei Monate.")
    screenshot("concept-edit-form-handlungsziel")
    assert axe_violations() == []
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "/gesamtansicht/" in page.url
    assert page.get_by_text(
        "Handlungsziel „Wartezeiten sinken unter drei Monate.“ angelegt."
    ).is_visible()

    page.get_by_role("link", name="+ Maßnahme zu Handlungsziel 1.1.1").click()
    page.locator("#id_title").fill("Integrationskurse mit Kinderbetreuung")
    page.locator("#id_status").select_option(label="laufend")
    page.locator("#id_staff_fte").fill("0,5")
    screenshot("concept-edit-form-massnahme")
    assert axe_violations() == []
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "/gesamtansicht/" in page.url
    goal = page.locator("details.tree-goal").filter(has_text="Leitziel 1.1")
    assert goal.get_by_text("Handlungsziel 1.1.1", exact=True).is_visible()
    assert goal.get_by_role("link", name="Integrationskurse mit Kinderbetreuung").is_visible()
    assert goal.get_by_text("1 Maßnahmen: 1 laufend").first.is_visible()

    # Add the Träger from the measure page; the gap view has nothing left to fix for it.
    goal.get_by_role("link", name="Integrationskurse mit Kinderbetreuung").click()
    page.get_by_role("link", name="+ Träger/Akteur").click()
    page.locator("#id_actor").select_option(label="Volkshochschule Rheine")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("listitem")
        .filter(has_text="Volkshochschule Rheine – federführend")
        .is_visible()
    )
    measure = Measure.objects.get(title="Integrationskurse mit Kinderbetreuung")
    assert list(measure.operational_goals.all()) == [OperationalGoal.objects.get()]
    assert str(measure.staff_fte) == "0.50"


@pytest.mark.django_db(transaction=True)
def test_demo_concept_pages(page, login, screenshot, axe_violations):
    demo.load()
    town = Municipality.objects.get(slug=demo.TOWN_SLUG)
    edition = Edition.objects.for_municipality(town).get(status=Edition.Status.DRAFT)
    base = f"/{town.slug}/konzept/{edition.pk}"
    login("stabsstelle", "demo-stab-2026")

    page.goto(f"{base}/")
    screenshot("concept-edition")
    assert axe_violations() == []

    page.goto(f"{base}/gesamtansicht/")
    assert page.get_by_role("heading", name="2. Kita, Schule, Bildung").is_visible()
    screenshot("concept-tree")
    assert axe_violations() == []

    page.get_by_label("Status").select_option(label="laufend")
    page.get_by_role("button", name="Anwenden").click()
    # filtered in place (htmx); the address follows, so it can be shared
    expect(page).to_have_url(re.compile(r"status=running"))
    screenshot("concept-tree-filtered")

    field = edition.fields_of_action.get(short_title="Bildung")
    page.goto(f"{base}/handlungsfelder/{field.pk}/")
    screenshot("concept-field")
    assert axe_violations() == []

    measure = Measure.objects.for_edition(edition).get(
        title="Kita-Einstieg: Brücken bauen in frühe Bildung"
    )
    page.goto(f"{base}/massnahmen/{measure.pk}/")
    assert page.get_by_text("bedarf Ratsbeschluss").first.is_visible()
    screenshot("concept-measure")
    assert axe_violations() == []

    page.get_by_role("link", name="Bearbeiten").first.click()
    screenshot("concept-measure-edit")
    assert axe_violations() == []

    page.goto(f"{base}/handlungsbedarf/")
    assert page.get_by_role("heading", name="Maßnahmen ohne Träger").is_visible()
    screenshot("concept-gaps")
    assert axe_violations() == []

    page.goto(f"{base}/handlungsfelder/{field.pk}/loeschen/")
    assert page.get_by_text("Mit diesem Element wird auch gelöscht").is_visible()
    screenshot("concept-delete-field")
    assert axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_edit_is_refused_in_the_browser(world, page, login, screenshot):
    field = factories.FieldOfActionFactory(edition=world.edition, title="Wohnen", position=1)
    login("stab")
    page.goto(f"/rheine/konzept/{world.edition.pk}/handlungsfelder/{field.pk}/bearbeiten/")
    # Meanwhile somebody else saves the field.
    from concepts.services.elements import element_save, element_version

    field.title = "Wohnen und Unterbringung"
    element_save(
        obj=field,
        edition=world.edition,
        version=element_version(type(field).objects.get(pk=field.pk)),
    )
    page.locator("#id_title").fill("Wohnen im Quartier")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text("Inzwischen hat jemand anderes gespeichert").is_visible()
    assert page.get_by_role("cell", name="Wohnen und Unterbringung").is_visible()
    screenshot("concept-edit-conflict")
    field.refresh_from_db()
    assert field.title == "Wohnen und Unterbringung"
