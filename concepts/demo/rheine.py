"""The demo concept: Rheine's 2. Fortschreibung as the seeds describe it.

Nine Leitsätze, eight Handlungsfelder with three Querschnittsthemen, Rostock's chapter list,
real kinds of Träger. Loaded by `python manage.py demo`; idempotent through the town's slug.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from concepts.models import (
    Actor,
    Chapter,
    Concept,
    CrossCuttingTheme,
    Edition,
    FieldOfAction,
    GuidingPrinciple,
    Measure,
    MeasureActor,
    Membership,
    Milestone,
    Municipality,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
    Vision,
)

TOWN_SLUG = "rheine"

DEMO_USERS = [
    # username, password, first, last, e-mail, role, organisation
    (
        "stabsstelle",
        "demo-stab-2026",
        "Sabine",
        "Krüger",
        "s.krueger@rheine.example",
        Membership.Role.STAFF,
        "Fachstelle Migration & Integration",
    ),
    (
        "mitglied",
        "demo-ag-2026",
        "Murat",
        "Yılmaz",
        "m.yilmaz@caritas-rheine.example",
        Membership.Role.MEMBER,
        "Caritasverband Rheine",
    ),
    (
        "ratsmitglied",
        "demo-rat-2026",
        "Heinz",
        "Brüggemann",
        "h.brueggemann@rat-rheine.example",
        Membership.Role.COUNCIL,
        "Integrationsrat",
    ),
]
ADMIN_USER = ("admin", "demo-admin-2026")

PRINCIPLES = [
    (
        "Rheine sagt Willkommen",
        "Wir begegnen allen Menschen, die nach Rheine kommen, offen und heißen sie willkommen.",
    ),
    (
        "Gemeinsame Werte sind die Basis",
        "Grundlage des Zusammenlebens sind das Grundgesetz und die darin verankerten Werte.",
    ),
    (
        "Integration liegt in der Verantwortung aller",
        "Integration gelingt nur, wenn Zugewanderte und Aufnahmegesellschaft sie gemeinsam tragen.",
    ),
    (
        "Integration ist ein dauerhafter und wechselseitiger Prozess",
        "Integration endet nicht nach dem Sprachkurs; sie verändert alle Beteiligten.",
    ),
    (
        "Integration umfasst Rechte und Pflichten",
        "Teilhabe setzt gleiche Rechte voraus und verlangt die Bereitschaft, sich einzubringen.",
    ),
    (
        "Integration braucht Nachbarschaft",
        "Integration geschieht vor Ort: im Quartier, im Verein, in der Schule, am Arbeitsplatz.",
    ),
    (
        "Integration ist Wandel und Lernen",
        "Stadtgesellschaft und Verwaltung lernen voneinander und öffnen sich interkulturell.",
    ),
    (
        "Chancengleichheit sichert sozialen Frieden",
        "Gleiche Bildungs- und Arbeitsmarktchancen sind die Grundlage für sozialen Frieden.",
    ),
    (
        "Es ist normal, verschieden zu sein",
        "Vielfalt ist in Rheine Alltag und eine Stärke der Stadtgesellschaft.",
    ),
]

THEMES = [
    (
        "Zielgruppenorientierung",
        "Angebote richten sich nach Alter, Geschlecht, Aufenthaltsstatus und Lebenslage.",
    ),
    (
        "Sozialraumorientierung",
        "Maßnahmen setzen in den Stadtteilen an, in denen Zugewanderte leben.",
    ),
    (
        "Potenziale der Zugewanderten einbinden & Kompetenzen feststellen",
        "Mitgebrachte Qualifikationen werden erkannt, anerkannt und genutzt.",
    ),
]

ACTORS = [
    ("Fachstelle Migration & Integration", "FMI", Actor.Kind.ADMINISTRATION),
    ("Caritasverband Rheine e. V.", "Caritas", Actor.Kind.WELFARE),
    ("Jobcenter Kreis Steinfurt, Standort Rheine", "Jobcenter", Actor.Kind.JOBCENTER),
    ("Agentur für Arbeit Rheine", "Arbeitsagentur", Actor.Kind.JOBCENTER),
    ("Volkshochschule Rheine", "VHS", Actor.Kind.ADMINISTRATION),
    ("Fachbereich Schule, Kultur und Sport", "FB Schule", Actor.Kind.ADMINISTRATION),
    ("Kommunales Integrationszentrum Kreis Steinfurt", "KI", Actor.Kind.ADMINISTRATION),
    ("Integrationslotsen Rheine", "Integrationslotsen", Actor.Kind.ASSOCIATION),
    ("Türkisch-Islamische Gemeinde Rheine (DITIB)", "DITIB", Actor.Kind.RELIGIOUS),
    ("Evangelische Kirchengemeinde Rheine", "Ev. Kirche", Actor.Kind.RELIGIOUS),
    ("Katholische Kirchengemeinde St. Dionysius", "St. Dionysius", Actor.Kind.RELIGIOUS),
    (
        "Verein der Syrischen Gemeinschaft Rheine",
        "Syrische Gemeinschaft",
        Actor.Kind.MIGRANT_ORGANISATION,
    ),
    ("Integrationsrat der Stadt Rheine", "Integrationsrat", Actor.Kind.POLITICS),
    ("Kreishandwerkerschaft Steinfurt-Warendorf", "Kreishandwerkerschaft", Actor.Kind.OTHER),
    ("Gesundheitsamt Kreis Steinfurt", "Gesundheitsamt", Actor.Kind.ADMINISTRATION),
    ("Wohnungsbaugesellschaft Rheine", "WBG", Actor.Kind.OTHER),
    ("Grundschule Dorenkamp", "GS Dorenkamp", Actor.Kind.SCHOOL),
    ("Familienzentrum Kita Regenbogen", "Kita Regenbogen", Actor.Kind.SCHOOL),
]

# Each field: title, short title, themes (indexes), description,
# Leitziele: (title, [Handlungsziele: (title, [measures: dict])])
FIELDS = [
    (
        "Sprachförderung",
        "Sprache",
        [0, 2],
        "Deutschkenntnisse sind der Schlüssel zu Bildung, Arbeit und Teilhabe. In Rheine gibt es "
        "ein breites, aber unübersichtliches Angebot an Sprachkursen.",
        [
            (
                "Alle Zugewanderten haben Zugang zu einem passenden Sprachangebot.",
                [
                    (
                        "Bis 2020 gibt es eine zentrale, mehrsprachige Übersicht aller Sprachkurse.",
                        [
                            dict(
                                title="Sprachkursbörse Rheine",
                                status="completed",
                                lead="VHS",
                                partners=["FMI"],
                                origin="new",
                                start=(2017, 9, 1),
                                end=(2018, 12, 31),
                                desc="Online-Übersicht aller Integrations-, Berufs- und Ehrenamtskurse in "
                                "Deutsch, Arabisch, Türkisch und Englisch.",
                                milestones=[
                                    ("Datenbank eingerichtet", (2018, 3, 1), True),
                                    ("Übersetzung in drei Sprachen", (2018, 9, 30), True),
                                ],
                            ),
                        ],
                    ),
                    (
                        "Wartezeiten auf einen Integrationskurs betragen höchstens drei Monate.",
                        [
                            dict(
                                title="Zusätzliche Integrationskurse mit Kinderbetreuung",
                                status="running",
                                lead="VHS",
                                partners=["Caritas", "Kita Regenbogen"],
                                origin="existing",
                                start=(2016, 1, 1),
                                fte="0.5",
                                costs="18000",
                                funding="BAMF-Förderung, Eigenanteil Stadt",
                                target_groups="Eltern mit Kleinkindern",
                                desc="Kurse am Vormittag mit paralleler Kinderbetreuung im Familienzentrum.",
                                milestones=[("Zweiter Kursstandort eröffnet", (2024, 9, 1), False)],
                            ),
                        ],
                    ),
                ],
            ),
            (
                "Ehrenamtliche Sprachbegleitung ergänzt die Kurse.",
                [
                    (
                        "Jede Sprachkursgruppe hat ein Sprachcafé im Stadtteil.",
                        [
                            dict(
                                title="Sprachcafés in Dorenkamp und Schotthock",
                                status="running",
                                lead="Integrationslotsen",
                                partners=["Ev. Kirche"],
                                origin="existing",
                                social_area="Dorenkamp, Schotthock",
                                desc="Wöchentliche offene Treffen zum Deutschüben mit Ehrenamtlichen.",
                            ),
                        ],
                    ),
                ],
            ),
        ],
    ),
    (
        "Kita, Schule, Bildung",
        "Bildung",
        [0, 1],
        "Kinder mit Migrationshintergrund besuchen seltener und später eine Kita; beim Übergang "
        "in weiterführende Schulen bestehen Unterschiede.",
        [
            (
                "Kinder mit Migrationshintergrund haben gleiche Bildungschancen.",
                [
                    (
                        "Der Anteil der Kinder mit Migrationshintergrund in Kitas gleicht sich an.",
                        [
                            dict(
                                title="Kita-Einstieg: Brücken bauen in frühe Bildung",
                                status="running",
                                lead="FB Schule",
                                partners=["Kita Regenbogen", "Caritas"],
                                origin="new",
                                start=(2018, 1, 1),
                                end=(2026, 12, 31),
                                fte="1.0",
                                costs="12000",
                                funding="Bundesprogramm Kita-Einstieg",
                                desc="Niedrigschwellige Eltern-Kind-Gruppen als Vorstufe zur Kita.",
                                milestones=[
                                    ("Drei Eltern-Kind-Gruppen laufen", (2019, 6, 30), True),
                                    ("Verstetigung beschlossen", (2025, 12, 31), False),
                                ],
                                council=True,
                            ),
                        ],
                    ),
                    (
                        "Schulen arbeiten mit Eltern mit Migrationshintergrund zusammen.",
                        [
                            dict(
                                title="",
                                status="planned",
                                lead="GS Dorenkamp",
                                partners=["KI"],
                                origin="new",
                                target_groups="Eltern von Grundschulkindern",
                                desc="Elternlotsinnen und -lotsen begleiten neu zugewanderte Familien bei der "
                                "Schulanmeldung und bei Elternabenden (Grundschule Dorenkamp, KI).",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "Neu zugewanderte Jugendliche erreichen einen Schulabschluss.",
                [
                    (
                        "Jugendliche ab 16 Jahren erhalten ein Bildungsangebot innerhalb von drei Monaten.",
                        [],
                    ),
                ],
            ),
        ],
    ),
    (
        "Ausbildung, Arbeitsmarktzugang, Wirtschaft",
        "Arbeit",
        [2],
        "Viele Zugewanderte bringen Berufserfahrung mit, die in Deutschland nicht anerkannt ist.",
        [
            (
                "Zugewanderte finden eine ihrer Qualifikation entsprechende Arbeit.",
                [
                    (
                        "Anerkennungsberatung ist in Rheine vor Ort erreichbar.",
                        [
                            dict(
                                title="Sprechstunde Anerkennungsberatung",
                                status="running",
                                lead="Jobcenter",
                                partners=["Arbeitsagentur", "FMI"],
                                origin="existing",
                                desc="Monatliche Sprechstunde im Rathaus zur Anerkennung ausländischer "
                                "Berufsabschlüsse.",
                            ),
                        ],
                    ),
                    (
                        "Mehr Zugewanderte beginnen eine Ausbildung im Handwerk.",
                        [
                            dict(
                                title="Ausbildungspatenschaften Handwerk",
                                status="planned",
                                lead="Kreishandwerkerschaft",
                                partners=["Jobcenter"],
                                funder="Jobcenter",
                                origin="new",
                                start=(2025, 8, 1),
                                costs="25000",
                                funding="ESF Plus",
                                council=True,
                                desc="Ehrenamtliche Patinnen und Paten aus dem Handwerk begleiten Azubis.",
                                milestones=[
                                    ("Zehn Patenschaften vermittelt", (2025, 12, 31), False)
                                ],
                            ),
                        ],
                    ),
                ],
            )
        ],
    ),
    (
        "Wohnen und dezentrales Unterbringungskonzept",
        "Wohnen",
        [1],
        "Geflüchtete sollen möglichst schnell aus Gemeinschaftsunterkünften in Wohnungen ziehen.",
        [
            (
                "Zugewanderte wohnen dezentral in allen Stadtteilen.",
                [
                    (
                        "Die Verweildauer in Gemeinschaftsunterkünften sinkt auf unter zwölf Monate.",
                        [
                            dict(
                                title="Wohnraumbörse für Geflüchtete",
                                status="running",
                                lead="FMI",
                                partners=["WBG"],
                                origin="existing",
                                social_area="gesamtes Stadtgebiet",
                                desc="Vermittlung von Wohnungen privater Vermieter mit Mietausfallgarantie.",
                            ),
                        ],
                    ),
                    ("Nachbarschaften nehmen neue Bewohnerinnen und Bewohner auf.", []),
                ],
            )
        ],
    ),
    (
        "Bürgerschaftliches Engagement und Partizipation",
        "Engagement",
        [0, 2],
        "Rund 150 Ehrenamtliche engagieren sich in der Flüchtlingshilfe; Migrantenorganisationen "
        "sind bisher wenig in Gremien vertreten.",
        [
            (
                "Zugewanderte wirken auf Augenhöhe an der Stadtgesellschaft mit.",
                [
                    (
                        "Migrantenorganisationen sind in allen Netzwerken des Konzepts vertreten.",
                        [
                            dict(
                                title="Qualifizierung von Migrantenorganisationen",
                                status="idea",
                                lead="KI",
                                partners=["Syrische Gemeinschaft", "DITIB"],
                                origin="new",
                                desc="Workshops zu Vereinsrecht, Förderanträgen und Öffentlichkeitsarbeit.",
                            ),
                        ],
                    ),
                    (
                        "Das Ehrenamt in der Integrationsarbeit wird anerkannt und begleitet.",
                        [
                            dict(
                                title="Integrationslotsen-Qualifizierung",
                                status="running",
                                lead="Caritas",
                                partners=["FMI"],
                                origin="existing",
                                fte="0.5",
                                funding="Landesprogramm KOMM-AN NRW",
                                desc="Grund- und Aufbauschulungen für ehrenamtliche Integrationslotsen.",
                            ),
                            dict(
                                title="Dialogforum Migration und Integration",
                                status="running",
                                lead="FMI",
                                partners=["Integrationsrat"],
                                origin="new",
                                desc="Einmal jährlich Dialog und Austausch mit der Bürgerschaft.",
                            ),
                        ],
                    ),
                ],
            )
        ],
    ),
    (
        "Gesundheit, Prävention, psychologische Unterstützung",
        "Gesundheit",
        [0],
        "Traumatisierte Geflüchtete finden kaum Therapieplätze; Sprachbarrieren erschweren "
        "Arztbesuche.",
        [
            (
                "Zugewanderte haben Zugang zur gesundheitlichen Versorgung.",
                [
                    (
                        "Dolmetscherinnen und Dolmetscher stehen für Arztbesuche zur Verfügung.",
                        [
                            dict(
                                title="Sprach- und Kulturmittlerpool",
                                status="running",
                                lead="Gesundheitsamt",
                                partners=["Caritas"],
                                origin="existing",
                                costs="15000",
                                funding="Kreis Steinfurt",
                                desc="Geschulte Sprachmittlerinnen und -mittler für Gesundheit und Soziales.",
                            ),
                        ],
                    ),
                    ("Psychosoziale Erstberatung ist innerhalb von vier Wochen möglich.", []),
                ],
            )
        ],
    ),
    (
        "Interkulturelle Öffnung von Verwaltung und Organisationen",
        "Verwaltung",
        [0],
        "Die Verwaltung spiegelt die Vielfalt der Stadtgesellschaft in ihrem Personal noch nicht.",
        [
            (
                "Die Stadtverwaltung ist interkulturell geöffnet.",
                [
                    (
                        "Alle Beschäftigten mit Kundenkontakt haben eine interkulturelle Schulung besucht.",
                        [
                            dict(
                                title="Interkulturelle Trainings für die Verwaltung",
                                status="completed",
                                lead="FMI",
                                partners=["KI"],
                                origin="new",
                                start=(2017, 1, 1),
                                end=(2019, 12, 31),
                                desc="Halbtägige Schulungen für alle Fachbereiche mit Publikumsverkehr.",
                            ),
                        ],
                    ),
                    (
                        "Der Anteil Auszubildender mit Migrationshintergrund steigt.",
                        [
                            dict(
                                title="",
                                status="discontinued",
                                lead="FMI",
                                origin="new",
                                desc="Gezielte Ansprache in Moscheegemeinden und Migrantenvereinen für die "
                                "Ausbildung bei der Stadt (nach zwei Jahrgängen nicht fortgeführt).",
                            ),
                        ],
                    ),
                ],
            )
        ],
    ),
    (
        "Interreligiöser Dialog",
        "Dialog",
        [1],
        "In Rheine leben Menschen vieler Religionen; Begegnungen finden bisher vor allem zu "
        "Festtagen statt.",
        [
            (
                "Religionsgemeinschaften begegnen sich regelmäßig und respektvoll.",
                [
                    (
                        "Ein interreligiöser Arbeitskreis trifft sich mindestens viermal im Jahr.",
                        [
                            dict(
                                title="Runder Tisch der Religionen",
                                status="running",
                                lead="Ev. Kirche",
                                partners=["DITIB", "St. Dionysius"],
                                origin="existing",
                                desc="Vierteljährliches Treffen der Gemeinden mit gemeinsamer Jahresplanung.",
                            ),
                        ],
                    ),
                ],
            )
        ],
    ),
]

CHAPTERS = [
    (
        "A",
        "Vorwort und Einführung",
        "Mit der 2. Fortschreibung legt die Stadt Rheine ein Konzept vor, das in einem breiten "
        "Beteiligungsprozess entstanden ist.\n\nDas Konzept besteht aus **Teil A** (Grundlagen) "
        "und **Teil B** (Handlungsfelder), der sich fortlaufend weiterentwickelt.",
    ),
    (
        "A",
        "Integration als kommunale Herausforderung",
        "Integration ist Aufgabe der Stadtgesellschaft. Die Zusammenführung von "
        "Ausländerbehörde, Sozialarbeit und Leistungssachbearbeitung in der Fachstelle Migration "
        "& Integration (seit 01.05.2016) hilft, Zielkonflikte konstruktiv anzugehen.",
    ),
    (
        "A",
        "Definitionen",
        "**Menschen mit Migrationshintergrund** sind Personen, die selbst oder deren Eltern "
        "nicht mit deutscher Staatsangehörigkeit geboren wurden.",
    ),
    (
        "A",
        "Ausgangslage und Rahmenbedingungen",
        "Zum 31.12.2016 lebten in Rheine 76.107 Menschen, davon 7.321 mit ausländischer "
        "Staatsangehörigkeit (9,6 %).\n\n| Stichtag | Einwohner | davon ausländisch |\n"
        "|---|---:|---:|\n| 31.12.2014 | 75.019 | 6.214 |\n| 31.12.2016 | 76.107 | 7.321 |",
    ),
    (
        "A",
        "Leitlinien",
        "Die neun Leitsätze des Integrationsverständnisses bilden den Rahmen für alle "
        "Handlungsfelder.",
    ),
    (
        "A",
        "Strukturen und Netzwerke",
        "- **Steuerungsgruppe**: Umsetzung der Leitziele, handlungsfeldübergreifende "
        "Zusammenarbeit, Monitoring\n- **Netzwerkmanager/-innen**: Planung, Organisation, "
        "Kommunikation\n- **Tandems** aus Fachstelle und Expertin/Experte des Handlungsfelds\n"
        "- **Dialogforum** „Migration und Integration“: einmal jährlich mit der Bürgerschaft",
    ),
    (
        "A",
        "Berichterstattung und Controlling",
        "Die Fachstelle berichtet den politischen Gremien (Sozialausschuss, Integrationsrat, Rat) "
        "jährlich anhand der Indikatoren über den Stand der Umsetzung.",
    ),
]

# --- The larger demo: more goals and measures per field, some gaps left on purpose ------------
# Measures as (title, status, lead or None, partners, extras); extras as in FIELDS' dicts plus
# "desc". A lead of None leaves the measure without Träger (shown in Handlungsbedarf).

MORE_ACTORS = [
    ("IHK Nord Westfalen, Geschäftsstelle Rheine", "IHK", Actor.Kind.OTHER),
    ("Stadtbibliothek Rheine", "Stadtbibliothek", Actor.Kind.ADMINISTRATION),
    ("Stadtsportverband Rheine e. V.", "Stadtsportverband", Actor.Kind.ASSOCIATION),
    ("Psychosoziales Zentrum für Geflüchtete Münsterland", "PSZ", Actor.Kind.WELFARE),
    ("Ausländerbehörde der Stadt Rheine", "Ausländerbehörde", Actor.Kind.ADMINISTRATION),
]

MORE = {
    "Sprache": {
        "principles": [
            "Sprache öffnet Türen – für alle Altersgruppen und in jeder Lebenslage.",
        ],
        "ops": {
            2: [
                (
                    "Mindestens 40 Ehrenamtliche begleiten Lernende im Sprachtandem.",
                    [
                        (
                            "Sprachtandems der Stadtbibliothek",
                            "running",
                            "Stadtbibliothek",
                            ["Integrationslotsen"],
                            {
                                "origin": "existing",
                                "desc": "Ehrenamtliche und Lernende treffen sich wöchentlich in der Bibliothek.",
                            },
                        ),
                    ],
                ),
            ],
        },
        "strategic": [
            (
                "Berufsbezogene Deutschkenntnisse erleichtern den Einstieg in Arbeit.",
                [
                    (
                        "Berufssprachkurse sind in Rheine selbst erreichbar.",
                        [
                            (
                                "Berufssprachkurse B2 vor Ort",
                                "planned",
                                "VHS",
                                ["Jobcenter"],
                                {
                                    "start": (2026, 9, 1),
                                    "fte": "0.25",
                                    "costs": "8000",
                                    "funding": "BAMF (DeuFöV)",
                                    "desc": "Berufssprachkurse nach DeuFöV in Rheine statt in Münster.",
                                    "milestones": [
                                        ("Träger beim BAMF zugelassen", (2025, 6, 30), False)
                                    ],
                                },
                            ),
                        ],
                    ),
                    (
                        "Betriebe unterstützen Sprachlernen am Arbeitsplatz.",
                        [],
                    ),
                ],
            ),
        ],
        "loose": [
            (
                "",
                "idea",
                None,
                [],
                {
                    "desc": "Mehrsprachige Vorlesestunden in Kitas und Bibliothek "
                    "(Idee aus dem Dialogforum 2024)."
                },
            ),
        ],
    },
    "Bildung": {
        "sub_themes": ["Frühe Bildung und Schule", "Außerschulische Bildung"],
        "ops": {
            2: [
                (
                    "Seiteneinsteigerinnen und -einsteiger erhalten schulische Förderung.",
                    [
                        (
                            "Internationale Förderklassen am Berufskolleg",
                            "running",
                            "FB Schule",
                            ["KI"],
                            {
                                "origin": "existing",
                                "desc": "Förderklassen für neu zugewanderte Jugendliche ab 16 Jahren.",
                            },
                        ),
                    ],
                ),
            ],
        },
        "strategic": [
            (
                "Außerschulische Lernorte stehen allen Kindern offen.",
                [
                    (
                        "Ferienangebote erreichen Kinder aus allen Stadtteilen.",
                        [
                            (
                                "Ferienleseclub mehrsprachig",
                                "completed",
                                "Stadtbibliothek",
                                [],
                                {
                                    "start": (2023, 7, 1),
                                    "end": (2023, 8, 31),
                                    "desc": "Leseclub in den Sommerferien mit Büchern in acht Sprachen.",
                                },
                            ),
                            (
                                "Sport im Park",
                                "running",
                                "Stadtsportverband",
                                ["Caritas"],
                                {
                                    "social_area": "Dorenkamp, Eschendorf",
                                    "desc": "Kostenlose Bewegungsangebote in den Sommermonaten.",
                                },
                            ),
                        ],
                    ),
                    (
                        "Vereine nehmen Kinder mit Fluchtgeschichte auf.",
                        [
                            (
                                "Vereinspatenschaften",
                                "planned",
                                "Stadtsportverband",
                                [],
                                {
                                    "desc": "Patinnen und Paten begleiten Kinder in Sport- und Musikvereine.",
                                    "council": True,
                                    "costs": "5000",
                                },
                            ),
                        ],
                    ),
                ],
            ),
        ],
    },
    "Arbeit": {
        "strategic": [
            (
                "Unternehmen in Rheine gewinnen Fachkräfte unter den Zugewanderten.",
                [
                    (
                        "Betriebe kennen die Förderinstrumente für die Beschäftigung Geflüchteter.",
                        [
                            (
                                "Unternehmensfrühstück „Vielfalt im Betrieb“",
                                "running",
                                "IHK",
                                ["Jobcenter", "Arbeitsagentur"],
                                {
                                    "origin": "new",
                                    "desc": "Zweimal im Jahr: Betriebe berichten, Förderer beraten.",
                                },
                            ),
                        ],
                    ),
                    (
                        "Die Ausländerbehörde erteilt Beschäftigungserlaubnisse schnell.",
                        [
                            (
                                "Beschleunigtes Verfahren Beschäftigungserlaubnis",
                                "running",
                                "Ausländerbehörde",
                                ["Arbeitsagentur"],
                                {
                                    "desc": "Feste Ansprechpersonen für Arbeitgeber; Bearbeitung binnen "
                                    "zwei Wochen.",
                                    "milestones": [
                                        ("Bearbeitungszeit ausgewertet", (2025, 3, 31), False)
                                    ],
                                },
                            ),
                        ],
                    ),
                    (
                        "Zugewanderte Frauen nehmen häufiger eine Arbeit auf.",
                        [],
                    ),
                ],
            ),
        ],
        "loose": [
            (
                "Jobmesse Rheine international",
                "discontinued",
                "Jobcenter",
                ["IHK"],
                {
                    "origin": "existing",
                    "desc": "Eine Messe pro Jahr; 2022 mangels Nachfrage eingestellt.",
                },
            ),
        ],
    },
    "Wohnen": {
        "strategic": [
            (
                "In den Quartieren entsteht gute Nachbarschaft.",
                [
                    (
                        "Jedes Quartier hat einen Treffpunkt für Nachbarinnen und Nachbarn.",
                        [
                            (
                                "Quartierstreff Schotthock",
                                "running",
                                "Caritas",
                                ["WBG"],
                                {
                                    "origin": "existing",
                                    "social_area": "Schotthock",
                                    "fte": "0.5",
                                    "funding": "Städtebauförderung Soziale Stadt",
                                    "desc": "Offener Treff mit Beratung, Café und Hausaufgabenhilfe.",
                                },
                            ),
                            (
                                "Nachbarschaftsfeste",
                                "idea",
                                None,
                                [],
                                {"desc": "Jährliche Feste in Dorenkamp und Eschendorf."},
                            ),
                        ],
                    ),
                    (
                        "Konflikte in Wohnanlagen werden früh gemeinsam gelöst.",
                        [
                            (
                                "Konfliktlotsen in Wohnanlagen",
                                "planned",
                                "WBG",
                                ["Integrationslotsen"],
                                {
                                    "council": True,
                                    "fte": "1.0",
                                    "costs": "45000",
                                    "desc": "Geschulte Lotsinnen und Lotsen vermitteln bei Nachbarschaftskonflikten.",
                                    "milestones": [
                                        ("Ausschreibung der Stelle", (2025, 1, 31), False)
                                    ],
                                },
                            ),
                        ],
                    ),
                ],
            ),
        ],
    },
    "Engagement": {
        "principles": ["Wer hier lebt, gestaltet Rheine mit."],
        "strategic": [
            (
                "Zugewanderte sind in Politik und Gremien vertreten.",
                [
                    (
                        "Die Wahlbeteiligung bei der Integrationsratswahl steigt auf 20 %.",
                        [
                            (
                                "Wahlaufruf Integrationsratswahl",
                                "completed",
                                "Integrationsrat",
                                ["Syrische Gemeinschaft", "DITIB"],
                                {
                                    "start": (2025, 6, 1),
                                    "end": (2025, 9, 14),
                                    "desc": "Mehrsprachige Informationsabende und Wahlaufrufe.",
                                },
                            ),
                        ],
                    ),
                    (
                        "Migrantenorganisationen beraten den Rat in Integrationsfragen.",
                        [],
                        "shared",  # also serves the field's first Leitziel
                    ),
                ],
            ),
        ],
        "direct": {
            1: [
                (
                    "Ehrenamtspreis „Rheine hält zusammen“",
                    "running",
                    "FMI",
                    ["Integrationsrat"],
                    {"desc": "Jährliche Auszeichnung für Engagement in der Integrationsarbeit."},
                ),
            ],
        },
    },
    "Gesundheit": {
        "strategic": [
            (
                "Gesundheitsvorsorge erreicht Zugewanderte in ihrer Sprache.",
                [
                    (
                        "Vorsorgeuntersuchungen für Kinder werden wahrgenommen.",
                        [
                            (
                                "Mehrsprachige Infos zu U-Untersuchungen",
                                "completed",
                                "Gesundheitsamt",
                                ["Kita Regenbogen"],
                                {"desc": "Faltblätter in sechs Sprachen in Kitas und Praxen."},
                            ),
                        ],
                    ),
                    (
                        "Gesundheitslotsinnen und -lotsen sind in den Gemeinden aktiv.",
                        [
                            (
                                "MiMi-Gesundheitslotsen",
                                "suspended",
                                "Gesundheitsamt",
                                ["DITIB"],
                                {
                                    "origin": "existing",
                                    "desc": "Ausbildung von Gesundheitsmediatorinnen; pausiert bis neue Förderung bewilligt ist.",
                                    "council": True,
                                },
                            ),
                        ],
                    ),
                ],
            ),
        ],
        "ops": {
            1: [],
        },
        "loose": [
            (
                "Psychosoziale Sprechstunde",
                "planned",
                "PSZ",
                ["Caritas"],
                {
                    "desc": "Offene Sprechstunde des PSZ einmal im Monat in Rheine.",
                    "milestones": [("Räume gefunden", (2025, 10, 1), False)],
                },
            ),
        ],
    },
    "Verwaltung": {
        "strategic": [
            (
                "Der Bürgerservice ist mehrsprachig und verständlich.",
                [
                    (
                        "Wichtige Formulare gibt es in Leichter Sprache und in fünf Sprachen.",
                        [
                            (
                                "Formulare in Leichter Sprache",
                                "running",
                                "FMI",
                                [],
                                {"desc": "Die 20 meistgenutzten Formulare werden übersetzt."},
                            ),
                        ],
                    ),
                    (
                        "Wartezeiten in der Ausländerbehörde sinken unter vier Wochen.",
                        [
                            (
                                "Online-Terminvergabe Ausländerbehörde",
                                "completed",
                                "Ausländerbehörde",
                                [],
                                {
                                    "end": (2024, 4, 30),
                                    "desc": "Termine online in vier Sprachen buchbar.",
                                },
                            ),
                            (
                                "Zusätzliche Sachbearbeitung",
                                "idea",
                                "Ausländerbehörde",
                                [],
                                {
                                    "fte": "2.0",
                                    "council": True,
                                    "desc": "Zwei zusätzliche Stellen, um den Rückstau abzubauen.",
                                },
                            ),
                        ],
                    ),
                ],
            ),
        ],
    },
    "Dialog": {
        "ops": {
            1: [
                (
                    "Gemeinden öffnen ihre Häuser am Tag der offenen Moschee und Kirche.",
                    [
                        (
                            "Tag der offenen Gotteshäuser",
                            "running",
                            "Ev. Kirche",
                            ["DITIB", "St. Dionysius"],
                            {
                                "origin": "existing",
                                "desc": "Gemeinsamer Aktionstag mit Führungen und Gesprächen.",
                            },
                        ),
                    ],
                ),
            ],
        },
        "strategic": [
            (
                "Religiös begründeter Diskriminierung wird vorgebeugt.",
                [
                    (
                        "Schulen erhalten Angebote zu religiöser Vielfalt.",
                        [
                            (
                                "Projekttage „Weißt du, wer ich bin?“",
                                "planned",
                                "KI",
                                ["DITIB", "Ev. Kirche"],
                                {"desc": "Projekttage an weiterführenden Schulen."},
                            ),
                        ],
                    ),
                    (
                        "Vorfälle werden gemeldet und ausgewertet.",
                        [],
                    ),
                ],
            ),
        ],
    },
}


def _spec(title, status, lead, partners, extras):
    spec = {"title": title, "status": status, "lead": lead, "partners": partners}
    spec.setdefault("origin", "new")
    spec.update(extras)
    spec.setdefault("desc", "")
    return spec


def _enrich(edition, actors):
    """Top the demo up to 2–3 Leitziele per field with 2–3 Handlungsziele each; idempotent."""
    marker = MORE["Sprache"]["strategic"][0][0]
    if StrategicGoal.objects.for_edition(edition).filter(title=marker).exists():
        return False
    for name, short, kind in MORE_ACTORS:
        actors[short], _created = Actor.objects.get_or_create(
            municipality=edition.concept.municipality,
            name=name,
            defaults={"short_name": short, "kind": kind},
        )
    fields = {f.short_title: f for f in FieldOfAction.objects.for_edition(edition)}
    for short, more in MORE.items():
        field = fields[short]
        measure_pos = Measure.objects.filter(field_of_action=field).count()
        for n, text in enumerate(more.get("principles", []), start=1):
            GuidingPrinciple.objects.create(
                edition=edition, field_of_action=field, position=n, title=text
            )
        sub_themes = [
            SubTheme.objects.create(field_of_action=field, position=n, title=title)
            for n, title in enumerate(more.get("sub_themes", []), start=1)
        ]
        goals = list(StrategicGoal.objects.filter(field_of_action=field).order_by("position"))
        if sub_themes:
            for goal in goals:
                goal.sub_theme = sub_themes[0]
                goal.save()
        for index, operational in more.get("ops", {}).items():
            goal = goals[index - 1]
            start = goal.operational_goals.count()
            for o_pos, (o_title, measures) in enumerate(operational, start=start + 1):
                op_goal = OperationalGoal.objects.create(
                    field_of_action=field, strategic_goal=goal, position=o_pos, title=o_title
                )
                for item in measures:
                    measure_pos += 1
                    _create_measure(field, op_goal, measure_pos, _spec(*item), actors)
        for s_pos, (s_title, operational) in enumerate(
            more.get("strategic", []), start=len(goals) + 1
        ):
            goal = StrategicGoal.objects.create(
                field_of_action=field,
                position=s_pos,
                title=s_title,
                sub_theme=sub_themes[-1] if sub_themes else None,
            )
            for o_pos, (o_title, measures, *flags) in enumerate(operational, start=1):
                op_goal = OperationalGoal.objects.create(
                    field_of_action=field, strategic_goal=goal, position=o_pos, title=o_title
                )
                if "shared" in flags:
                    op_goal.also_serves.add(goals[0])
                for item in measures:
                    measure_pos += 1
                    _create_measure(field, op_goal, measure_pos, _spec(*item), actors)
        for index, measures in more.get("direct", {}).items():
            for item in measures:
                measure_pos += 1
                measure = _create_measure(field, None, measure_pos, _spec(*item), actors)
                measure.strategic_goals.add(goals[index - 1])
        for item in more.get("loose", []):
            measure_pos += 1
            _create_measure(field, None, measure_pos, _spec(*item), actors)
    return True


def _date(parts):
    return datetime.date(*parts) if parts else None


@transaction.atomic
def load(*, stdout=None):
    """Create the demo town with its concept; top up an older demo; idempotent."""
    existing = Municipality.objects.filter(slug=TOWN_SLUG).first()
    if existing is not None:
        edition = (
            Edition.objects.for_municipality(existing).filter(title="2. Fortschreibung").first()
        )
        if edition is not None:
            actors = {a.short_name: a for a in Actor.objects.for_municipality(existing)}
            if _enrich(edition, actors) and stdout:
                stdout.write("Demo-Konzept um weitere Ziele und Maßnahmen ergänzt.")
        if load_legal_texts(existing) and stdout:
            stdout.write("Rechtliche Angaben der Demo-Kommune ergänzt.")
        publish_adopted(existing, stdout=stdout)
        return None
    town = Municipality.objects.create(
        name="Rheine",
        slug=TOWN_SLUG,
        kind=Municipality.Kind.CITY,
        ags="05566076",
        office="Fachstelle Migration & Integration",
        website="https://www.rheine.de",
        legal_imprint=LEGAL_IMPRINT,
        legal_privacy=LEGAL_PRIVACY,
        legal_accessibility=LEGAL_ACCESSIBILITY,
    )
    _load_users(town)
    actors = {
        short: Actor.objects.create(municipality=town, name=name, short_name=short, kind=kind)
        for name, short, kind in ACTORS
    }
    concept = Concept.objects.create(
        municipality=town, title="Migrations- und Integrationskonzept der Stadt Rheine"
    )
    edition = Edition.objects.create(
        concept=concept, title="2. Fortschreibung", year=2017, status=Edition.Status.DRAFT
    )
    Vision.objects.create(
        edition=edition,
        title="Integrationsverständnis",
        motto="Rheine sagt Willkommen – es ist normal, verschieden zu sein.",
        text="Das Integrationsverständnis beschreibt, wie die Stadt Rheine Integration "
        "versteht. Es wurde von den Akteuren der Integrationsarbeit gemeinsam entwickelt.",
    )
    for number, (title, text) in enumerate(PRINCIPLES, start=1):
        GuidingPrinciple.objects.create(edition=edition, position=number, title=title, text=text)
    for number, (part, title, body) in enumerate(CHAPTERS, start=1):
        Chapter.objects.create(edition=edition, part=part, position=number, title=title, body=body)
    themes = [
        CrossCuttingTheme.objects.create(edition=edition, position=n, title=t, description=d)
        for n, (t, d) in enumerate(THEMES, start=1)
    ]
    for f_pos, (title, short, theme_ids, description, strategic) in enumerate(FIELDS, start=1):
        field = FieldOfAction.objects.create(
            edition=edition,
            position=f_pos,
            title=title,
            short_title=short,
            description=description,
        )
        field.themes.set([themes[i] for i in theme_ids])
        Chapter.objects.create(
            edition=edition,
            part=Chapter.Part.B,
            position=f_pos,
            title=title,
            field_of_action=field,
            body=description,
        )
        measure_pos = 0
        for s_pos, (s_title, operational) in enumerate(strategic, start=1):
            goal = StrategicGoal.objects.create(
                field_of_action=field, position=s_pos, title=s_title
            )
            for o_pos, (o_title, measures) in enumerate(operational, start=1):
                op_goal = OperationalGoal.objects.create(
                    field_of_action=field, strategic_goal=goal, position=o_pos, title=o_title
                )
                for spec in measures:
                    measure_pos += 1
                    _create_measure(field, op_goal, measure_pos, spec, actors)
    _enrich(edition, actors)
    if stdout:
        stdout.write(f"Demo-Kommune {town} mit Konzept „{concept}“ angelegt.")
    load_editions(town, stdout=stdout)
    publish_adopted(town, stdout=stdout)
    return town


def publish_adopted(town, *, stdout=None):
    """Show the adopted 2. Fortschreibung in the public transparency view (once)."""
    from concepts.services.editions import edition_publish

    edition = (
        Edition.objects.for_municipality(town)
        .filter(title="2. Fortschreibung", status=Edition.Status.ADOPTED, is_public=False)
        .first()
    )
    if edition is None:
        return None
    staff = get_user_model().objects.filter(username=DEMO_USERS[0][0]).first()
    edition = edition_publish(edition=edition, public=True, user=staff)
    if stdout:
        stdout.write(f"„{edition.title}“ in der öffentlichen Ansicht veröffentlicht.")
    return edition


def _create_measure(field, op_goal, position, spec, actors):
    measure = Measure.objects.create(
        field_of_action=field,
        position=position,
        title=spec["title"],
        description=spec["desc"],
        status=spec["status"],
        origin=spec["origin"],
        starts_on=_date(spec.get("start")),
        ends_on=_date(spec.get("end")),
        staff_fte=Decimal(spec["fte"]) if "fte" in spec else None,
        material_costs=Decimal(spec["costs"]) if "costs" in spec else None,
        funding=spec.get("funding", ""),
        target_groups=spec.get("target_groups", ""),
        social_area=spec.get("social_area", ""),
        needs_council_decision=spec.get("council", False),
        responsible_person="Sabine Krüger" if spec["lead"] == "FMI" else "",
    )
    if op_goal is not None:
        measure.operational_goals.add(op_goal)
    if spec["lead"]:
        MeasureActor.objects.create(
            measure=measure, actor=actors[spec["lead"]], role=MeasureActor.Role.LEAD
        )
    for partner in spec.get("partners", []):
        MeasureActor.objects.create(
            measure=measure, actor=actors[partner], role=MeasureActor.Role.PARTNER
        )
    if "funder" in spec:
        MeasureActor.objects.create(
            measure=measure, actor=actors[spec["funder"]], role=MeasureActor.Role.FUNDER
        )
    for m_pos, (title, due, done) in enumerate(spec.get("milestones", []), start=1):
        Milestone.objects.create(
            measure=measure,
            position=m_pos,
            title=title,
            due_on=_date(due),
            done=done,
            done_on=_date(due) if done else None,
        )
    return measure


def load_people(town, rows):
    """The demo's people of a town with their roles, from rows like DEMO_USERS; idempotent.
    Returns {username: user}."""
    User = get_user_model()
    users = {}
    for username, password, first, last, email, role, organisation in rows:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        if created:
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(
            user=user, municipality=town, defaults={"role": role, "organisation": organisation}
        )
        users[username] = user
    return users


def _load_users(town):
    User = get_user_model()
    load_people(town, DEMO_USERS)
    if not User.objects.filter(username=ADMIN_USER[0]).exists():
        User.objects.create_superuser(ADMIN_USER[0], "admin@rheine.example", ADMIN_USER[1])


# --- Fassungen: the adopted 2. Fortschreibung and the draft 3. Fortschreibung made from it ---

ADOPTED_ON = datetime.date(2017, 5, 30)  # the Rat of the council demo
NEXT_TITLE = "3. Fortschreibung"

ASSESSMENT_TEXTS = {
    "reached": "Das Ziel ist erreicht; die Angebote sind fest eingerichtet und gut nachgefragt.",
    "partly": "Teilweise erreicht: Die Angebote laufen, erreichen aber noch nicht alle "
    "Zielgruppen (vor allem Frauen mit kleinen Kindern).",
    "not_reached": "Nicht erreicht: Personal und Fördermittel fehlten; das Ziel wird in der "
    "3. Fortschreibung neu gefasst.",
    "not_assessable": "Nicht beurteilbar, weil keine belastbaren Daten vorliegen; ein Indikator "
    "wird ergänzt.",
}
GRADE_CYCLE = ["reached", "partly", "partly", "not_reached", "reached", "not_assessable"]


def load_editions(town, *, stdout=None):
    """Adopt the 2017 edition and write the 3. Fortschreibung (2026) from it, with changes and
    Bewertungen, so that Verlauf, Vergleich and Bewertung have something to show.

    Idempotent: does nothing when the concept has a 3. Fortschreibung already.
    """
    from concepts.models import GoalAssessment
    from concepts.services.editions import edition_copy

    concept = Concept.objects.filter(municipality=town).order_by("pk").first()
    if concept is None or concept.editions.filter(title=NEXT_TITLE).exists():
        return None
    source = concept.editions.filter(year=2017).order_by("pk").first()
    if source is None:
        return None
    staff = get_user_model().objects.filter(username=DEMO_USERS[0][0]).first()
    if source.status != Edition.Status.ADOPTED:
        source.status = Edition.Status.ADOPTED
        source.adopted_on = ADOPTED_ON
        source._history_user = staff
        source._change_reason = "Beschluss des Rates vom 27.06.2017"
        source.save()
    draft = edition_copy(source=source, user=staff, title=NEXT_TITLE, year=2026)

    def save(obj, reason):
        obj._history_user = staff
        obj._change_reason = reason
        obj.full_clean()
        obj.save()

    measures = Measure.objects.for_edition(draft)
    # A measure that was not continued leaves the concept.
    for gone in measures.filter(status=Measure.Status.DISCONTINUED)[:1]:
        gone._history_user = staff
        gone.delete()
    # An idea became a plan, a finished measure is run again.
    for idea in measures.filter(status=Measure.Status.IDEA)[:1]:
        idea.status = Measure.Status.PLANNED
        idea.starts_on = datetime.date(2026, 9, 1)
        save(idea, "Arbeitsgruppe vom 12.03.2026")
    for done in measures.filter(status=Measure.Status.COMPLETED)[:1]:
        done.status = Measure.Status.RUNNING
        done.starts_on = datetime.date(2026, 1, 1)
        done.ends_on = datetime.date(2028, 12, 31)
        done.description += " Neu aufgelegt und um weitere Angebote ergänzt."
        save(done, "neu aufgelegt")
    # A Handlungsziel gets a deadline, and a new measure joins the first field.
    first_field = FieldOfAction.objects.for_edition(draft).order_by("position").first()
    goal = OperationalGoal.objects.filter(field_of_action=first_field).order_by("position").first()
    if goal is not None and not goal.title.endswith("bis 2030."):
        goal.title = goal.title.rstrip(".") + " – bis 2030."
        save(goal, "Ziel mit Frist versehen")
    if first_field is not None:
        new = Measure(
            field_of_action=first_field,
            position=measures.filter(field_of_action=first_field).count() + 1,
            title="Digitaler Sprachlerntreff",
            description="Wöchentlicher Treff in der Stadtbibliothek: Sprach-Apps gemeinsam "
            "nutzen, mit Ehrenamtlichen als Lernbegleitung.",
            status=Measure.Status.PLANNED,
            origin=Measure.Origin.NEW,
            starts_on=datetime.date(2026, 10, 1),
            target_groups="Erwachsene Zugewanderte mit Grundkenntnissen",
            material_costs=Decimal("4500"),
            funding="Stadtbibliothek, Landesprogramm",
        )
        save(new, "neu in der 3. Fortschreibung")
        if goal is not None:
            new.operational_goals.add(goal)
        vhs = Actor.objects.filter(municipality=town, short_name="VHS").first()
        if vhs is not None:
            save(
                MeasureActor(measure=new, actor=vhs, role=MeasureActor.Role.LEAD),
                "neu in der 3. Fortschreibung",
            )

    # Bewertung: grade the first goals of every field of the 2017 edition.
    assessments = []
    n = 0
    for field in FieldOfAction.objects.for_edition(source).order_by("position"):
        for sg in StrategicGoal.objects.filter(field_of_action=field).order_by("position")[:1]:
            grade = GRADE_CYCLE[n % len(GRADE_CYCLE)]
            assessments.append(
                GoalAssessment(
                    edition=draft, strategic_goal=sg, grade=grade, text=ASSESSMENT_TEXTS[grade]
                )
            )
            n += 1
            for og in sg.operational_goals.order_by("position")[:2]:
                grade = GRADE_CYCLE[n % len(GRADE_CYCLE)]
                assessments.append(
                    GoalAssessment(
                        edition=draft,
                        operational_goal=og,
                        grade=grade,
                        text=ASSESSMENT_TEXTS[grade],
                    )
                )
                n += 1
    for assessment in assessments:
        save(assessment, "Bewertung der 2. Fortschreibung")
    if stdout:
        stdout.write(
            f"„{source.title}“ beschlossen; „{draft.title}“ als Entwurf mit "
            f"{len(assessments)} Bewertungen angelegt."
        )
    return draft


# --- Rechtliche Angaben: what the Stadt Rheine publishes (texts of the demo, not legal advice) ---

LEGAL_IMPRINT = """\
## Angaben gemäß § 5 DDG

