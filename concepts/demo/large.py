"""The large demo concept: a big town whose concept has the size of the largest real ones.

`python manage.py demo --large` loads it next to Rheine, for load tests and for trying the
product at scale: 8 Handlungsfelder × 4 Leitziele × 4 Handlungsziele × 5 Maßnahmen (640 measures,
each with a Träger and a partner), plus a Leitbild, Leitsätze and a chapter per field.
`large_data` generates it in the exchange format's shape (the extensions add their sections,
e.g. the indicators' generator 100 indicators with ten years of values) and `load` imports it through
`edition_import`, like a town's upload: bulk inserts with a history row per element, so the
Verlauf of every element starts with its creation. Participation adds a working group with
meetings and a council Vorlage through `load_demo_large`. Idempotent through the slug.
"""

from django.db import transaction

from concepts import exchange, models
from concepts.demo.rheine import load_people
from concepts.demo.sections import with_extension_sections
from concepts.exchange import load as exchange_load
from concepts.models import Chapter, Edition, Membership, Municipality

TOWN_SLUG = "grossstadt"
TOWN_NAME = "Großstadt"
CONCEPT_TITLE = "Integrationskonzept der Großstadt (Lastprobe)"
EDITION_TITLE = "1. Fortschreibung"
SIZE = {"fields": 8, "strategic": 4, "operational": 4, "measures": 5}

LARGE_USERS = [
    # username, password, first, last, e-mail, role, organisation
    (
        "gross-stab",
        "demo-gross-stab-2026",
        "Jana",
        "Hoffmann",
        "j.hoffmann@grossstadt.example",
        Membership.Role.STAFF,
        "Amt für Integration",
    ),
    (
        "gross-mitglied",
        "demo-gross-ag-2026",
        "Ayşe",
        "Demir",
        "a.demir@awo-grossstadt.example",
        Membership.Role.MEMBER,
        "AWO Großstadt",
    ),
    (
        "gross-rat",
        "demo-gross-rat-2026",
        "Klaus",
        "Wessels",
        "k.wessels@rat-grossstadt.example",
        Membership.Role.COUNCIL,
        "Integrationsrat",
    ),
]

PROSE = (
    "Die Fachstelle stimmt das Angebot mit den Trägern im Netzwerk ab und berichtet der "
    "Steuerungsgruppe jährlich über Teilnahmezahlen, Wartezeiten und Rückmeldungen der "
    "Teilnehmenden."
)
FIELD_TITLES = [
    "Sprache und Bildung",
    "Arbeit und Ausbildung",
    "Wohnen und Quartier",
    "Gesundheit und Pflege",
    "Kultur, Sport und Freizeit",
    "Politische Teilhabe",
    "Interkulturelle Öffnung der Verwaltung",
    "Antidiskriminierung und Zusammenhalt",
]
STATUSES = list(models.Measure.Status.values)


def large_users(town):
    """The large town's three people, one per role; returns {username: user}."""
    return load_people(town, LARGE_USERS)


def large_edition():
    """The large town's edition, or None before `load`."""
    return (
        Edition.objects.filter(concept__municipality__slug=TOWN_SLUG)
        .select_related("concept__municipality")
        .order_by("pk")
        .first()
    )


def _measure(key, title, description, status, goals, actors):
    return {
        "key": key,
        "title": title,
        "description": description,
        "status": status,
        "origin": models.Measure.Origin.NEW,
        "is_flagship": False,
        "responsible_person": "",
        "responsible_email": "",
        "starts_on": None,
        "ends_on": None,
        "target_groups": "",
        "social_area": "",
        "staff_fte": None,
        "material_costs": None,
        "funding": "",
        "needs_council_decision": False,
        "themes": [],
        "operational_goals": goals,
        "strategic_goals": [],
        "actors": actors,
        "milestones": [],
    }


