"""Who may use the Word import: the Stabsstelle only (and the superuser)."""

import pytest

from tests.conftest import ROLES
from tests.permissions import READ, STAFF_ONLY, Row, assert_row, expect, ids, params

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731
# Without an upload in the session, preview and rules file send the person to the upload.
TO_UPLOAD = expect(STAFF_ONLY, staff=302, superuser=302)

EDITION = lambda world: {"town": world.town.slug, "edition": world.edition.pk}  # noqa: E731

TABLE = [
    Row("concepts:edition_docx", READ, EDITION),
    Row("concepts:word_upload", STAFF_ONLY, TOWN),
    Row("concepts:word_preview", TO_UPLOAD, TOWN),
    Row("concepts:word_preview", TO_UPLOAD, TOWN, method="post", data=lambda w: {"action": "x"}),
    Row("concepts:word_rules", TO_UPLOAD, TOWN),
    Row("concepts:word_template", STAFF_ONLY, TOWN),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)
