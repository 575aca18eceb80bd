import pytest

from tests.conftest import ROLES
from tests.permissions import READ, Row, assert_row, ids, params

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731
EDITION = lambda world: {"town": world.town.slug, "edition": world.edition.pk}  # noqa: E731

TABLE = [
    Row("concepts:edition_list", READ, TOWN),
    Row("concepts:edition_detail", READ, EDITION),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)


def test_edition_of_another_town_is_not_found(world, client_for):
    url = f"/{world.town.slug}/konzept/{world.other_edition.pk}/"
    assert client_for("staff").get(url).status_code == 404
