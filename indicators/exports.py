"""Export of all values of an edition: one row per indicator × period × breakdown.

It is the import template without the template's empty row per indicator, written by the
importer's own writers, so an exported file can be edited and imported again unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicators.importers import values as importers

if TYPE_CHECKING:
    from concepts.models import Edition

COLUMNS = importers.TEMPLATE_COLUMNS


def value_rows(edition: Edition) -> list[dict[str, object]]:
    return [row for row in importers.template_rows(edition) if row["Zeitraum"]]


def values_csv(edition: Edition) -> bytes:
    return importers.write_csv(value_rows(edition))


def values_xlsx(edition: Edition) -> bytes:
    return importers.write_xlsx(value_rows(edition))
