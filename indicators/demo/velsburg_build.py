"""Writes the exchange files of the second demo town, Velsburg (`velsburg-2016.json`, adopted,
and `velsburg-2024.json`, the draft Fortschreibung that names it as predecessor).

Velsburg is invented: a kreisfreie Stadt in NRW of about 310.000 inhabitants whose concept has
the shape of a big city's real one (issue 14): sub-themes carrying measures, Schwerpunkte and
named sections, Handlungsziele serving several Leitziele, measures without goal links, context
figures of the whole town and of fields with Land and Bund beside them and groups (Frauen/
Männer), periods as sources write them ("Juni 2016", "2014–2016", "Schuljahr 2016/2017",
"Jan 23" …), values such as "rund 60" or "< 5", unknown status, origin, actor kind and
direction, and Träger notes. The files are data (loaded through the importer like a town's
upload); this script is how they were written. It lives with the indicators because it reads
the figures' periods with their parser (the core knows nothing of its extensions). Run it after
changing the content:

    .venv/bin/python -m indicators.demo.velsburg_build
"""

from __future__ import annotations

import copy

if __name__ == "__main__":  # the periods are read with the product's parsers
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_site.settings")
    django.setup()

from concepts.demo.velsburg import FILES  # noqa: E402 (after django.setup() when run as a script)

FORMAT = "integrationskonzept-austausch/2"
CONCEPT_TITLE = "Integrationskonzept der Stadt Velsburg"

ACTORS = [
    # key, name, short name, kind ("" = not given in the source)
    ("A1", "Amt für Integration und Vielfalt", "Amt 50.3", "administration"),
    ("A2", "Jobcenter Velsburg", "Jobcenter", "jobcenter"),
    ("A3", "Caritasverband für die Stadt Velsburg e. V.", "Caritas", "welfare"),
    ("A4", "Arbeiterwohlfahrt Kreisverband Velsburg e. V.", "AWO", "welfare"),
    ("A5", "Volkshochschule Velsburg", "VHS", "other"),
    ("A6", "Kommunales Integrationszentrum Velsburg", "KI", "administration"),
    ("A7", "Verbund der Migrantenorganisationen Velsburg", "VMO", "migrant_org"),
    ("A8", "Büro für Integration", "", ""),
    ("A9", "Gesundheitsamt der Stadt Velsburg", "Gesundheitsamt", "administration"),
    ("A10", "Wohnungsbaugesellschaft Velsburg mbH", "WBG", ""),
    ("A11", "Handwerkskammer Velsburg-Lippe", "HWK", "other"),
    ("A12", "Stadtsportbund Velsburg e. V.", "SSB", ""),
]


def actor(key, name, short_name, kind):
    return {
        "key": key,
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "description": "",
        "email": "",
        "phone": "",
        "website": "",
        "address": "",
    }


def _measure_period(wording):
    """(starts_on, ends_on, period_edtf) as the importer reads the wording."""
    if not wording:
        return None, None, ""
    from concepts.periods import parse_period

    period = parse_period(wording)
    iso = [day.isoformat() if day else None for day in (period.earliest, period.latest)]
    return iso[0], iso[1], period.edtf


def measure(
    key,
    title,
    description,
    *,
    status="",
    origin="",
    wording="",
    goals=(),
    strategic=(),
    sub_theme=None,
    actors=(),
    flagship=False,
    costs=None,
    fte=None,
    funding="",
    target_groups="",
    milestones=(),
):
    starts_on, ends_on, edtf = _measure_period(wording)
    return {
        "key": key,
        "title": title,
        "description": description,
        "status": status,
        "origin": origin,
        "is_flagship": flagship,
        "responsible_person": "",
        "responsible_email": "",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "period_wording": wording,
        "period_edtf": edtf,
        "target_groups": target_groups,
        "social_area": "",
        "staff_fte": fte,
        "material_costs": costs,
        "funding": funding,
        "needs_council_decision": False,
        "themes": [],
        "operational_goals": list(goals),
        "strategic_goals": list(strategic),
        "sub_theme": sub_theme,
        "actors": [{"actor": a, "role": role, "note": note} for a, role, note in actors],
        "milestones": [
            {"title": t, "due_on": due, "done": done, "done_on": due if done else None}
            for t, due, done in milestones
        ],
    }


