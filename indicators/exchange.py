"""The indicators' part of the exchange format: `extensions.indicators` in a concept export.

Each indicator names what it belongs to by key — its goal (`goal`), or as a context indicator
its sub-theme (`sub_theme`) or field (`field_of_action`), or none of them for the whole edition —
and carries its definition and all its measured values, each with its period as written
(`period_label`) and as EDTF (`period_edtf`), area, group, source and qualifier, so export →
import → export gives the same bytes. Files of format version 1 (every indicator on a goal, no
EDTF, area, group, source or qualifier) import unchanged: the missing fields take their defaults.
Every invalid value is reported with its JSON path, in German. Part of the indicators'
`ConceptExtension` (indicators/extension.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concepts import periods
from concepts.exchange import ExchangeSection, ImportProblems
from concepts.exchange.load import bulk_create, validate_new
from concepts.models import FieldOfAction, OperationalGoal, StrategicGoal, SubTheme
from concepts.services.compare import CHILD_ORDER, Section
from indicators.chart_store import charts_changed
from indicators.importers.parsing import edtf_for
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
# Added in format version 2; optional in a file, always written.
MEASUREMENT_FIELDS_2 = {
    "period_edtf": "",
    "area": "",
    "group": "",
    "source": "",
    "qualifier": "",
}


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
        "period_start", "period_kind", "breakdown", "area", "group", "source", "pk"
    ):
        values.setdefault(m.indicator_id, []).append(
            {name: _json(getattr(m, name)) for name in (*MEASUREMENT_FIELDS, *MEASUREMENT_FIELDS_2)}
        )
    result = []
    for indicator in indicators:
        goal = sub_theme = field = None
        if indicator.operational_goal_id:
            goal = keys[(OperationalGoal, indicator.operational_goal_id)]
        elif indicator.strategic_goal_id:
            goal = keys[(StrategicGoal, indicator.strategic_goal_id)]
        elif indicator.sub_theme_id:
            sub_theme = keys[(SubTheme, indicator.sub_theme_id)]
        elif indicator.field_of_action_id:
            field = keys[(FieldOfAction, indicator.field_of_action_id)]
        item = {"goal": goal, "sub_theme": sub_theme, "field_of_action": field}
        item.update({name: _json(getattr(indicator, name)) for name in Indicator.DEFINITION_FIELDS})
        item["measurements"] = values.get(indicator.pk, [])
        result.append(item)
    return result


def upgrade(section: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A version-1 section in the shape the exporter writes today: the new fields with their
    defaults, in export order (the demo files are written in version 1)."""
    result = []
    for item in section:
        upgraded = {
            "goal": item.get("goal"),
            "sub_theme": item.get("sub_theme"),
            "field_of_action": item.get("field_of_action"),
        }
        upgraded.update(
            {k: v for k, v in item.items() if k not in upgraded and k != "measurements"}
        )
        upgraded["measurements"] = []
        for values in item["measurements"]:
            measurement = {k: v for k, v in values.items() if k not in MEASUREMENT_FIELDS_2}
            measurement.update(
                {name: values.get(name, default) for name, default in MEASUREMENT_FIELDS_2.items()}
            )
            measurement["period_edtf"] = _period_edtf(values)[0]
            upgraded["measurements"].append(measurement)
        result.append(upgraded)
    return result


