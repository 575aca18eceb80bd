import datetime
from decimal import Decimal

import factory

from indicators.importers.parsing import year_period
from indicators.models import Indicator, Measurement
from tests.factories import OperationalGoalFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    operational_goal = factory.SubFactory(OperationalGoalFactory)
    field_of_action = factory.LazyAttribute(lambda i: i.operational_goal.field_of_action)
    code = factory.Sequence(lambda n: f"IND-{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = Indicator.Unit.PERCENT
    baseline_value = Decimal("10")
    baseline_date = datetime.date(2020, 12, 31)
    target_value = Decimal("20")
    target_year = 2030
    position = factory.Sequence(lambda n: n + 1)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    class Params:
        year = 2024

    indicator = factory.SubFactory(IndicatorFactory)
    period_kind = Measurement.PeriodKind.YEAR
    period_start = factory.LazyAttribute(lambda m: year_period(m.year).start)
    period_end = factory.LazyAttribute(lambda m: year_period(m.year).end)
    period_label = factory.LazyAttribute(lambda m: str(m.year))
    value = Decimal("12.5")