def goal(key, title, *, strategic=None, also=(), sub_theme=None, operational=True):
    item = {"key": key, "title": title, "description": ""}
    if operational:
        item.update(strategic_goal=strategic, also_serves=list(also))
    item.update(sub_theme=sub_theme, themes=[])
    return item


def field(key, title, short, description, **parts):
    return {
        "key": key,
        "title": title,
        "short_title": short,
        "description": description,
        "themes": parts.get("themes", []),
        "sections": [{"title": t, "body": b} for t, b in parts.get("sections", [])],
        "focus_areas": [{"title": t, "description": d} for t, d in parts.get("focus_areas", [])],
        "sub_themes": [
            {"key": k, "title": t, "description": d} for k, t, d in parts.get("sub_themes", [])
        ],
        "strategic_goals": parts.get("strategic_goals", []),
        "operational_goals": parts.get("operational_goals", []),
        "measures": parts.get("measures", []),
    }


FIELDS = [
    field(
        "HF1",
        "Sprache und Bildung",
        "Bildung",
        "Bildung entscheidet über Teilhabe. Velsburg begleitet Kinder, Jugendliche und "
        "Erwachsene von der Kita bis zur Weiterbildung.",
        themes=["Q1"],
        sections=[
            (
                "Ausgangslage",
                "Rund ein Drittel der Kinder in Velsburger Kitas spricht zu Hause überwiegend "
                "eine andere Sprache als Deutsch. Die Zahl der Seiteneinsteigerinnen und "
                "Seiteneinsteiger ist seit 2015 stark gestiegen.",
            ),
            (
                "Handlungsbedarf",
                "Übergänge (Kita → Grundschule, Schule → Beruf) gelingen zu selten; "
                "Sprachkurse für Eltern fehlen in den Stadtteilen im Norden.",
            ),
        ],
        sub_themes=[
            ("HF1-U1", "Frühkindliche Bildung", "Kita und Familienzentren"),
            ("HF1-U2", "Schule und Übergang in den Beruf", ""),
            ("HF1-U3", "Sprache und Weiterbildung für Erwachsene", ""),
        ],
        strategic_goals=[
            goal(
                "HF1-LZ1",
                "Alle Kinder beginnen die Schule mit ausreichenden Deutschkenntnissen.",
                sub_theme="HF1-U1",
                operational=False,
            ),
            goal(
                "HF1-LZ2",
                "Eltern sind Partner der Bildungseinrichtungen.",
                sub_theme="HF1-U1",
                operational=False,
            ),
            goal(
                "HF1-LZ3",
                "Jugendliche mit Einwanderungsgeschichte erreichen gleichwertige Abschlüsse.",
                sub_theme="HF1-U2",
                operational=False,
            ),
        ],
        operational_goals=[
            # One list serving two Leitziele ("Konkret bedeutet dies: …").
            goal(
                "HF1-HZ1",
                "Alltagsintegrierte Sprachbildung ist in allen städtischen Kitas verankert.",
                strategic="HF1-LZ1",
                also=["HF1-LZ2"],
                sub_theme="HF1-U1",
            ),
            goal(
                "HF1-HZ2",
                "Jedes Familienzentrum bietet mindestens ein Elterncafé in mehreren Sprachen an.",
                strategic="HF1-LZ1",
                also=["HF1-LZ2"],
                sub_theme="HF1-U1",
            ),
            goal(
                "HF1-HZ3",
                "Der Anteil der Schulabgängerinnen und Schulabgänger ohne Abschluss sinkt "
                "unter den Landesdurchschnitt.",
                strategic="HF1-LZ3",
                sub_theme="HF1-U2",
            ),
        ],
        measures=[
            measure(
                "HF1-M1",
                "Sprachkitas im Velsburger Norden",
                "Zusätzliche Fachkräfte für alltagsintegrierte Sprachbildung in zwölf Kitas.",
                status="running",
                origin="existing",
                wording="seit 2012",
                goals=["HF1-HZ1"],
                sub_theme="HF1-U1",
                actors=[("A1", "lead", "Federführung"), ("A4", "partner", "")],
                fte="6.00",
                funding="Bundesprogramm, Eigenanteil der Stadt",
            ),
            measure(
                "HF1-M2",
                "Griffbereit und Rucksack KiTa",
                "Elternbildung in der Familiensprache, zweimal wöchentlich in den Familienzentren.",
                status="running",
                wording="Herbst 2017 bis Dezember 2020",
                goals=["HF1-HZ2"],
                sub_theme="HF1-U1",
                actors=[("A6", "lead", "Koordination"), ("A3", "partner", "")],
            ),
            measure(
                "HF1-M3",
                "",
                "Die Stadtbibliothek richtet in allen Stadtteilbüchereien mehrsprachige "
                "Vorleseecken ein.",
                sub_theme="HF1-U1",
                actors=[("A8", "lead", "Zuschuss bis 2016")],
            ),
            measure(
                "HF1-M4",
                "Übergangsmanagement Schule–Beruf für Seiteneinsteiger",
                "Individuelle Begleitung ab Klasse 8 mit Praktika bei Betrieben der "
                "Handwerkskammer.",
                status="planned",
                origin="new",
                wording="2. Halbjahr 2026",
                goals=["HF1-HZ3"],
                sub_theme="HF1-U2",
                actors=[("A6", "lead", ""), ("A11", "partner", "Leitung der Praktikumsbörse")],
                costs="48000.00",
                milestones=[("Kooperationsvertrag mit der HWK", "2026-09-30", False)],
            ),
            measure(
                "HF1-M5",
                "Integrationskurse mit Kinderbetreuung",
                "Kurse mit paralleler Kinderbetreuung in drei Stadtteilzentren.",
                status="running",
                origin="existing",
                wording="laufend",
                sub_theme="HF1-U3",
                actors=[("A5", "lead", ""), ("A4", "partner", "Kinderbetreuung")],
            ),
        ],
    ),
    field(
        "HF2",
        "Arbeit und Ausbildung",
        "Arbeit",
        "Erwerbsarbeit sichert den Lebensunterhalt und ist ein Ort der Begegnung.",
        themes=["Q2"],
        sections=[
            (
                "Ausgangslage",
                "Die Arbeitslosigkeit ausländischer Velsburgerinnen und Velsburger ist mehr als "
                "doppelt so hoch wie die der deutschen.",
            ),
        ],
        focus_areas=[
            ("Ausbildung zuerst", "Junge Geflüchtete vor der Helfertätigkeit in Ausbildung."),
            ("Anerkennung ausländischer Abschlüsse", ""),
            ("Frauen in Arbeit", "Eigene Angebote für Mütter mit kleinen Kindern."),
        ],
        strategic_goals=[
            goal(
                "HF2-LZ1",
                "Zugewanderte haben gleiche Chancen auf dem Arbeits- und Ausbildungsmarkt.",
                operational=False,
            ),
        ],
        operational_goals=[
            goal(
                "HF2-HZ1",
                "Die Zahl der Beratungen zur Anerkennung ausländischer Abschlüsse steigt jährlich.",
                strategic="HF2-LZ1",
            ),
        ],
        measures=[
            # Measures of the field, serving no single goal (as many real ones do).
            measure(
                "HF2-M1",
                "Anerkennungsberatung im Jobcenter",
                "Sprechstunde zur Anerkennung ausländischer Berufs- und Studienabschlüsse.",
                status="running",
                origin="existing",
                wording="ab 2015",
                goals=["HF2-HZ1"],
                actors=[("A2", "lead", ""), ("A11", "partner", "")],
            ),
            measure(
                "HF2-M2",
                "Mentoring für Frauen mit Einwanderungsgeschichte",
                "Ehrenamtliche Mentorinnen begleiten Frauen bei Bewerbung und Berufseinstieg.",
                wording="ab 2025",
                actors=[("A7", "lead", ""), ("A2", "funder", "Förderung über § 16h SGB II")],
            ),
            measure(
                "HF2-M3",
                "",
                "Die Stadtverwaltung prüft, wie Ausbildungsplätze in der Verwaltung gezielt "
                "Jugendlichen mit Einwanderungsgeschichte angeboten werden können.",
            ),
        ],
    ),
    field(
        "HF3",
        "Wohnen und Zusammenleben im Quartier",
        "Wohnen",
        "Gute Nachbarschaft entsteht im Quartier.",
        themes=["Q2"],
        sub_themes=[
            ("HF3-U1", "Wohnraumversorgung", ""),
            ("HF3-U2", "Nachbarschaft und Begegnung", ""),
        ],
        strategic_goals=[
            goal(
                "HF3-LZ1",
                "Geflüchtete wohnen so bald wie möglich in eigenen Wohnungen.",
                sub_theme="HF3-U1",
                operational=False,
            ),
            goal(
                "HF3-LZ2",
                "In allen Stadtteilen gibt es Orte der Begegnung.",
                sub_theme="HF3-U2",
                operational=False,
            ),
        ],
        operational_goals=[
            goal(
                "HF3-HZ1",
                "Die Aufenthaltsdauer in Gemeinschaftsunterkünften sinkt auf unter ein Jahr.",
                strategic="HF3-LZ1",
                sub_theme="HF3-U1",
            ),
            goal(
                "HF3-HZ2",
                "Stadtteilbüros und Vereine arbeiten in Quartiersnetzwerken zusammen.",
                strategic="HF3-LZ2",
                also=["HF3-LZ1"],
                sub_theme="HF3-U2",
            ),
        ],
        measures=[
            measure(
                "HF3-M1",
                "Auszugsmanagement",
                "Beratung und Wohnungsvermittlung für Bewohnerinnen und Bewohner der "
                "Gemeinschaftsunterkünfte.",
                status="completed",
                origin="new",
                wording="2016 bis 2019",
                goals=["HF3-HZ1"],
                sub_theme="HF3-U1",
                actors=[("A3", "lead", ""), ("A10", "partner", "Wohnungskontingent")],
            ),
            measure(
                "HF3-M2",
                "Quartiersfeste und Nachbarschaftsdialoge",
                "Jährliche Feste in fünf Stadtteilen, vorbereitet von Vereinen und "
                "Migrantenorganisationen.",
                status="running",
                wording="seit 2014",
                goals=["HF3-HZ2"],
                sub_theme="HF3-U2",
                actors=[("A7", "lead", ""), ("A12", "partner", ""), ("A8", "funder", "")],
            ),
        ],
    ),
    field(
        "HF4",
        "Gesundheit",
        "Gesundheit",
        "Zugang zum Gesundheitssystem für alle, unabhängig von Sprache und Aufenthaltsstatus.",
        sections=[
            (
                "Ausgangslage",
                "Die Schuleingangsuntersuchung zeigt bei Kindern aus zugewanderten Familien "
                "häufiger unvollständigen Impfschutz.",
            ),
        ],
        strategic_goals=[
            goal(
                "HF4-LZ1",
                "Zugewanderte kennen die Angebote der Gesundheitsversorgung.",
                operational=False,
            ),
        ],
        operational_goals=[
            goal(
                "HF4-HZ1",
                "Der Impfschutz bei der Schuleingangsuntersuchung gleicht sich an.",
                strategic="HF4-LZ1",
            ),
        ],
        measures=[
            measure(
                "HF4-M1",
                "Gesundheitslotsinnen und -lotsen (MiMi)",
                "Geschulte Lotsinnen informieren in ihren Communities über Vorsorge und Impfungen.",
                status="running",
                origin="existing",
                wording="seit 2012",
                goals=["HF4-HZ1"],
                actors=[("A9", "lead", ""), ("A7", "partner", "")],
            ),
        ],
    ),
]