def check(value: list[dict[str, Any]], known_keys: dict[str, str]) -> list[tuple[str, str]]:
    """References and the keys the database holds unique; the schema has checked the shape."""
    problems, codes = [], set()
    # the kinds concepts.exchange.check.check_references records, in the same language
    goal_kinds = (_("ein Handlungsziel"), _("ein Leitziel"))
    for i, item in enumerate(value):
        path = f"$.extensions.indicators[{i}]"
        goal, sub_theme = item.get("goal"), item.get("sub_theme")
        field = item.get("field_of_action")
        if goal is not None and known_keys.get(goal) not in goal_kinds:
            problems.append(
                (
                    f"{path}.goal",
                    _("„%(key)s“ ist kein Leit- oder Handlungsziel.") % {"key": goal},
                )
            )
        if sub_theme is not None and known_keys.get(sub_theme) != _("ein Unterthema"):
            problems.append(
                (f"{path}.sub_theme", _("„%(key)s“ ist kein Unterthema.") % {"key": sub_theme})
            )
        if field is not None and known_keys.get(field) != _("ein Handlungsfeld"):
            problems.append(
                (
                    f"{path}.field_of_action",
                    _("„%(key)s“ ist kein Handlungsfeld.") % {"key": field},
                )
            )
        if sum(x is not None for x in (goal, sub_theme, field)) > 1:
            problems.append(
                (
                    path,
                    _(
                        "Bitte nur eines angeben: „goal“, „sub_theme“ oder „field_of_action“ "
                        "(keines: Kontextindikator der ganzen Fassung)."
                    ),
                )
            )
        if goal is None and (item["target_value"] is not None or item["manual_status"]):
            problems.append(
                (
                    f"{path}.target_value",
                    _(
                        "Ein Kontextindikator (ohne Ziel) hat keinen Zielwert "
                        "und keine Einschätzung."
                    ),
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
        keys_seen = set()
        for j, values in enumerate(item["measurements"]):
            mpath = f"{path}.measurements[{j}]"
            edtf, problem = _period_edtf(values)
            if problem:
                problems.append((f"{mpath}.period_edtf", problem))
            key = (
                edtf,
                values.get("area", "").casefold(),
                values.get("group", "").casefold(),
                values["breakdown"],
                values.get("source", "").casefold(),
            )
            if key in keys_seen:
                problems.append(
                    (
                        mpath,
                        _(
                            "Für diesen Zeitraum, dieses Gebiet, diese Gruppe, Aufschlüsselung und "
                            "Quelle gibt es schon einen Wert."
                        ),
                    )
                )
            keys_seen.add(key)
            if values.get("qualifier") == "suppressed" and values["value"] is not None:
                problems.append(
                    (
                        f"{mpath}.value",
                        _("Ein Wert unter der Veröffentlichungsgrenze hat keine Zahl."),
                    )
                )
    return problems


def _period_edtf(values: dict[str, Any]) -> tuple[str, str]:
    """(EDTF of a measurement's period, German problem or ""): the file's, checked against its
    dates, or (version 1) made from kind and dates."""
    start, end = values["period_start"], values["period_end"]
    try:
        start_day = datetime.date.fromisoformat(start)
        end_day = datetime.date.fromisoformat(end)
    except ValueError:
        return "", _("Beginn oder Ende des Zeitraums ist kein gültiges Datum.")
    edtf = values.get("period_edtf") or ""
    if end_day < start_day:  # the measurement's own check says so
        return edtf, ""
    if not edtf:
        return edtf_for(values["period_kind"], start_day, end_day), ""
    try:
        period = periods.period_from_stored(edtf)
    except periods.PeriodError as error:
        return edtf, str(error)
    if (period.earliest or period.latest, period.latest or period.earliest) != (
        start_day,
        end_day,
    ):
        return edtf, _(
            "Der Zeitraum „%(edtf)s“ passt nicht zu Beginn %(start)s und Ende %(end)s."
        ) % {"edtf": edtf, "start": start, "end": end}
    return edtf, ""


def import_(
    edition: Edition,
    value: list[dict[str, Any]],
    objects: dict[str, Model],
    user: User | None,
) -> None:
    """Indicators and their values, read field by field, each model in one bulk insert."""
    problems, indicators = [], []
    for i, item in enumerate(value):
        indicator = Indicator(**{name: item[name] for name in Indicator.DEFINITION_FIELDS})
        parent = None
        for name in ("goal", "sub_theme", "field_of_action"):
            if item.get(name) is not None:
                parent = objects[item[name]]
        if isinstance(parent, OperationalGoal):
            indicator.operational_goal = parent
        elif isinstance(parent, StrategicGoal):
            indicator.strategic_goal = parent
        elif isinstance(parent, SubTheme):
            indicator.sub_theme = parent
        if parent is not None:
            indicator.field_of_action = (
                parent if isinstance(parent, FieldOfAction) else parent.field_of_action
            )
        indicator.edition = edition
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
                **{
                    name: values.get(name, default)
                    for name, default in MEASUREMENT_FIELDS_2.items()
                },
            )
            measurement.period_edtf = _period_edtf(values)[0]
            validate_new(measurement, f"$.extensions.indicators[{i}].measurements[{j}]", problems)
            measurements.append(measurement)
    if problems:
        raise ImportProblems(problems)
    # What Measurement.objects.bulk_create adds, around the faster insert of the import.
    for measurement in measurements:
        measurement.fill_period_edtf()
    bulk_create(Measurement, measurements, user, own_steps_done=True)
    charts_changed({m.indicator_id for m in measurements})


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
