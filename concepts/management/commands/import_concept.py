from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from concepts.exchange import ImportProblems, matching
from concepts.exchange.load import edition_import
from concepts.models import Municipality


class Command(BaseCommand):
    help = "Liest eine Austauschdatei und legt daraus einen neuen Entwurf in der Kommune an."

    def add_arguments(self, parser):
        parser.add_argument("town", help="Kurzname der Kommune, z. B. rheine")
        parser.add_argument("file", help="Austauschdatei (JSON)")
        parser.add_argument("--user", help="Benutzername, der im Verlauf erscheint")
        parser.add_argument(
            "--schwelle",
            type=int,
            default=matching.THRESHOLD,
            help=(
                "Nennt die Datei eine Vorfassung: Paare mit mindestens dieser Ähnlichkeit "
                f"(0–100, Vorgabe {matching.THRESHOLD}) werden zugeordnet; 101 ordnet nichts zu."
            ),
        )

    def handle(self, *args, town, file, user=None, schwelle=matching.THRESHOLD, **options):
        if not 0 <= schwelle <= 101:
            raise CommandError("Die Schwelle muss zwischen 0 und 101 liegen.")
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
            f"Importiert als {edition.get_status_display()}: {edition.title} ({edition.year}), "
            f"id {edition.pk}"
        )
        if edition.based_on_id:
            self.link_predecessor(edition, schwelle)

    def link_predecessor(self, edition, threshold):
        """Pair the elements with the predecessor's above the threshold and print the pairs;
        the staff can change them on the page "Zuordnung zur Vorfassung"."""
        pairs = matching.link_proposals(edition, threshold=threshold)
        predecessor = edition.based_on
        self.stdout.write(
            f"Zuordnung zur Vorfassung „{predecessor.title}“ ({predecessor.year}), "
            f"Schwelle {threshold}: {len(pairs)} Paar(e)"
        )
        for kind, new, old, score in pairs:
            self.stdout.write(f"  {kind.title}: {new.label} ← {old.label} ({score})")
        url = reverse(
            "concepts:predecessor_match",
            kwargs={"town": edition.municipality.slug, "edition": edition.pk},
        )
        self.stdout.write(f"Ändern: Seite der Fassung → „Zuordnung zur Vorfassung“ ({url})")
