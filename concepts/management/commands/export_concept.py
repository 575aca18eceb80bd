from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from concepts.exchange.export import dumps, edition_export
from concepts.models import Edition


class Command(BaseCommand):
    help = "Schreibt eine Fassung im Austauschformat (JSON, docs/austauschformat.md)."

    def add_arguments(self, parser):
        parser.add_argument("town", help="Kurzname der Kommune, z. B. rheine")
        parser.add_argument("edition", type=int, help="Nummer (id) der Fassung")
        parser.add_argument("-o", "--output", help="Datei; ohne Angabe auf die Standardausgabe")

    def handle(self, *args, town, edition, output=None, **options):
        found = Edition.objects.filter(concept__municipality__slug=town, pk=edition)
        instance = found.select_related("concept__municipality").first()
        if instance is None:
            raise CommandError(f"Die Fassung {edition} gibt es in „{town}“ nicht.")
        text = dumps(edition_export(instance))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Geschrieben: {output}")
        else:
            self.stdout.write(text, ending="")
