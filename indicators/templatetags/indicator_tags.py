from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import template
from django.utils.translation import gettext as _

from indicators.importers.parsing import format_number, format_number_exact

if TYPE_CHECKING:
    from indicators.models import Indicator, Measurement

register = template.Library()


@register.filter
def number(value: Decimal | float | int | None, places: int | str = 1) -> str:
    """German number with thousands separator: 1234.5 → 1.234,5."""
    if value is None or value == "":
        return ""
    return format_number(value, int(places))


@register.simple_tag
def measurement_value(
    measurement: Measurement | None, indicator: Indicator, with_unit: bool = True
) -> str:
    """ "ca. 12,5 %", or the text of a measurement without a number."""
    if measurement is None:
        return "–"
    if measurement.qualifier == measurement.Qualifier.SUPPRESSED:
        return str(measurement.Qualifier.SUPPRESSED.label)
    if measurement.value is None:
        return measurement.text or "–"
    text = format_number(measurement.value, indicator.decimal_places)
    if measurement.qualifier:
        text = f"{measurement.get_qualifier_display()} {text}"
    if measurement.is_approximate:
        text = "ca. " + text
    if with_unit and indicator.unit_label:
        text += f" {indicator.unit_label}"
    return text


@register.simple_tag
def indicator_value(value: Decimal | None, indicator: Indicator) -> str:
    if value is None:
        return "–"
    text = format_number(value, indicator.decimal_places)
    return f"{text} {indicator.unit_label}".strip()


@register.simple_tag
def measurement_period(measurement):
    """ "2025", or "2026 (laufendes Jahr, vorläufig)" while the period has not ended."""
    if measurement is None:
        return ""
    if not measurement.is_running:
        return measurement.period_label
    if measurement.period_kind == measurement.PeriodKind.YEAR:
        note = _("laufendes Jahr, vorläufig")
    else:
        note = _("laufender Zeitraum, vorläufig")
    return f"{measurement.period_label} ({note})"


@register.simple_tag
def parsed_value(value, indicator):
    """A value as it was read (import preview): every decimal kept, at least the indicator's."""
    if value is None:
        return "–"
    text = format_number_exact(value, indicator.decimal_places)
    return f"{text} {indicator.unit_label}".strip()