THEMES = [
    ("Q1", "Zielgruppenorientierung", "Angebote nach Alter, Geschlecht und Lebenslage."),
    ("Q2", "Sozialraumorientierung", "Angebote dort, wo die Menschen wohnen."),
]

CHAPTERS = [
    (
        "A",
        "Vorwort",
        "Velsburg ist eine Stadt der Vielfalt: Menschen aus über 160 Nationen leben hier. "
        "Dieses Konzept bündelt, was Verwaltung, Wohlfahrtsverbände, Migrantenorganisationen "
        "und Ehrenamtliche gemeinsam erreichen wollen.",
        None,
    ),
    (
        "A",
        "Ausgangslage und Rahmenbedingungen",
        "Am 31.12.2015 lebten rund 48.500 Menschen mit ausländischer Staatsangehörigkeit in "
        "Velsburg. Die wichtigsten Zahlen stehen im Kapitel „Daten und Fakten“.",
        None,
    ),
    (
        "B",
        "Sprache und Bildung",
        "Das Handlungsfeld wurde in der AG Bildung in vier Sitzungen erarbeitet.",
        "HF1",
    ),
]


def m(label, value=None, *, area="", group="", qualifier="", source="", text="", approx=False):
    """A measurement: the period as the source wrote it, completed by `_periods`."""
    return {
        "label": label,
        "value": value,
        "area": area,
        "group": group,
        "qualifier": qualifier,
        "source": source,
        "text": text,
        "approx": approx,
    }


