"""Copying indicators into a Fortschreibung.

`copy_indicators` is the indicators' copy hook (`ConceptExtension.copy(source, target, mapping,
user)`), where `mapping` is {Model: {old_pk: new_pk}} for the goal tree the concept copy made. Each
indicator of the source edition gets a copy under the copied goal with `continues` pointing to
the original; measurements stay with the original, and `indicators.series` follows `continues`,
so the time series runs on across editions. Indicators whose goal was not copied are left out.
Context indicators follow their sub-theme or field, or stay with the whole edition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from concepts.models import CopyLink, FieldOfAction, OperationalGoal, StrategicGoal, SubTheme
from indicators.models import Indicator

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model

    from concepts.models import Edition

COPIED_FIELDS = Indicator.DEFINITION_FIELDS


@transaction.atomic
def copy_indicators(
    *,
    source: Edition,
    target: Edition,
    mapping: dict[type[Model], dict[int, int]],
    user: User | None = None,
) -> list[Indicator]:
    operational = mapping.get(OperationalGoal, {})
    strategic = mapping.get(StrategicGoal, {})
    sub_themes = mapping.get(SubTheme, {})
    fields = mapping.get(FieldOfAction, {})
    if Indicator.objects.for_edition(target).exists():
        return []
    copies = []
    for indicator in Indicator.objects.for_edition(source).order_by("pk"):
        copy = Indicator(**{name: getattr(indicator, name) for name in COPIED_FIELDS})
        if indicator.operational_goal_id:
            new_goal = operational.get(indicator.operational_goal_id)
            if new_goal is None:
                continue
            copy.operational_goal = OperationalGoal.objects.get(pk=new_goal)
        elif indicator.strategic_goal_id:
            new_goal = strategic.get(indicator.strategic_goal_id)
            if new_goal is None:
                continue
            copy.strategic_goal = StrategicGoal.objects.get(pk=new_goal)
        elif indicator.sub_theme_id:
            new_parent = sub_themes.get(indicator.sub_theme_id)
            if new_parent is None:
                continue
            copy.sub_theme = SubTheme.objects.get(pk=new_parent)
        elif indicator.field_of_action_id:
            new_parent = fields.get(indicator.field_of_action_id)
            if new_parent is None:
                continue
            copy.field_of_action = FieldOfAction.objects.get(pk=new_parent)
            copy.edition = target
        else:
            copy.edition = target
        copy.continues = indicator
        copy.full_clean()
        copy.save()
        copies.append(copy)
    # The same lineage table as the goal tree, so the edition comparison matches indicators.
    CopyLink.objects.bulk_create(
        CopyLink(
            edition=target,
            model=Indicator._meta.label_lower,
            source_id=copy.continues_id,
            target_id=copy.pk,
        )
        for copy in copies
    )
    return copies
