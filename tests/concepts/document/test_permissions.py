import pytest

from tests.conftest import ROLES
from tests.permissions import READ, Row, assert_row, ids, params

EDITION = lambda world: {"town": world.town.slug, "edition": world.edition.pk}  # noqa: E731

TABLE = [
    Row("concepts:edition_pdf", READ, EDITION),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)


def test_pdf_of_another_towns_edition_is_not_found(world, client_for):
    url = f"/{world.town.slug}/konzept/{world.other_edition.pk}/pdf/"
    assert client_for("staff").get(url).status_code == 404
