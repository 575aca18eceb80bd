import pytest

from concepts.models import Edition
from tests.conftest import ROLES
from tests.permissions import READ, STAFF_ONLY, Row, assert_row, expect, ids, params

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731
EDITION = lambda world: {"town": world.town.slug, "edition": world.edition.pk}  # noqa: E731


def history(world):
    return {**EDITION(world), "kind": "fassung", "pk": world.edition.pk}


def restore(world):
    record = world.edition.history.earliest("history_date")
    return {**history(world), "history_id": record.history_id}


REDIRECTS = expect(STAFF_ONLY, staff=302, superuser=302)

TABLE = [
    Row("concepts:history", READ, history),
    Row("concepts:history_restore", STAFF_ONLY, restore),  # the confirmation page
    Row("concepts:history_restore", REDIRECTS, restore, method="post"),
    Row("concepts:edition_copy", STAFF_ONLY, EDITION),
    Row("concepts:edition_compare", READ, EDITION),
    Row("concepts:assessment", READ, EDITION),
    Row("concepts:assessment_edit", STAFF_ONLY, EDITION),
    Row("concepts:predecessor_match", STAFF_ONLY, EDITION),
    # With nothing to match (no predecessor) the confirmation goes back to the page.
    Row("concepts:predecessor_match", REDIRECTS, EDITION, method="post"),
    Row("concepts:edition_export", STAFF_ONLY, EDITION),
    Row("concepts:measures_xlsx", READ, EDITION),
    Row("concepts:measures_csv", READ, EDITION),
    Row("concepts:edition_import", STAFF_ONLY, TOWN),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)


@pytest.mark.parametrize(
    "path",
    [
        "verlauf/fassung/{other}/",
        "vergleich/?mit={other}",
        "massnahmen.csv",
        "export.json",
    ],
)
def test_objects_of_another_town_are_not_found(world, client_for, path):
    # The other town's edition in this town's URL, and this town's URL with a foreign element.
    other = world.other_edition.pk
    url = f"/{world.town.slug}/konzept/{other}/" + path.format(other=other)
    assert client_for("staff").get(url).status_code == 404


def test_comparing_with_an_edition_of_another_town_is_refused(world, client_for):
    Edition.objects.create(concept=world.edition.concept, title="Alt", year=2010)
    url = f"/{world.town.slug}/konzept/{world.edition.pk}/vergleich/?mit={world.other_edition.pk}"
    response = client_for("staff").get(url)
    assert response.status_code == 200
    assert "Bitte eine Fassung dieses Konzepts wählen." in response.content.decode()
    assert "results" not in response.context or not response.context.get("results")