Stadt Rheine, Der Bürgermeister, Klosterstraße 14, 48431 Rheine

Die Stadt Rheine ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den
Bürgermeister.

## Kontakt

- Telefon: 05971 939-0
- E-Mail: [integration@rheine.example](mailto:integration@rheine.example)

## Verantwortlich für den Inhalt

Sabine Krüger, Fachstelle Migration & Integration, Klosterstraße 14, 48431 Rheine
(verantwortlich nach § 18 Abs. 2 MStV)

## Haftung für Inhalte und Links

Die Inhalte des Integrationskonzepts erstellen die Fachstelle Migration & Integration und die
beteiligten Arbeitsgruppen mit größter Sorgfalt. Für Inhalte externer Seiten, auf die wir
verlinken, sind ausschließlich deren Betreiber verantwortlich.
"""

LEGAL_PRIVACY = """\
## Verantwortliche Stelle

Verantwortlich für die Verarbeitung personenbezogener Daten in dieser Anwendung ist die
Stadt Rheine, vertreten durch den Bürgermeister, Klosterstraße 14, 48431 Rheine,
E-Mail: [datenschutz@rheine.example](mailto:datenschutz@rheine.example).

## Datenschutzbeauftragte

Die behördliche Datenschutzbeauftragte erreichen Sie unter der oben genannten Anschrift mit dem
Zusatz „Datenschutzbeauftragte“ oder per E-Mail an
[dsb@rheine.example](mailto:dsb@rheine.example).

