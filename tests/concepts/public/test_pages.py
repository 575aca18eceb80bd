"""What the public pages show, and that each costs a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concepts.models import FieldOfAction, Measure, MeasureActor, OperationalGoal, StrategicGoal
from tests import factories
from tests.concepts.public.conftest import add_indicators, published_edition
from tests.indicators.untidy import add_context_indicators


def public_url(world, *parts):
    return "/".join([f"/{world.town.slug}/oeffentlich", *map(str, parts)]) + "/"


def test_entry_page_lists_the_published_edition_only(world, client):
    page = client.get(public_url(world)).content.decode()
    assert world.edition.concept.title in page
    assert f'href="{public_url(world, world.published.pk)}"' in page
    assert "beschlossen am 1. Juni 2021" in page
    assert f"/oeffentlich/{world.unpublished.pk}/" not in page
    assert f"/oeffentlich/{world.edition.pk}/" not in page


def test_edition_page_shows_the_leitbild_and_the_fields(world, client):
    page = client.get(public_url(world, world.published.pk)).content.decode()
    assert "Vielfalt ist unsere Stärke." in page and "Alle gehören dazu" in page
    for field in FieldOfAction.objects.for_edition(world.published):
        assert f'href="{public_url(world, world.published.pk, "handlungsfelder", field.pk)}"' in (
            page
        )
        assert field.title in page
    assert "Querschnittsthema 1" in page


def test_field_page_shows_goals_measures_with_status_and_traeger_and_indicators(world, client):
    measure = world.measure
    measure.status = Measure.Status.RUNNING
    measure.target_groups = "Neu zugewanderte Familien"
    measure.save()
    lead = MeasureActor.objects.filter(measure=measure, role="lead").select_related("actor").get()
    page = client.get(public_url(world, world.published.pk, "handlungsfelder", world.field.pk))
    html = page.content.decode()
    for goal in StrategicGoal.objects.filter(field_of_action=world.field):
        assert goal.title in html
    for goal in OperationalGoal.objects.filter(field_of_action=world.field):
        assert goal.title in html
    assert measure.title in html and "Neu zugewanderte Familien" in html
    assert '<span class="badge status-badge status-running">laufend</span>' in html
    assert lead.actor.name in html
    indicator = world.indicators[0]
    assert indicator.name in html
    assert '<svg role="img"' in html  # the chart, with its text alternative
    assert f'<caption class="caption-top">Werte: {indicator.name} (in %)</caption>' in html
    assert "16,0" in html  # the value of 2024 in the table
    assert "Einwohnermeldeamt" in html


def test_field_page_of_a_concept_without_indicators_and_goals(world, client):
    field = FieldOfAction.objects.create(edition=world.published, position=9, title="Neues Feld")
    html = client.get(public_url(world, world.published.pk, "handlungsfelder", field.pk))
    assert "Für dieses Handlungsfeld sind keine Ziele und Maßnahmen beschlossen." in (
        html.content.decode()
    )


def _page_queries(client, urls):
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(queries))
    return counts


def _urls(edition, field):
    town = edition.concept.municipality.slug
    return [
        f"/{town}/oeffentlich/",
        f"/{town}/oeffentlich/{edition.pk}/",
        f"/{town}/oeffentlich/{edition.pk}/handlungsfelder/{field.pk}/",
    ]


@pytest.mark.django_db
def test_each_public_page_costs_the_same_queries_for_a_small_and_a_large_concept(
    client, django_assert_max_num_queries
):
    small_town = factories.ConceptFactory(municipality__slug="klein")
    small = published_edition(small_town, size={"fields": 1, "strategic": 1, "operational": 1})
    small_field = FieldOfAction.objects.for_edition(small).get()
    add_indicators(small_field, count=1, years=range(2023, 2025))
    add_context_indicators(small, small_field, count=1, years=range(2023, 2025))

    large_town = factories.ConceptFactory(municipality__slug="gross")
    large = published_edition(
        large_town, size={"fields": 8, "strategic": 4, "operational": 4, "measures": 5}
    )
    large_field = FieldOfAction.objects.for_edition(large).order_by("position").first()
    add_indicators(large_field, count=12, years=range(2015, 2025))
    add_context_indicators(large, large_field, count=6, years=range(2015, 2025))
    assert Measure.objects.for_edition(large).count() > 600

    small_counts = _page_queries(client, _urls(small, small_field))
    large_counts = _page_queries(client, _urls(large, large_field))
    print("queries per page (small, large):", small_counts, large_counts)
    assert small_counts == large_counts
    # The edition page: 9 with the one query that decides on the "Daten und Fakten" link.
    for url, budget in zip(_urls(large, large_field), (3, 9, 25), strict=True):
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, url
        assert large_town.municipality.name in response.content.decode(), url


def test_public_pages_set_no_cookies_and_load_no_script(world, client):
    for url in _urls(world.published, world.field):
        response = client.get(url)
        assert not response.cookies, url
        assert "<script" not in response.content.decode(), url


def test_edition_page_lists_the_teil_a_chapters_and_offers_the_pdf(world, client):
    from django.urls import reverse

    html = client.get(
        reverse("public:edition", kwargs={"town": world.town.slug, "edition": world.published.pk})
    ).content.decode()
    chapter_url = reverse(
        "public:chapter",
        kwargs={"town": world.town.slug, "edition": world.published.pk, "pk": world.chapter.pk},
    )
    pdf_url = reverse(
        "public:edition_pdf", kwargs={"town": world.town.slug, "edition": world.published.pk}
    )
    assert f'href="{chapter_url}">Ausgangslage in Rheine</a>' in html
    assert "Entwurfskapitel" not in html
    assert f'href="{pdf_url}"' in html
    chapter = client.get(chapter_url).content.decode()
    assert "<h1>Ausgangslage in Rheine</h1>" in chapter and "Rheine wächst." in chapter


def test_public_pdf_is_the_concept_without_persons_and_internal_fields(world, client, tmp_path):
    import subprocess

    from django.urls import reverse

    measure = Measure.objects.filter(pk=world.measure.pk)
    measure.update(
        responsible_person="Erika Personengeheim",
        funding="Finanzierung intern",
        staff_fte=2,
    )
    response = client.get(
        reverse(
            "public:edition_pdf", kwargs={"town": world.town.slug, "edition": world.published.pk}
        )
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "public.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert world.measure.title in text and world.field.title in text
    assert "Ausgangslage in Rheine" in text
    assert "Personengeheim" not in text and "Finanzierung intern" not in text
    assert "Ansprechperson" not in text
