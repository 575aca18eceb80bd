import pytest

from tests.conftest import ROLES
from tests.permissions import READ, STAFF_ONLY, Row, assert_row, expect, ids, params

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731
EDITION = lambda world: {"town": world.town.slug, "edition": world.edition.pk}  # noqa: E731


def element(kind, name):
    def kwargs(world):
        return {**EDITION(world), "kind": kind, "pk": getattr(world, name).pk}

    return kwargs


def kind_only(kind):
    return lambda world: {**EDITION(world), "kind": kind}


STAFF_POSTS = expect(STAFF_ONLY, staff=302, superuser=302)

TABLE = [
    Row("concepts:edition_list", READ, TOWN),
    Row("concepts:edition_detail", READ, EDITION),
    Row("concepts:tree", READ, EDITION),
    Row("concepts:tree", READ, EDITION, query="?status=running&field=1"),
    Row("concepts:gaps", READ, EDITION),
    Row(
        "concepts:field_detail",
        READ,
        lambda world: {**EDITION(world), "pk": world.field.pk},
    ),
    Row(
        "concepts:measure_detail",
        READ,
        lambda world: {**EDITION(world), "pk": world.measure.pk},
    ),
    Row("concepts:element_create", STAFF_ONLY, kind_only("handlungsziele")),
    Row("concepts:element_create", STAFF_ONLY, kind_only("schwerpunkte")),
    Row("concepts:element_create", STAFF_ONLY, kind_only("abschnitte")),
    Row(
        "concepts:element_create",
        STAFF_POSTS,
        kind_only("leitziele"),
        method="post",
        data=lambda world: {"field_of_action": world.field.pk, "title": "Neues Leitziel"},
    ),
    Row("concepts:element_update", STAFF_ONLY, element("massnahmen", "measure")),
    Row(
        "concepts:element_update",
        STAFF_POSTS,
        element("handlungsfelder", "field"),
        method="post",
        data=lambda world: {
            "title": "Sprache und Bildung",
            "version": world.field.modified.isoformat(),
        },
    ),
    Row(
        "concepts:element_update",
        STAFF_POSTS,
        element("massnahmen", "measure"),
        method="post",
        data=lambda world: {
            "field_of_action": world.field.pk,
            "title": "Maßnahme mit Trägern",
            "status": "running",
            "origin": "new",
            "version": world.measure.modified.isoformat(),
            "traeger-TOTAL_FORMS": 2,
            "traeger-INITIAL_FORMS": 1,
            "traeger-0-id": world.involvement.pk,
            "traeger-0-actor": world.involvement.actor_id,
            "traeger-0-role": "lead",
            "traeger-1-new_actor_name": "Neuer Träger",
            "traeger-1-role": "partner",
        },
    ),
    Row("concepts:element_delete", STAFF_ONLY, element("leitziele", "strategic_goal")),
    Row(
        "concepts:element_delete",
        STAFF_POSTS,
        element("umsetzungsmarker", "milestone"),
        method="post",
    ),
    Row(
        "concepts:element_move",
        STAFF_POSTS,
        element("leitsaetze", "principle"),
        method="post",
        data=lambda world: {"direction": "down"},
    ),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)


def test_edition_of_another_town_is_not_found(world, client_for):
    url = f"/{world.town.slug}/konzept/{world.other_edition.pk}/"
    assert client_for("staff").get(url).status_code == 404
