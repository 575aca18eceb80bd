import pytest

from tests.conftest import ROLES
from tests.permissions import READ, STAFF_ONLY, Row, assert_row, expect, ids, params

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731
INDICATOR = lambda world: {"town": world.town.slug, "pk": world.indicator.pk}  # noqa: E731
OTHER_INDICATOR = lambda world: {"town": world.town.slug, "pk": world.other_indicator.pk}  # noqa: E731
EDITION = lambda world: {"town": world.town.slug, "edition": world.edition.pk}  # noqa: E731
OTHER_EDITION = lambda world: {"town": world.town.slug, "edition": world.other_edition.pk}  # noqa: E731
FIELD = lambda world: {  # noqa: E731
    "town": world.town.slug,
    "edition": world.edition.pk,
    "field": world.field.pk,
}
NOT_FOUND = expect(READ, member=404, council=404, staff=404, superuser=404)
STAFF_NOT_FOUND = expect(STAFF_ONLY, staff=404, superuser=404)
STAFF_REDIRECT = expect(STAFF_ONLY, staff=302, superuser=302)


def value_data(world):
    return {"period": "2024", "value": "13,5"}


TABLE = [
    Row("indicators:index", READ, TOWN),
    Row("indicators:indicator_detail", READ, INDICATOR),
    Row("indicators:indicator_detail", NOT_FOUND, OTHER_INDICATOR),
    Row("indicators:indicator_chart", READ, INDICATOR),
    Row("indicators:indicator_chart", NOT_FOUND, OTHER_INDICATOR),
    Row("indicators:indicator_update", STAFF_ONLY, INDICATOR),
    Row("indicators:indicator_update", STAFF_NOT_FOUND, OTHER_INDICATOR),
    Row("indicators:indicator_update", STAFF_ONLY, INDICATOR, method="post", data=lambda w: {}),
    Row("indicators:indicator_delete", STAFF_ONLY, INDICATOR),
    Row("indicators:indicator_delete", STAFF_REDIRECT, INDICATOR, method="post"),
    Row("indicators:indicator_create", STAFF_ONLY, EDITION),
    Row("indicators:indicator_create", STAFF_NOT_FOUND, OTHER_EDITION),
    Row("indicators:indicator_create", STAFF_ONLY, EDITION, method="post", data=lambda w: {}),
    Row("indicators:measurement_create", STAFF_REDIRECT, INDICATOR),
    Row("indicators:measurement_create", STAFF_REDIRECT, INDICATOR, method="post", data=value_data),
    Row(
        "indicators:measurement_create",
        STAFF_NOT_FOUND,
        OTHER_INDICATOR,
        method="post",
        data=value_data,
    ),
    Row(
        "indicators:measurement_delete",
        STAFF_REDIRECT,
        lambda w: {"town": w.town.slug, "pk": w.measurement.pk},
        method="post",
    ),
    Row(
        "indicators:measurement_delete",
        STAFF_NOT_FOUND,
        lambda w: {"town": w.town.slug, "pk": w.other_measurement.pk},
        method="post",
    ),
    Row("indicators:measurement_table", STAFF_ONLY, FIELD),
    Row(
        "indicators:measurement_table",
        STAFF_REDIRECT,
        FIELD,
        method="post",
        query="?zeitraum=2024",
        data=lambda w: {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-indicator": str(w.indicator.pk),
            "form-0-value": "14",
        },
    ),
    Row("indicators:facts", READ, EDITION),
    Row("indicators:facts", NOT_FOUND, OTHER_EDITION),
    Row("indicators:import_template", READ, lambda w: {**EDITION(w), "fmt": "csv"}),
    Row("indicators:import_template", READ, lambda w: {**EDITION(w), "fmt": "xlsx"}),
    Row("indicators:import_template", NOT_FOUND, lambda w: {**OTHER_EDITION(w), "fmt": "csv"}),
    Row("indicators:import_upload", STAFF_ONLY, EDITION),
    Row("indicators:import_upload", STAFF_ONLY, EDITION, method="post", data=lambda w: {}),
    Row("indicators:import_preview", STAFF_REDIRECT, lambda w: {**EDITION(w), "token": "x"}),
    Row(
        "indicators:import_preview",
        STAFF_REDIRECT,
        lambda w: {**EDITION(w), "token": "x"},
        method="post",
    ),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)
