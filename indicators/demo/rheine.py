"""Demo indicators for Rheine: 20 integration indicators with seven years of values.

Years are counted back from last year, so the demo stays current. Indicators are attached to the
demo's goals by the field's short title (falling back to the field's position) and the n-th
Handlungsziel of that field (the last one if the field has fewer), so the demo survives a
growing goal tree. Idempotent: nothing happens if the edition has indicators already.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from concepts.demo.rheine import TOWN_SLUG
from concepts.models import Edition, FieldOfAction, Municipality
from indicators.copying import copy_into_successors
from indicators.importers.parsing import date_period, school_year_period, year_period
from indicators.models import Indicator, Measurement, Status

PERCENT, COUNT, PERSONS = Indicator.Unit.PERCENT, Indicator.Unit.COUNT, Indicator.Unit.PERSONS
LOWER = Indicator.Direction.LOWER_IS_BETTER
NAT = "Staatsangehörigkeit"
SEX = "Geschlecht"

# field short title, field position, goal index, definition of the indicator, values.
# values: one per year, oldest first (7 years); "~70" is a ca. value, "|70" starts a new series,
# None leaves the year out, a str without number is a text.
INDICATORS = [
    (
        "Sprache",
        1,
        0,
        {
            "code": "IK-TN",
            "name": "Teilnehmende an Integrationskursen",
            "unit": PERSONS,
            "source": "BAMF, Integrationskursgeschäftsstatistik",
            "target": ("700", 2030),
            "definition": "Neue Kursteilnehmende mit Wohnsitz in Rheine im Kalenderjahr.",
            "values": [412, 380, 455, 520, 610, 585, 640],
        },
    ),
    (
        "Sprache",
        1,
        0,
        {
            "code": "IK-B1",
            "name": "Anteil der Integrationskurs-Prüfungen mit Niveau B1",
            "unit": PERCENT,
            "source": "BAMF, Deutsch-Test für Zuwanderer",
            "target": ("70", 2030),
            "values": [58.2, 55.1, 56.9, 60.3, 62.0, 61.4, 63.1],
        },
    ),
    (
        "Sprache",
        1,
        1,
        {
            "code": "SPR-UEB",
            "name": "Übersicht über alle Sprachangebote ist öffentlich",
            "qualitative": True,
            "manual_status": Status.ON_TRACK,
            "source": "Fachstelle Migration & Integration",
            "values": [
                None,
                None,
                None,
                None,
                "Bestandsaufnahme der Kursträger abgeschlossen",
                "Entwurf der Angebotsübersicht mit sechs Trägern abgestimmt",
                "Online-Übersicht veröffentlicht (Deutsch, Arabisch, Ukrainisch)",
            ],
        },
    ),
    (
        "Bildung",
        2,
        0,
        {
            "code": "KITA-MIG",
            "name": "Kita-Besuchsquote unter 6-Jähriger mit Migrationshintergrund",
            "unit": PERCENT,
            "source": "Jugendamt Rheine, Kita-Bedarfsplanung",
            "target": ("85", 2030),
            "kind": "date",
            "definition": "Kinder von 3 bis unter 6 Jahren mit Migrationshintergrund in "
            "Kindertagesbetreuung je 100 Kinder dieser Altersgruppe, Stichtag 1. März.",
            "values": [68.4, 66.0, 69.2, 71.5, 73.0, 74.1, 76.3],
        },
    ),
    (
        "Bildung",
        2,
        0,
        {
            "code": "KITA-U3-MIG",
            "name": "Betreuungsquote unter 3-Jähriger mit Migrationshintergrund",
            "unit": PERCENT,
            "source": "IT.NRW, Kinder- und Jugendhilfestatistik",
            "target": ("35", 2030),
            "values": [18.1, 17.0, 19.3, 21.2, 22.0, "~24", 25.4],
        },
    ),
    (
        "Bildung",
        2,
        1,
        {
            "code": "ABSCHL-OHNE",
            "name": "Schulabgänger/innen ohne Hauptschulabschluss nach Staatsangehörigkeit",
            "unit": PERCENT,
            "direction": LOWER,
            "rhythm": Indicator.Rhythm.SCHOOL_YEAR,
            "kind": "school_year",
            "source": "IT.NRW, Schulstatistik",
            "target": ("4", 2030),
            "breakdowns": NAT,
            "values": [6.1, 5.8, 5.9, 5.5, 5.2, 5.0, 4.8],
            "by": {
                f"{NAT}: deutsch": [4.9, 4.6, 4.8, 4.5, 4.3, 4.2, 4.1],
                f"{NAT}: nichtdeutsch": [15.2, 14.8, 14.1, 13.5, 12.9, 12.0, 11.6],
            },
        },
    ),
    (
        "Bildung",
        2,
        1,
        {
            "code": "ABI-AUSL",
            "name": "Ausländische Schulabgänger/innen mit Hochschulreife",
            "unit": PERCENT,
            "rhythm": Indicator.Rhythm.SCHOOL_YEAR,
            "kind": "school_year",
            "source": "IT.NRW, Schulstatistik",
            "target": ("25", 2030),
            "values": [14.0, 15.1, 15.5, 16.2, 17.0, 18.2, 18.9],
        },
    ),
    (
        "Arbeit",
        3,
        0,
        {
            "code": "SGB2-QUOTE",
            "name": "SGB-II-Quote nach Staatsangehörigkeit",
            "unit": PERCENT,
            "direction": LOWER,
            "source": "Bundesagentur für Arbeit, Statistik der Grundsicherung",
            "target": ("8", 2030),
            "breakdowns": NAT,
            "definition": "Leistungsberechtigte nach dem SGB II je 100 Einwohner/innen unter der "
            "Regelaltersgrenze, Stand Dezember.",
            "values": [9.8, 10.4, 10.1, 9.7, 9.9, 9.6, 9.4],
            "by": {
                f"{NAT}: deutsch": [7.1, 7.4, 7.2, 6.9, 6.8, 6.7, 6.5],
                f"{NAT}: nichtdeutsch": [27.5, 29.0, 28.1, 26.9, 27.3, 26.0, 25.2],
            },
        },
    ),
    (
        "Arbeit",
        3,
        0,
        {
            "code": "BESCH-AUSL",
            "name": "Beschäftigungsquote ausländischer Einwohner/innen",
            "unit": PERCENT,
            "source": "Bundesagentur für Arbeit, Beschäftigungsstatistik",
            "target": ("55", 2030),
            "breakdowns": SEX,
            "values": [42.1, 41.0, 43.2, 45.0, 46.3, 47.1, 47.8],
            "by": {
                f"{SEX}: männlich": [51.0, 49.8, 51.9, 53.5, 54.6, 55.0, 55.4],
                f"{SEX}: weiblich": [32.4, 31.5, 33.8, 35.9, 37.4, 38.6, 39.7],
            },
        },
    ),
    (
        "Arbeit",
        3,
        0,
        {
            "code": "ANERK",
            "name": "Anerkannte ausländische Berufsabschlüsse",
            "unit": COUNT,
            "source": "IHK Nord Westfalen, HWK Münster, Bezirksregierung Münster",
            "target": ("100", 2030),
            "decimals": 0,
            "values": [35, 28, 41, 52, 60, 71, 78],
        },
    ),
    (
        "Arbeit",
        3,
        1,
        {
            "code": "AZUBI-AUSL",
            "name": "Auszubildende mit ausländischer Staatsangehörigkeit",
            "unit": PERSONS,
            "source": "IHK Nord Westfalen, HWK Münster",
            "target": ("230", 2030),
            "decimals": 0,
            "definition": "Seit der Umstellung der Kammerstatistik zählen auch Einstiegs"
            "qualifizierungen mit; die Werte ab dem Bruch sind mit früheren nicht vergleichbar.",
            "values": [120, 118, 125, 140, "|185", 192, 205],
        },
    ),
    (
        "Wohnen",
        4,
        0,
        {
            "code": "GU-ANTEIL",
            "name": "Anteil Geflüchteter in Gemeinschaftsunterkünften",
            "unit": PERCENT,
            "direction": LOWER,
            "source": "Sozialamt Rheine",
            "target": ("20", 2030),
            "kind": "date",
            "values": [48.0, 44.2, 39.5, 52.1, 45.3, 40.2, 36.4],
        },
    ),
    (
        "Wohnen",
        4,
        0,
        {
            "code": "AUSL-ANTEIL",
            "name": "Anteil ausländischer Einwohner/innen",
            "unit": PERCENT,
            "source": "Einwohnermeldeamt Rheine",
            "kind": "date",
            "definition": "Kontextindikator ohne Zielwert: Einwohner/innen ohne deutsche "
            "Staatsangehörigkeit je 100 Einwohner/innen, Stichtag 31.12.",
            "values": [11.2, 11.5, 11.9, 13.4, 13.9, 14.2, 14.6],
        },
    ),
    (
        "Engagement",
        5,
        0,
        {
            "code": "EINBUERG",
            "name": "Einbürgerungen",
            "unit": PERSONS,
            "source": "Ausländerbehörde Kreis Steinfurt",
            "target": ("400", 2030),
            "decimals": 0,
            "values": [165, 140, 182, 230, 310, 355, 420],
        },
    ),
    (
        "Engagement",
        5,
        0,
        {
            "code": "IR-WAHL",
            "name": "Wahlbeteiligung bei der Integrationsratswahl",
            "unit": PERCENT,
            "rhythm": Indicator.Rhythm.IRREGULAR,
            "source": "Wahlamt Rheine",
            "target": ("20", 2030),
            "dates": [(datetime.date(2020, 9, 13), 9.8), (datetime.date(2025, 9, 14), 12.4)],
        },
    ),
    (
        "Engagement",
        5,
        1,
        {
            "code": "EHRENAMT",
            "name": "Aktive Ehrenamtliche in der Flüchtlingshilfe",
            "unit": PERSONS,
            "source": "Ehrenamtsbörse / Caritas Rheine",
            "target": ("200", 2030),
            "decimals": 0,
            "values": [150, 140, 125, 190, 170, 160, 145],
        },
    ),
    (
        "Gesundheit",
        6,
        0,
        {
            "code": "IMPF-MIG",
            "name": "Vollständiger Impfschutz bei der Schuleingangsuntersuchung (Kinder mit "
            "Migrationshintergrund)",
            "unit": PERCENT,
            "source": "Gesundheitsamt Kreis Steinfurt",
            "target": ("95", 2030),
            "values": ["Daten wurden bisher nicht erhoben", 86.0, 84.5, 87.2, 88.9, 89.4, 90.2],
        },
    ),
    (
        "Verwaltung",
        7,
        0,
        {
            "code": "PERS-MIG",
            "name": "Beschäftigte der Stadtverwaltung mit Migrationshintergrund",
            "unit": PERCENT,
            "rhythm": Indicator.Rhythm.IRREGULAR,
            "source": "Personalamt, Beschäftigtenbefragung",
            "target": ("15", 2030),
            "values": [8.5, None, None, 10.1, None, None, 12.0],
        },
    ),
    (
        "Verwaltung",
        7,
        0,
        {
            "code": "IKK-SCHUL",
            "name": "Teilnehmende an Schulungen zur interkulturellen Kompetenz",
            "unit": PERSONS,
            "source": "Personalentwicklung Stadt Rheine",
            "target": ("80", 2030),
            "decimals": 0,
            "values": [24, 0, 18, 35, 42, 51, 60],
        },
    ),
    (
        "Dialog",
        8,
        0,
        {
            "code": "RELIG-TISCH",
            "name": "Runder Tisch der Religionen trifft sich regelmäßig",
            "qualitative": True,
            "manual_status": Status.AT_RISK,
            "source": "Fachstelle Migration & Integration",
            "values": [
                "Zwei Treffen, sieben Gemeinden beteiligt",
                "Treffen wegen Corona ausgefallen",
                "Ein digitales Treffen",
                "Zwei Treffen, Fastenbrechen gemeinsam ausgerichtet",
                "Ein Treffen",
                "Ein Treffen; zwei Gemeinden nicht mehr vertreten",
                "Kein Treffen seit März",
            ],
        },
    ),
]

RESPONSIBLE = {
    "Sprache": ("Anna Hoffmann", "a.hoffmann@rheine.example"),
    "Bildung": ("Jens Terbeck", "j.terbeck@rheine.example"),
    "Arbeit": ("Leyla Demir", "l.demir@jobcenter-steinfurt.example"),
    "Wohnen": ("Peter Schulte", "p.schulte@rheine.example"),
    "Engagement": ("Sabine Krüger", "s.krueger@rheine.example"),
    "Gesundheit": ("Dr. Maria Lammers", "m.lammers@kreis-steinfurt.example"),
    "Verwaltung": ("Thomas Brinkmann", "t.brinkmann@rheine.example"),
    "Dialog": ("Sabine Krüger", "s.krueger@rheine.example"),
}


def _period(kind, year):
    if kind == "date":
        return date_period(datetime.date(year, 12, 31))
    if kind == "school_year":
        return school_year_period(year - 1)
    return year_period(year)


def _goal(fields, short, position, index):
    field = fields.get(short) or fields.get(position)
    if field is None:
        return None
    operational = list(field.operational_goals.order_by("strategic_goal__position", "position"))
    if operational:
        return operational[min(index, len(operational) - 1)]
    strategic = list(field.strategic_goals.order_by("position"))
    return strategic[min(index, len(strategic) - 1)] if strategic else None


def _is_number(raw):
    return isinstance(raw, int | float) or (isinstance(raw, str) and raw[:1] in "~|")


def _measurement(indicator, period, raw):
    m = Measurement(
        indicator=indicator,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        source_note="",
    )
    if isinstance(raw, str) and raw[:1] in "~|":
        m.is_approximate = raw[0] == "~"
        m.is_series_break = raw[0] == "|"
        raw = Decimal(raw[1:])
    if isinstance(raw, str):
        m.text = raw
    else:
        m.value = Decimal(str(raw))
    m.full_clean()
    m.save()
    return m


@transaction.atomic
def load(*, stdout=None):
    town = Municipality.objects.filter(slug=TOWN_SLUG).first()
    if town is None:
        return None
    edition = Edition.objects.for_municipality(town).current()
    if edition is None or Indicator.objects.for_edition(edition).exists():
        return None
    fields = {}
    for field in FieldOfAction.objects.for_edition(edition):
        fields.setdefault(field.short_title, field)
        fields.setdefault(field.position, field)
    last_year = timezone.localdate().year - 1
    years = list(range(last_year - 6, last_year + 1))
    created = 0
    positions = {}
    for short, position, goal_index, spec in INDICATORS:
        goal = _goal(fields, short, position, goal_index)
        if goal is None:
            continue
        person, email = RESPONSIBLE.get(short, ("", ""))
        kind = spec.get("kind", "year")
        values = spec.get("values", [])
        numbered = [(y, v) for y, v in zip(years, values, strict=False) if _is_number(v)]
        first_year, first_value = numbered[0] if numbered else (None, None)
        is_operational = goal._meta.model_name == "operationalgoal"
        positions[goal.pk] = positions.get(goal.pk, 0) + 1
        indicator = Indicator(
            operational_goal=goal if is_operational else None,
            strategic_goal=None if is_operational else goal,
            code=spec["code"],
            name=spec["name"],
            definition=spec.get("definition", ""),
            is_qualitative=spec.get("qualitative", False),
            unit="" if spec.get("qualitative") else spec.get("unit", PERCENT),
            decimal_places=spec.get("decimals", 0 if spec.get("unit") in (COUNT, PERSONS) else 1),
            source=spec.get("source", ""),
            rhythm=spec.get("rhythm", Indicator.Rhythm.ANNUAL),
            direction=spec.get("direction", Indicator.Direction.HIGHER_IS_BETTER),
            responsible_person=person,
            responsible_email=email,
            breakdowns=spec.get("breakdowns", ""),
            manual_status=spec.get("manual_status", ""),
            position=positions[goal.pk],
        )
        if "target" in spec:
            indicator.target_value = Decimal(spec["target"][0])
            indicator.target_year = spec["target"][1]
        if first_value is not None and "target" in spec:
            indicator.baseline_value = Decimal(str(first_value).lstrip("~|"))
            indicator.baseline_date = _period(kind, first_year).end
        if "dates" in spec:
            day, number = spec["dates"][0]
            indicator.baseline_value, indicator.baseline_date = Decimal(str(number)), day
        indicator.full_clean()
        indicator.save()
        created += 1
        for year, raw in zip(years, values, strict=False):
            if raw is not None:
                _measurement(indicator, _period(kind, year), raw)
        for breakdown, series in spec.get("by", {}).items():
            for year, raw in zip(years, series, strict=False):
                m = Measurement(indicator=indicator, breakdown=breakdown)
                period = _period(kind, year)
                m.period_kind, m.period_start, m.period_end = period.kind, period.start, period.end
                m.period_label, m.value = period.label, Decimal(str(raw))
                m.full_clean()
                m.save()
        for day, number in spec.get("dates", []):
            _measurement(indicator, date_period(day), number)
    copy_into_successors(edition)
    if stdout:
        stdout.write(f"{created} Demo-Indikatoren mit Werten für {years[0]}–{years[-1]} angelegt.")
    return created
