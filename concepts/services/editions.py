"""Writes that span a whole edition: Fortschreibung, restoring a former state, Bewertungen.

A module of its own beside `services.py` (the element-by-element editing) because each of these
touches many rows of many models at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from concepts import schema
from concepts.elements import kind_of
from concepts.extensions import copy_hooks
from concepts.models import CopyLink, Edition, GoalAssessment, StrategicGoal
from concepts.services.elements import (
    _next_position,
    _renumber,
    _sibling_key,
    edition_ensure_editable,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model

    from concepts.models import OperationalGoal

# Editions a Fortschreibung may start from: decided states only, so that what the new draft
# grades (the Bewertungen) and what the comparison shows is the text the council adopted.
COPYABLE_STATUSES = (Edition.Status.ADOPTED, Edition.Status.SUPERSEDED)

BATCH_SIZE = 500


def _copy_rows(model, rows, foreign_keys, mapping, *, user, reason):
    old_pks = []
    for row in rows:
        old_pks.append(row.pk)
        row.pk = None
        row._state.adding = True
        for attname, target_model in foreign_keys.items():
            value = getattr(row, attname)
            if value is not None:
                setattr(row, attname, mapping[target_model][value])
    created = bulk_create_with_history(
        rows, model, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
    )
    mapping[model] = dict(zip(old_pks, (row.pk for row in created), strict=True))


def _copy_m2m(link, mapping):
    through = link.through
    own, other = link.columns
    own_map = mapping[link.model]
    other_map = mapping[link.model._meta.get_field(link.field).related_model]
    links = through.objects.filter(**{f"{own}__in": list(own_map)}).values_list(own, other)
    through.objects.bulk_create(
        [through(**{own: own_map[a], other: other_map[b]}) for a, b in links],
        batch_size=BATCH_SIZE,
    )


@transaction.atomic
def edition_copy(*, source: Edition, user: User, title: str, year: int) -> Edition:
    """Fortschreibung: a new draft holding a deep copy of `source`'s tree and chapters.

    Runs a fixed number of queries whatever the size (one read, one insert and one history
    insert per model, plus one read and one insert per many-to-many link). Every copy
    remembers its original in a `CopyLink`. The models and their order come from
    `concepts.schema`; the extensions' copy hooks then copy their parts with the mapping.
    The source stays unchanged.
    """
    if source.status not in COPYABLE_STATUSES:
        raise ValidationError(
            _(
                "Fortgeschrieben wird nur eine beschlossene (oder abgelöste) Fassung. "
                "Bitte die Fassung zuerst beschließen."
            )
        )
    target = Edition(
        concept=source.concept,
        title=title,
        year=year,
        status=Edition.Status.DRAFT,
        based_on=source,
        single_goal_level=source.single_goal_level,
    )
    target.full_clean()
    reason = _("Fortschreibung aus „%(title)s“") % {"title": source.title}
    target._history_user = user
    target._change_reason = reason
    target.save()

    mapping = {Edition: {source.pk: target.pk}}
    for part in schema.copied_parts():
        rows = list(schema.rows(part.model, source).order_by("pk"))
        foreign_keys = schema.copy_foreign_keys(part)
        _copy_rows(part.model, rows, foreign_keys, mapping, user=user, reason=reason)
    for link in schema.links():
        _copy_m2m(link, mapping)

    CopyLink.objects.bulk_create(
        [
            CopyLink(edition=target, model=model._meta.label_lower, source_id=old, target_id=new)
            for model, pairs in mapping.items()
            if model is not Edition
            for old, new in pairs.items()
        ],
        batch_size=BATCH_SIZE,
    )
    for copy in copy_hooks():
        copy(source=source, target=target, mapping=mapping, user=user)
    return target


def _local(moment):
    return formats.date_format(timezone.localtime(moment), "d.m.Y, H:i")


# Fields never restored: the time stamps, the position (restoring brings back content, not
# order: the element keeps its place and number among its siblings, which stay numbered 1, 2,
# 3 …), an edition's status (that changes only through the decision of the council, not by
# going back in the history) and its publication.
RESTORE_SKIPPED = {"created", "modified", "position"}
RESTORE_SKIPPED_PER_MODEL = {
    Edition: {"status", "adopted_on", "concept", "is_public", "published_at"}
}


@transaction.atomic
def element_restore(*, element: Model, record: Model, edition: Edition, user: User) -> Model:
    """Set `element` back to the state of its historical `record`; recorded as a new entry."""
    edition_ensure_editable(
        edition,
        message=_(
            "Diese Fassung ist %(status)s und kann nicht mehr geändert werden. "
            "Änderungen gehören in eine Fortschreibung."
        )
        % {"status": edition.get_status_display()},
    )
    pk_attname = element._meta.pk.attname
    if record.instance_type is not type(element) or getattr(record, pk_attname) != element.pk:
        raise ValidationError(_("Dieser Stand gehört zu einem anderen Element."))
    skipped = RESTORE_SKIPPED | RESTORE_SKIPPED_PER_MODEL.get(type(element), set())
    try:
        kind = kind_of(element)
    except LookupError:  # the edition itself, the Leitbild: not ordered
        kind = None
    ordered = kind is not None and kind.ordered
    old_key = _sibling_key(kind, element) if ordered else None
    for field in element._meta.concrete_fields:
        if field.primary_key or field.name in skipped:
            continue
        value = getattr(record, field.attname)
        if field.is_relation and value is not None:
            if not field.related_model._base_manager.filter(pk=value).exists():
                raise ValidationError(
                    _(
                        "„%(field)s“ des damaligen Stands gibt es nicht mehr; "
                        "bitte das Element von Hand bearbeiten."
                    )
                    % {"field": field.verbose_name}
                )
        setattr(element, field.attname, value)
    moved = ordered and _sibling_key(kind, element) != old_key
    if moved:
        # the old state sat under another parent: join that one at the end
        element.position = _next_position(kind, element)
    element.full_clean()
    element._history_user = user
    element._change_reason = _("wiederhergestellt aus Stand vom %(date)s") % {
        "date": _local(record.history_date)
    }
    element.save()
    if moved:
        filters = dict(zip(kind.sibling_fields, old_key, strict=True))
        _renumber(type(element)._default_manager.filter(**filters))
    return element


@transaction.atomic
def goal_assessments_save(
    *,
    edition: Edition,
    grades: dict[StrategicGoal | OperationalGoal, tuple[str, str]],
    user: User,
) -> list[GoalAssessment]:
    """Store the Bewertungen of the predecessor's goals.

    `grades` maps a goal (StrategicGoal or OperationalGoal of `edition.based_on`) to
    (grade, text); an empty grade with text keeps the text as a Bewertung in words, both
    empty remove the goal's Bewertung.
    """
    edition_ensure_editable(
        edition,
        message=_(
            "Diese Fassung ist %(status)s; ihre Bewertungen können nicht mehr geändert werden."
        )
        % {"status": edition.get_status_display()},
    )
    if edition.based_on_id is None:
        raise ValidationError(
            _("Diese Fassung ist keine Fortschreibung; es gibt nichts zu bewerten.")
        )
    existing = {
        (a.strategic_goal_id, a.operational_goal_id): a
        for a in GoalAssessment.objects.for_edition(edition)
    }
    saved = []
    for goal, (grade, text) in grades.items():
        key = (goal.pk, None) if isinstance(goal, StrategicGoal) else (None, goal.pk)
        assessment = existing.get(key)
        # A Bewertung may be prose only (issue 14); nothing at all removes it.
        if not grade and not text.strip():
            if assessment is not None:
                assessment._history_user = user
                assessment.delete()
            continue
        if assessment is None:
            assessment = GoalAssessment(edition=edition)
            if isinstance(goal, StrategicGoal):
                assessment.strategic_goal = goal
            else:
                assessment.operational_goal = goal
        elif assessment.grade == grade and assessment.text == text:
            saved.append(assessment)
            continue
        assessment.grade = grade
        assessment.text = text
        assessment.full_clean()
        assessment._history_user = user
        assessment.save()
        saved.append(assessment)
    return saved


@transaction.atomic
def edition_publish(*, edition: Edition, public: bool, user: User) -> Edition:
    """Show the edition in the public transparency view (`public=True`) or withdraw it.

    Only an adopted edition is published. A published edition that a newer one supersedes
    stays public as an archive until the Stabsstelle withdraws it; withdrawing is always
    possible. Recorded in the edition's history with who did it.
    """
    edition = Edition.objects.select_for_update().select_related("concept").get(pk=edition.pk)
    if public and edition.status != Edition.Status.ADOPTED:
        raise ValidationError(
            _(
                "Veröffentlicht wird nur eine beschlossene Fassung; diese Fassung ist "
                "„%(status)s“. Bitte zuerst den Beschluss eintragen."
            )
            % {"status": edition.get_status_display()},
            code="not_adopted",
        )
    if edition.is_public == public:
        return edition
    edition.is_public = public
    edition.published_at = timezone.now() if public else None
    edition.full_clean()
    edition._history_user = user
    edition._change_reason = (
        _("in der öffentlichen Ansicht veröffentlicht")
        if public
        else _("Veröffentlichung zurückgenommen")
    )
    edition.save()
    return edition
