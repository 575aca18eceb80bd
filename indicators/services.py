"""Writes on indicators and measurements; each is one transaction.

Indicator definitions belong to the concept text and follow the edition lock: an adopted or
superseded edition refuses them. Measurements are data over time and are entered into any
edition — the adopted one is exactly the one being monitored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from concepts.services.elements import edition_ensure_editable
from indicators.importers.parsing import Period
from indicators.models import Indicator, Measurement
from indicators.series import load_series

if TYPE_CHECKING:
    from django.contrib.auth.models import User

LOCKED_MESSAGE = gettext_lazy(
    "Diese Fassung ist beschlossen oder abgelöst und kann nicht mehr geändert werden. "
    "Indikatoren bitte in einer Fortschreibung ändern."
)


def normalise_breakdown(indicator: Indicator, raw: object) -> str:
    """Canonical "Merkmal: Ausprägung; …" in the indicator's order, or ValueError (German).

    Accepts "Staatsangehörigkeit: nichtdeutsch", several joined by ";", and a bare value
    ("nichtdeutsch") when the indicator has exactly one breakdown dimension.
    """
    text = " ".join(str(raw or "").split())
    if not text or text.lower() in {"gesamt", "insgesamt", "total", "_t"}:
        return ""
    dimensions = indicator.breakdown_dimensions
    if not dimensions:
        raise ValueError(
            _(
                "Der Indikator „%(code)s“ hat keine Aufschlüsselungen; bitte die Spalte "
                "leer lassen oder die Aufschlüsselung erst am Indikator anlegen."
            )
            % {"code": indicator.code}
        )
    by_name = {d.lower(): d for d in dimensions}
    found = {}
    for part in (p.strip() for p in text.split(";") if p.strip()):
        if ":" in part:
            name, value = (x.strip() for x in part.split(":", 1))
        elif len(dimensions) == 1:
            name, value = dimensions[0], part
        else:
            raise ValueError(
                _("Bitte „Merkmal: Ausprägung“ angeben, z. B. „%(example)s: …“.")
                % {"example": dimensions[0]}
            )
        if name.lower() not in by_name:
            raise ValueError(
                _("„%(name)s“ ist keine Aufschlüsselung dieses Indikators (möglich: %(allowed)s).")
                % {"name": name, "allowed": ", ".join(dimensions)}
            )
        if not value:
            raise ValueError(_("Bei „%(name)s“ fehlt die Ausprägung.") % {"name": name})
        found[by_name[name.lower()]] = value
    return "; ".join(f"{d}: {found[d]}" for d in dimensions if d in found)


@dataclass
class MeasurementInput:
    """One value to store, as forms and the importer produce it."""

    indicator: Indicator
    period: Period
    breakdown: str = ""
    value: Decimal | None = None
    text: str = ""
    is_approximate: bool = False
    is_series_break: bool = False
    source_note: str = ""
    extra: dict = field(default_factory=dict)
    area: str = ""
    group: str = ""
    source: str = ""
    qualifier: str = ""

    @property
    def key(self):
        return measurement_key(
            self.indicator.pk, self.period.edtf, self.area, self.group, self.breakdown, self.source
        )


def measurement_key(
    indicator_pk: int, edtf: str, area: str, group: str, breakdown: str, source: str
) -> tuple:
    """What tells one value from another: indicator, period, area, group, breakdown, source.

    Area, group and source are compared without case: "NRW" and "nrw" are one area."""
    return (indicator_pk, edtf, area.casefold(), group.casefold(), breakdown, source.casefold())


UPDATED_FIELDS = [
    "period_kind",
    "period_start",
    "period_end",
    "period_label",
    "value",
    "qualifier",
    "text",
    "is_approximate",
    "is_series_break",
    "source_note",
    "entered_by",
    "modified",
]


def _apply(measurement, item, user):
    measurement.period_kind = item.period.kind
    measurement.period_start = item.period.start
    measurement.period_end = item.period.end
    measurement.period_label = item.period.label
    measurement.value = item.value
    measurement.qualifier = item.qualifier
    measurement.text = item.text
    measurement.is_approximate = item.is_approximate
    measurement.is_series_break = item.is_series_break
    measurement.source_note = item.source_note
    measurement.entered_by = user
    measurement.modified = timezone.now()
    # Uniqueness was settled by looking the keys up; the database constraint still guards it.
    measurement.full_clean(validate_unique=False, validate_constraints=False)
    return measurement


def existing_measurements(
    items: Iterable[MeasurementInput],
) -> dict[tuple, Measurement]:
    """{key: Measurement} currently shown for the indicators of `items`.

    The series includes predecessor editions' values, so a value carried over unchanged from
    the previous edition counts as unchanged, and a changed one is stored on the new indicator.
    """
    heads = {item.indicator.pk: item.indicator for item in items}
    current = {}
    for head, measurements in load_series(heads.values()).items():
        for m in measurements:
            key = measurement_key(head, m.period_edtf, m.area, m.group, m.breakdown, m.source)
            current[key] = m
    return current


def differs(measurement: Measurement, item: MeasurementInput) -> bool:
    return (
        measurement.value != item.value
        or measurement.qualifier != item.qualifier
        or measurement.period_label != item.period.label
        or measurement.text != item.text
        or measurement.is_approximate != item.is_approximate
        or measurement.is_series_break != item.is_series_break
        or (item.source_note and measurement.source_note != item.source_note)
    )


@transaction.atomic
def measurements_save(*, items: list[MeasurementInput], user: User) -> tuple[int, int]:
    """Store many values at once (new or changed); unchanged ones are left alone.

    Returns (created, updated). Any invalid value raises ValidationError and nothing is stored.
    """
    existing = existing_measurements(items)
    created, updated = [], []
    for item in items:
        measurement = existing.get(item.key)
        if measurement is not None and measurement.indicator_id != item.indicator.pk:
            if not differs(measurement, item):
                continue
            measurement = None
        if measurement is None:
            measurement = Measurement(
                indicator=item.indicator,
                period_edtf=item.period.edtf,
                breakdown=item.breakdown,
                area=item.area,
                group=item.group,
                source=item.source,
            )
            created.append(_apply(measurement, item, user))
        elif differs(measurement, item):
            if not item.source_note:
                item.source_note = measurement.source_note
            updated.append(_apply(measurement, item, user))
    # Bulk writes with their history rows: an import of thousands of values stays quick.
    if created:
        bulk_create_with_history(created, Measurement, batch_size=500, default_user=user)
    if updated:
        bulk_update_with_history(
            updated, Measurement, UPDATED_FIELDS, batch_size=500, default_user=user
        )
    return len(created), len(updated)


def measurement_save(*, item: MeasurementInput, user: User) -> Measurement:
    """Store one value; an existing value for the same period and breakdown is replaced."""
    measurements_save(items=[item], user=user)
    return Measurement.objects.get(
        indicator=item.indicator,
        period_edtf=item.period.edtf,
        breakdown=item.breakdown,
        area__iexact=item.area,
        group__iexact=item.group,
        source__iexact=item.source,
    )


@transaction.atomic
def measurement_delete(*, measurement: Measurement, user: User) -> None:
    measurement.delete()


@transaction.atomic
def indicator_save(*, indicator: Indicator, user: User) -> Indicator:
    """Create or update an indicator definition (not in locked editions).

    A goal's indicator or a context indicator of a sub-theme, a field or (`edition` set, none of
    the others) the whole edition."""
    indicator._derive_field_of_action()
    if not indicator.edition_id:
        raise ValidationError(
            _("Bitte wählen, wozu der Indikator gehört: Ziel, Unterthema, Feld oder Fassung.")
        )
    edition_ensure_editable(indicator.edition, message=LOCKED_MESSAGE)
    if indicator.pk is None and not indicator.position:
        siblings = Indicator.objects.filter(
            edition_id=indicator.edition_id,
            operational_goal=indicator.operational_goal,
            strategic_goal=indicator.strategic_goal,
            sub_theme=indicator.sub_theme,
            field_of_action=indicator.field_of_action,
        )
        indicator.position = siblings.count() + 1
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, user: User) -> None:
    edition_ensure_editable(indicator.edition, message=LOCKED_MESSAGE)
    indicator.delete()
