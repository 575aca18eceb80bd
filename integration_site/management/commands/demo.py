import os

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from concepts.demo import ADMIN_USER, DEMO_USERS, TOWN_SLUG
from concepts.demo.large import LARGE_USERS, TOWN_NAME
from concepts.models import Edition


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

    def handle(self, *args, **options):
        # Each app contributes its part through `load_demo` on its AppConfig, in the order of
        # INSTALLED_APPS, so that concepts comes before the apps that build on it.
        hooks = ["load_demo", "load_demo_large"] if options["large"] else ["load_demo"]
        with transaction.atomic():
            for hook in hooks:
                for config in apps.get_app_configs():
                    load = getattr(config, hook, None)
                    if load:
                        load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodaten sind geladen."))
        self.stdout.write("")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Anmeldungen für die Demo (http://127.0.0.1:{port}/konto/login/):")
        users = DEMO_USERS + (LARGE_USERS if options["large"] else [])
        for username, password, first, last, _email, role, organisation in users:
            self.stdout.write(
                f"  {role.label:<24} Benutzer: {username:<15} Passwort: {password:<20}"
                f" ({first} {last}, {organisation})"
            )
        self.stdout.write(
            f"  {'Administration':<24} Benutzer: {ADMIN_USER[0]:<15} Passwort: {ADMIN_USER[1]}"
        )
        if Edition.objects.filter(concept__municipality__slug=TOWN_SLUG).published().exists():
            self.stdout.write("")
            self.stdout.write(
                f"Öffentliche Ansicht ohne Anmeldung: http://127.0.0.1:{port}/{TOWN_SLUG}/oeffentlich/"
            )
