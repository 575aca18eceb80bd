"""The large demo concept: a big town whose concept has the size of the largest real ones.

`python manage.py demo --large` loads it next to Rheine, for load tests and for trying the
product at scale: 8 Handlungsfelder × 4 Leitziele × 4 Handlungsziele × 5 Maßnahmen (640 measures,
each with a Träger and a partner), plus a Leitbild, Leitsätze and a chapter per field. The other
apps add their part through `load_demo_large` on their AppConfig (indicators with ten years of
values, a working group with meetings, a council Vorlage).

Rows are written with `bulk_create` (a few dozen queries for the whole tree); tracked models get
their history rows through simple_history's `bulk_create_with_history`, so the Verlauf of every
element starts with its creation as for objects made in the UI. Idempotent through the slug.

`build_concept` is also the builder of the tests and benchmarks (without history, which they
do not need).
"""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from concepts import models
from concepts.demo.loader import load_people
from concepts.models import (
    Chapter,
    Concept,
    Edition,
    GuidingPrinciple,
    Membership,
    Municipality,
    Vision,
)

TOWN_SLUG = "grossstadt"
TOWN_NAME = "Großstadt"
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


@transaction.atomic
def load(*, stdout=None):
    """Create the large town with its concept; does nothing when the town exists."""
    if Municipality.objects.filter(slug=TOWN_SLUG).exists():
        return None
    town = Municipality.objects.create(
        name=TOWN_NAME,
        slug=TOWN_SLUG,
        kind=Municipality.Kind.CITY,
        office="Amt für Integration",
    )
    large_users(town)
    concept = Concept.objects.create(
        municipality=town, title="Integrationskonzept der Großstadt (Lastprobe)"
    )
    edition = Edition.objects.create(
        concept=concept, title="1. Fortschreibung", year=2026, status=Edition.Status.DRAFT
    )
    Vision.objects.create(
        edition=edition, title="Leitbild", motto="Vielfalt als Stärke", text=PROSE * 3
    )
    for n in range(1, 10):
        GuidingPrinciple.objects.create(
            edition=edition, position=n, title=f"Leitsatz {n}", text=PROSE
        )
    built = build_concept(
        edition, **SIZE, history=True, titles={"fields": FIELD_TITLES, "prose": PROSE * 2}
    )
    # The builder leaves the measures without goals without Träger; here every measure has one.
    loose = built["measures"][-len(built["fields"]) :]
    _create(
        models.MeasureActor,
        (
            models.MeasureActor(
                measure=m, actor=built["actors"][n % 6], role=models.MeasureActor.Role.LEAD
            )
            for n, m in enumerate(loose)
        ),
        history=True,
    )
    _create(
        Chapter,
        (
            Chapter(
                edition=edition,
                part=Chapter.Part.B,
                position=field.position,
                title=field.title,
                field_of_action=field,
                body=(PROSE + "\n\n") * 4,
            )
            for field in built["fields"]
        ),
        history=True,
    )
    if stdout:
        stdout.write(
            f"Großes Demo-Konzept ({TOWN_NAME}): {len(built['measures'])} Maßnahmen in "
            f"{len(built['fields'])} Handlungsfeldern angelegt."
        )
    return town
