"""Reading the history of concept elements: who changed which field from what to what, when.

django-simple-history stores a full row per save; this module turns consecutive rows into
field-by-field changes with German labels and display values, without a query per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from concepts import schema
from concepts.models import (
    Edition,
    Measure,
)


# URL slug → model whose history is shown: the edition, and the parts of concepts.schema that have
# a history page (the German word a person sees in the address is declared there).
# Read when asked, not at import: the extensions register their parts (the indicators' own
# history page) in AppConfig.ready(), after this module may have been imported.
def history_kinds() -> dict[str, type[models.Model]]:
    return {"fassung": Edition} | {p.history_slug: p.model for p in schema.PARTS if p.history_slug}


# Fields whose change is not news to a reader.
HIDDEN_FIELDS = {"id", "created", "modified"}
MAX_TEXT = 300


def kind_of(element: models.Model) -> str:
    return {model: kind for kind, model in history_kinds().items()}[type(element)]


def element_in_edition(kind: str, pk: int, edition: Edition) -> models.Model | None:
    """The element of `kind` with `pk` inside `edition`, or None."""
    model = history_kinds()[kind]
    if model is Edition:
        return edition if edition.pk == pk else None
    return schema.rows(model, edition).filter(pk=pk).first()


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: object
    kind: str  # "created", "changed", "deleted", "involvement"
    changes: list = field(default_factory=list)
    current: bool = False  # the element's present state (nothing to restore)

    @property
    def restorable(self):
        return self.kind in ("created", "changed") and not self.current

    @property
    def date(self):
        return self.record.history_date

    @property
    def user(self):
        return self.record.history_user

    @property
    def reason(self):
        return self.record.history_change_reason or ""

    @property
    def history_id(self):
        return self.record.history_id


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS and f.editable]


def _related_labels(fields, records):
    """{(related model, pk): label} for every FK value in the records, one query per model."""
    wanted = {}
    for f in fields:
        if f.is_relation:
            ids = {getattr(r, f.attname) for r in records} - {None}
            wanted.setdefault(f.related_model, set()).update(ids)
    labels = {}
    for model, ids in wanted.items():
        for obj in model._base_manager.filter(pk__in=ids):
            labels[(model, obj.pk)] = str(obj)
    return labels


def field_label(f: models.Field) -> str:
    """The field's German label without the hint for editors ("Text (Markdown)" → "Text")."""
    return str(f.verbose_name).replace(" (Markdown)", "")


def display_value(
    f: models.Field, value: Any, labels: dict[tuple[type[models.Model], Any], str] | None = None
) -> str:
    """A field's value as a German reader expects it: labels, not codes."""
    if value is None or value == "":
        return "—"
    if f.is_relation:
        return (labels or {}).get(
            (f.related_model, value), _("(gelöscht, Nr. %(number)s)") % {"number": value}
        )
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("ja") if value else _("nein")
    if isinstance(f, models.DateTimeField):
        return formats.date_format(value, "d.m.Y, H:i")
    if isinstance(f, models.DateField):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"


def history_entries(element: models.Model) -> list[Entry]:
    """The element's history, newest first, each entry with its field changes.

    A measure's history also shows when a Träger/Akteur was added, removed or given another
    role (those live in MeasureActor rows of their own).
    """
    model = type(element)
    records = list(
        element.history.select_related("history_user").order_by("history_date", "history_id")
    )
    fields = tracked_fields(model)
    labels = _related_labels(fields, records)
    entries = []
    previous = None
    for record in records:
        if record.history_type == "+" or previous is None:
            entry = Entry(record, "created")
        elif record.history_type == "-":
            entry = Entry(record, "deleted")
        else:
            entry = Entry(record, "changed")
            for f in fields:
                old, new = getattr(previous, f.attname), getattr(record, f.attname)
                if old != new:
                    entry.changes.append(
                        Change(
                            field_label(f),
                            display_value(f, old, labels),
                            display_value(f, new, labels),
                        )
                    )
            if not entry.changes and not entry.reason:
                previous = record
                continue
        entries.append(entry)
        previous = record
    if entries:
        entries[-1].current = True
    if model is Measure:
        entries.extend(_involvement_entries(element))
        entries.sort(key=lambda e: (e.date, e.history_id))
    entries.reverse()
    return entries


