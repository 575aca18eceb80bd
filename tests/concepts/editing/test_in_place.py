"""Reordering and filtering in place (htmx): the part of the page, not the page; the plain
POST/redirect and GET stay as they were for everyone without JavaScript."""

import pytest
from django.urls import reverse

from concepts import models
from tests import factories
from tests import factories as base
from tests.concepts.editing.test_tree import TREE_QUERY_BUDGET

HTMX = {"HTTP_HX_REQUEST": "true"}


def move_url(world, kind, obj):
    return reverse(
        "concepts:element_move",
        kwargs={"town": world.town.slug, "edition": world.edition.pk, "kind": kind, "pk": obj.pk},
    )


def tree_url(world, query=""):
    return reverse("concepts:tree", args=[world.town.slug, world.edition.pk]) + query


def field_url(world):
    args = [world.town.slug, world.edition.pk, world.field.pk]
    return reverse("concepts:field_detail", args=args)


@pytest.fixture
def second_goal(world):
    return factories.StrategicGoalFactory(
        field_of_action=world.field, position=2, title="Alle Kinder sprechen Deutsch"
    )


def positions(*goals):
    return [models.StrategicGoal.objects.get(pk=g.pk).position for g in goals]


def assert_part(response):
    """A part of the page for htmx: no layout, and marked as depending on the header."""
    text = response.content.decode()
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<html" not in text and "site-header" not in text
    return text


def test_htmx_move_on_the_tree_returns_the_results_with_the_new_order(
    world, second_goal, staff_client
):
    response = staff_client.post(
        move_url(world, "leitziele", second_goal),
        {"direction": "up", "next": tree_url(world)},
        **HTMX,
    )
    text = assert_part(response)
    assert positions(second_goal, world.strategic_goal) == [1, 2]
    # the results only: the filter form stays on the page (and keeps its state)
    assert 'id="gesamtansicht-filter"' not in text
    assert text.index(second_goal.title) < text.index(world.strategic_goal.title)
    # the pressed button is in the new part under the same id, so it keeps the focus
    assert f'id="verschieben-leitziele-{second_goal.pk}-up"' in text
    assert 'hx-swap-oob="innerHTML"' in text and 'id="live-status"' in text
    assert "Leitziel „Alle Kinder sprechen Deutsch“ steht jetzt an Position 1 von 2." in text
    # the forms in the part return to the tree, not to the move's own address
    assert f'name="next" value="{tree_url(world)}"' in text
    # no message waits for the next page: the live region said it
    page = staff_client.get(tree_url(world)).content.decode()
    assert "steht jetzt an Position" not in page


def test_htmx_move_keeps_the_filter_of_the_page(world, second_goal, staff_client):
    query = f"?field={world.field.pk}"
    text = assert_part(
        staff_client.post(
            move_url(world, "leitziele", world.strategic_goal),
            {"direction": "down", "next": tree_url(world, query)},
            **HTMX,
        )
    )
    assert positions(second_goal, world.strategic_goal) == [1, 2]
    assert f'name="next" value="{tree_url(world, query)}"' in text


def test_htmx_move_on_the_field_page_returns_the_goals(world, second_goal, staff_client):
    text = assert_part(
        staff_client.post(
            move_url(world, "leitziele", second_goal),
            {"direction": "up", "next": field_url(world)},
            **HTMX,
        )
    )
    assert positions(second_goal, world.strategic_goal) == [1, 2]
    assert text.index(second_goal.title) < text.index(world.strategic_goal.title)
    assert "Kernaussagen" not in text  # the goals part only
    assert 'hx-target="#ziele-baum"' in text


def test_move_without_javascript_redirects_to_the_moved_element(world, second_goal, staff_client):
    response = staff_client.post(
        move_url(world, "leitziele", second_goal), {"direction": "up", "next": tree_url(world)}
    )
    assert response.status_code == 302
    assert response["Location"] == tree_url(world) + f"#verschieben-leitziele-{second_goal.pk}"
    assert positions(second_goal, world.strategic_goal) == [1, 2]
    page = staff_client.get(response["Location"]).content.decode()
    assert "Leitziel „Alle Kinder sprechen Deutsch“ steht jetzt an Position 1 von 2." in page
    assert f'id="verschieben-leitziele-{second_goal.pk}"' in page


def test_move_buttons_are_in_place_only_where_the_page_has_a_part(world, staff_client):
    tree = staff_client.get(tree_url(world)).content.decode()
    assert f'hx-post="{move_url(world, "leitziele", world.strategic_goal)}"' in tree
    assert 'hx-target="#gesamtansicht-ergebnis"' in tree
    # the edition page has no part to replace: its buttons post and reload as before
    edition = staff_client.get(
        reverse("concepts:edition_detail", args=[world.town.slug, world.edition.pk])
    ).content.decode()
    assert f'id="verschieben-leitsaetze-{world.principle.pk}"' in edition
    assert "hx-post" not in edition


