import pytest

from tests.conftest import ROLES
from tests.permissions import READ, Row, assert_row, ids, params

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731

TABLE = [
    Row("participation:index", READ, TOWN),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)
