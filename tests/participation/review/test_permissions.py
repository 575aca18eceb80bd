"""Every URL of the review for every role. A member sees only rounds of their own groups:
the round of group B answers 404, so nobody learns it exists."""

import pytest

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

REVIEWERS = expect(READ, council=403)
REVIEWERS_POST = expect(REVIEWERS, member=302, staff=302, superuser=302)
STAFF_POST = expect(STAFF_ONLY, staff=302, superuser=302)
AUTHOR_ONLY = expect(REVIEWERS, staff=403, superuser=403)

TOWN = lambda w: {"town": w.town.slug}  # noqa: E731
ROUND = lambda w: {"town": w.town.slug, "round": w.round.pk}  # noqa: E731
ROUND_B = lambda w: {"town": w.town.slug, "round": w.round_b.pk}  # noqa: E731
COMMENT = lambda w: {"town": w.town.slug, "round": w.round.pk, "comment": w.comment.pk}  # noqa: E731
COMMENT_B = lambda w: {  # noqa: E731
    "town": w.town.slug,
    "round": w.round_b.pk,
    "comment": w.comment_b.pk,
}

TABLE = [
    Row("participation:review_round_list", REVIEWERS, TOWN),
    Row("participation:review_round_create", STAFF_ONLY, TOWN),
    Row(
        "participation:review_round_create",
        STAFF_POST,
        TOWN,
        method="post",
        data=lambda w: {
            "chapter": w.chapter.pk,
            "groups": [w.group_a.pk],
            "deadline": "2099-12-31",
        },
    ),
    Row("participation:review_round_detail", REVIEWERS, ROUND),
    Row("participation:review_round_detail", expect(REVIEWERS, member=404), ROUND_B),
    Row(
        "participation:review_comment_create",
        REVIEWERS_POST,
        ROUND,
        method="post",
        data=lambda w: {"text": "Ein Kommentar.", "paragraph": 1},
    ),
    Row(
        "participation:review_comment_create",
        expect(REVIEWERS_POST, member=404),
        ROUND_B,
        method="post",
        data=lambda w: {"text": "Ein Kommentar."},
    ),
    Row("participation:review_comment_update", AUTHOR_ONLY, COMMENT),
    Row(
        "participation:review_comment_update",
        expect(AUTHOR_ONLY, member=302),
        COMMENT,
        method="post",
        data=lambda w: {"text": "Geändert.", "version": current_version(w.comment)},
    ),
    Row("participation:review_comment_update", expect(AUTHOR_ONLY, member=404), COMMENT_B),
    Row(
        "participation:review_comment_withdraw",
        expect(AUTHOR_ONLY, member=302),
        COMMENT,
        method="post",
    ),
    Row(
        "participation:review_comment_withdraw",
        expect(AUTHOR_ONLY, member=404),
        COMMENT_B,
        method="post",
    ),
    Row("participation:review_comment_answer", STAFF_ONLY, COMMENT),
    Row(
        "participation:review_comment_answer",
        STAFF_POST,
        COMMENT,
        method="post",
        data=lambda w: {
            "disposition": "accepted",
            "answer": "Danke.",
            "version": current_version(w.comment),
        },
    ),
    Row("participation:review_round_close", STAFF_POST, ROUND, method="post"),
    Row("participation:review_synopsis_xlsx", STAFF_ONLY, ROUND),
    Row("participation:review_synopsis_pdf", STAFF_ONLY, ROUND),
    Row("participation:notification_settings", REVIEWERS, TOWN),
    Row(
        "participation:notification_settings",
        REVIEWERS_POST,
        TOWN,
        method="post",
        data=lambda w: {"reply": "on"},
    ),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, review, client_for):
    assert_row(row, role, review, client_for)
