"""The indicators' part of the exchange format: `extensions.indicators` in a concept export.

Each indicator names its goal by the goal's key in the file and carries its definition and
all its measured values, so export → import → export gives the same bytes. Registered with
`concepts.exchange.register_section` in IndicatorsConfig.ready().
"""

import datetime
from decimal import Decimal

from concepts.compare import CHILD_ORDER, Section
from concepts.exchange import ExchangeSection
from concepts.models import OperationalGoal, StrategicGoal
from indicators.models import Indicator, Measurement

MEASUREMENT_FIELDS = (
    "period_kind",
    "period_start",
    "period_end",
    "period_label",
    "breakdown",
    "value",
    "text",
    "is_approximate",
    "is_series_break",
    "source_note",
)
GOAL_KINDS = ("ein Handlungsziel", "ein Leitziel")


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def export(edition, keys):
    indicators = Indicator.objects.for_edition(edition).order_by("position", "pk")
    values = {}
    for m in Measurement.objects.filter(indicator__in=indicators).order_by(
        "period_start", "period_kind", "breakdown", "pk"
    ):
        values.setdefault(m.indicator_id, []).append(
            {name: _json(getattr(m, name)) for name in MEASUREMENT_FIELDS}
        )
    result = []
    for indicator in indicators:
        if indicator.operational_goal_id:
            goal = keys[(OperationalGoal, indicator.operational_goal_id)]
        else:
            goal = keys[(StrategicGoal, indicator.strategic_goal_id)]
        item = {"goal": goal}
        item.update({name: _json(getattr(indicator, name)) for name in Indicator.DEFINITION_FIELDS})
        item["measurements"] = values.get(indicator.pk, [])
        result.append(item)
    return result


def check(value, known_keys):
    """References and keys; the models' own validation runs on import (atomic)."""
    if not isinstance(value, list):
        return [("$.extensions.indicators", "Erwartet wird eine Liste von Indikatoren.")]
    problems, codes = [], set()
    for i, item in enumerate(value):
        path = f"$.extensions.indicators[{i}]"
        if not isinstance(item, dict):
            problems.append((path, "Erwartet wird ein Objekt."))
            continue
        if known_keys.get(item.get("goal")) not in GOAL_KINDS:
            problems.append(
                (f"{path}.goal", f"„{item.get('goal')}“ ist kein Leit- oder Handlungsziel.")
            )
        if not item.get("name"):
            problems.append((f"{path}.name", "Bitte einen Namen angeben."))
        if item.get("code") in codes:
            problems.append(
                (f"{path}.code", f"Die Kennung „{item.get('code')}“ kommt doppelt vor.")
            )
        codes.add(item.get("code"))
        if not isinstance(item.get("measurements", []), list):
            problems.append((f"{path}.measurements", "Erwartet wird eine Liste von Messwerten."))
    return problems


def import_(edition, value, objects, user):
    for item in value:
        goal = objects[item["goal"]]
        indicator = Indicator(**{name: item.get(name) for name in Indicator.DEFINITION_FIELDS})
        if isinstance(goal, OperationalGoal):
            indicator.operational_goal = goal
        else:
            indicator.strategic_goal = goal
        indicator.field_of_action = goal.field_of_action
        indicator.full_clean(validate_unique=False)
        indicator.save()
        for values in item.get("measurements", []):
            measurement = Measurement(indicator=indicator, entered_by=user, **values)
            measurement.full_clean()
            measurement.save()


SECTION = ExchangeSection(name="indicators", export=export, import_=import_, check=check)


# The indicators' part of the edition comparison (matched along CopyLink, like the goal tree).
COMPARISON_SECTION = Section(
    "indikatoren",
    "Indikatoren",
    Indicator,
    "field_of_action__edition",
    [name for name in Indicator.DEFINITION_FIELDS if name != "position"],
    parent="field_of_action",
    order_by=CHILD_ORDER,
    select_related=("field_of_action",),
)
