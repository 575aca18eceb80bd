"""The review loop in the browser: the Stabsstelle opens a round, a member comments on
paragraph 2, the Stabsstelle marks it übernommen with an answer, the member sees the answer."""

import pytest
from playwright.sync_api import expect

from participation.models import Comment, GroupMembership, ReviewRound, WorkingGroup
from tests import factories

BODY = (
    "Deutschkenntnisse sind der Schlüssel zu Bildung, Arbeit und Teilhabe.\n\n"
    "Die Wartezeit auf einen Integrationskurs lag 2016 bei bis zu sechs Monaten.\n\n"
    "Die Volkshochschule richtet zusätzliche Kurse mit Kinderbetreuung ein."
)


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


@pytest.mark.django_db(transaction=True)
def test_staff_opens_round_member_comments_staff_accepts_member_sees_answer(
    world, page, login, screenshot, axe_violations
):
    group = WorkingGroup.objects.create(municipality=world.town, name="AG Sprache und Bildung")
    GroupMembership.objects.create(group=group, user=world.users["member"])
    factories.ChapterFactory(edition=world.edition, title="Sprachförderung", body=BODY)

    login("stab")
    page.goto("/rheine/beteiligung/rueckmeldung/neu/")
    page.get_by_label("Kapitel").select_option(label="Sprachförderung")
    page.get_by_label("AG Sprache und Bildung").check()
    page.get_by_label("Frist").fill("2099-12-31")
    screenshot("review-round-form")
    assert axe_violations() == []
    page.get_by_role("button", name="Prüfrunde eröffnen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Prüfrunde: Sprachförderung"
    round_url = page.url
    assert ReviewRound.objects.get().groups.get() == group

    switch_user(page, login, "mitglied")
    page.goto(round_url)
    page.get_by_text("Absatz 2 kommentieren").click()
    page.get_by_label("Ihr Kommentar zu Absatz 2").fill("Nach unseren Zahlen eher **acht** Monate.")
    page.get_by_role("button", name="Kommentar senden").first.click()
    # posted in place (htmx): the live region says so, the page stays
    expect(page.locator("#live-status")).to_have_text("Ihr Kommentar ist gespeichert.")
    comment = Comment.objects.get()
    assert comment.paragraph == 2
    screenshot("review-round-member")
    assert axe_violations() == []

    switch_user(page, login, "stab")
    page.goto(round_url)
    page.get_by_text("Antworten und entscheiden").first.click()
    page.get_by_label("Entscheidung").first.select_option(label="übernommen")
    page.get_by_label("Antwort der Stabsstelle").first.fill("Danke, wir nennen acht Monate.")
    page.get_by_role("button", name="Antwort speichern").first.click()
    page.wait_for_load_state()
    comment.refresh_from_db()
    assert comment.disposition == Comment.Disposition.ACCEPTED
    screenshot("review-round-staff")
    assert axe_violations() == []

    switch_user(page, login, "mitglied")
    page.goto(round_url)
    item = page.locator(f"#kommentar-{comment.pk}")
    assert item.get_by_text("Danke, wir nennen acht Monate.").is_visible()
    assert item.get_by_text("übernommen", exact=True).is_visible()
    page.goto("/rheine/")
    assert page.get_by_text("Danke, wir nennen acht Monate.").is_visible()
    screenshot("review-start-member")
    assert axe_violations() == []