def series(area, values):
    return [m(label, value, area=area) for label, value in values]


INDICATORS = [
    # Context indicators of the whole edition ("Daten und Fakten").
    {
        "attach": {},
        "code": "DF-AUS",
        "name": "Anteil der Einwohner/innen mit ausländischer Staatsangehörigkeit",
        "unit": "percent",
        "decimals": 1,
        "source": "Einwohnermelderegister; IT.NRW; Statistisches Bundesamt",
        "rhythm": "annual",
        "direction": "",
        "values": [
            *series("", [("31.12.2014", "13.9"), ("31.12.2015", "15.6"), ("31.12.2016", "16.4")]),
            *series(
                "NRW", [("31.12.2014", "10.5"), ("31.12.2015", "11.8"), ("31.12.2016", "12.6")]
            ),
            *series(
                "Deutschland",
                [("31.12.2014", "9.3"), ("31.12.2015", "10.5"), ("31.12.2016", "11.2")],
            ),
        ],
    },
    {
        "attach": {},
        "code": "DF-SGB2",
        "name": "SGB-II-Quote",
        "definition": "Anteil der Leistungsberechtigten nach dem SGB II an der Bevölkerung "
        "unter 65 Jahren.",
        "unit": "percent",
        "decimals": 1,
        "source": "Bundesagentur für Arbeit",
        "rhythm": "semiannual",
        "direction": "lower",
        "values": [
            m("Juni 2016", "14.8"),
            m("Juni 2016", "11.3", area="NRW"),
            m("Juni 2016", "9.4", area="Deutschland"),
            m("Dezember 2016", "15.1"),
            m("Dezember 2016", "11.5", area="NRW"),
            m("Dezember 2016", "9.5", area="Deutschland"),
            m("Juni 2022", "13.2"),
            m("Juni 2022", "11.0", area="NRW"),
            m("Juni 2022", "8.9", area="Deutschland"),
        ],
    },
    {
        "attach": {},
        "code": "DF-EINB",
        "name": "Einbürgerungen",
        "unit": "persons",
        "decimals": 0,
        "source": "Standesamt; zwei Quellen für 2016",
        "rhythm": "annual",
        "direction": "higher",
        "values": [
            m("2014–2016", "745", text="Mittel der drei Jahre"),
            m("2016", "810", source="Standesamt"),
            m("2016", "790", source="IT.NRW"),
            m("2022", "1250", group="Frauen"),
            m("2022", "1110", group="Männer"),
            m("2022", "2360"),
        ],
    },
    # Context indicators of fields (the field's Ausgangslage).
    {
        "attach": {"field_of_action": "HF1"},
        "code": "HF1-KITA",
        "name": "Kita-Kinder mit nichtdeutscher Familiensprache",
        "unit": "percent",
        "decimals": 0,
        "source": "Jugendamt, Kita-Statistik",
        "rhythm": "school_year",
        "direction": "",
        "values": [
            m("Schuljahr 2016/2017", "31"),
            m(
                "Beginn Schuljahr 2016/2017",
                "60",
                approx=True,
                group="Neuzugänge",
                text="rund 60 Prozent der Neuaufnahmen",
            ),
            m("2022/23", "34"),
        ],
    },
    {
        "attach": {"sub_theme": "HF1-U2"},
        "code": "HF1-OA",
        "name": "Schulabgänger/innen ohne Abschluss",
        "unit": "percent",
        "decimals": 1,
        "source": "IT.NRW, Schulstatistik",
        "rhythm": "school_year",
        "direction": "lower",
        "values": [
            m("Schuljahr 2016/2017", "7.9"),
            m("Schuljahr 2016/2017", "5.9", area="NRW"),
            m("Schuljahr 2016/2017", "9.6", group="Männer"),
            m("Schuljahr 2016/2017", "6.1", group="Frauen"),
            m("Schuljahr 2021/2022", "7.1"),
            m("Schuljahr 2021/2022", "6.0", area="NRW"),
            m("Schuljahr 2021/2022", "8.4", group="Männer"),
            m("Schuljahr 2021/2022", "5.7", group="Frauen"),
        ],
    },
    {
        "attach": {"field_of_action": "HF2"},
        "code": "HF2-ALQ",
        "name": "Arbeitslose mit ausländischer Staatsangehörigkeit",
        "unit": "persons",
        "decimals": 0,
        "source": "Bundesagentur für Arbeit, Arbeitsmarktstatistik",
        "rhythm": "monthly",
        "direction": "lower",
        "values": [
            m(month, value)
            for month, value in [
                ("Jan 23", "6412"),
                ("Feb 23", "6380"),
                ("Mrz 23", "6295"),
                ("Apr 23", "6170"),
                ("Mai 23", "6088"),
                ("Jun 23", "6102"),
                ("Jul 23", "6240"),
                ("Aug 23", "6311"),
                ("Sep 23", "6150"),
                ("Okt 23", "6034"),
                ("Nov 23", "5987"),
            ]
        ],
    },
    {
        "attach": {"field_of_action": "HF3"},
        "code": "HF3-GU",
        "name": "Personen in Gemeinschaftsunterkünften",
        "unit": "persons",
        "decimals": 0,
        "source": "Amt für Wohnungswesen",
        "rhythm": "irregular",
        "direction": "",
        "values": [
            m("Juni 2016", "3450"),
            m("Ende 2016", "2900", approx=True),
            m("01.03.2015–31.12.2016", None, text="Daten wurden bisher nicht erhoben"),
            m("2023", "5", qualifier="less_than", group="unbegleitete Minderjährige"),
            m("2023", "1180"),
        ],
    },
    # Indicators of goals (with target and status).
    {
        "attach": {"goal": "HF2-HZ1"},
        "code": "HF2-ANK",
        "name": "Beratungen zur Anerkennung ausländischer Abschlüsse",
        "unit": "count",
        "decimals": 0,
        "source": "Jobcenter Velsburg",
        "rhythm": "annual",
        "direction": "higher",
        "baseline": ("180.0000", "2015-12-31"),
        "target": ("400.0000", 2026),
        "values": [
            m("2015", "180"),
            m("2016", "60", qualifier="more_than", text="Erfassung erst ab Juni"),
            m("2013 und 2014 (Mittel)", "150"),
            m("2022", "320"),
            m("2023", "355"),
        ],
    },
    {
        "attach": {"goal": "HF4-HZ1"},
        "code": "HF4-IMPF",
        "name": "Vollständiger Impfschutz bei der Schuleingangsuntersuchung",
        "unit": "percent",
        "decimals": 1,
        "source": "Gesundheitsamt, Schuleingangsuntersuchung",
        "rhythm": "annual",
        "direction": "higher",
        "target": ("95.0000", 2027),
        "values": [
            m("2016", "86.5", group="Kinder aus zugewanderten Familien"),
            m("2016", "92.0"),
            m("2023", "89.9", group="Kinder aus zugewanderten Familien"),
            m("2023", "93.1"),
        ],
    },
]


