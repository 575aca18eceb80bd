import pytest

from tests.conftest import ROLES
from tests.permissions import (
    LOGGED_IN,
    PUBLIC,
    READ,
    STAFF_ONLY,
    Row,
    assert_row,
    current_version,
    expect,
    ids,
    params,
)

TOWN = lambda world: {"town": world.town.slug}  # noqa: E731


def import_job(world):
    """A failed background import of the town (integration_site/background/imports.py)."""
    from integration_site.background.models import ImportJob

    job, _created = ImportJob.objects.get_or_create(
        kind="exchange",
        municipality=world.town,
        defaults={"state": ImportJob.State.FAILED, "error": "kaputt", "filename": "k.json"},
    )
    return {"town": world.town.slug, "job": job.pk}


TABLE = [
    Row("start", expect(LOGGED_IN, staff=302, member=302, council=302, outsider=302)),
    Row("town_home", READ, TOWN),
    Row("health", PUBLIC),
    # The icon is everyone's: a redirect to the static file.
    Row("favicon", expect(PUBLIC, **dict.fromkeys(PUBLIC, 301))),
    Row("login", PUBLIC),
    Row(
        "logout",
        expect(
            PUBLIC, anonymous=302, outsider=302, member=302, council=302, staff=302, superuser=302
        ),
        method="post",
    ),
    # Everyone may choose the interface language; the answer sends them back to `next`.
    Row(
        "set_language",
        expect(
            PUBLIC, anonymous=302, outsider=302, member=302, council=302, staff=302, superuser=302
        ),
        method="post",
        data=lambda world: {"language": "en", "next": "/konto/login/"},
    ),
    Row("password_change", LOGGED_IN),
    Row("password_change_done", LOGGED_IN),
    Row("password_reset", PUBLIC),
    Row("password_reset_done", PUBLIC),
    Row("password_reset_confirm", PUBLIC, lambda world: {"uidb64": "MQ", "token": "falsch"}),
    Row("password_reset_complete", PUBLIC),
    Row("admin:index", expect(READ, outsider=302, member=302, council=302, staff=302)),
    # Legal pages: for everyone, also the public; only the town's staff edit them.
    Row("legal_imprint", PUBLIC, TOWN),
    Row("legal_privacy", PUBLIC, TOWN),
    Row("legal_accessibility", PUBLIC, TOWN),
    Row("site_legal_imprint", PUBLIC),
    Row("site_legal_privacy", PUBLIC),
    Row("site_legal_accessibility", PUBLIC),
    Row("legal_edit", STAFF_ONLY, TOWN),
    Row(
        "legal_edit",
        expect(STAFF_ONLY, staff=302, superuser=302),
        TOWN,
        method="post",
        data=lambda world: {
            "legal_imprint": "Neu",
            "legal_privacy": "",
            "legal_accessibility": "",
            "version": current_version(world.town),
        },
    ),
    # The progress and result of an import: the town's staff only; POST tries it again.
    Row("import_job", STAFF_ONLY, import_job),
    Row("import_job", expect(STAFF_ONLY, staff=302, superuser=302), import_job, method="post"),
]


@pytest.mark.parametrize(("row", "role"), params(TABLE, ROLES), ids=ids(TABLE, ROLES))
def test_permission_table(row, role, world, client_for):
    assert_row(row, role, world, client_for)


def test_town_of_another_municipality_is_forbidden(world, client_for):
    response = client_for("staff").get(f"/{world.other_town.slug}/")
    assert response.status_code == 403


def test_unknown_town_is_not_found(world, client_for):
    assert client_for("staff").get("/gibt-es-nicht/").status_code == 404
