"""Soft delete for OParl (spec §2.8): remember what was published, report what is gone.

`reconcile(town)` compares what the API shows now with the ledger (`OParlRecord`): objects no
longer shown (hard-deleted, depublished, made non-public) get `deleted_at` = now — their
tombstone — and the objects they were embedded in or linked from get their `modified` bumped,
as OParl 1.1 requires; objects shown again lose their tombstone and are bumped themselves, so a
consumer re-reading with `modified_since` fetches them again. The signals below enqueue it once
per town after every committed change of a council model; the task worker runs it.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone
from django_tasks import task

from concepts.models import Municipality
from participation.models import (
    AgendaItem,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    LegislativeTerm,
    OParlRecord,
    Paper,
    PaperAttachment,
)
from participation.oparl.publication import public_consultations, published_papers

# URL name (= ledger kind) → OParl type
TYPES = {
    "body": "Body",
    "legislative_term": "LegislativeTerm",
    "organization": "Organization",
    "membership": "Membership",
    "person": "Person",
    "meeting": "Meeting",
    "location": "Location",
    "agenda_item": "AgendaItem",
    "paper": "Paper",
    "paper_main_file": "File",
    "consultation": "Consultation",
    "file": "File",
}

# The row whose `modified` stands for the object (bumped on revival and for deleted children).
ROWS = {
    "legislative_term": LegislativeTerm,
    "organization": Committee,
    "membership": CommitteeMembership,
    "meeting": CommitteeMeeting,
    "location": CommitteeMeeting,
    "agenda_item": AgendaItem,
    "paper": Paper,
    "paper_main_file": Paper,
    "consultation": Consultation,
    "file": PaperAttachment,
}

Seen = dict[tuple[str, str], dict[str, Any]]


def person_keys(memberships) -> dict[str, int]:
    """Exact name → the person's id: the first membership under that name (stable ids;
    "Anna Müller" and "Anna Muller" are two persons)."""
    keys: dict[str, int] = {}
    for pk, name in sorted((m["pk"], m["person_name"]) for m in memberships):
        keys.setdefault(name, pk)
    return keys


def shown_objects(town: Municipality) -> Seen:
    """Every object the API shows for the town: (kind, key) → created, parents, organization."""
    seen: Seen = {}

    def add(kind, key, created, parents=(), organization=""):
        seen[(kind, str(key))] = {
            "created": created,
            "parents": [[k, str(v)] for k, v in parents],
            "organization": str(organization or ""),
        }

    for term in LegislativeTerm.objects.filter(municipality=town).values("pk", "created"):
        add("legislative_term", term["pk"], term["created"], [("body", town.slug)])
    for committee in Committee.objects.filter(municipality=town).values("pk", "created"):
        add("organization", committee["pk"], committee["created"])
    members = list(
        CommitteeMembership.objects.filter(committee__municipality=town).values(
            "pk", "created", "committee_id", "person_name"
        )
    )
    keys = person_keys(members)
    first_created: dict[int, Any] = {}
    for member in members:
        person = keys[member["person_name"]]
        first_created[person] = min(first_created.get(person, member["created"]), member["created"])
        add(
            "membership",
            member["pk"],
            member["created"],
            [("organization", member["committee_id"]), ("person", person)],
        )
    for person, created in first_created.items():
        add("person", person, created)
    for meeting in CommitteeMeeting.objects.filter(committee__municipality=town).values(
        "pk", "created", "committee_id", "is_public", "location"
    ):
        add("meeting", meeting["pk"], meeting["created"], organization=meeting["committee_id"])
        if meeting["is_public"] and meeting["location"]:
            add("location", meeting["pk"], meeting["created"], [("meeting", meeting["pk"])])
    for item in AgendaItem.objects.filter(meeting__committee__municipality=town).values(
        "pk", "created", "meeting_id"
    ):
        add("agenda_item", item["pk"], item["created"], [("meeting", item["meeting_id"])])
    for paper in published_papers().filter(municipality=town).values("pk", "created"):
        add("paper", paper["pk"], paper["created"])
        add("paper_main_file", paper["pk"], paper["created"], [("paper", paper["pk"])])
    for step in (
        public_consultations()
        .filter(paper__municipality=town)
        .values("pk", "created", "paper_id", "agenda_item_id")
    ):
        add(
            "consultation",
            step["pk"],
            step["created"],
            [("paper", step["paper_id"]), ("agenda_item", step["agenda_item_id"])],
        )
        item = seen.get(("agenda_item", str(step["agenda_item_id"])))
        if item is not None:
            item["parents"].append(["consultation", str(step["pk"])])
    for attachment in PaperAttachment.objects.filter(
        paper__in=published_papers().filter(municipality=town)
    ).values("pk", "created", "paper_id"):
        add("file", attachment["pk"], attachment["created"], [("paper", attachment["paper_id"])])
    return seen


def bump(pairs, now) -> None:
    """Set `modified` = now on the rows behind these (kind, key) pairs."""
    by_kind = defaultdict(set)
    for kind, key in pairs:
        by_kind[kind].add(key)
    for kind, keys in by_kind.items():
        if kind == "body":
            Municipality.objects.filter(slug__in=keys).update(modified=now)
        elif kind in ROWS:
            ROWS[kind].objects.filter(pk__in=[int(k) for k in keys]).update(modified=now)


def apply(seen: Seen, records, *, town: Municipality | None, town_slug: str) -> None:
    now = timezone.now()
    known = {(r.kind, r.key): r for r in records}
    gone = [r for key, r in known.items() if key not in seen and r.deleted_at is None]
    back = [known[key] for key in seen if key in known and known[key].deleted_at is not None]
    new = [
        OParlRecord(
            kind=kind,
            key=key,
            municipality=town,
            town_slug=town_slug,
            created=info["created"],
            parents=info["parents"],
            organization_key=info["organization"],
        )
        for (kind, key), info in seen.items()
        if (kind, key) not in known
    ]
    changed = []
    for record in known.values():
        info = seen.get((record.kind, record.key))
        if info and (record.parents, record.organization_key) != (
            info["parents"],
            info["organization"],
        ):
            changed.append(
                OParlRecord(
                    pk=record.pk, parents=info["parents"], organization_key=info["organization"]
                )
            )
    # A concurrent commit may have recorded the same objects a moment ago.
    OParlRecord.objects.bulk_create(new, ignore_conflicts=True)
    OParlRecord.objects.bulk_update(
        [OParlRecord(pk=r.pk, deleted_at=now) for r in gone], ["deleted_at"]
    )
    OParlRecord.objects.bulk_update(
        [
            OParlRecord(pk=r.pk, deleted_at=None, created=seen[(r.kind, r.key)]["created"])
            for r in back
        ],
        ["deleted_at", "created"],
    )
    OParlRecord.objects.bulk_update(changed, ["parents", "organization_key"])
    bump([tuple(p) for r in gone for p in r.parents], now)
    bump([(r.kind, r.key) for r in back], now)


RECORD_FIELDS = ("pk", "kind", "key", "deleted_at", "parents", "organization_key")


def light(records) -> list[SimpleNamespace]:
    """The ledger rows as plain objects (no model instances: a big town has thousands)."""
    return [SimpleNamespace(**row) for row in records.values(*RECORD_FIELDS)]


def reconcile(town: Municipality) -> None:
    """Bring the ledger of one town up to date (a fixed number of queries)."""
    with transaction.atomic():
        records = light(OParlRecord.objects.filter(municipality=town).exclude(kind="body"))
        apply(shown_objects(town), records, town=town, town_slug=town.slug)


def reconcile_bodies() -> None:
    with transaction.atomic():
        seen: Seen = {
            ("body", slug): {"created": created, "parents": [], "organization": ""}
            for slug, created in Municipality.objects.values_list("slug", "created")
        }
        apply(seen, light(OParlRecord.objects.filter(kind="body")), town=None, town_slug="")


def reconcile_all() -> None:
    """Every town (`manage.py oparl_records`); what was waiting for a commit is done too."""
    _pending.towns = set()
    reconcile_bodies()
    for town in Municipality.objects.all():
        reconcile(town)


# --- after each committed change ----------------------------------------------------------------

_pending = threading.local()
BODIES = "bodies"


def _flush() -> None:
    """After the commit: name the towns that changed and leave the reconciling to the worker
    (a big town's ledger is thousands of rows; no web request waits for it)."""
    pending, _pending.towns = getattr(_pending, "towns", set()), set()
    towns = {town_of(*item) if isinstance(item, tuple) else item for item in pending}
    reconcile_later.enqueue(
        town_ids=sorted(t for t in towns if t not in (BODIES, None)), bodies=BODIES in towns
    )


@task()
def reconcile_later(town_ids: list[int], bodies: bool) -> None:
    """The ledger's timestamps are taken when this runs, never backdated, so a consumer reading
    with `modified_since` in between fetches the object again afterwards."""
    if bodies:
        reconcile_bodies()
    for town in Municipality.objects.filter(pk__in=town_ids):
        reconcile(town)


def schedule(town_id) -> None:
    """Reconcile the town once when the current transaction commits; `town_id` may be a
    (model, pk) pair whose town is looked up then (saving costs no query now)."""
    if town_id is None:
        return
    towns = getattr(_pending, "towns", None)
    connection = transaction.get_connection()
    waiting = bool(towns) and any(func is _flush for _s, func, _r in connection.run_on_commit)
    if not waiting:
        _pending.towns = set()
    _pending.towns.add(town_id)
    if not waiting:
        transaction.on_commit(_flush, robust=True)


def town_of(model, pk) -> Any:
    """The municipality id of a council object (one query)."""
    path = {
        Municipality: None,
        LegislativeTerm: "municipality_id",
        Committee: "municipality_id",
        Paper: "municipality_id",
        CommitteeMembership: "committee__municipality_id",
        CommitteeMeeting: "committee__municipality_id",
        AgendaItem: "meeting__committee__municipality_id",
        Consultation: "paper__municipality_id",
        PaperAttachment: "paper__municipality_id",
    }[model]
    if path is None:
        return BODIES
    return model.objects.filter(pk=pk).values_list(path, flat=True).first()


WATCHED = (
    Municipality,
    LegislativeTerm,
    Committee,
    CommitteeMembership,
    CommitteeMeeting,
    AgendaItem,
    Paper,
    Consultation,
    PaperAttachment,
)


def on_save(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if isinstance(instance, Municipality):
        schedule(BODIES)
        schedule(instance.pk)  # a new town: its own objects are recorded too
    elif isinstance(instance, LegislativeTerm | Committee | Paper):
        schedule(instance.municipality_id)
    else:
        schedule((type(instance), instance.pk))


def on_delete(sender, instance, **kwargs) -> None:
    # Before the row goes: its town is looked up now.
    if isinstance(instance, Municipality):
        schedule(BODIES)
    else:
        schedule(town_of(type(instance), instance.pk))


def connect() -> None:
    for model in WATCHED:
        post_save.connect(on_save, sender=model, dispatch_uid=f"oparl-save-{model.__name__}")
        pre_delete.connect(on_delete, sender=model, dispatch_uid=f"oparl-del-{model.__name__}")