def _measurements(values):
    from indicators.importers.parsing import parse_period

    result = []
    for value in values:
        period = parse_period(value["label"])
        result.append(
            {
                "period_kind": period.kind,
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
                "period_label": period.label,
                "breakdown": "",
                "value": None if value["value"] is None else f"{float(value['value']):.4f}",
                "text": value["text"],
                "is_approximate": value["approx"],
                "is_series_break": False,
                "source_note": "",
                "period_edtf": period.edtf,
                "area": value["area"],
                "group": value["group"],
                "source": value["source"],
                "qualifier": value["qualifier"],
            }
        )
    # The exporter's order, so that export → import → export gives this file back.
    order = ("period_start", "period_kind", "breakdown", "area", "group", "source")
    return sorted(result, key=lambda item: tuple(item[name] for name in order))


def indicators_section(indicators):
    section = []
    for position, item in enumerate(indicators, start=1):
        attach = item["attach"]
        baseline = item.get("baseline", (None, None))
        target = item.get("target", (None, None))
        section.append(
            {
                "goal": attach.get("goal"),
                "sub_theme": attach.get("sub_theme"),
                "field_of_action": attach.get("field_of_action"),
                "code": item["code"],
                "name": item["name"],
                "definition": item.get("definition", ""),
                "is_qualitative": False,
                "unit": item["unit"],
                "unit_other": "",
                "decimal_places": item["decimals"],
                "source": item["source"],
                "rhythm": item["rhythm"],
                "direction": item["direction"],
                "baseline_value": baseline[0],
                "baseline_date": baseline[1],
                "target_value": target[0],
                "target_year": target[1],
                "responsible_person": "",
                "responsible_email": "",
                "breakdowns": "",
                "manual_status": "",
                "position": position,
                "measurements": _measurements(item["values"]),
            }
        )
    return section