def _involvement_entries(measure):
    from concepts.models import MeasureActor

    records = list(
        MeasureActor.history.filter(measure_id=measure.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    role_field = MeasureActor._meta.get_field("role")
    labels = _related_labels([MeasureActor._meta.get_field("actor")], records)
    label = str(Measure._meta.get_field("actors").verbose_name)
    last_role = {}
    entries = []
    for record in records:
        actor = labels.get((MeasureActor._meta.get_field("actor").related_model, record.actor_id))
        actor = actor or _("(gelöscht, Nr. %(number)s)") % {"number": record.actor_id}
        role = display_value(role_field, record.role)
        before = last_role.get(record.id)
        if record.history_type == "+":
            change = Change(label, "—", f"{actor} ({role})")
        elif record.history_type == "-":
            change = Change(label, f"{actor} ({before or role})", "—")
        elif before != role:
            change = Change(label, f"{actor} ({before})", f"{actor} ({role})")
        else:
            continue
        last_role[record.id] = role
        entries.append(Entry(record, "involvement", [change]))
    return entries


def measure_status_timeline(measure: Measure) -> list[dict[str, Any]]:
    """The status changes of a measure, oldest first: [{date, user, old, new, reason}].

    The first entry is the status the measure was created with (old is None).
    """
    status_field = Measure._meta.get_field("status")
    timeline = []
    previous = None
    for record in measure.history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        if record.history_type == "-":
            continue
        if previous is None or record.status != previous:
            timeline.append(
                {
                    "date": record.history_date,
                    "user": record.history_user,
                    "old": display_value(status_field, previous) if previous else None,
                    "new": display_value(status_field, record.status),
                    "value": record.status,
                    "reason": record.history_change_reason or "",
                }
            )
        previous = record.status
    return timeline


def restore_changes(element: models.Model, record: models.Model) -> list[Change]:
    """What restoring `record` changes on `element`: [Change(label, now, after restoring)].

    The fields `element_restore` leaves alone (position, time stamps, an edition's status and
    publication) are not listed.
    """
    from concepts.services.editions import RESTORE_SKIPPED, RESTORE_SKIPPED_PER_MODEL

    skipped = RESTORE_SKIPPED | RESTORE_SKIPPED_PER_MODEL.get(type(element), set())
    fields = [f for f in tracked_fields(type(element)) if f.name not in skipped]
    labels = _related_labels(fields, [element, record])
    changes = []
    for f in fields:
        now, then = getattr(element, f.attname), getattr(record, f.attname)
        if now != then:
            now_text, then_text = display_value(f, now, labels), display_value(f, then, labels)
            changes.append(Change(field_label(f), now_text, then_text))
    return changes


@dataclass
class ElementChange:
    """One saved change of an element of the edition, for the edition's Verlauf."""

    record: object
    kind: str  # the history slug, for the link
    kind_label: str
    label: str
    exists: bool  # the element is still in the edition (its Verlauf can be opened)

    @property
    def action(self):
        return {"+": _("angelegt"), "-": _("gelöscht")}.get(self.record.history_type, _("geändert"))


def element_changes(edition: Edition, limit: int = 50) -> list[ElementChange]:
    """The newest `limit` changes to the elements of `edition`, newest first.

    Two queries per kind of element whatever the size of the history: the newest records, and
    which of their elements still exist.
    """
    changes = []
    for kind, model in history_kinds().items():
        if model is Edition:
            continue
        records = list(
            model.history.filter(**{schema.path_to_edition(model): edition})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
        if not records:
            continue
        existing = set(
            schema.rows(model, edition)
            .filter(pk__in={r.id for r in records})
            .values_list("pk", flat=True)
        )
        for record in records:
            label = (
                getattr(record, "title", "")
                or getattr(record, "description", "")
                or _("Nr. %(number)s") % {"number": record.id}
            )
            changes.append(
                ElementChange(
                    record=record,
                    kind=kind,
                    kind_label=str(model._meta.verbose_name),
                    label=label if len(label) <= 120 else label[:119] + "…",
                    exists=record.id in existing,
                )
            )
    changes.sort(key=lambda c: (c.record.history_date, c.record.history_id), reverse=True)
    return changes[:limit]
