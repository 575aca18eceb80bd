"""Rheine's indicators in the demo: kept current.

The indicators and their values are part of the demo concept's exchange file
(`concepts/demo/rheine.json`, section `extensions.indicators`), written with values up to
`LAST_YEAR`. So that the dashboard shows the same picture every year, `keep_current` moves the
regularly measured values by whole years before the file is imported: the newest value is then
always last year's. Irregular values (the Integrationsrat's election days) stay on their dates.
"""

import datetime
import re

from django.utils import timezone

LAST_YEAR = 2025  # the newest year of the values in the file
IRREGULAR = "irregular"


def _shift_date(value, years):
    if not value:
        return value
    day = datetime.date.fromisoformat(value)
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28).isoformat()


def _shift_label(label, years):
    """'2019' → '2020', '2019/20' → '2020/21', '31.12.2019' → '31.12.2020'."""

    def four(match):
        return str(int(match.group(0)) + years)

    label = re.sub(r"(?<!\d)\d{4}(?!\d)", four, label)
    return re.sub(r"(?<=/)\d{2}(?!\d)", lambda m: f"{(int(m.group(0)) + years) % 100:02d}", label)


def keep_current(section, today=None):
    """Move the values of `section` (the file's `extensions.indicators`) in place so that the
    newest regular value is last year's; returns the number of years moved."""
    today = today or timezone.localdate()
    years = today.year - 1 - LAST_YEAR
    if years <= 0:
        return 0
    for indicator in section:
        if indicator["rhythm"] == IRREGULAR:
            continue
        indicator["baseline_date"] = _shift_date(indicator["baseline_date"], years)
        for value in indicator["measurements"]:
            value["period_start"] = _shift_date(value["period_start"], years)
            value["period_end"] = _shift_date(value["period_end"], years)
            value["period_label"] = _shift_label(value["period_label"], years)
    return years
