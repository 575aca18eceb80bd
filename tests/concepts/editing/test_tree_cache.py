"""The whole-concept page is cached per edition content, role and filter, and never stale."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from concepts import extensions
from concepts.models import Actor, Measure
from concepts.services.elements import element_version
from tests import factories
from tests.concepts.editing.conftest import register_counter

# Session, user, memberships, town, edition, the fingerprint: nothing of the tree itself.
CACHED_TREE_BUDGET = 7


def tree_url(world, query=""):
    return reverse("concepts:tree", args=[world.town.slug, world.edition.pk]) + query


def main(response):
    """The page's main part: the cached body (messages and breadcrumbs are outside it)."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def tree_keys():
    """The cached trees' keys (with the key prefix), on LocMemCache as on Redis."""
    store = cache._cache
    if hasattr(store, "get_client"):  # RedisCache: ask the server
        return [key.decode() for key in store.get_client().keys("*concept-tree:*")]
    return [key for key in store if "concept-tree:" in key]


@pytest.fixture
def large(world):
    factories.build_concept(
        world.edition, fields=8, strategic=4, operational=4, measures=5, recipe=factories.TREE
    )
    return world.edition


def test_second_request_is_served_from_the_cache(
    world, large, staff_client, django_assert_max_num_queries
):
    first = staff_client.get(tree_url(world)).content.decode()
    with django_assert_max_num_queries(CACHED_TREE_BUDGET):
        second = staff_client.get(tree_url(world)).content.decode()
    assert "Maßnahme" in second and first.count("tree-measure") == second.count("tree-measure")


def test_edited_measure_title_shows_at_once(world, staff_client):
    assert world.measure.title in staff_client.get(tree_url(world)).content.decode()
    response = staff_client.post(
        reverse(
            "concepts:element_update",
            args=[world.town.slug, world.edition.pk, "massnahmen", world.measure.pk],
        ),
        {
            "field_of_action": world.field.pk,
            "title": "Sprachcafé am Markt",
            "status": "running",
            "origin": "existing",
            "version": element_version(world.measure),
        },
    )
    assert response.status_code == 302
    assert "Sprachcafé am Markt" in main(staff_client.get(tree_url(world)))


@pytest.mark.parametrize(
    "change",
    ["unlink_goal", "delete_measure", "rename_actor", "tag_theme", "rename_edition"],
)
def test_every_kind_of_change_renders_anew(change, world, member_client):
    before = main(member_client.get(tree_url(world)))
    measure = world.measure
    if change == "unlink_goal":
        measure.operational_goals.remove(world.operational_goal)
        expected = "Maßnahmen ohne Zielzuordnung"
    elif change == "delete_measure":
        measure.delete()
        expected = "Noch keine Maßnahme."
    elif change == "rename_actor":
        actor = Actor.objects.get(pk=world.involvement.actor_id)
        actor.name = "Neuer Trägername e. V."
        actor.save()
        expected = "Neuer Trägername e. V."
    elif change == "tag_theme":
        world.field.themes.add(world.theme)
        expected = f"Querschnittsthemen: {world.theme.title}"
    else:
        world.edition.title = "Fortschreibung mit neuem Namen"
        world.edition.save()
        expected = "Fortschreibung mit neuem Namen"
    assert expected not in before
    assert expected in main(member_client.get(tree_url(world)))


def test_readers_never_get_the_staff_controls(world, staff_client, member_client, council_client):
    assert "Bearbeiten" in staff_client.get(tree_url(world)).content.decode()
    for client in (member_client, council_client):
        text = main(client.get(tree_url(world)))
        assert world.measure.title in text
        assert "Bearbeiten" not in text and "csrfmiddlewaretoken" not in text


