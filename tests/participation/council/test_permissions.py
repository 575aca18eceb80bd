"""Every URL of the council path, every role: readers read, the Stabsstelle edits."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES
from tests.permissions import (
    READ,
    STAFF_ONLY,
    Row,
    assert_row,
    current_version,
    expect,
    ids,
    params,
)

POSTED = expect(STAFF_ONLY, staff=302, superuser=302)


def town(world):
    return {"town": world.town.slug}


def with_town(**names):
    """kwargs from attributes of the council world, e.g. paper="paper" → world.paper.pk."""
    return lambda world: (
        {"town": world.town.slug} | {key: getattr(world, attr).pk for key, attr in names.items()}
    )


TABLE = [
    Row("council:index", READ, town),
    Row("council:committee_list", READ, town),
    Row("council:committee_detail", READ, with_town(committee="committee")),
    Row("council:meeting_detail", READ, with_town(meeting="meeting")),
    Row("council:paper_list", READ, town),
    Row("council:paper_detail", READ, with_town(paper="paper")),
    Row("council:paper_pdf", READ, with_town(paper="paper")),
    Row("council:paper_docx", READ, with_town(paper="paper")),
    Row("council:paper_package_pdf", READ, with_town(paper="paper")),
    Row("council:attachment_download", READ, with_town(attachment="attachment")),
    Row("council:committee_create", STAFF_ONLY, town),
    Row(
        "council:committee_create",
        POSTED,
        town,
        method="post",
        data=lambda w: {"name": "Beirat für Migration", "kind": "advisory_board", "position": 3},
    ),
    Row("council:committee_update", STAFF_ONLY, with_town(committee="committee")),
    Row("council:membership_create", STAFF_ONLY, with_town(committee="committee")),
    Row(
        "council:membership_update",
        STAFF_ONLY,
        with_town(committee="integration_council", membership="membership"),
    ),
    Row("council:meeting_create", STAFF_ONLY, with_town(committee="committee")),
    Row(
        "council:meeting_create",
        POSTED,
        with_town(committee="committee"),
        method="post",
        data=lambda w: {"date": "2026-03-10", "start_time": "17:00", "location": "Rathaus"},
    ),
    Row("council:meeting_update", STAFF_ONLY, with_town(meeting="meeting")),
    Row("council:paper_create", STAFF_ONLY, town),
    Row(
        "council:paper_create",
        POSTED,
        town,
        method="post",
        data=lambda w: {
            "kind": "resolution",
            "date": "2026-02-01",
            "author_office": "Stabsstelle Asyl und Integration",
            "subject": "3. Fortschreibung",
            "proposal_points": "Der Rat beschließt.",
            "signature": "Der Bürgermeister",
        },
    ),
    Row("council:paper_update", STAFF_ONLY, with_town(paper="paper")),
    Row("council:consultation_create", STAFF_ONLY, with_town(paper="paper")),
    Row("council:consultation_update", STAFF_ONLY, with_town(consultation="consultation")),
    Row("council:consultation_result", STAFF_ONLY, with_town(consultation="consultation")),
    Row(
        "council:consultation_result",
        POSTED,
        with_town(consultation="consultation"),
        method="post",
        data=lambda w: {
            "result": "deliberated",
            "votes_yes": 12,
            "votes_no": 1,
            "version": current_version(w.consultation),
        },
    ),
    Row("council:amendment_create", STAFF_ONLY, with_town(consultation="consultation")),
    Row("council:consultation_revert", STAFF_ONLY, with_town(consultation="decision")),
    Row(
        "council:consultation_revert",
        STAFF_ONLY,  # nothing adopted yet: the staff see the refusal, nothing changes
        with_town(consultation="decision"),
        method="post",
        data=lambda w: {"reason": "falsche Sitzung"},
    ),
    Row(
        "council:consultation_delete",
        POSTED,
        with_town(consultation="consultation"),
        method="post",
    ),
    Row("council:attachment_create", STAFF_ONLY, with_town(paper="paper")),
    Row(
        "council:attachment_delete",
        POSTED,
        with_town(attachment="attachment"),
        method="post",
    ),
    Row("council:numbering_list", STAFF_ONLY, town),
    Row("council:numbering_create", STAFF_ONLY, town),
    Row("council:numbering_update", STAFF_ONLY, with_town(numbering="numbering")),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, council_world, client_for):
    assert_row(row, role, council_world, client_for)


OTHER_TOWN_URLS = [
    ("council:paper_detail", {"paper": "other_paper"}),
    ("council:paper_pdf", {"paper": "other_paper"}),
    ("council:paper_docx", {"paper": "other_paper"}),
    ("council:consultation_result", {"consultation": "other_consultation"}),
]


@pytest.mark.parametrize(("name", "names"), OTHER_TOWN_URLS)
def test_objects_of_another_town_are_not_found(name, names, council_world, staff_client):
    kwargs = {"town": council_world.town.slug} | {
        key: getattr(council_world, attr).pk for key, attr in names.items()
    }
    assert staff_client.get(reverse(name, kwargs=kwargs)).status_code == 404


def test_attachment_delete_refuses_get(council_world, staff_client):
    url = reverse(
        "council:attachment_delete",
        kwargs={"town": council_world.town.slug, "attachment": council_world.attachment.pk},
    )
    assert staff_client.get(url).status_code == 405
