"""Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit: the town's texts, for all."""

import pytest
from django.urls import reverse

from concepts.demo import rheine as demo
from concepts.models import Municipality
from concepts.services.legal import PAGES
from tests import factories
from tests.permissions import current_version

LEGAL_URLS = ["legal_imprint", "legal_privacy", "legal_accessibility"]


@pytest.mark.parametrize("name", LEGAL_URLS)
def test_legal_page_shows_the_towns_text_without_login(client, world, name):
    page = next(p for p in PAGES if p.url_name == name)
    setattr(world.town, page.field, f"## Angaben\n\nText für **{page.title}** der Stadt.")
    world.town.save()
    response = client.get(reverse(name, kwargs={"town": "rheine"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{page.title}</h1>" in html
    assert f"Text für <strong>{page.title}</strong> der Stadt." in html
    assert "<h2>Angaben</h2>" in html
    assert "Rechtliche Angaben bearbeiten" not in html


def test_empty_text_says_the_town_has_not_provided_it(client, world, client_for):
    world.town.legal_privacy = ""
    world.town.save()
    url = reverse("legal_privacy", kwargs={"town": "rheine"})
    html = client.get(url).content.decode()
    assert "hat den Text für diese Seite (Datenschutzerklärung) noch nicht bereitgestellt" in html
    assert reverse("legal_edit", kwargs={"town": "rheine"}) not in html
    staff_html = client_for("staff").get(url).content.decode()
    assert reverse("legal_edit", kwargs={"town": "rheine"}) in staff_html
    member_html = client_for("member").get(url).content.decode()
    assert reverse("legal_edit", kwargs={"town": "rheine"}) not in member_html


def test_new_town_starts_with_the_model_accessibility_statement(db):
    town = Municipality.objects.create(name="Lingen", slug="lingen", office="Stabsstelle")
    text = town.legal_accessibility
    assert text.startswith("Stadt Lingen ist bemüht")
    for heading in (
        "## Stand der Vereinbarkeit mit den Anforderungen",
        "## Nicht barrierefreie Inhalte",
        "## Erstellung dieser Erklärung",
        "## Feedback und Kontakt",
        "## Durchsetzungsverfahren",
    ):
        assert heading in text
    assert "- Stabsstelle" in text
    assert town.legal_imprint == ""
    assert town.legal_privacy == ""


def test_a_town_cleared_statement_stays_empty(world):
    world.town.legal_accessibility = ""
    world.town.save()
    world.town.refresh_from_db()
    assert world.town.legal_accessibility == ""


def test_footer_links_the_towns_legal_pages_and_the_site_pages_without_town(client, world):
    town_html = client.get("/rheine/impressum/").content.decode()
    for path in ("/rheine/impressum/", "/rheine/datenschutz/", "/rheine/barrierefreiheit/"):
        assert f'href="{path}"' in town_html
    login_html = client.get("/konto/login/").content.decode()
    for path in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert f'href="{path}"' in login_html
    assert 'href="/rheine/impressum/"' not in login_html


def test_site_page_lists_the_towns_when_there_are_several(client, world):
    html = client.get("/barrierefreiheit/").content.decode()
    assert 'href="/rheine/barrierefreiheit/"' in html
    assert 'href="/emmerich/barrierefreiheit/"' in html


def test_site_page_shows_the_only_towns_text(client, db):
    factories.MunicipalityFactory(name="Rheine", slug="rheine", legal_imprint="Stadt **Rheine**")
    html = client.get("/impressum/").content.decode()
    assert "Stadt <strong>Rheine</strong>" in html


def test_site_page_without_any_town(client, db):
    html = client.get("/datenschutz/").content.decode()
    assert "noch keine Kommune eingerichtet" in html


def test_staff_edits_the_texts_and_history_records_who(world, client_for):
    url = reverse("legal_edit", kwargs={"town": "rheine"})
    staff = client_for("staff")
    form = staff.get(url)
    assert form.status_code == 200
    assert "Rechtliche Angaben bearbeiten" in form.content.decode()
    response = staff.post(
        url,
        {
            "legal_imprint": "Stadt Rheine, Klosterstraße 14",
            "legal_privacy": "## Verantwortlich\n\nDie Stadt.",
            "legal_accessibility": "## Stand der Vereinbarkeit mit den Anforderungen\n\nTeilweise.",
            "version": current_version(world.town),
        },
        follow=True,
    )
    assert "Die rechtlichen Angaben sind gespeichert." in response.content.decode()
    world.town.refresh_from_db()
    assert world.town.legal_imprint == "Stadt Rheine, Klosterstraße 14"
    latest = world.town.history.first()
    assert latest.legal_privacy == "## Verantwortlich\n\nDie Stadt."
    assert latest.history_user == world.users["staff"]
    page = client_for("anonymous").get("/rheine/datenschutz/").content.decode()
    assert "<h2>Verantwortlich</h2>" in page


def test_member_cannot_change_the_texts(world, client_for):
    before = world.town.legal_imprint
    response = client_for("member").post(
        reverse("legal_edit", kwargs={"town": "rheine"}),
        {"legal_imprint": "gehackt", "legal_privacy": "", "legal_accessibility": ""},
    )
    assert response.status_code == 403
    world.town.refresh_from_db()
    assert world.town.legal_imprint == before


def test_staff_of_another_town_cannot_edit(world, client_for):
    response = client_for("outsider").get(reverse("legal_edit", kwargs={"town": "rheine"}))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klick](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
    ],
)
def test_script_in_a_legal_text_stays_inert(client, world, payload):
    world.town.legal_imprint = f"Vorher\n\n{payload}\n\nNachher"
    world.town.save()
    html = client.get("/rheine/impressum/").content.decode()
    body = html.split('<main id="inhalt"', 1)[1].split("</main>", 1)[0].lower()
    assert "vorher" in body and "nachher" in body
    for dangerous in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert dangerous not in body


def test_demo_town_has_complete_legal_texts(db):
    town = demo.load()
    assert "§ 5 DDG" in town.legal_imprint
    assert "Art. 6 Abs. 1 lit. e DSGVO" in town.legal_privacy
    assert "Ombudsstelle" in town.legal_accessibility
    assert demo.load() is None  # idempotent
    town.refresh_from_db()
    assert "## Feedback und Kontakt" in town.legal_accessibility


def test_reserved_slugs_include_the_site_legal_pages(db):
    from django.core.exceptions import ValidationError

    town = Municipality(name="Impressum", slug="impressum")
    with pytest.raises(ValidationError):
        town.full_clean()


def test_administration_edits_the_texts_in_the_admin(world, client_for):
    html = client_for("superuser").get(
        reverse("admin:concepts_municipality_change", args=[world.town.pk])
    )
    assert html.status_code == 200
    for field in ("legal_imprint", "legal_privacy", "legal_accessibility"):
        assert f'name="{field}"' in html.content.decode()


def test_navigation_marks_no_area_as_current_on_the_legal_pages(world, client_for):
    html = client_for("staff").get("/rheine/rechtliche-angaben/").content.decode()
    assert 'aria-current="page"' in html  # the breadcrumb
    assert 'aria-current="page" href="/rheine/"' not in html
    home = client_for("staff").get("/rheine/").content.decode()
    assert 'aria-current="page" href="/rheine/"' in home