def test_htmx_move_on_a_locked_edition_changes_nothing_and_reloads(
    world, second_goal, staff_client
):
    world.edition.status = models.Edition.Status.ADOPTED
    world.edition.adopted_on = "2024-05-01"
    world.edition.save()
    response = staff_client.post(
        move_url(world, "leitziele", second_goal),
        {"direction": "up", "next": tree_url(world)},
        **HTMX,
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(
        reverse("concepts:edition_detail", args=[world.town.slug, world.edition.pk])
    )
    assert positions(second_goal, world.strategic_goal) == [2, 1]


def test_htmx_move_with_a_wrong_direction_says_so_in_the_live_region(
    world, second_goal, staff_client
):
    text = assert_part(
        staff_client.post(
            move_url(world, "leitziele", second_goal),
            {"direction": "sideways", "next": tree_url(world)},
            **HTMX,
        )
    )
    assert "Bitte „nach oben“ oder „nach unten“ wählen." in text
    assert positions(second_goal, world.strategic_goal) == [2, 1]


def test_htmx_move_on_a_large_tree_has_a_fixed_budget(
    world, staff_client, django_assert_max_num_queries
):
    edition = base.EditionFactory(concept=world.edition.concept, title="Groß")
    factories.build_concept(edition, fields=8, strategic=4, operational=4, measures=5)
    goal = models.StrategicGoal.objects.filter(field_of_action__edition=edition).last()
    url = reverse(
        "concepts:element_move",
        kwargs={"town": world.town.slug, "edition": edition.pk, "kind": "leitziele", "pk": goal.pk},
    )
    tree = reverse("concepts:tree", args=[world.town.slug, edition.pk])
    # the move (lock, siblings, saves, count) and then the tree's own budget
    with django_assert_max_num_queries(TREE_QUERY_BUDGET + 15):
        response = staff_client.post(url, {"direction": "up", "next": tree}, **HTMX)
    assert response.status_code == 200


def test_htmx_filter_returns_the_results_and_the_count(world, staff_client):
    other = factories.FieldOfActionFactory(edition=world.edition, position=2, title="Wohnen")
    response = staff_client.get(
        tree_url(world, f"?field={other.pk}"), HTTP_HX_TRIGGER="gesamtansicht-filter", **HTMX
    )
    text = assert_part(response)
    assert "Wohnen" in text and world.field.title not in text
    # the count and the reset link outside the results follow the filter
    assert 'id="gesamtansicht-treffer" hx-swap-oob="innerHTML"' in text
    assert "Gefiltert:" in text and "Filter zurücksetzen" in text


def test_plain_filter_still_returns_the_whole_page(world, staff_client):
    other = factories.FieldOfActionFactory(edition=world.edition, position=2, title="Wohnen")
    response = staff_client.get(tree_url(world, f"?field={other.pk}"))
    text = response.content.decode()
    assert response.status_code == 200 and "<html" in text
    assert "HX-Request" in response["Vary"]
    assert 'id="gesamtansicht-filter"' in text and "hx-swap-oob" not in text
    assert "Wohnen" in text and f"handlungsfeld-{world.field.pk}" not in text


def test_history_restore_gets_the_whole_page(world, staff_client):
    """Back to an address htmx pushed, not in htmx's cache: htmx wants the page."""
    response = staff_client.get(tree_url(world), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert response.status_code == 200 and "<html" in response.content.decode()


def test_a_move_changes_the_cached_tree(world, second_goal, staff_client):
    """A move saves only the positions; the cached page must still show the new order."""
    before = staff_client.get(tree_url(world)).content.decode()
    assert before.index(world.strategic_goal.title) < before.index(second_goal.title)
    staff_client.post(move_url(world, "leitziele", second_goal), {"direction": "up"})
    after = staff_client.get(tree_url(world)).content.decode()
    after = after[after.index('id="gesamtansicht-ergebnis"') :]  # below the message
    assert after.index(second_goal.title) < after.index(world.strategic_goal.title)


def test_htmx_move_from_a_page_without_a_part_reloads_that_page(world, staff_client):
    """A page without a part (the edition page) is never swapped in whole: htmx reloads it."""
    second = factories.GuidingPrincipleFactory(edition=world.edition, position=2)
    edition_page = reverse("concepts:edition_detail", args=[world.town.slug, world.edition.pk])
    response = staff_client.post(
        move_url(world, "leitsaetze", second), {"direction": "up", "next": edition_page}, **HTMX
    )
    assert response.status_code == 204 and response["HX-Redirect"] == edition_page
    second.refresh_from_db()
    assert second.position == 1
