"""The second demo town, Velsburg: a big city's concept as real ones are written (issue 14).

Its two editions are exchange files beside this module (written by `indicators/demo/velsburg_build.py`): the
adopted "Integrationskonzept 2016" and the draft "1. Fortschreibung" (2024) that names it as its
predecessor and grades its goals. `load` imports both through `edition_import`, the path of a
town's upload, so the Fortschreibung is linked to its predecessor by the importer itself. Here
stays what the format does not carry: the town, its people and the publication of the adopted
edition. Participation adds a Vorlage whose date and author are unknown (`load_demo` of
participation). Loaded by `python manage.py demo`; idempotent through the town's slug.
"""

import json
from pathlib import Path

from django.db import transaction

from concepts.demo.rheine import load_people
from concepts.exchange import load as exchange_load
from concepts.extensions import extensions
from concepts.models import Edition, Membership, Municipality

TOWN_SLUG = "velsburg"
TOWN_NAME = "Velsburg"

VELSBURG_USERS = [
    # username, password, first, last, e-mail, role, organisation
    (
        "velsburg-stab",
        "demo-velsburg-stab-2026",
        "Miriam",
        "Okafor",
        "m.okafor@velsburg.example",
        Membership.Role.STAFF,
        "Amt für Integration und Vielfalt",
    ),
    (
        "velsburg-mitglied",
        "demo-velsburg-ag-2026",
        "Tomasz",
        "Nowak",
        "t.nowak@vmo-velsburg.example",
        Membership.Role.MEMBER,
        "Verbund der Migrantenorganisationen",
    ),
    (
        "velsburg-rat",
        "demo-velsburg-rat-2026",
        "Gisela",
        "Hartmann",
        "g.hartmann@rat-velsburg.example",
        Membership.Role.COUNCIL,
        "Integrationsrat",
    ),
]

FILES = {
    "2016": Path(__file__).parent / "velsburg-2016.json",
    "2024": Path(__file__).parent / "velsburg-2024.json",
}


def velsburg_data(year: str) -> dict:
    """The edition's file as data. Its figures are history (2013–2023) and stay on their dates:
    unlike Rheine's, they are not moved by the extensions' `demo_section`; only the sections of
    extensions that are not installed are left out, as a town's import would have to."""
    data = json.loads(FILES[year].read_text(encoding="utf-8"))
    installed = {section.name for e in extensions() for section in e.exchange_sections}
    data["extensions"] = {k: v for k, v in data["extensions"].items() if k in installed}
    return data


def velsburg_editions():
    """The town's editions, oldest first (empty before `load`)."""
    return list(
        Edition.objects.filter(concept__municipality__slug=TOWN_SLUG)
        .select_related("concept__municipality")
        .order_by("year", "pk")
    )


@transaction.atomic
def load(*, stdout=None):
    """Create Velsburg and import both editions; does nothing when the town exists."""
    if Municipality.objects.filter(slug=TOWN_SLUG).exists():
        return None
    from concepts.services.editions import edition_publish

    town = Municipality.objects.create(
        name=TOWN_NAME,
        slug=TOWN_SLUG,
        kind=Municipality.Kind.CITY,
        office="Amt für Integration und Vielfalt",
    )
    users = load_people(town, VELSBURG_USERS)
    staff = users[VELSBURG_USERS[0][0]]
    adopted = exchange_load.edition_import(
        municipality=town, data=velsburg_data("2016"), user=staff
    )
    draft = exchange_load.edition_import(municipality=town, data=velsburg_data("2024"), user=staff)
    edition_publish(edition=adopted, public=True, user=staff)
    if stdout:
        stdout.write(
            f"Zweite Demo-Kommune {town}: „{adopted.title}“ (beschlossen, öffentlich) und "
            f"„{draft.title}“ (Entwurf) aus den Austauschdateien."
        )
    return town