def test_another_towns_tree_is_never_served(world, staff_client, client_for):
    other_field = factories.FieldOfActionFactory(edition=world.other_edition, position=1)
    factories.MeasureFactory(field_of_action=other_field, title="Nur in Emmerich")
    assert "Nur in Emmerich" not in staff_client.get(tree_url(world)).content.decode()
    outsider = client_for("outsider")
    other_url = reverse("concepts:tree", args=[world.other_town.slug, world.other_edition.pk])
    text = outsider.get(other_url).content.decode()
    assert "Nur in Emmerich" in text and world.measure.title not in text
    # The other town's address with this town's edition is not found, cached or not.
    wrong = reverse("concepts:tree", args=[world.other_town.slug, world.edition.pk])
    assert outsider.get(wrong).status_code == 404


def test_filters_are_cached_separately(world, staff_client):
    other = factories.MeasureFactory(
        field_of_action=world.field, title="Abgeschlossen", status="completed"
    )
    other.operational_goals.add(world.operational_goal)
    everything = staff_client.get(tree_url(world)).content.decode()
    completed = staff_client.get(tree_url(world, "?status=completed")).content.decode()
    assert world.measure.title in everything and "Abgeschlossen" in everything
    assert world.measure.title not in completed and "Abgeschlossen" in completed
    assert len(tree_keys()) == 2


def test_unknown_query_parameters_are_not_cached(world, staff_client):
    staff_client.get(tree_url(world, "?utm=1"))
    staff_client.get(tree_url(world, "?status=running&status=idea"))
    assert tree_keys() == []


def test_cached_page_carries_each_persons_own_csrf_token(world):
    """The cached body has the move buttons' forms; each response must carry a token that
    works with that person's own CSRF cookie."""
    clients = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users["staff"])
        clients.append(client)
    tokens = []
    for client in clients:
        text = client.get(tree_url(world)).content.decode()
        tokens.append(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)[-1])
    assert len(tree_keys()) == 1 and tokens[0] != tokens[1]
    second_field = factories.FieldOfActionFactory(edition=world.edition, position=2)
    response = clients[1].post(
        reverse(
            "concepts:element_move",
            args=[world.town.slug, world.edition.pk, "handlungsfelder", second_field.pk],
        ),
        {"direction": "up", "csrfmiddlewaretoken": tokens[1], "next": tree_url(world)},
    )
    assert response.status_code == 302
    second_field.refresh_from_db()
    assert second_field.position == 1


def test_counter_without_stamps_turns_the_cache_off(world, staff_client):
    calls = []

    def count(edition):
        calls.append(edition.pk)
        return {world.operational_goal.pk: len(calls)}, {}

    register_counter(count)
    try:
        staff_client.get(tree_url(world))
        text = staff_client.get(tree_url(world)).content.decode()
    finally:
        extensions.unregister("test-counts")
    assert calls == [world.edition.pk, world.edition.pk] and "Indikatoren: 2" in text
    assert tree_keys() == []


def test_measure_count_comes_from_the_current_rows(world, staff_client):
    staff_client.get(tree_url(world))
    Measure.objects.create(field_of_action=world.field, position=2, title="Zweite")
    assert "2 Maßnahmen in 1 Handlungsfeld" in main(staff_client.get(tree_url(world)))


@pytest.mark.parametrize(
    "title",
    [
        "csrf-token-placeholder-3f9c1e",  # the fixed placeholders of the cache's first form
        "csp-nonce-placeholder-8d2b71",
        "csrf-placeholder-" + "0" * 32,  # the form of today's random ones
        "nonce-placeholder-" + "f" * 32,
    ],
)
def test_placeholder_text_in_a_measure_title_is_shown_as_written(title, world, member_client):
    """A title must never be replaced by the viewer's CSRF token or nonce (issue 12, fault
    10), neither on the response that fills the cache nor on one served from it."""
    world.measure.title = f"Sprachcafé {title} am Markt"
    world.measure.save()
    for _ in range(2):
        response = member_client.get(tree_url(world))
        assert world.measure.title in main(response)
    assert len(tree_keys()) == 1