## Welche Daten wir verarbeiten und wozu

- **Anmeldedaten** (Benutzername, Name, E-Mail-Adresse, Rolle, Organisation) der Personen, die
  am Integrationskonzept mitarbeiten: Mitarbeitende der Verwaltung, Mitglieder der
  Arbeitsgruppen und des Integrationsrats. Zweck: Zugang zur Anwendung und Zuordnung von
  Beiträgen.
- **Beiträge**: Kommentare in Prüfrunden, Protokolle, Anwesenheiten bei Treffen. Zweck:
  gemeinsame Erarbeitung und Fortschreibung des Integrationskonzepts.
- **Ansprechpersonen von Akteuren** (z. B. Wohlfahrtsverbände, Migrantenorganisationen).
  Zweck: Einladung zu Netzwerktreffen und Arbeitsgruppen.
- **Technische Daten**: Beim Aufruf speichert der Server für höchstens sieben Tage
  Zeitpunkt, aufgerufene Adresse und Statuscode, ohne IP-Adresse. Ein Sitzungs-Cookie hält Ihre
  Anmeldung; es endet mit der Abmeldung, nach 30 Minuten ohne Aktivität, spätestens nach
  12 Stunden. Es gibt keine Analyse- oder Werbe-Cookies und keine Inhalte von Dritten.

