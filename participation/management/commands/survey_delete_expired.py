from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from participation.surveys.services import surveys_delete_expired


class Command(BaseCommand):
    help = (
        "Löscht die Antworten von Umfragen, deren Aufbewahrungsfrist abgelaufen ist; vorher "
        "werden die Rohdaten je Umfrage als XLSX in --export-dir gesichert. Täglich ausführen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--export-dir",
            default=str(Path(settings.MEDIA_ROOT) / "umfragen-archiv"),
            help="Ordner für die Sicherung der Rohdaten vor dem Löschen.",
        )

    def handle(self, *args, **options):
        done = surveys_delete_expired(export_dir=Path(options["export_dir"]))
        for survey, path, count in done:
            self.stdout.write(
                f"Umfrage „{survey.title}“: {count} Antwort(en) gesichert in {path} und gelöscht."
            )
        if not done:
            self.stdout.write("Keine Umfrage hat ihre Aufbewahrungsfrist überschritten.")
