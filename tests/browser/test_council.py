"""The council path in the browser: a Ratsmitglied downloads the Ratspaket; staff record
a result."""

import pytest

from tests.participation.council import conftest as council_fixtures

# the council path's fixtures, shared with tests/participation/council/
council_world = council_fixtures.council_world
_media_and_cache = council_fixtures._media_and_cache


@pytest.mark.django_db(transaction=True)
def test_council_member_downloads_the_ratspaket(
    council_world, page, login, screenshot, axe_violations, tmp_path
):
    login("rat")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Gremien"
    ).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Vorlagen in Beratung").is_visible()
    card = page.locator("article", has_text="BV/0120/2017")
    assert card.get_by_text("Vorberatung im Sozialausschuss am 09.05.2017").is_visible()
    screenshot("council-index-council")
    assert axe_violations() == []
    with page.expect_download() as info:
        card.get_by_role("link", name="Ratspaket (PDF) BV/0120/2017").click()
    download = info.value
    assert download.suggested_filename == "Ratspaket-bv-0120-2017.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    # readers see no edit buttons
    assert page.get_by_role("link", name="Vorlage anlegen").count() == 0


@pytest.mark.django_db(transaction=True)
def test_staff_record_the_council_decision(council_world, page, login, screenshot, axe_violations):
    login("stab")
    page.goto(f"/rheine/gremien/vorlagen/{council_world.paper.pk}/")
    screenshot("council-paper-detail-staff")
    assert axe_violations() == []
    page.get_by_role("link", name="Ergebnis Rat der Stadt Rheine").click()
    page.wait_for_load_state()
    page.get_by_label("Ergebnis").select_option(label="beschlossen")
    page.get_by_label("Ja-Stimmen").fill("60")
    page.get_by_role("button", name="Ergebnis speichern").click()
    page.wait_for_load_state()
    assert page.get_by_text("nur 45 stimmberechtigte Mitglieder").is_visible()
    screenshot("council-result-form-error")
    assert axe_violations() == []
    page.get_by_label("Ja-Stimmen").fill("40")
    page.get_by_label("Nein-Stimmen/Gegenstimmen").fill("3")
    page.get_by_role("button", name="Ergebnis speichern").click()
    page.wait_for_load_state()
    # the confirmation says what the adoption changes; nothing is adopted yet
    assert page.get_by_text("gilt ab 30.05.2017").is_visible()
    screenshot("council-result-confirm")
    assert axe_violations() == []
    page.get_by_role("button", name="Beschluss eintragen und Fassung beschließen").click()
    page.wait_for_load_state()
    assert page.get_by_text("ist nun beschlossen (am 30.05.2017)").is_visible()
    screenshot("council-paper-detail-adopted")
    # a mistaken entry can be taken back by the Stabsstelle
    page.get_by_role("link", name="Beschluss zurücknehmen Rat der Stadt Rheine").click()
    page.wait_for_load_state()
    screenshot("council-revert-confirm")
    assert axe_violations() == []
    page.get_by_label("Warum wird der Beschluss zurückgenommen?").fill("Probe")
    page.get_by_role("button", name="Beschluss zurücknehmen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Der Beschlusseintrag wurde zurückgenommen").is_visible()

    for url, name in [
        ("/rheine/gremien/", "council-index-staff"),
        ("/rheine/gremien/gremien/", "council-committee-list"),
        (f"/rheine/gremien/gremien/{council_world.committee.pk}/", "council-committee-detail"),
        (f"/rheine/gremien/sitzungen/{council_world.meeting.pk}/", "council-meeting-detail"),
        ("/rheine/gremien/vorlagen/", "council-paper-list"),
        ("/rheine/gremien/vorlagen/neu/", "council-paper-create"),
        ("/rheine/gremien/nummernkreise/", "council-numbering-list"),
        (
            f"/rheine/gremien/gremien/{council_world.committee.pk}/sitzungen/neu/",
            "council-meeting-create",
        ),
    ]:
        page.goto(url)
        assert page.get_by_role("heading", level=1).is_visible()
        screenshot(name)
        assert axe_violations() == [], name


@pytest.mark.django_db(transaction=True)
def test_demo_council_page_as_ratsmitglied(page, login, screenshot, axe_violations, settings):
    from concepts.demo import rheine as concepts_demo
    from participation.demo import council as demo_council
    from participation.models import Paper

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    town = concepts_demo.load()
    demo_council.load(town)
    login("ratsmitglied", "demo-rat-2026")
    page.goto("/rheine/gremien/")
    assert page.get_by_text("Entscheidung im Rat der Stadt Rheine").first.is_visible()
    assert page.get_by_role("heading", name="Nächste Sitzungen").is_visible()
    screenshot("council-index-demo")
    assert axe_violations() == []
    paper = Paper.objects.get(number="169/17")
    page.goto(f"/rheine/gremien/vorlagen/{paper.pk}/")
    screenshot("council-paper-detail-demo")
    assert axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_amended_decision_shows_the_difference(
    council_world, page, login, screenshot, axe_violations
):
    from participation.council.services import amendment_save, consultation_record_result
    from participation.models import Amendment

    consultation_record_result(
        consultation=council_world.consultation, result="deliberated", unanimous=True
    )
    amendment_save(
        amendment=Amendment(
            consultation=council_world.decision,
            proposer="FDP-Fraktion",
            text="Der Bericht geht jährlich auch an den Integrationsrat.",
            result=Amendment.Result.ACCEPTED,
            votes_yes=27,
            votes_no=14,
        )
    )
    consultation_record_result(
        consultation=council_world.decision,
        result="adopted_amended",
        votes_yes=41,
        votes_no=3,
        votes_abstain=1,
        decision_text="Der Rat beschließt die 2. Fortschreibung des Integrationskonzepts und "
        "erwartet jährlich einen Bericht im Integrationsrat.",
    )
    login("rat")
    page.goto(f"/rheine/gremien/vorlagen/{council_world.paper.pk}/")
    diff = page.locator(".decision-diff")
    assert diff.locator("ins").first.is_visible()
    assert page.get_by_text("geändert beschlossen").first.is_visible()
    screenshot("council-paper-detail-amended")
    assert axe_violations() == []
