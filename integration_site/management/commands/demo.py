import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from concepts.demo import large as demo_large
from concepts.demo import rheine as demo
from concepts.demo import velsburg as demo_velsburg
from concepts.demo.large import LARGE_USERS, TOWN_NAME
from concepts.demo.rheine import ADMIN_USER, DEMO_USERS, TOWN_SLUG
from concepts.demo.towns import TOWN_PASSWORD, load_towns
from concepts.demo.velsburg import VELSBURG_USERS
from concepts.extensions import extensions
from concepts.models import Edition


def load_core_towns(*, stdout=None):
    """Rheine, then the second town Velsburg (a big city's untidy concept)."""
    demo.load(stdout=stdout)
    demo_velsburg.load(stdout=stdout)


def load_demo(*, large=False, stdout=None):
    """The concept's demo towns, then each extension's part (in the order they registered, i.e.
    of INSTALLED_APPS); with `large`, then the large town's the same way."""
    rounds = [(load_core_towns, lambda extension: extension.load_demo)]
    if large:
        rounds.append((demo_large.load, lambda extension: extension.load_demo_large))
    for core, loader_of in rounds:
        core(stdout=stdout)
        for extension in extensions():
            if (loader := loader_of(extension)) is not None:
                loader(stdout=stdout)


class Command(BaseCommand):
    help = (
        "Lädt die Demo-Kommune mit Konzept, Indikatoren, Beteiligung und Gremien. "
        "Ein zweiter Aufruf ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--large",
            action="store_true",
            help=(
                f"Zusätzlich die {TOWN_NAME} mit einem großen Konzept laden "
                "(640 Maßnahmen, 100 Indikatoren mit je 10 Jahreswerten), z. B. für Lasttests."
            ),
        )
        parser.add_argument(
            "--towns",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Zusätzlich N Kommunen mit je einem mittleren Konzept anlegen (162 Maßnahmen, "
                "20 Indikatoren, Arbeitsgruppe, Treffen, Vorlage), z. B. --towns 400 für die "
                "Messung einer Installation im Rechenzentrum."
            ),
        )

    def handle(self, *args, **options):
        if options["towns"] < 0:
            raise CommandError("--towns braucht eine Zahl ab 0.")
        with transaction.atomic():
            load_demo(large=options["large"], stdout=self.stdout)
        if options["towns"]:
            started = time.perf_counter()
            created = load_towns(options["towns"], stdout=self.stdout)
            self.stdout.write(
                f"{created} Kommunen in {time.perf_counter() - started:.1f} s angelegt "
                f"(Anmeldungen k001-stab, k001-mitglied, k001-rat … Passwort {TOWN_PASSWORD})."
            )
        self.stdout.write(self.style.SUCCESS("Demodaten sind geladen."))
        self.stdout.write("")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Anmeldungen für die Demo (http://127.0.0.1:{port}/konto/login/):")
        towns = [("Rheine", DEMO_USERS), ("Velsburg", VELSBURG_USERS)]
        if options["large"]:
            towns.append((TOWN_NAME, LARGE_USERS))
        for town, users in towns:
            self.stdout.write(f" {town}:")
            for username, password, first, last, _email, role, organisation in users:
                self.stdout.write(
                    f"  {role.label:<24} Benutzer: {username:<17} Passwort: {password:<23}"
                    f" ({first} {last}, {organisation})"
                )
        self.stdout.write(
            f"  {'Administration':<24} Benutzer: {ADMIN_USER[0]:<17} Passwort: {ADMIN_USER[1]}"
        )
        published = [
            slug
            for slug in (TOWN_SLUG, demo_velsburg.TOWN_SLUG)
            if Edition.objects.filter(concept__municipality__slug=slug).published().exists()
        ]
        if published:
            self.stdout.write("")
            self.stdout.write("Öffentliche Ansicht ohne Anmeldung:")
            for slug in published:
                self.stdout.write(f"  http://127.0.0.1:{port}/{slug}/oeffentlich/")