## Rechtsgrundlagen

Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 DSG NRW (Erfüllung einer Aufgabe im
öffentlichen Interesse: kommunale Integrationsarbeit) sowie Art. 6 Abs. 1 lit. a DSGVO, soweit
Sie in eine Mitwirkung eingewilligt haben.

## Empfänger und Speicherdauer

Die Daten werden auf Servern der Stadt Rheine verarbeitet und nicht an Dritte übermittelt.
Vorlagen und Beschlüsse werden nach den Regeln der Aktenführung aufbewahrt; Konten und
Beiträge von Personen, die nicht mehr mitwirken, werden auf Wunsch gelöscht oder anonymisiert.

## Ihre Rechte

Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17),
Einschränkung der Verarbeitung (Art. 18) und Widerspruch (Art. 21). Eine Einwilligung können
Sie jederzeit für die Zukunft widerrufen. Sie können sich bei der Aufsichtsbehörde beschweren:
Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen,
Kavalleriestraße 2–4, 40213 Düsseldorf.
"""

LEGAL_ACCESSIBILITY = """\
Die Stadt Rheine ist bemüht, diese Anwendung zum Integrationskonzept im Einklang mit dem
Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW) und der Barrierefreie-
Informationstechnik-Verordnung NRW (BITVNRW), die auf die BITV 2.0 verweist, barrierefrei
zugänglich zu machen.

