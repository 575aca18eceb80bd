from django.core.management.base import BaseCommand

from participation.models import CouncilSystem
from participation.ris.client import CouncilSystemError, OParlClient
from participation.ris.services import council_system_sync


class Command(BaseCommand):
    help = (
        "Liest die mit dem Ratsinformationssystem verknüpften Vorlagen erneut, die sich seit "
        "dem letzten Lauf geändert haben (modified_since), und übernimmt die Ergebnisse. "
        "Änderungen, die eine Fassung beschließen oder eine beschlossene Fassung betreffen, "
        "warten auf die Bestätigung der Stabsstelle. Täglich ausführen (systemd-Timer oder cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kommune", help="nur diese Kommune (Kurzname in der Adresse)")
        parser.add_argument(
            "--alle",
            action="store_true",
            help="alle verknüpften Vorlagen lesen, nicht nur geänderte",
        )

    def handle(self, *args, **options):
        systems = CouncilSystem.objects.select_related("municipality").order_by("pk")
        if options["kommune"]:
            systems = systems.filter(municipality__slug=options["kommune"])
        failed = False
        for system in systems:
            name = system.municipality.name
            try:
                with OParlClient() as client:
                    report = council_system_sync(
                        council_system=system, client=client, full=options["alle"]
                    )
            except CouncilSystemError as error:
                failed = True
                self.stderr.write(f"{name}: {error}")
                continue
            self.stdout.write(
                f"{name}: {report.read} Vorlage(n) gelesen, {len(report.applied)} übernommen, "
                f"{len(report.waiting)} warten auf Bestätigung, "
                f"{len(report.failed)} fehlgeschlagen."
            )
            for line in report.failed:
                failed = True
                self.stderr.write(f"  {line}")
        if failed:
            raise SystemExit(1)
