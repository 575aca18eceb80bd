"""Many towns in one installation, as a Rechenzentrum runs it: `manage.py demo --towns 400`.

Each generated town ("Kommune 001", slug `kommune-001`, …) gets a medium concept in the large
demo's shape (`large_data` with MEDIUM: 6 Handlungsfelder × 3 Leitziele × 3 Handlungsziele ×
3 Maßnahmen, 20 indicators with ten years of values each), imported as `edition_import` does
a town's upload (bulk inserts with history; the file, the same for all, is checked once),
three people (Stabsstelle, AG-Mitglied, Ratsmitglied: `k001-stab`, `k001-mitglied`,
`k001-rat`, all with TOWN_PASSWORD) and each extension's `load_demo_town` part (participation: a working group with meetings, the Rat with a
meeting and a Beschlussvorlage). The people are made in bulk with one password hash for all.
Idempotent: existing towns are left as they are.
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from concepts.demo.large import large_data
from concepts.demo.sections import with_extension_sections
from concepts.exchange import ImportProblems
from concepts.exchange import load as exchange_load
from concepts.exchange.check import check
from concepts.extensions import extensions
from concepts.models import Membership, Municipality

MEDIUM = {"fields": 6, "strategic": 3, "operational": 3, "measures": 3, "indicators": 20}
TOWN_PASSWORD = "demo-kommunen-2026"
ROLES = (
    ("stab", Membership.Role.STAFF, "Stabsstelle Integration"),
    ("mitglied", Membership.Role.MEMBER, "Caritasverband"),
    ("rat", Membership.Role.COUNCIL, "Integrationsrat"),
)


def town_slug(number):
    return f"kommune-{number:03d}"


def town_username(number, role_key):
    return f"k{number:03d}-{role_key}"


def load_towns(count, *, stdout=None):
    """Create towns 1 … count that do not exist yet; returns the number created."""
    wanted = {town_slug(n): n for n in range(1, count + 1)}
    existing = set(Municipality.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    missing = [n for slug, n in wanted.items() if slug not in existing]
    if not missing:
        return 0
    started = time.perf_counter()
    # Every town gets the same generated file: it is checked once, as an upload would be, and
    # then imported into each town without checking it again (the check is 40 % of an import).
    problems = check(_medium_data(missing[0]))
    if problems:
        raise ImportProblems(problems)
    users = _people(missing)
    for done, number in enumerate(missing, start=1):
        _town(number, users)
        if stdout and (done % 50 == 0 or done == len(missing)):
            stdout.write(
                f"Kommunen: {done} von {len(missing)} angelegt "
                f"({time.perf_counter() - started:.0f} s)."
            )
    return len(missing)


def _medium_data(number):
    data = large_data(MEDIUM)
    data["concept"]["title"] = f"Integrationskonzept der Kommune {number:03d}"
    return with_extension_sections(data, large=True, size=MEDIUM)


def _people(numbers):
    """The towns' people in bulk (one password hash for all); {username: user}."""
    User = get_user_model()
    password = make_password(TOWN_PASSWORD)
    names = [town_username(n, key) for n in numbers for key, _role, _org in ROLES]
    known = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(
                username=name,
                password=password,
                first_name=name.split("-")[1].capitalize(),
                last_name=name.split("-")[0].upper(),
                email=f"{name}@kommunen.example",
            )
            for name in names
            if name not in known
        ],
        batch_size=1000,
    )
    return {user.username: user for user in User.objects.filter(username__in=names)}


@transaction.atomic
def _town(number, users):
    town = Municipality.objects.create(
        name=f"Kommune {number:03d}",
        slug=town_slug(number),
        kind=Municipality.Kind.CITY,
        office="Stabsstelle Integration",
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user=users[town_username(number, key)],
                municipality=town,
                role=role,
                organisation=organisation,
            )
            for key, role, organisation in ROLES
        ]
    )
    importer = exchange_load._Importer(town, users[town_username(number, "stab")])
    edition = importer.run(_medium_data(number))
    for extension in extensions():
        if extension.load_demo_town is not None:
            extension.load_demo_town(town, edition)
    return town
