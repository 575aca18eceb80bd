from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from concepts.exchange import ImportProblems
from concepts.exchange.load import edition_import
from concepts.models import Municipality


class Command(BaseCommand):
    help = "Liest eine Austauschdatei und legt daraus einen neuen Entwurf in der Kommune an."

    def add_arguments(self, parser):
        parser.add_argument("town", help="Kurzname der Kommune, z. B. rheine")
        parser.add_argument("file", help="Austauschdatei (JSON)")
        parser.add_argument("--user", help="Benutzername, der im Verlauf erscheint")

    def handle(self, *args, town, file, user=None, **options):
        municipality = Municipality.objects.filter(slug=town).first()
        if municipality is None:
            raise CommandError(f"Die Kommune „{town}“ gibt es nicht.")
        person = None
        if user:
            person = get_user_model().objects.filter(username=user).first()
            if person is None:
                raise CommandError(f"Den Benutzer „{user}“ gibt es nicht.")
        try:
            raw = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Die Datei lässt sich nicht lesen: {error}") from None
        try:
            edition = edition_import(municipality=municipality, data=raw, user=person)
        except ImportProblems as error:
            for path, message in error.problems:
                self.stderr.write(f"{path}: {message}")
            raise CommandError(
                f"Nichts importiert: {len(error.problems)} Problem(e) in der Datei."
            ) from None
        self.stdout.write(
            f"Importiert als Entwurf: {edition.title} ({edition.year}), id {edition.pk}"
        )
