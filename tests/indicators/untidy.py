"""Untidy indicator data as real concepts publish it (issue 14, points 1–3), shared by tests.

`untidy_indicators(edition)` adds to a built concept: a goal indicator with a monthly series
("Jan 23" …), values for the town, NRW and Deutschland and for women and men, two sources for one
period, qualified values ("rund 60", "mehr als 60", "< 5", "*"); a context indicator of a field,
one of a sub-theme and one of the whole edition with uncertain periods.
"""

from decimal import Decimal

from concepts.models import FieldOfAction, OperationalGoal, SubTheme
from indicators.importers.parsing import parse_period, parse_qualified_number
from indicators.models import Indicator
from indicators.services import MeasurementInput, measurements_save
from tests.factories import IndicatorFactory


def value(indicator, period, raw, **extra):
    number = parse_qualified_number(raw)
    return MeasurementInput(
        indicator=indicator,
        period=parse_period(period),
        value=number.value,
        is_approximate=number.approximate,
        qualifier=number.qualifier,
        text=extra.pop("text", ""),
        **extra,
    )


def untidy_indicators(edition, user=None):
    field = FieldOfAction.objects.for_edition(edition).order_by("position").first()
    sub_theme = SubTheme.objects.create(field_of_action=field, title="Frühe Bildung", position=1)
    goal = OperationalGoal.objects.filter(field_of_action=field).order_by("position").first()
    on_goal = IndicatorFactory(
        operational_goal=goal, code="ARBL", name="Arbeitslose Ausländer/innen", unit="count"
    )
    on_field = IndicatorFactory(
        operational_goal=None,
        field_of_action=field,
        code="AUSL",
        name="Anteil ausländischer Einwohner/innen",
        baseline_value=None,
        baseline_date=None,
        target_value=None,
        target_year=None,
    )
    on_sub_theme = IndicatorFactory(
        operational_goal=None,
        field_of_action=None,
        sub_theme=sub_theme,
        code="KITA-U3",
        name="Betreuungsquote unter 3 Jahren",
        baseline_value=None,
        baseline_date=None,
        target_value=None,
        target_year=None,
    )
    on_edition = Indicator(
        edition=edition,
        code="SGB2",
        name="SGB-II-Quote",
        position=1,
        rhythm=Indicator.Rhythm.IRREGULAR,
    )
    on_edition.full_clean()
    on_edition.save()
    items = [
        value(on_goal, "Jan 23", "412"),
        value(on_goal, "Feb 23", "rund 400"),
        value(on_goal, "Nov 23", "ca. siebzig"),
        value(on_goal, "Nov 23", "mehr als 60", group="Frauen"),
        value(on_goal, "Nov 23", "< 5", group="unter 18 Jahren"),
        value(on_field, "Ende 2016", "12,5"),
        value(on_field, "Ende 2016", "13,1", area="NRW"),
        value(on_field, "Ende 2016", "11,2", area="Deutschland"),
        value(on_field, "Juni 2016", "12,0", source="Einwohnermeldeamt"),
        value(on_field, "Juni 2016", "12,4", source="IT.NRW"),
        value(on_field, "2013 und 2014 (Mittel)", "11,8"),
        value(on_sub_theme, "Beginn Schuljahr 2016/2017", "30,2"),
        value(on_sub_theme, "01.03.2015–31.12.2016", "28"),
        value(on_sub_theme, "2014–2016", "*"),
        value(on_edition, "ab 2015", "9,8"),
        value(on_edition, "2. Halbjahr 2016", "9,9", area="Kreis Steinfurt"),
    ]
    measurements_save(items=items, user=user)
    return {
        "goal": on_goal,
        "field": on_field,
        "sub_theme": on_sub_theme,
        "edition": on_edition,
        "sub_theme_obj": sub_theme,
        "field_obj": field,
        "count": len(items),
        "decimal": Decimal,
    }


def add_context_indicators(edition, field, *, count=1, years=range(2020, 2025)):
    """`count` context indicators on `field` and as many on the whole edition, each with the
    town's values and NRW's beside them (comparison area), for query-count tests."""
    from indicators.importers.parsing import year_period
    from indicators.models import Measurement

    made = []
    for n in range(1, count + 1):
        for parent in ("field", "edition"):
            indicator = Indicator(
                edition=edition,
                field_of_action=field if parent == "field" else None,
                code=f"K{parent[0]}{field.pk}-{n}",
                name=f"Kontext {parent} {n}",
                position=n,
            )
            indicator.full_clean()
            indicator.save()
            Measurement.objects.bulk_create(
                Measurement(
                    indicator=indicator,
                    period_kind=Measurement.PeriodKind.YEAR,
                    period_start=year_period(year).start,
                    period_end=year_period(year).end,
                    period_label=str(year),
                    value=Decimal(10 + year % 10),
                    area=area,
                )
                for year in years
                for area in ("", "NRW")
            )
            made.append(indicator)
    return made
