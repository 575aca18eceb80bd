from django.core.management.base import BaseCommand

from integration_site.warmup import warm_up


class Command(BaseCommand):
    help = "Wärmt den Prozess vor (Ansichten, Vorlagen, Übersetzungen, Cache) und zeigt die Dauer."

    def handle(self, *args, **options):
        steps = warm_up()
        for name, seconds in steps.items():
            self.stdout.write(f"{name:14} {seconds * 1000:8.1f} ms")
        self.stdout.write(f"{'gesamt':14} {sum(steps.values()) * 1000:8.1f} ms")
