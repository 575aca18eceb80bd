"""OParl: the tombstone ledger and list pages as the council data grows.

For towns with N published papers (each with a meeting, an agenda item, a consultation and an
attachment) prints: the time and queries of `reconcile()` after one change (what every commit
of a council change costs); deleting a tenth of the agenda items in one transaction (the
deletes, then one reconcile with tombstones and parent bumps); and the time and queries of a
paper list page and an agenda item list page with `modified_since` (live objects, then
tombstones).
"""

import datetime
import time
from functools import partial

from common import median_ms, query_count, setup_django

setup_django()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from participation.models import (  # noqa: E402
    AgendaItem,
    Committee,
    CommitteeMeeting,
    Consultation,
    Paper,
    PaperAttachment,
)
from participation.oparl.tombstones import reconcile  # noqa: E402
from tests import factories  # noqa: E402


@transaction.atomic  # one commit, so the ledger is brought up to date once
def fill(town, committee, count, offset):
    start = timezone.make_aware(datetime.datetime(2026, 3, 2, 17))
    for n in range(offset, offset + count):
        meeting = CommitteeMeeting.objects.create(
            committee=committee, starts_at=start + datetime.timedelta(days=n), location="Rathaus"
        )
        item = AgendaItem.objects.create(meeting=meeting, number="1", position=1, name=f"TOP {n}")
        paper = Paper.objects.create(
            municipality=town,
            number=f"BV/{n:05d}/2026",
            date=datetime.date(2026, 2, 10),
            author_office="Fachstelle Integration",
            subject=f"Vorlage {n}",
            proposal_points=["Der Rat beschließt."],
        )
        Consultation.objects.create(
            paper=paper, committee=committee, meeting=meeting, agenda_item=item
        )
        PaperAttachment.objects.create(
            paper=paper, title="Anlage", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
        )


def delete_all(items):
    with transaction.atomic():  # the ledger is reconciled once, at the commit
        for item in items:
            item.delete()


def list_page(client, town, kind):
    url = f"/oparl/v1/body/{town.slug}/{kind}/"
    return lambda: client.get(url, {"modified_since": "2000-01-01T00:00:00+01:00", "limit": 100})


def main():
    world = factories.build_world()
    town = world.town
    committee = Committee.objects.create(municipality=town, name="Rat", kind="council")
    client = Client()
    print(
        "papers | reconcile ms (queries) | deleting 10% of TOPs ms (queries) | "
        "paper page ms (queries) | agenda item page ms (queries)"
    )
    done = 0
    for size in (100, 400, 1000):
        fill(town, committee, size - done, done)
        done = size
        reconcile(town)
        steady_ms = median_ms(lambda: reconcile(town), repeat=5, warmup=1)
        steady_q = query_count(lambda: reconcile(town))
        doomed = list(AgendaItem.objects.filter(meeting__committee=committee)[: size // 10])
        started = time.perf_counter()
        delete_q = query_count(partial(delete_all, doomed))
        delete_ms = (time.perf_counter() - started) * 1000
        page = partial(list_page, client, town)
        paper_ms = median_ms(page("paper"), repeat=5, warmup=1)
        paper_q = query_count(page("paper"))
        item_ms = median_ms(page("agendaitem"), repeat=5, warmup=1)
        item_q = query_count(page("agendaitem"))
        print(
            f"{size:6d} | {steady_ms:8.1f} ({steady_q}) | {delete_ms:8.1f} ({delete_q}) | "
            f"{paper_ms:6.1f} ({paper_q}) | {item_ms:6.1f} ({item_q})"
        )


main()
