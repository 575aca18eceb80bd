"""The OParl API is public: every URL answers every role, anonymous included (docs/oparl.md)."""

import pytest

from tests.conftest import ROLES
from tests.permissions import PUBLIC, READ, Row, assert_row, ids, params

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731


def pk(attr):
    return lambda world: {"pk": getattr(world.oparl, attr).pk}


TABLE = [
    Row("oparl:system", PUBLIC),
    Row("oparl:body_list", PUBLIC),
    Row("oparl:body", PUBLIC, TOWN),
    Row("oparl:body_organizations", PUBLIC, TOWN),
    Row("oparl:body_persons", PUBLIC, TOWN),
    Row("oparl:body_meetings", PUBLIC, TOWN),
    Row("oparl:body_papers", PUBLIC, TOWN),
    Row("oparl:body_agenda_items", PUBLIC, TOWN),
    Row("oparl:body_consultations", PUBLIC, TOWN),
    Row("oparl:body_files", PUBLIC, TOWN),
    Row("oparl:body_locations", PUBLIC, TOWN),
    Row("oparl:body_legislative_terms", PUBLIC, TOWN),
    Row("oparl:body_memberships", PUBLIC, TOWN),
    Row(
        "oparl:person",
        PUBLIC,
        lambda world: {"town": world.town.slug, "person": world.oparl.chair.pk},
    ),
    Row("oparl:organization", PUBLIC, pk("council")),
    Row("oparl:organization_meetings", PUBLIC, pk("council")),
    Row("oparl:membership", PUBLIC, pk("chair")),
    Row("oparl:legislative_term", PUBLIC, pk("term")),
    Row("oparl:meeting", PUBLIC, pk("hfa_meeting")),
    Row("oparl:agenda_item", PUBLIC, pk("hfa_item")),
    Row("oparl:location", PUBLIC, pk("hfa_meeting")),
    Row("oparl:paper", PUBLIC, pk("paper")),
    Row("oparl:paper_main_file", PUBLIC, pk("paper")),
    Row("oparl:paper_main_file_access", PUBLIC, pk("paper")),
    Row("oparl:paper_main_file_download", PUBLIC, pk("paper")),
    Row("oparl:consultation", PUBLIC, pk("decision")),
    Row("oparl:file", PUBLIC, pk("attachment")),
    Row("oparl:file_access", PUBLIC, pk("attachment")),
    Row("oparl:file_download", PUBLIC, pk("attachment")),
    # Any other address under /oparl/v1/: the OParl error object, for everyone.
    Row("oparl:not_found", dict.fromkeys(READ, 404), lambda world: {"rest": "gibt-es-nicht/"}),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)