Diese Erklärung zur Barrierefreiheit gilt für die Anwendung „Integrationskonzept“ der Stadt
Rheine.

## Stand der Vereinbarkeit mit den Anforderungen

Diese Anwendung ist mit den Anforderungen der BITV 2.0 und der Norm EN 301 549 (WCAG 2.1,
Konformitätsstufe AA) weitgehend vereinbar. Die Seiten lassen sich vollständig mit der Tastatur
bedienen, haben eine sichtbare Fokusmarkierung, Sprungmarken zum Inhalt und ausreichende
Kontraste.

## Nicht barrierefreie Inhalte

Die nachstehend aufgeführten Inhalte sind nicht oder nur eingeschränkt barrierefrei:

- **Hochgeladene Anlagen** (z. B. Protokolle oder Stellungnahmen von Akteuren als PDF oder
  Word-Datei) stammen von Dritten und werden nicht auf Barrierefreiheit geprüft. Begründung:
  unverhältnismäßige Belastung. Auf Anfrage senden wir Ihnen den Inhalt in einer zugänglichen
  Form zu.
- **Diagramme der Indikatoren** sind als Grafik mit Textalternative umgesetzt; die genauen
  Werte stehen zusätzlich in einer Tabelle auf derselben Seite.
- **Erzeugte PDF-Dokumente** (Gesamtkonzept, Beschlussvorlage) sind noch nicht vollständig mit
  PDF/UA-Auszeichnung versehen. Dieselben Inhalte stehen barrierefrei als Webseite bereit.

