"""The Stabsstelle enters a measure's Träger as rows of the measure form, desktop and phone."""

import pytest

from concepts.models import Measure, MeasureActor
from tests import factories

ONE_LEAD = (
    "Eine Maßnahme hat höchstens einen federführenden Träger; "
    "weitere bitte als „beteiligt“ eintragen."
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_staff_enters_two_traeger_in_the_measure_form(
    width, world, page, login, screenshot, axe_violations
):
    field = factories.FieldOfActionFactory(edition=world.edition, title="Sprache", position=1)
    measure = factories.MeasureFactory(
        field_of_action=field, position=1, title="Sprachcafé in der Stadtbibliothek"
    )
    factories.ActorFactory(municipality=world.town, name="Volkshochschule Rheine")
    page.set_viewport_size({"width": width, "height": 900})
    login("stab")
    page.goto(f"/rheine/konzept/{world.edition.pk}/massnahmen/{measure.pk}/bearbeiten/")
    rows = page.locator(".measure-actor-row")
    assert rows.count() == 2
    rows.nth(0).get_by_label("Akteur", exact=True).select_option(label="Volkshochschule Rheine")
    rows.nth(1).get_by_label("oder neuer Akteur").fill("Stadtbibliothek Rheine")
    rows.nth(1).get_by_label("Rolle").select_option(label="federführend")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations() == []

    # Two federführend: refused at the row and above the form, nothing saved.
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.locator(".alert-danger, .alert-block").get_by_text(ONE_LEAD).first.is_visible()
    assert rows.nth(1).get_by_text(ONE_LEAD).is_visible()
    assert not MeasureActor.objects.filter(measure=measure).exists()
    screenshot(f"traeger-refused-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    rows.nth(1).get_by_label("Rolle").select_option(label="beteiligt")
    screenshot(f"traeger-form-{width}")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert "gespeichert" in page.content()
    measure = Measure.objects.get(pk=measure.pk)
    assert sorted((i.actor.name, i.role) for i in measure.involvements.all()) == [
        ("Stadtbibliothek Rheine", "partner"),
        ("Volkshochschule Rheine", "lead"),
    ]
    # The form now shows both rows and two empty ones, the empty ones preset to "beteiligt".
    page.goto(f"/rheine/konzept/{world.edition.pk}/massnahmen/{measure.pk}/bearbeiten/")
    assert rows.count() == 4
    assert rows.nth(2).get_by_label("Rolle").input_value() == "partner"
    screenshot(f"traeger-saved-{width}")
