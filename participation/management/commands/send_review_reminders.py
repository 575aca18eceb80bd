from django.core.management.base import BaseCommand

from participation.review.notifications import REMINDER_DAYS, deadline_reminders


class Command(BaseCommand):
    help = (
        f"Erinnert die Arbeitsgruppen offener Prüfrunden {REMINDER_DAYS} Tage vor der Frist "
        "per E-Mail, je Prüfrunde nur einmal. Täglich ausführen (systemd-Timer oder cron)."
    )

    def handle(self, *args, **options):
        sent = deadline_reminders()
        self.stdout.write(f"{sent} Erinnerung(en) verschickt.")
