"""The permission table: every URL, every role, the expected status.

Each app keeps its rows in `tests/<app>/test_permissions.py` as `TABLE`, a list of `Row`, and
runs them with `assert_row`. `tests/site/test_permission_coverage.py` fails when a URL name
of the project has no row anywhere, so the table grows with every new URL.
"""

from dataclasses import dataclass, field
from typing import Callable

from django.urls import reverse

# Who may read a town's pages, and who may change them.
READ = {
    "anonymous": 302,
    "outsider": 403,
    "member": 200,
    "council": 200,
    "staff": 200,
    "superuser": 200,
}
STAFF_ONLY = {
    "anonymous": 302,
    "outsider": 403,
    "member": 403,
    "council": 403,
    "staff": 200,
    "superuser": 200,
}
LOGGED_IN = {
    "anonymous": 302,
    "outsider": 200,
    "member": 200,
    "council": 200,
    "staff": 200,
    "superuser": 200,
}
PUBLIC = dict.fromkeys(READ, 200)


def current_version(obj):
    """The version an edit form of `obj` hands out now (integration_site/versions.py)."""
    from integration_site.versions import version_of

    return version_of(type(obj)._default_manager.get(pk=obj.pk))


def expect(base, **overrides):
    """A copy of a standard row of statuses with some roles changed."""
    return {**base, **overrides}


@dataclass
class Row:
    name: str
    expected: dict
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    data: Callable = field(default=lambda world: {})
    query: str = ""

    def __str__(self):
        return f"{self.method.upper()} {self.name}"


def params(table, roles):
    return [(row, role) for row in table for role in roles]


def ids(table, roles):
    return [f"{row}-{role}" for row, role in params(table, roles)]


def assert_row(row, role, world, client_for):
    url = reverse(row.name, kwargs=row.kwargs(world)) + row.query
    client = client_for(role)
    response = getattr(client, row.method)(url, row.data(world))
    expected = row.expected[role]
    assert response.status_code == expected, (
        f"{row} as {role}: {response.status_code}, expected {expected} ({url})"
    )
    if expected == 302 and role == "anonymous":
        assert "login/" in response["Location"]