def _actors_in_export_order(data):
    """Actors sorted by name as the exporter lists them, keys A1… renumbered in that order."""
    rows = sorted(ACTORS, key=lambda row: row[1])
    new_keys = {row[0]: f"A{n}" for n, row in enumerate(rows, start=1)}
    data["actors"] = [actor(new_keys[row[0]], *row[1:]) for row in rows]
    for field_data in data["fields_of_action"]:
        for item in field_data["measures"]:
            for link in item["actors"]:
                link["actor"] = new_keys[link["actor"]]
            item["actors"].sort(key=lambda link: (link["role"], int(link["actor"][1:])))
    return data


def edition_2016():
    return _actors_in_export_order(
        {
            "format": FORMAT,
            "concept": {"title": CONCEPT_TITLE},
            "edition": {
                "title": "Integrationskonzept 2016",
                "year": 2016,
                "single_goal_level": False,
                "status": "adopted",
                "adopted_on": "2016-09-29",
                "adopted_by": "Rat der Stadt Velsburg",
                "predecessor": None,
            },
            "vision": {
                "title": "Leitbild",
                "motto": "Velsburg – eine Stadt für alle.",
                "text": "Integration ist eine Aufgabe der ganzen Stadtgesellschaft.",
            },
            "guiding_principles": [
                {
                    "title": "Vielfalt ist Normalität",
                    "text": "Velsburg erkennt Vielfalt als Stärke an.",
                    "field_of_action": None,
                },
                {
                    "title": "Bildung von Anfang an",
                    "text": "Kein Kind geht verloren.",
                    "field_of_action": "HF1",
                },
            ],
            "cross_cutting_themes": [
                {"key": k, "title": t, "description": d} for k, t, d in THEMES
            ],
            "actors": [actor(*row) for row in ACTORS],
            "chapters": [
                {"part": p, "title": t, "body": b, "field_of_action": f} for p, t, b, f in CHAPTERS
            ],
            "fields_of_action": copy.deepcopy(FIELDS),
            "assessments": [],
            "extensions": {"indicators": indicators_section(INDICATORS)},
        }
    )


