"""Copying indicators into a Fortschreibung.

`copy_indicators` is a receiver for `concepts.signals.edition_copied(source, target, mapping)`,
where `mapping` is {Model: {old_pk: new_pk}} for the goal tree the concept copy made. Each
indicator of the source edition gets a copy under the copied goal with `continues` pointing to
the original; measurements stay with the original, and `indicators.series` follows `continues`,
so the time series runs on across editions. Indicators whose goal was not copied are left out.
"""

from django.db import transaction

from concepts.models import CopyLink, OperationalGoal, StrategicGoal
from indicators.models import Indicator

COPIED_FIELDS = Indicator.DEFINITION_FIELDS


def _lookup(mapping, model):
    for key, pks in mapping.items():
        if key is model or getattr(key, "_meta", None) is model._meta:
            return pks
        if isinstance(key, str) and key.lower() in {
            model._meta.label_lower,
            model.__name__.lower(),
        }:
            return pks
    return {}


@transaction.atomic
def copy_indicators(sender, source, target, mapping, **kwargs):
    operational = _lookup(mapping, OperationalGoal)
    strategic = _lookup(mapping, StrategicGoal)
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
        else:
            new_goal = strategic.get(indicator.strategic_goal_id)
            if new_goal is None:
                continue
            copy.strategic_goal = StrategicGoal.objects.get(pk=new_goal)
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
