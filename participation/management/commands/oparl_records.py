"""Record what the OParl API shows now, so that later deletions are reported as tombstones.

Runs by itself after every change (participation/oparl/tombstones.py); call it once after
installing the update that introduced tombstones, or to repair the ledger.
"""

from django.core.management.base import BaseCommand

from participation.models import OParlRecord
from participation.oparl.tombstones import reconcile_all


class Command(BaseCommand):
    help = "Gleicht die Liste der über OParl veröffentlichten Objekte ab (gelöschte Objekte)."

    def handle(self, *args, **options):
        reconcile_all()
        shown = OParlRecord.objects.filter(deleted_at__isnull=True).count()
        deleted = OParlRecord.objects.filter(deleted_at__isnull=False).count()
        self.stdout.write(f"OParl: {shown} veröffentlichte, {deleted} gelöschte Objekte.")
