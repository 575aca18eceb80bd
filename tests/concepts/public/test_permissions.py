"""Permission rows of the public view (everyone, or 404) and of publishing (Stabsstelle)."""

import pytest

from tests.conftest import ROLES
from tests.permissions import PUBLIC, READ, STAFF_ONLY, Row, assert_row, expect, ids, params

# Not found for everyone, anonymous included: the public view never reveals that a draft exists.
NOBODY = dict.fromkeys(READ, 404)
REDIRECTS = expect(STAFF_ONLY, staff=302, superuser=302)
POST_ONLY = expect(STAFF_ONLY, staff=405, superuser=405)


def town(world):
    return {"town": world.town.slug}


def edition(attribute):
    return lambda world: {"town": world.town.slug, "edition": getattr(world, attribute).pk}


def field(edition_attribute, field_attribute):
    return lambda world: {
        "town": world.town.slug,
        "edition": getattr(world, edition_attribute).pk,
        "pk": getattr(world, field_attribute).pk,
    }


def chapter(edition_attribute, chapter_attribute):
    return lambda world: {
        "town": world.town.slug,
        "edition": getattr(world, edition_attribute).pk,
        "pk": getattr(world, chapter_attribute).pk,
    }


def other_town_edition(world):
    return {"town": world.town.slug, "edition": world.other_edition.pk}


TABLE = [
    Row("public:index", PUBLIC, town),
    Row("public:index", NOBODY, lambda w: {"town": w.other_town.slug}),
    Row("public:edition", PUBLIC, edition("published")),
    Row("public:edition", NOBODY, edition("edition")),
    Row("public:edition", NOBODY, edition("unpublished")),
    Row("public:edition", NOBODY, other_town_edition),
    Row("public:field", PUBLIC, field("published", "field")),
    Row("public:field", NOBODY, field("edition", "draft_field")),
    Row("public:field", NOBODY, field("unpublished", "unpublished_field")),
    # A field of a draft under the URL of the published edition.
    Row("public:field", NOBODY, field("published", "draft_field")),
    Row("public:chapter", PUBLIC, chapter("published", "chapter")),
    Row("public:chapter", NOBODY, chapter("edition", "draft_chapter")),
    # A draft's chapter under the URL of the published edition.
    Row("public:chapter", NOBODY, chapter("published", "draft_chapter")),
    # "Daten und Fakten" of the indicators: public like the edition, never for a draft.
    Row("public_indicators:facts", PUBLIC, edition("published")),
    Row("public_indicators:facts", NOBODY, edition("edition")),
    Row("public_indicators:facts", NOBODY, edition("unpublished")),
    Row("public_indicators:facts", NOBODY, other_town_edition),
    Row("public:edition_pdf", PUBLIC, edition("published")),
    Row("public:edition_pdf", NOBODY, edition("edition")),
    Row("public:edition_pdf", NOBODY, edition("unpublished")),
    Row("public:edition_pdf", NOBODY, other_town_edition),
    Row(
        "concepts:edition_publish",
        REDIRECTS,
        edition("unpublished"),
        method="post",
        data=lambda w: {"public": "1"},
    ),
    Row(
        "concepts:edition_publish",
        REDIRECTS,
        edition("published"),
        method="post",
        data=lambda w: {"public": "0"},
    ),
    Row("concepts:edition_publish", POST_ONLY, edition("published")),
    Row(
        "concepts:edition_publish",
        expect(STAFF_ONLY, staff=404, superuser=404),
        other_town_edition,
        method="post",
        data=lambda w: {"public": "1"},
    ),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)
