"""In place with htmx, under the site's strict CSP: reordering by keyboard keeps the focus and
announces the position, the filter replaces the results and keeps the address shareable."""

import pytest
from playwright.sync_api import expect

from concepts.models import StrategicGoal
from tests import factories

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));
"""


@pytest.fixture
def concept(world):
    field = factories.FieldOfActionFactory(edition=world.edition, title="Sprache", position=1)
    first = factories.StrategicGoalFactory(
        field_of_action=field, position=1, title="Alle finden einen Sprachkurs"
    )
    second = factories.StrategicGoalFactory(
        field_of_action=field, position=2, title="Alle Kinder sprechen Deutsch"
    )
    other = factories.FieldOfActionFactory(edition=world.edition, title="Wohnen", position=2)
    factories.StrategicGoalFactory(field_of_action=other, position=1, title="Niemand ist obdachlos")
    world.other_field = other
    return world, field, first, second


def goal_titles(page):
    return page.locator("details.tree-goal .tree-title").all_inner_texts()


@pytest.mark.django_db(transaction=True)
def test_staff_reorders_goals_by_keyboard_without_a_reload(concept, page, login):
    world, field, first, second = concept
    page.add_init_script(WATCH_CSP)
    login("stab")
    page.goto(f"/rheine/konzept/{world.edition.pk}/gesamtansicht/")
    page.evaluate("window.__same_page = true")  # gone if the browser loads a new page

    button = page.locator(f"#verschieben-leitziele-{second.pk}-up")
    button.focus()
    page.keyboard.press("Enter")
    live = page.locator("#live-status")
    expect(live).to_have_text(
        "Leitziel „Alle Kinder sprechen Deutsch“ steht jetzt an Position 1 von 2."
    )
    assert page.evaluate("window.__same_page") is True
    assert goal_titles(page)[:2] == ["Alle Kinder sprechen Deutsch", "Alle finden einen Sprachkurs"]
    assert page.evaluate("document.activeElement.id") == f"verschieben-leitziele-{second.pk}-up"
    assert [g.pk for g in StrategicGoal.objects.filter(field_of_action=field)] == [
        second.pk,
        first.pk,
    ]

    # and back down with the keyboard alone: Tab to the down button, Space
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"verschieben-leitziele-{second.pk}-down"
    page.keyboard.press("Space")
    expect(live).to_have_text(
        "Leitziel „Alle Kinder sprechen Deutsch“ steht jetzt an Position 2 von 2."
    )
    assert goal_titles(page)[:2] == ["Alle finden einen Sprachkurs", "Alle Kinder sprechen Deutsch"]
    assert page.evaluate("document.activeElement.id") == f"verschieben-leitziele-{second.pk}-down"
    assert page.evaluate("window.__same_page") is True
    assert page.evaluate("window.__csp") == []


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_move_reloads_at_the_element(concept, chromium, live_server):
    world, field, first, second = concept
    context = chromium.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/konto/login/")
    page.get_by_label("Benutzername").fill("stab")
    page.get_by_label("Passwort").fill("geheim-und-lang-2026")
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"/rheine/konzept/{world.edition.pk}/gesamtansicht/")
    page.locator(f"#verschieben-leitziele-{second.pk}-up").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/gesamtansicht/#verschieben-leitziele-{second.pk}")
    assert goal_titles(page)[:2] == ["Alle Kinder sprechen Deutsch", "Alle finden einen Sprachkurs"]
    assert page.get_by_text("steht jetzt an Position 1 von 2.").is_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_filter_replaces_the_results_and_keeps_the_address(concept, page, login):
    world, field, first, second = concept
    page.add_init_script(WATCH_CSP)
    login("stab")
    page.goto(f"/rheine/konzept/{world.edition.pk}/gesamtansicht/")
    page.evaluate("window.__same_page = true")
    page.get_by_label("Handlungsfeld").select_option(label="Wohnen")
    page.get_by_role("button", name="Anwenden").click()
    expect(page.locator("#gesamtansicht-ergebnis")).not_to_contain_text("Sprachkurs")
    expect(page.locator("#gesamtansicht-ergebnis")).to_contain_text("Niemand ist obdachlos")
    assert page.evaluate("window.__same_page") is True
    assert page.url.endswith(
        f"/gesamtansicht/?field={world.other_field.pk}&status=&actor=&theme=&year="
    )
    expect(page.locator("#gesamtansicht-treffer")).to_contain_text("Gefiltert:")
    expect(page.get_by_role("link", name="Filter zurücksetzen")).to_be_visible()
    assert page.evaluate("window.__csp") == []

    # back: the unfiltered page again, loaded from the server (htmx keeps no page copies)
    filtered = page.url
    page.go_back()
    expect(page.locator("#gesamtansicht-ergebnis")).to_contain_text("Sprachkurs")
    assert page.evaluate("localStorage.getItem('htmx-history-cache')") is None

    # the address is shareable: loading it shows the same results as a whole page
    page.goto(filtered)
    expect(page.locator("#gesamtansicht-ergebnis")).not_to_contain_text("Sprachkurs")
    expect(page.get_by_label("Handlungsfeld")).to_have_value(str(world.other_field.pk))


@pytest.fixture
def review_round(world):
    import datetime

    from django.utils import timezone

    from participation.models import GroupMembership, WorkingGroup
    from participation.review import services

    group = WorkingGroup.objects.create(municipality=world.town, name="AG Sprache")
    GroupMembership.objects.create(group=group, user=world.users["member"])
    chapter = factories.ChapterFactory(
        edition=world.edition,
        title="Sprachförderung",
        body="Sprache ist der Schlüssel.\n\nDie Stadt baut Sprachcafés aus.",
    )
    return services.review_round_open(
        chapter=chapter,
        groups=[group],
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        user=world.users["staff"],
    )


@pytest.mark.django_db(transaction=True)
def test_member_comments_in_place_and_sees_errors_in_place(review_round, page, login):
    from participation.models import Comment

    page.add_init_script(WATCH_CSP)
    login("mitglied")
    page.goto(f"/rheine/beteiligung/rueckmeldung/{review_round.pk}/")
    page.evaluate("window.__same_page = true")

    # only spaces: the browser lets it through, the server refuses it in place
    page.get_by_text("Absatz 2 kommentieren").click()
    field = page.get_by_label("Ihr Kommentar zu Absatz 2")
    field.fill("   ")
    page.get_by_role("button", name="Kommentar senden").first.click()
    summary = page.locator("#kommentar-fehler")
    expect(summary).to_contain_text("Bitte einen Kommentar eingeben.")
    expect(summary).to_be_focused()
    assert not Comment.objects.exists()

    field = page.get_by_label("Ihr Kommentar zu Absatz 2")
    field.fill("Sprachcafés auch in **Dorenkamp**.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Kommentar senden"
    area = page.locator("#kommentare-absatz-2")
    expect(area.locator("article.comment")).to_contain_text("Sprachcafés auch in Dorenkamp.")
    comment = Comment.objects.get()
    expect(page.locator(f"#kommentar-{comment.pk}")).to_be_focused()
    expect(page.locator("#live-status")).to_have_text("Ihr Kommentar ist gespeichert.")
    expect(area.locator("#kommentar-fehler")).to_have_count(0)
    expect(page.get_by_label("Ihr Kommentar zu Absatz 2")).to_have_value("")
    assert comment.paragraph == 2
    assert page.evaluate("window.__same_page") is True
    assert page.evaluate("window.__csp") == []