def large_data(size=None):
    """The large town's concept as an exchange-format dict (the shape `export_concept` writes):
    fields × Leitziele × Handlungsziele × Maßnahmen, each measure with a Träger and a partner,
    the first Handlungsziel of each field also serving its second Leitziel, one measure per
    field without a goal, a Leitbild, nine Leitsätze and a chapter per field."""
    size = size or SIZE
    lead, partner = models.MeasureActor.Role.LEAD, models.MeasureActor.Role.PARTNER
    actors = [f"A{n}" for n in range(1, 7)]
    fields = []
    count = 0
    for f in range(1, size["fields"] + 1):
        prefix = f"HF{f}"
        strategic, operational, measures = [], [], []
        for s in range(1, size["strategic"] + 1):
            strategic.append(
                {
                    "key": f"{prefix}-LZ{s}",
                    "title": f"Leitziel {f}.{s}",
                    "description": "",
                    "sub_theme": None,
                    "themes": [],
                }
            )
            for o in range(1, size["operational"] + 1):
                goal_key = f"{prefix}-HZ{len(operational) + 1}"
                operational.append(
                    {
                        "key": goal_key,
                        "title": f"Handlungsziel {f}.{s}.{o}",
                        "description": "",
                        "strategic_goal": f"{prefix}-LZ{s}",
                        "also_serves": (
                            [f"{prefix}-LZ2"] if s == 1 and o == 1 and size["strategic"] > 1 else []
                        ),
                        "sub_theme": None,
                        "themes": [],
                    }
                )
                for n in range(1, size["measures"] + 1):
                    number = f"{f}.{s}.{o}.{n}"
                    measure = _measure(
                        f"{prefix}-M{len(measures) + 1}",
                        # Every fifth measure has only a sentence, as in real concepts.
                        "" if n == 5 else f"Maßnahme {number}",
                        f"Die Maßnahme {number} wird von mehreren Trägern umgesetzt.",
                        STATUSES[count % len(STATUSES)],
                        [goal_key],
                        [
                            {"actor": actors[count % 6], "role": lead},
                            {"actor": actors[(count + 1) % 6], "role": partner},
                        ],
                    )
                    measure["themes"] = [f"Q{count % 3 + 1}"]
                    measures.append(measure)
                    count += 1
        measures.append(
            _measure(
                f"{prefix}-M{len(measures) + 1}",
                f"Freie Maßnahme {f}",
                "",
                STATUSES[0],
                [],
                [{"actor": actors[(f - 1) % 6], "role": lead}],
            )
        )
        fields.append(
            {
                "key": prefix,
                "title": FIELD_TITLES[f - 1] if f <= len(FIELD_TITLES) else f"Handlungsfeld {f}",
                "short_title": "",
                "description": PROSE * 2,
                "themes": ["Q1"],
                "sub_themes": [],
                "strategic_goals": strategic,
                "operational_goals": operational,
                "measures": measures,
            }
        )
    return {
        "format": exchange.FORMAT,
        "concept": {"title": CONCEPT_TITLE},
        "edition": {"title": EDITION_TITLE, "year": 2026, "single_goal_level": False},
        "vision": {"title": "Leitbild", "motto": "Vielfalt als Stärke", "text": PROSE * 3},
        "guiding_principles": [
            {"title": f"Leitsatz {n}", "text": PROSE, "field_of_action": None} for n in range(1, 10)
        ],
        "cross_cutting_themes": [
            {"key": f"Q{n}", "title": f"Querschnittsthema {n}", "description": ""}
            for n in (1, 2, 3)
        ],
        "actors": [
            {
                "key": key,
                "name": f"Träger {n} e. V.",
                "short_name": "",
                "kind": models.Actor.Kind.OTHER,
                "description": "",
                "email": "",
                "phone": "",
                "website": "",
                "address": "",
            }
            for n, key in enumerate(actors, start=1)
        ],
        "chapters": [
            {
                "part": Chapter.Part.B,
                "title": field["title"],
                "body": (PROSE + "\n\n") * 4,
                "field_of_action": field["key"],
            }
            for field in fields
        ],
        "fields_of_action": fields,
        "extensions": {},
    }


@transaction.atomic
def load(*, stdout=None):
    """Create the large town and import its generated concept; nothing when the town exists."""
    if Municipality.objects.filter(slug=TOWN_SLUG).exists():
        return None
    town = Municipality.objects.create(
        name=TOWN_NAME,
        slug=TOWN_SLUG,
        kind=Municipality.Kind.CITY,
        office="Amt für Integration",
    )
    users = large_users(town)
    data = with_extension_sections(large_data(), large=True)
    edition = exchange_load.edition_import(
        municipality=town, data=data, user=users[LARGE_USERS[0][0]]
    )
    if stdout:
        measures = sum(len(f["measures"]) for f in data["fields_of_action"])
        stdout.write(
            f"Großes Demo-Konzept ({TOWN_NAME}): {measures} Maßnahmen in "
            f"{len(data['fields_of_action'])} Handlungsfeldern angelegt."
        )
        # The extensions' sections by their key in the file (the core names no dependant).
        for key, section in data["extensions"].items():
            stdout.write(
                f"Großes Demo-Konzept, Abschnitt „{key}“: {len(section)} Einträge angelegt."
            )
    return edition.concept.municipality
