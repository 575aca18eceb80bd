"""Daily job: remind everyone who has not reported when a round's deadline is near.

Run once a day from cron or a systemd timer (docs/indikatoren-controlling.md). Safe to run more
often: a person gets one automatic reminder per round, never two on the same day.
"""

import datetime

from django.core.management.base import BaseCommand

from indicators.rounds.services import REMINDER_DAYS_BEFORE, reminders_send_due


class Command(BaseCommand):
    help = "Erinnert Verantwortliche, die in einer offenen Berichtsrunde noch nicht gemeldet haben."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS_BEFORE,
            help="So viele Tage vor der Meldefrist wird erinnert (Standard: %(default)s).",
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Als ob heute dieser Tag wäre (JJJJ-MM-TT), zum Testen.",
        )

    def handle(self, *args, days, date, **options):
        sent = reminders_send_due(today=date, days_before=days)
        for task in sent:
            self.stdout.write(f"Erinnert: {task.email} ({task.round})")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} Erinnerung(en) gesendet."))
