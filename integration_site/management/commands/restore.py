import sys

from django.core.management.base import BaseCommand, CommandError

from integration_site.ops.backup import BackupError, backup_restore, backup_verify, check_compatible
from integration_site.rendering import generation


class Command(BaseCommand):
    help = (
        "Spielt eine Sicherung zurück: ersetzt die ganze Datenbank und alle hochgeladenen "
        "Dateien. Prüft die Sicherung vorher vollständig."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="SICHERUNG", help="Pfad der Sicherungsdatei (.tar)")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Ohne Rückfrage wiederherstellen (für Skripte).",
        )

    def handle(self, *args, archive, yes=False, **options):
        try:
            manifest = backup_verify(archive)
            check_compatible(manifest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sicherung vom {manifest['created_at']} (Version {manifest['app_version']}, "
            f"{manifest['database']['vendor']}, {len(manifest['files'])} Dateien) ist geprüft."
        )
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Die Wiederherstellung ersetzt alle Daten und Dateien. "
                    "Bitte mit --yes bestätigen."
                )
            answer = input("Alle jetzigen Daten und Dateien werden ersetzt. Fortfahren? [ja/nein] ")
            if answer.strip().lower() not in {"ja", "j"}:
                raise CommandError("Abgebrochen; nichts wurde geändert.")
        try:
            result = backup_restore(path=archive, manifest=manifest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        # Fingerprints remembered before the restore describe the replaced data.
        generation.advance()
        rows = sum(result.rows.values())
        tables = sum(1 for count in result.rows.values() if count)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wiederhergestellt: {rows} Datensätze in {tables} Tabellen, "
                f"{result.files_written} Dateien geschrieben, "
                f"{result.files_unchanged} unverändert, "
                f"{result.files_removed} überzählige entfernt."
            )
        )
        if result.older_migrations:
            self.stdout.write(
                self.style.WARNING(
                    "Die Sicherung stammt von einer älteren Programmversion. "
                    "Bitte jetzt `python manage.py migrate` ausführen."
                )
            )