## Erstellung dieser Erklärung

Diese Erklärung wurde am 2. Dezember 2026 erstellt. Sie beruht auf einer Selbstbewertung der
Fachstelle Migration & Integration. Zusätzlich werden alle Seiten der Anwendung bei jeder neuen
Version automatisch mit axe-core auf die Kriterien der WCAG 2.1 (Stufen A und AA) geprüft, und
die wichtigsten Abläufe werden allein mit der Tastatur getestet. Die Erklärung wurde zuletzt am
2. Dezember 2026 überprüft.

## Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten aufgefallen, oder benötigen Sie
Informationen in einer barrierefreien Form? Dann wenden Sie sich bitte an:

- Stadt Rheine, Fachstelle Migration & Integration, Sabine Krüger
- Anschrift: Klosterstraße 14, 48431 Rheine
- E-Mail: [barrierefreiheit@rheine.example](mailto:barrierefreiheit@rheine.example)
- Telefon: 05971 939-0

Wir beantworten Ihre Anfrage innerhalb von zwei Wochen.

## Durchsetzungsverfahren

Wenn Sie auf Ihre Rückmeldung innerhalb von sechs Wochen keine zufriedenstellende Antwort
erhalten haben, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des
Landes Nordrhein-Westfalen bei der Landesbeauftragten für Menschen mit Behinderung wenden. Sie
vermittelt zwischen Ihnen und der Stadt Rheine mit dem Ziel einer außergerichtlichen Einigung.
Das Verfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand.
"""


def load_legal_texts(town):
    """Fill the legal pages the demo town has not written yet (idempotent, keeps edits)."""
    changed = False
    for field, text in (
        ("legal_imprint", LEGAL_IMPRINT),
        ("legal_privacy", LEGAL_PRIVACY),
        ("legal_accessibility", LEGAL_ACCESSIBILITY),
    ):
        current = getattr(town, field)
        if not current or current.startswith(f"{town} ist bemüht"):
            setattr(town, field, text)
            changed = True
    if changed:
        town.save()
    return changed
