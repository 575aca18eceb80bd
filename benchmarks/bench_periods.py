"""Periods and values as sources write them (issue 14, point 3): parsing speed, and an untidy
import of 1,000 rows with comparison areas and groups.

Prints: wordings read per second by `concepts.periods.parse_period`; parse + preview + save time
of a 1,000-row CSV with untidy periods ("Jan 23", "Ende 2016", "2014–2016", "ab 2015", …),
qualified values ("rund 60", "mehr als 60", "< 5") and the areas/groups columns; the queries of
the "Daten und Fakten" page for 2 and 40 context indicators.
"""

import time

from common import median_ms, query_count, setup_django

setup_django()

from django.test import Client  # noqa: E402

from concepts.models import (  # noqa: E402
    Concept,
    Edition,
    FieldOfAction,
    Membership,
    Municipality,
)
from concepts.periods import parse_period  # noqa: E402
from indicators.importers import values as importers  # noqa: E402
from indicators.models import Indicator  # noqa: E402
from indicators.services import measurements_save  # noqa: E402

WORDINGS = [
    "Jan 23",
    "Juni 2016",
    "Ende 2016",
    "ab 2015",
    "2014–2016",
    "01.03.2015–31.12.2016",
    "2013 und 2014 (Mittel)",
    "Beginn Schuljahr 2016/2017",
    "Herbst 2017 bis Dezember 2020",
    "2. Halbjahr 2026",
    "seit 2012",
    "laufend",
]
MONTHS = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]


def parse_rate(n=2_000):
    start = time.perf_counter()
    for i in range(n):
        parse_period(WORDINGS[i % len(WORDINGS)])
    return n / (time.perf_counter() - start)


def town():
    from django.contrib.auth.models import User

    municipality = Municipality.objects.create(name="Bench", slug="bench")
    concept = Concept.objects.create(municipality=municipality, title="Konzept")
    edition = Edition.objects.create(concept=concept, title="Fassung", year=2025)
    field = FieldOfAction.objects.create(edition=edition, position=1, title="Feld")
    user = User.objects.create_user("bench")
    Membership.objects.create(user=user, municipality=municipality, role="staff")
    return edition, field, user


def untidy_csv(codes, rows=1000):
    lines = [";".join(importers.TEMPLATE_COLUMNS)]
    values = ["rund 60", "mehr als 60", "< 5", "61,5", "ca. siebzig"]
    areas = ["", "NRW", "Deutschland"]
    n = 0
    while len(lines) <= rows:
        code = codes[n % len(codes)]
        year = 10 + (n // (len(codes) * 36)) % 14
        month = MONTHS[(n // len(codes)) % 12]
        area = areas[(n // (len(codes) * 12)) % 3]
        value = values[n % len(values)]
        lines.append(f"{code};;;{month} {year};;{value};;;;;{area};;")
        n += 1
    return ("\n".join(lines) + "\n").encode()


def main():
    print(f"parse_period: {parse_rate():,.0f} wordings/s")
    edition, field, user = town()
    indicators = []
    for n in range(20):
        indicator = Indicator(edition=edition, field_of_action=field, code=f"K{n}", name=f"K {n}")
        indicator.full_clean()
        indicator.save()
        indicators.append(indicator)
    data = untidy_csv([i.code for i in indicators])
    start = time.perf_counter()
    parsed = importers.parse_upload(edition, "werte.csv", data)
    parse_ms = (time.perf_counter() - start) * 1000
    assert not parsed.errors, parsed.errors[:3]
    start = time.perf_counter()
    importers.preview(parsed.items)
    preview_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    created, _updated = measurements_save(items=parsed.items, user=user)
    save_ms = (time.perf_counter() - start) * 1000
    print(
        f"untidy CSV, {len(parsed.items)} rows: parse {parse_ms:.0f} ms, "
        f"preview {preview_ms:.0f} ms, save {save_ms:.0f} ms ({created} values)"
    )
    client = Client()
    client.force_login(user)
    url = f"/bench/indikatoren/fassung/{edition.pk}/daten-und-fakten/"
    big = query_count(lambda: client.get(url))
    ms = median_ms(lambda: client.get(url), repeat=5, warmup=1)
    Indicator.objects.filter(code__in=[f"K{n}" for n in range(2, 20)]).delete()
    small = query_count(lambda: client.get(url))
    print(
        f"Daten und Fakten: {big} queries with 20 context indicators, {small} with 2; {ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
