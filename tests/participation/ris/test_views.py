"""The Stabsstelle's pages: link the system, map the bodies, link a Vorlage, preview, apply."""

import pytest
from django.urls import reverse

from concepts.models import Edition
from participation.models import Committee, Consultation, CouncilSystem, PaperLink
from tests.factories import CommitteeFactory, PaperFactory
from tests.row_counts import row_counts


def url(name, world, *args):
    return reverse(f"ris:{name}", args=[world.town.slug, *args])


def test_the_stabsstelle_links_the_system(world, ris_server, staff_client):
    response = staff_client.get(url("system", world))
    assert response.status_code == 200
    assert "OParl-Adresse des Ratsinformationssystems" in response.content.decode()
    response = staff_client.post(
        url("system", world), {"system_url": ris_server.url("/public/oparl/system")}
    )
    assert response.status_code == 302
    assert response["Location"] == url("mapping", world)
    system = CouncilSystem.objects.get(municipality=world.town)
    assert system.body_name == "Stadt Beispielstadt"


def test_a_wrong_address_is_explained_and_nothing_saved(world, ris_server, staff_client):
    response = staff_client.post(
        url("system", world), {"system_url": ris_server.url("/public/si010")}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nicht gefunden (HTTP 404)" in text
    assert not CouncilSystem.objects.filter(municipality=world.town).exists()


def test_an_internal_address_is_refused(world, staff_client, settings):
    settings.RIS_ALLOWED_NETWORKS = []
    response = staff_client.post(
        url("system", world), {"system_url": "http://169.254.169.254/latest/meta-data/"}
    )
    assert "internes Netz (169.254.169.254)" in response.content.decode()
    assert not CouncilSystem.objects.filter(municipality=world.town).exists()


def test_the_mapping_table_suggests_and_saves(allris_town, ris_server, staff_client):
    integration = CommitteeFactory(
        municipality=allris_town.town,
        name="Integrationsrat",
        kind=Committee.Kind.INTEGRATION_COUNCIL,
    )
    allris_town.council_system.organization_mappings.all().delete()
    response = staff_client.get(url("mapping", allris_town))
    assert response.status_code == 200
    form = response.context["form"]
    labels = [field.label for field in form]
    assert labels == [
        "Rat der Stadt Beispielstadt",
        "SPD-Fraktion",
        "Ausschuss für Soziales, Integration und Gleichstellung",
        "Integrationsrat",
    ]
    assert form["organization_2"].initial == allris_town.social.pk  # same name
    assert form["organization_3"].initial == integration.pk
    response = staff_client.post(
        url("mapping", allris_town),
        {
            "organization_0": allris_town.council.pk,
            "organization_1": "",
            "organization_2": allris_town.social.pk,
            "organization_3": integration.pk,
        },
    )
    assert response.status_code == 302
    mapped = {
        m.remote_name: m.committee for m in allris_town.council_system.organization_mappings.all()
    }
    assert mapped == {
        "Rat der Stadt Beispielstadt": allris_town.council,
        "SPD-Fraktion": None,
        "Ausschuss für Soziales, Integration und Gleichstellung": allris_town.social,
        "Integrationsrat": integration,
    }


def test_another_towns_committee_is_no_choice(allris_town, staff_client):
    foreign = CommitteeFactory(municipality=allris_town.other_town, name="Rat Emmerich")
    before = row_counts()
    response = staff_client.post(url("mapping", allris_town), {"organization_0": foreign.pk})
    assert response.status_code == 200
    assert "Auswahl" in response.content.decode()  # Django: „Bitte eine gültige Auswahl treffen“
    assert row_counts() == before


def test_a_vorlage_is_found_by_number_and_linked(allris_town, ris_server, staff_client):
    paper = PaperFactory(municipality=allris_town.town, number="BV/0600/2025")
    response = staff_client.get(url("paper", allris_town, paper.pk), {"q": "BV/0546/2018"})
    text = response.content.decode()
    assert "Integrationskonzept der Stadt Beispielstadt – 2. Fortschreibung" in text
    PaperLink.objects.filter(pk=allris_town.link.pk).delete()
    response = staff_client.post(
        url("paper", allris_town, paper.pk),
        {"remote_url": ris_server.url("/public/oparl/papers?id=1001737")},
    )
    assert response.status_code == 302
    assert response["Location"] == url("paper_preview", allris_town, paper.pk)
    assert PaperLink.objects.get(paper=paper).remote_reference == "BV/0546/2018"


def test_nothing_found_says_so(allris_town, staff_client):
    response = staff_client.get(
        url("paper", allris_town, allris_town.paper.pk), {"q": "BV/9999/2018"}
    )
    assert "Keine Vorlage mit dieser Nummer gefunden" in response.content.decode()


def test_preview_then_apply_with_confirmation(allris_town, staff_client):
    preview = url("paper_preview", allris_town, allris_town.paper.pk)
    response = staff_client.get(preview)
    assert response.status_code == 200
    text = response.content.decode()
    assert "ungeändert beschlossen" in text
    assert "Damit wird die Fassung des Konzepts beschlossen." in text
    fingerprint = response.context["plan"].fingerprint

    before = row_counts()
    response = staff_client.post(preview, {"fingerprint": fingerprint})
    assert response.status_code == 200
    assert "ausdrücklich bestätigen" in response.content.decode()
    assert row_counts() == before

    response = staff_client.post(preview, {"fingerprint": fingerprint, "confirm_adoption": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "council:paper_detail", args=[allris_town.town.slug, allris_town.paper.pk]
    )
    decision = allris_town.paper.consultations.get(role="decision")
    assert decision.result == Consultation.Result.ADOPTED_UNCHANGED
    record = decision.history.first()
    assert record.history_user == allris_town.users["staff"]
    assert record.history_change_reason == "aus dem Ratsinformationssystem übernommen"
    assert Edition.objects.get(pk=allris_town.edition.pk).status == Edition.Status.ADOPTED
    response = staff_client.get(preview)
    assert "Keine Änderungen" in response.content.decode()


def test_a_broken_system_shows_a_german_message(allris_town, ris_server, staff_client):
    ris_server.set(
        "/public/oparl/papers?id=1001737",
        "<html>Wartungsarbeiten</html>",
        status=503,
        content_type="text/html",
    )
    response = staff_client.get(url("paper_preview", allris_town, allris_town.paper.pk))
    assert response.status_code == 200
    assert "Der Server meldet einen Fehler (HTTP 503, eine HTML-Seite)." in (
        response.content.decode()
    )
    assert "Die Vorlage http://127.0.0.1" in response.content.decode()


def test_unlinking_keeps_the_results(allris_town, staff_client):
    response = staff_client.post(url("paper_unlink", allris_town, allris_town.paper.pk))
    assert response.status_code == 302
    assert not PaperLink.objects.filter(paper=allris_town.paper).exists()


@pytest.mark.parametrize("name", ["paper", "paper_preview"])
def test_without_a_system_the_pages_point_to_the_setting(world, staff_client, name):
    paper = PaperFactory(municipality=world.town)
    response = staff_client.get(url(name, world, paper.pk), follow=True)
    assert "Noch ist kein Ratsinformationssystem verknüpft." in response.content.decode()


def test_the_overview_runs_a_fixed_number_of_queries(
    allris_town, staff_client, django_assert_max_num_queries
):
    for n in range(40):
        paper = PaperFactory(municipality=allris_town.town, number=f"BV/{n:04d}/2026")
        PaperLink.objects.create(paper=paper, remote_id=f"https://ris.example.org/papers?id={n}")
    with django_assert_max_num_queries(12):
        response = staff_client.get(url("system", allris_town))
    assert response.content.decode().count("/ratsinformationssystem/vorlagen/") == 41


@pytest.mark.parametrize("model", ["councilsystem", "paperlink"])
def test_the_admin_lists_the_links(allris_town, client_for, model):
    response = client_for("superuser").get(reverse(f"admin:participation_{model}_changelist"))
    assert response.status_code == 200
    assert "BV/0546/2018" in response.content.decode() or "ALLRIS" in response.content.decode()
