from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from integration_site.ops.backup import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Sichert Datenbank und hochgeladene Dateien in eine Archivdatei "
        "(Standard: BACKUP_DIR, sonst var/backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="PFAD",
            help="Zieldatei oder Zielverzeichnis statt BACKUP_DIR.",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Danach nur die N neuesten Sicherungen im Zielverzeichnis behalten.",
        )

    def handle(self, *args, output=None, keep=None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep muss mindestens 1 sein.")
        try:
            backup = backup_create(output=output, directory=settings.BACKUP_DIR)
            removed = backups_prune(directory=backup.path.parent, keep=keep) if keep else []
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sicherung geschrieben: {backup.path} "
            f"({filesizeformat(backup.size)}, {backup.file_count} Dateien)"
        )
        for path in removed:
            self.stdout.write(f"Alte Sicherung gelöscht: {path}")
