"""Writes to the concept: every element is created, saved, moved and deleted through here.

Each function checks that the edition may still be changed (adopted and superseded editions
are read-only), keeps positions dense (1, 2, 3 … within the parent) and, for saves of existing
elements, refuses a save that would overwrite somebody else's change made in the meantime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from concepts.elements import kind_of
from concepts.models import Actor, Edition, MeasureActor
from integration_site.versions import (  # noqa: F401 (EditConflict: raised by element_save)
    EditConflict,
    version_check,
    version_of,
)

if TYPE_CHECKING:
    from django.db.models import Model

    from concepts.models import Measure, MeasureActor

# --- optimistic locking: the project's mechanism (integration_site/versions.py) ---------------

# The name the concept's forms and tests use for the version an edit form carries.
element_version = version_of


# --- order ------------------------------------------------------------------------------------


def _renumber(queryset):
    """Make positions 1, 2, 3 … in the current order; history records the change."""
    for number, element in enumerate(queryset.order_by("position", "pk"), start=1):
        if element.position != number:
            element.position = number
            element.save(update_fields=["position"])


def _sibling_key(kind, obj):
    return tuple(getattr(obj, name) for name in kind.sibling_fields)


def edition_ensure_editable(edition: Edition, *, message: str | None = None) -> None:
    """Refuse (ValidationError, code "locked") when `edition` is adopted or superseded.

    The one place that decides whether an edition's content may still change; a caller whose
    refusal reads better in its own words (indicators, Bewertungen, Prüfrunden) passes `message`.
    """
    if not edition.is_locked:
        return
    if message is None and edition.status == Edition.Status.ADOPTED:
        message = _(
            "Diese Fassung ist beschlossen und kann nicht mehr geändert werden. "
            "Änderungen sind nur in einer neuen Fortschreibung möglich."
        )
    elif message is None:
        message = _(
            "Diese Fassung ist abgelöst und kann nicht mehr geändert werden. "
            "Bitte die aktuelle Fassung bearbeiten."
        )
    raise ValidationError(message, code="locked")


# --- writes -----------------------------------------------------------------------------------


def element_save(
    *,
    obj: Model,
    edition: Edition,
    version: str | None = None,
    save_m2m: Callable[[], None] | None = None,
) -> Model:
    """Create or change one element of `edition`; `version` guards against lost updates."""
    kind = kind_of(obj)
    with transaction.atomic():
        edition_ensure_editable(edition)
        if kind.edition_of(obj).pk != edition.pk:
            raise ValidationError(_("Das Element gehört zu einer anderen Fassung."))
        old_key = None
        if obj.pk:
            version_check(obj=obj, version=version, lock=True)
            if kind.ordered:
                before = type(obj)._default_manager.get(pk=obj.pk)
                old_key = _sibling_key(kind, before)
                if old_key != _sibling_key(kind, obj):
                    obj.position = _next_position(kind, obj)
                else:
                    old_key = None
        elif kind.ordered:
            obj.position = _next_position(kind, obj)
        obj.full_clean()
        obj.save()
        if save_m2m:
            save_m2m()
        if old_key is not None:
            filters = dict(zip(kind.sibling_fields, old_key, strict=True))
            _renumber(type(obj)._default_manager.filter(**filters))
    return obj


def _next_position(kind, obj):
    siblings = kind.siblings(obj)
    if obj.pk:
        siblings = siblings.exclude(pk=obj.pk)
    return (siblings.aggregate(top=Max("position"))["top"] or 0) + 1


def one_lead_message() -> str:
    return _(
        "Eine Maßnahme hat höchstens einen federführenden Träger; "
        "weitere bitte als „beteiligt“ eintragen."
    )


def _ensure_one_lead(measure: Measure) -> None:
    """Refuse a second federführend Träger; the caller's transaction then writes nothing.

    Checked here and not as a database constraint: exchange files written before the rule
    (and their imports) may still carry two, and they must keep loading.
    """
    if measure.involvements.filter(role=MeasureActor.Role.LEAD).count() > 1:
        raise ValidationError({"role": [one_lead_message()]}, code="two_leads")


def _actor_named(name: str, edition: Edition) -> Actor:
    actor, _created = Actor.objects.get_or_create(
        municipality=edition.concept.municipality, name=name.strip()
    )
    return actor


def measure_actor_save(
    *,
    involvement: MeasureActor,
    edition: Edition,
    new_actor_name: str = "",
    version: str | None = None,
) -> MeasureActor:
    """Save a Träger/Akteur of a measure, creating the Akteur when only a new name is given."""
    with transaction.atomic():
        edition_ensure_editable(edition)
        if new_actor_name and not involvement.actor_id:
            involvement.actor = _actor_named(new_actor_name, edition)
        saved = element_save(obj=involvement, edition=edition, version=version)
        _ensure_one_lead(saved.measure)
        return saved


@dataclass
class ActorRow:
    """One row of the Träger table in the measure form.

    `involvement` is the row's MeasureActor (unsaved for a new row); `new_actor_name` creates
    the Akteur when none is chosen; `delete` removes an existing row.
    """

    involvement: MeasureActor
    new_actor_name: str = ""
    delete: bool = False


def measure_save_with_actors(
    *,
    measure: Measure,
    edition: Edition,
    rows: list[ActorRow] | None,
    version: str | None = None,
    save_m2m: Callable[[], None] | None = None,
) -> Measure:
    """Save a measure and its Träger rows together: all of it or, on any error, nothing.

    `rows` is a list of ActorRow; None leaves the measure's Träger as they are.
    """
    with transaction.atomic():
        measure = element_save(obj=measure, edition=edition, version=version, save_m2m=save_m2m)
        if rows is None:
            return measure
        for row in rows:
            if row.delete and row.involvement.pk:
                if row.involvement.measure_id != measure.pk:
                    raise ValidationError(_("Diese Zeile gehört zu einer anderen Maßnahme."))
                row.involvement.delete()
        for row in rows:
            if row.delete:
                continue
            involvement = row.involvement
            if involvement.pk and involvement.measure_id != measure.pk:
                raise ValidationError(_("Diese Zeile gehört zu einer anderen Maßnahme."))
            involvement.measure = measure
            if not involvement.actor_id and row.new_actor_name.strip():
                involvement.actor = _actor_named(row.new_actor_name, edition)
            involvement.full_clean()
            involvement.save()
        _ensure_one_lead(measure)
    return measure


def element_delete(*, obj: Model, edition: Edition) -> None:
    """Delete an element and everything that hangs off it; close the gap in the order."""
    kind = kind_of(obj)
    with transaction.atomic():
        edition_ensure_editable(edition)
        siblings = kind.siblings(obj).exclude(pk=obj.pk) if kind.ordered else None
        obj.delete()
        if siblings is not None:
            _renumber(siblings)


def element_move(*, obj: Model, direction: str, edition: Edition | None = None) -> Model:
    """Swap an element with its neighbour; `direction` is "up" or "down"."""
    kind = kind_of(obj)
    if not kind.ordered:
        raise ValidationError(_("Diese Elemente haben keine Reihenfolge."))
    if direction not in ("up", "down"):
        raise ValidationError(_("Bitte „nach oben“ oder „nach unten“ wählen."))
    with transaction.atomic():
        edition_ensure_editable(edition or kind.edition_of(obj))
        siblings = list(kind.siblings(obj).select_for_update().order_by("position", "pk"))
        index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
        for number, element in enumerate(siblings, start=1):
            if element.position != number:
                element.position = number
                element.save(update_fields=["position"])
        obj.position = index + 1 if not 0 <= other < len(siblings) else other + 1
    return obj


def deletion_summary(obj: Model) -> list[tuple[str, list[str]]]:
    """What goes with `obj` when it is deleted: [(verbose_name_plural, [labels])]."""
    from django.contrib.admin.utils import NestedObjects
    from django.db import router

    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    groups = {}
    for model, instances in collector.data.items():
        if model._meta.auto_created or model is type(obj) and instances == {obj}:
            continue
        if model.__module__.startswith("simple_history") or model.__name__.startswith("Historical"):
            continue
        labels = sorted(str(i) for i in instances if i != obj)
        if labels:
            groups[model] = labels
    return [
        (str(model._meta.verbose_name_plural), labels)
        for model, labels in sorted(groups.items(), key=lambda item: _rank(item[0]))
    ]


def _rank(model):
    """Groups on the confirmation page follow the concept's hierarchy."""
    order = [
        "SubTheme",
        "StrategicGoal",
        "OperationalGoal",
        "Measure",
        "MeasureActor",
        "Milestone",
        "GuidingPrinciple",
        "Chapter",
    ]
    name = model.__name__
    return (order.index(name) if name in order else len(order), name)