ASSESSMENTS = [
    (
        "strategic",
        "1.1",
        "partly",
        "Teilweise erreicht: Die Sprachkitas wirken, erreichen "
        "aber den Velsburger Norden erst seit 2019 vollständig.",
    ),
    ("operational", "1.1.1", "reached", "Das Ziel ist erreicht."),
    (
        "operational",
        "1.3.1",
        "not_reached",
        "Nicht erreicht: Der Anteil liegt weiter über "
        "dem Landesdurchschnitt (siehe Daten und Fakten).",
    ),
    (
        "operational",
        "2.1.1",
        "",
        "Die Zahl der Beratungen ist gestiegen; ob das Ziel erreicht "
        "ist, lässt sich nicht sagen, weil 2016 erst ab Juni gezählt wurde.",
    ),
    ("strategic", "3.1", "not_assessable", "Kann aufgrund fehlender Daten nicht beurteilt werden."),
    ("operational", "4.1.1", "partly", "Teilweise erreicht."),
]


def edition_2024():
    data = edition_2016()
    data["edition"].update(
        title="1. Fortschreibung",
        year=2024,
        status="draft",
        adopted_on=None,
        adopted_by="",
        predecessor={"title": "Integrationskonzept 2016", "year": 2016},
    )
    fields = data["fields_of_action"]
    hf1 = fields[0]
    hf1["measures"][1]["status"] = "completed"
    # (Actor keys are already renumbered; the new measures name them by their new keys.)
    keys = {a["short_name"] or a["name"]: a["key"] for a in data["actors"]}
    hf1["measures"].append(
        measure(
            "HF1-M6",
            "Digitale Elternbriefe in zwölf Sprachen",
            "Die Schulen versenden Elternbriefe über eine App mit Übersetzung.",
            status="idea",
            origin="new",
            wording="ab 2025",
            sub_theme="HF1-U2",
            actors=[(keys["KI"], "lead", "")],
        )
    )
    hf3 = fields[2]
    hf3["measures"] = [x for x in hf3["measures"] if x["key"] != "HF3-M1"]
    # A newer field: only Leitsätze and Schwerpunkte, no goals at all.
    fields.append(
        field(
            "HF5",
            "Teilhabe und interkulturelle Öffnung",
            "Teilhabe",
            "Neu in der Fortschreibung: ohne Ziele, mit Schwerpunkten für zwei Jahre.",
            focus_areas=[
                ("Integrationsrat stärken", "Wahlbeteiligung bei der Integrationsratswahl."),
                ("Vielfalt in der Verwaltung", "Ausbildungskampagne der Stadtverwaltung."),
                ("Antidiskriminierungsberatung", ""),
            ],
            measures=[
                measure(
                    "HF5-M1",
                    "Antidiskriminierungsstelle",
                    "Unabhängige Beratung für Betroffene von Diskriminierung.",
                    wording="ab 2025",
                    actors=[
                        (keys["Caritas"], "lead", "gemeinsam mit der AWO"),
                        (keys["AWO"], "partner", ""),
                    ],
                )
            ],
        )
    )
    data["guiding_principles"].append(
        {
            "title": "Mitreden heißt mitgestalten",
            "text": "Zugewanderte wirken an den Entscheidungen der Stadt mit.",
            "field_of_action": "HF5",
        }
    )
    indicators = copy.deepcopy(INDICATORS)
    indicators[5]["values"].append(m("Dez 23", "5901"))
    data["extensions"]["indicators"] = indicators_section(indicators)
    for field_data in fields:  # keys follow the order, as the exporter gives them
        for n, item in enumerate(field_data["measures"], start=1):
            item["key"] = f"{field_data['key']}-M{n}"
    data["assessments"] = [
        {"goal": {"kind": kind, "number": number}, "grade": grade, "text": text}
        for kind, number, grade, text in sorted(
            ASSESSMENTS, key=lambda row: (row[0] != "strategic", row[1])
        )
    ]
    return data


def write():
    from concepts.exchange.export import dumps

    for year, build in (("2016", edition_2016), ("2024", edition_2024)):
        FILES[year].write_text(dumps(build()), encoding="utf-8")


if __name__ == "__main__":
    write()
    for path in FILES.values():
        print(path)
