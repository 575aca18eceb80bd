"""The indicators' part of the exchange format: `extensions.indicators` in a concept export.

Each indicator names its goal by the goal's key in the file and carries its definition and
all its measured values, so export → import → export gives the same bytes. Part of the
indicators' `ConceptExtension` (indicators/extension.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concepts.exchange import ExchangeSection, ImportProblems
from concepts.exchange.load import bulk_create, validate_new
from concepts.models import OperationalGoal, StrategicGoal
from concepts.services.compare import CHILD_ORDER, Section
from indicators.models import Indicator, Measurement

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from concepts.models import Edition

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


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def export(edition: Edition, keys: dict[tuple[type[Model], int], str]) -> list[dict[str, Any]]:
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


def check(value: list[dict[str, Any]], known_keys: dict[str, str]) -> list[tuple[str, str]]:
    """References and the keys the database holds unique; the schema has checked the shape."""
    problems, codes = [], set()
    # the kinds concepts.exchange.check.check_references records, in the same language
    goal_kinds = (_("ein Handlungsziel"), _("ein Leitziel"))
    for i, item in enumerate(value):
        path = f"$.extensions.indicators[{i}]"
        if known_keys.get(item["goal"]) not in goal_kinds:
            problems.append(
                (
                    f"{path}.goal",
                    _("„%(key)s“ ist kein Leit- oder Handlungsziel.") % {"key": item["goal"]},
                )
            )
        code = item["code"].casefold()
        if code in codes:
            problems.append(
                (
                    f"{path}.code",
                    _("Die Kennung „%(code)s“ kommt doppelt vor.") % {"code": item["code"]},
                )
            )
        codes.add(code)
        periods = set()
        for j, values in enumerate(item["measurements"]):
            period = (values["period_kind"], values["period_start"], values["breakdown"])
            if period in periods:
                problems.append(
                    (
                        f"{path}.measurements[{j}]",
                        _(
                            "Für diesen Zeitraum und diese Aufschlüsselung "
                            "gibt es schon einen Wert."
                        ),
                    )
                )
            periods.add(period)
    return problems


def import_(
    edition: Edition,
    value: list[dict[str, Any]],
    objects: dict[str, Model],
    user: User | None,
) -> None:
    """Indicators and their values, read field by field, each model in one bulk insert."""
    problems, indicators = [], []
    for i, item in enumerate(value):
        goal = objects[item["goal"]]
        indicator = Indicator(**{name: item[name] for name in Indicator.DEFINITION_FIELDS})
        if isinstance(goal, OperationalGoal):
            indicator.operational_goal = goal
        else:
            indicator.strategic_goal = goal
        indicator.field_of_action = goal.field_of_action
        validate_new(indicator, f"$.extensions.indicators[{i}]", problems)
        indicators.append(indicator)
    if problems:
        raise ImportProblems(problems)
    bulk_create(Indicator, indicators, user)
    measurements = []
    for i, (item, indicator) in enumerate(zip(value, indicators, strict=True)):
        for j, values in enumerate(item["measurements"]):
            measurement = Measurement(
                indicator=indicator,
                entered_by=user,
                **{name: values[name] for name in MEASUREMENT_FIELDS},
            )
            validate_new(measurement, f"$.extensions.indicators[{i}].measurements[{j}]", problems)
            measurements.append(measurement)
    if problems:
        raise ImportProblems(problems)
    bulk_create(Measurement, measurements, user)


SECTION = ExchangeSection(name="indicators", export=export, import_=import_, check=check)


# The indicators' part of the edition comparison (matched along CopyLink, like the goal tree).
COMPARISON_SECTION = Section(
    "indikatoren",
    gettext_lazy("Indikatoren"),
    Indicator,
    [name for name in Indicator.DEFINITION_FIELDS if name != "position"],
    parent="field_of_action",
    order_by=CHILD_ORDER,
    select_related=("field_of_action",),
)
