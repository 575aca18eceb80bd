"""The large demo concept: a big town whose concept has the size of the largest real ones.

`python manage.py demo --large` loads it next to Rheine, for load tests and for trying the
product at scale: 8 Handlungsfelder × 4 Leitziele × 4 Handlungsziele × 5 Maßnahmen (640 measures,
each with a Träger and a partner), plus a Leitbild, Leitsätze and a chapter per field.
`large_data` generates it in the exchange format's shape (the extensions add their sections,
e.g. the indicators' generator 100 indicators with ten years of values) and `load` imports it through
`edition_import`, like a town's upload: bulk inserts with a history row per element, so the
Verlauf of every element starts with its creation. Participation adds a working group with
meetings and a council Vorlage through `load_demo_large`. Idempotent through the slug.

`build_concept` is also the builder of the tests and benchmarks (without history, which they
do not need).
"""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

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


def _create(model, objs, history):
    objs = list(objs)
    if history:
        return bulk_create_with_history(
            objs, model, batch_size=500, default_change_reason="Demo (groß) angelegt"
        )
    return model.objects.bulk_create(objs, batch_size=500)


def build_concept(
    edition, *, fields=2, strategic=2, operational=2, measures=2, history=False, titles=None
):
    """A regular concept: fields × Leitziele × Handlungsziele × Maßnahmen, with Träger,
    partners, Querschnittsthemen and one shared Handlungsziel per field. Bulk inserts: fast;
    `history=True` also writes the creation's history rows (tests of history create their own
    objects)."""
    municipality = edition.concept.municipality
    titles = titles or {}
    themes = _create(
        models.CrossCuttingTheme,
        (
            models.CrossCuttingTheme(edition=edition, position=n, title=f"Querschnittsthema {n}")
            for n in (1, 2, 3)
        ),
        history,
    )
    actors = _create(
        models.Actor,
        (
            models.Actor(municipality=municipality, name=f"Träger {edition.pk}-{n} e. V.")
            for n in range(1, 7)
        ),
        history,
    )
    field_titles = titles.get("fields", [])
    field_objs = _create(
        models.FieldOfAction,
        (
            models.FieldOfAction(
                edition=edition,
                position=f,
                title=field_titles[f - 1] if f <= len(field_titles) else f"Handlungsfeld {f}",
                description=titles.get("prose", ""),
            )
            for f in range(1, fields + 1)
        ),
        history,
    )
    sg_objs = _create(
        models.StrategicGoal,
        (
            models.StrategicGoal(
                field_of_action=fo, position=s, title=f"Leitziel {fo.position}.{s}"
            )
            for fo in field_objs
            for s in range(1, strategic + 1)
        ),
        history,
    )
    og_objs = _create(
        models.OperationalGoal,
        (
            models.OperationalGoal(
                field_of_action_id=sg.field_of_action_id,
                strategic_goal=sg,
                position=o,
                title=f"Handlungsziel {sg.pk}.{o}",
            )
            for sg in sg_objs
            for o in range(1, operational + 1)
        ),
        history,
    )
    measure_objs = []
    links = []
    for og in og_objs:
        for n in range(1, measures + 1):
            measure_objs.append(
                models.Measure(
                    field_of_action_id=og.field_of_action_id,
                    position=len(measure_objs) + 1,
                    # Every fifth measure has only a sentence, as in real concepts.
                    title="" if n == 5 else f"Maßnahme {og.pk}.{n}",
                    description=f"Die Maßnahme {og.pk}.{n} wird von mehreren Trägern umgesetzt.",
                    status=STATUSES[len(measure_objs) % len(STATUSES)],
                )
            )
            links.append(og)
    measure_objs = _create(models.Measure, measure_objs, history)
    models.Measure.operational_goals.through.objects.bulk_create(
        models.Measure.operational_goals.through(measure_id=m.pk, operationalgoal_id=og.pk)
        for m, og in zip(measure_objs, links, strict=True)
    )
    models.Measure.themes.through.objects.bulk_create(
        models.Measure.themes.through(measure_id=m.pk, crosscuttingtheme_id=themes[i % 3].pk)
        for i, m in enumerate(measure_objs)
    )
    models.FieldOfAction.themes.through.objects.bulk_create(
        models.FieldOfAction.themes.through(
            fieldofaction_id=f.pk, crosscuttingtheme_id=themes[0].pk
        )
        for f in field_objs
    )
    involvements = []
    for i, m in enumerate(measure_objs):
        involvements.append(
            models.MeasureActor(measure=m, actor=actors[i % 6], role=models.MeasureActor.Role.LEAD)
        )
        involvements.append(
            models.MeasureActor(
                measure=m, actor=actors[(i + 1) % 6], role=models.MeasureActor.Role.PARTNER
            )
        )
    _create(models.MeasureActor, involvements, history)
    # The first Handlungsziel of each field also serves the field's second Leitziel.
    if strategic > 1:
        through = models.OperationalGoal.also_serves.through
        shared = []
        for fo in field_objs:
            goals = [g for g in sg_objs if g.field_of_action_id == fo.pk]
            first_og = next(o for o in og_objs if o.strategic_goal_id == goals[0].pk)
            shared.append(through(operationalgoal_id=first_og.pk, strategicgoal_id=goals[1].pk))
        through.objects.bulk_create(shared)
    # One measure per field without any goal.
    loose = _create(
        models.Measure,
        (
            models.Measure(
                field_of_action=fo, position=1000 + fo.position, title=f"Freie Maßnahme {fo.pk}"
            )
            for fo in field_objs
        ),
        history,
    )
    return {
        "fields": field_objs,
        "strategic": sg_objs,
        "operational": og_objs,
        "measures": measure_objs + loose,
        "actors": actors,
        "themes": themes,
    }


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
