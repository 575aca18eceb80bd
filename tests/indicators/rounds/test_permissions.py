"""Permission rows of the controlling cycle, the report and the export.

The person's reporting page is public by token: every role gets 200 with a valid token (the link
is the permission); tokens that are invalid, foreign, expired or of a closed round are tested in
test_rounds.py.
"""

import pytest

from tests.conftest import ROLES
from tests.permissions import PUBLIC, READ, STAFF_ONLY, Row, assert_row, expect, ids, params

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731
ROUND = lambda world: {"town": world.town.slug, "round": world.round.pk}  # noqa: E731
TASK = lambda world: {"town": world.town.slug, "round": world.round.pk, "task": world.task.pk}  # noqa: E731
TOKEN = lambda world: {"town": world.town.slug, "token": world.token}  # noqa: E731
POST_STAFF = expect(STAFF_ONLY, staff=302, superuser=302)

TABLE = [
    Row("indicators:round_list", STAFF_ONLY, TOWN),
    Row("indicators:round_create", STAFF_ONLY, TOWN),
    # An incomplete form is re-rendered with German errors.
    Row("indicators:round_create", STAFF_ONLY, TOWN, method="post", data=lambda w: {"title": ""}),
    Row("indicators:round_detail", STAFF_ONLY, ROUND),
    Row("indicators:round_report", STAFF_ONLY, ROUND),
    Row("indicators:round_remind", POST_STAFF, TASK, method="post"),
    Row("indicators:round_remind_all", POST_STAFF, ROUND, method="post"),
    Row("indicators:round_close", POST_STAFF, ROUND, method="post"),
    Row("indicators:report", READ, TOWN),
    Row("indicators:report_pdf", READ, TOWN, query="?stichtag=2024-12-31"),
    Row("indicators:export_csv", READ, TOWN),
    Row("indicators:export_xlsx", READ, TOWN),
    Row("indicators:task_report", PUBLIC, TOKEN),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, round_world, client_for):
    assert_row(row, role, round_world, client_for)
