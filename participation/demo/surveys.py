# ruff: noqa: E501 - German demo prose reads better unwrapped
"""Demo data of the surveys: the finished actor survey "Einschätzung der aktuellen Bedarfslage"
(as Koblenz ran it for its Fortschreibung), sent by personal link to every contact person of
the demo's actors and to the actors' general addresses, with realistic answers, two tagged free
texts and two results cited in the concept.

Called by `load_demo` as `load(town, stdout)`; idempotent. Objects are created directly (not
through the services) so that loading the demo sends no e-mails. The answers are drawn from a
seeded random generator: the same demo every time.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from concepts.models import Actor, Edition, FieldOfAction
from participation.models import (
    Answer,
    ContactPerson,
    Question,
    Response,
    Survey,
    SurveyCitation,
    SurveyLink,
    SurveySection,
)

TITLE = "Einschätzung der aktuellen Bedarfslage"
K = Question.Kind

PRIVACY = """Die Stadt Rheine (Stabsstelle Integration) führt diese Umfrage durch, um das Integrationskonzept fortzuschreiben. Ihre Antworten werden nur zusammengefasst ausgewertet und nicht mit Ihrem Namen veröffentlicht. Wir speichern keine IP-Adresse. Die Antworten werden ein Jahr nach dem Ende der Umfrage gelöscht. Rechtsgrundlage ist Art. 6 Abs. 1 lit. e DSGVO; Ihre Rechte finden Sie in unserer Datenschutzerklärung."""

AREAS = [
    "Beratung",
    "Sprache und Bildung",
    "Ausbildung und Arbeit",
    "Kinder, Jugend und Familie",
    "Gesundheit",
    "Freizeit, Sport und Kultur",
]
GROUPS = [
    "Geflüchtete",
    "Zugewanderte aus der EU",
    "Spätaussiedlerinnen und Spätaussiedler",
    "Frauen",
    "Kinder und Jugendliche",
    "Ältere Menschen",
]
LEVELS = ["sehr gut", "eher gut", "eher schlecht", "sehr schlecht", "kann ich nicht beurteilen"]
ROWS = [
    "Sprachkurse",
    "Kinderbetreuung während der Kurse",
    "Migrationsberatung",
    "Übergang in Ausbildung und Arbeit",
    "bezahlbarer Wohnraum",
]
# How each row tends to be judged (weights of LEVELS): Wohnraum and Kinderbetreuung are the gaps.
ROW_WEIGHTS = {
    "Sprachkurse": [3, 6, 3, 1, 1],
    "Kinderbetreuung während der Kurse": [1, 2, 6, 4, 2],
    "Migrationsberatung": [4, 6, 2, 1, 1],
    "Übergang in Ausbildung und Arbeit": [1, 5, 5, 2, 1],
    "bezahlbarer Wohnraum": [0, 1, 4, 8, 1],
}
CHANGE = ["verbessert", "gleich geblieben", "verschlechtert"]
NEEDS = [
    "Es fehlen Integrationskurse mit Kinderbetreuung, vor allem am Vormittag.",
    "Die Wartezeiten in der Migrationsberatung sind zu lang; viele kommen erst, wenn Fristen abgelaufen sind.",
    "Bezahlbarer Wohnraum fehlt. Familien bleiben viel zu lange in der Gemeinschaftsunterkunft.",
    "Für junge Erwachsene über 18 gibt es kaum Angebote zwischen Schule und Ausbildung.",
    "Ehrenamtliche Sprachcafés brauchen feste Räume und eine Ansprechperson bei der Stadt.",
    "Psychosoziale Beratung für traumatisierte Geflüchtete fehlt fast ganz.",
    "Die Anerkennung ausländischer Abschlüsse dauert zu lange; eine Lotsin dafür wäre hilfreich.",
    "Mehr Dolmetscherinnen und Dolmetscher für Arztbesuche und Elterngespräche.",
]
WORSE = [
    "Seit 2022 sind viel mehr Menschen angekommen, die Beratungsstellen haben aber nicht mehr Personal.",
    "Die Wohnungssuche ist deutlich schwieriger geworden.",
    "Die Kurse sind voller, die Wartelisten länger.",
]
PRACTICE = [
    "Sprachpatenschaften im Stadtteil Dorenkamp",
    "Elterncafé an der Grundschule",
    "Bewerbungstraining mit dem Jobcenter",
    "Interkulturelle Woche",
]


def _questions(edition):
    return [
        (
            "Ihre Organisation",
            "",
            [
                dict(
                    kind=K.SINGLE,
                    text="In welchem Bereich ist Ihre Organisation vor allem tätig?",
                    options="\n".join(AREAS),
                    allow_other=True,
                    required=True,
                ),
                dict(
                    kind=K.MULTIPLE,
                    text="Welche Zielgruppen erreichen Sie?",
                    options="\n".join(GROUPS),
                    allow_other=True,
                ),
                dict(
                    kind=K.NUMBER,
                    text="Wie viele Menschen mit Migrationsgeschichte erreichen Sie im Jahr ungefähr?",
                    help_text="Eine Schätzung genügt.",
                ),
            ],
        ),
        (
            "Einschätzung der Bedarfslage",
            "Bitte beurteilen Sie die Lage in Rheine aus Sicht Ihrer Arbeit.",
            [
                dict(
                    kind=K.MATRIX,
                    text="Wie beurteilen Sie das Angebot in Rheine?",
                    options="\n".join(LEVELS),
                    rows="\n".join(ROWS),
                    required=True,
                ),
                dict(
                    kind=K.SCALE,
                    text="Wie gut sind die Akteure der Integrationsarbeit untereinander vernetzt?",
                    scale_max=5,
                    scale_min_label="gar nicht",
                    scale_max_label="sehr gut",
                ),
                dict(
                    kind=K.RANKING,
                    text="Bitte ordnen Sie die Handlungsfelder nach der Dringlichkeit für die nächsten fünf Jahre.",
                ),
                dict(
                    kind=K.SINGLE,
                    text="Hat sich die Lage seit dem letzten Integrationskonzept verändert?",
                    options="\n".join(CHANGE),
                    required=True,
                ),
            ],
        ),
        (
            "Ihre Hinweise",
            "",
            [
                dict(
                    kind=K.LONG_TEXT,
                    text="Welche Bedarfe sind aus Ihrer Sicht derzeit nicht gedeckt?",
                ),
                dict(
                    kind=K.LONG_TEXT,
                    text="Was hat sich verschlechtert?",
                    condition="verschlechtert",
                ),
                dict(
                    kind=K.SHORT_TEXT,
                    text="Ein gutes Beispiel aus Ihrer Arbeit, das andere kennen sollten",
                ),
            ],
        ),
    ]


def _recipients(town):
    """(email, contact person or None, actor) for each contact person and each actor address."""
    seen, recipients = set(), []
    for person in (
        ContactPerson.objects.for_municipality(town).select_related("actor").exclude(email="")
    ):
        email = person.email.lower()
        if email not in seen:
            seen.add(email)
            recipients.append((email, person, person.actor))
    for actor in Actor.objects.for_municipality(town).exclude(email=""):
        email = actor.email.lower()
        if email not in seen:
            seen.add(email)
            recipients.append((email, None, actor))
    return recipients


@transaction.atomic
def load(town, stdout=None):
    if Survey.objects.filter(municipality=town, title=TITLE).exists():
        return
    edition = Edition.objects.for_municipality(town).current()
    if edition is None:
        return
    fields = list(FieldOfAction.objects.for_edition(edition).order_by("position"))
    today = timezone.localdate()
    survey = Survey.objects.create(
        municipality=town,
        edition=edition,
        title=TITLE,
        intro="Wir schreiben das Integrationskonzept fort. Ihre Einschätzung als Akteur der Integrationsarbeit fließt in die Ausgangslage der Handlungsfelder ein.",
        privacy_notice=PRIVACY,
        audience=Survey.Audience.PERSONAL,
        opens_on=today - datetime.timedelta(days=49),
        closes_on=today - datetime.timedelta(days=21),
        invitation_text="Guten Tag,\n\ndie Stadt Rheine schreibt ihr Integrationskonzept fort. Wir bitten Sie als Akteur der Integrationsarbeit um Ihre Einschätzung der aktuellen Bedarfslage. Die Umfrage dauert etwa 15 Minuten.",
        reminder_text="Guten Tag,\n\nbis zum Ende der Umfrage bleibt eine Woche. Wir würden uns sehr über Ihre Einschätzung freuen.",
    )
    questions = {}
    for position, (title, description, specs) in enumerate(_questions(edition), start=1):
        section = SurveySection.objects.create(
            survey=survey, title=title, description=description, position=position
        )
        for number, spec in enumerate(specs, start=1):
            condition = spec.pop("condition", None)
            question = Question.objects.create(section=section, position=number, **spec)
            if condition:
                question.condition_question = questions["change"]
                question.condition_values = condition
                question.save()
            key = {
                "In welchem": "area",
                "Welche Zielgruppen": "groups",
                "Wie viele": "number",
                "Wie beurteilen": "matrix",
                "Wie gut": "scale",
                "Bitte ordnen": "ranking",
                "Hat sich": "change",
                "Welche Bedarfe": "needs",
                "Was hat": "worse",
                "Ein gutes": "practice",
            }
            questions[next(v for k, v in key.items() if spec["text"].startswith(k))] = question

    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    titles = [f.title for f in fields]
    urgency = {title: n for n, title in enumerate(titles)}
    recipients = _recipients(town)
    answered_count = int(len(recipients) * 0.8) or len(recipients)
    for n, (email, person, actor) in enumerate(recipients):
        sent = timezone.now() - datetime.timedelta(days=49)
        answered = n < answered_count
        answered_at = sent + datetime.timedelta(days=rng.randint(1, 25)) if answered else None
        link = SurveyLink.objects.create(
            survey=survey,
            contact_person=person,
            actor=actor,
            email=email,
            sent_at=sent,
            reminded_at=sent + datetime.timedelta(days=21),
            answered=answered,
            answered_at=answered_at,
        )
        if not answered:
            continue
        response = Response.objects.create(
            survey=survey,
            link=link,
            actor_kind=actor.kind,
            started_on=answered_at.date(),
            submitted_at=answered_at,
        )
        area = rng.choice(AREAS + ["__other__"]) if rng.random() < 0.9 else AREAS[0]
        change = rng.choices(CHANGE, weights=[2, 3, 5])[0]
        # Wohnraum, Sprache and Arbeit weigh most: the ranking follows with some noise.
        ranking = sorted(titles, key=lambda t: urgency[t] + rng.uniform(-1.5, 1.5))
        values = {
            "area": {"choice": area, "other": "Quartiersarbeit" if area == "__other__" else ""},
            "groups": {"choices": rng.sample(GROUPS, rng.randint(1, 4)), "other": ""},
            "number": float(rng.choice([40, 80, 120, 150, 250, 400, 900])),
            "matrix": {row: rng.choices(LEVELS, weights=ROW_WEIGHTS[row])[0] for row in ROWS},
            "scale": rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 5, 4, 1])[0],
            "ranking": ranking,
            "change": {"choice": change, "other": ""},
        }
        if rng.random() < 0.75:
            values["needs"] = NEEDS[n % len(NEEDS)]
        if change == "verschlechtert" and rng.random() < 0.7:
            values["worse"] = rng.choice(WORSE)
        if rng.random() < 0.4:
            values["practice"] = rng.choice(PRACTICE)
        Answer.objects.bulk_create(
            Answer(response=response, question=questions[key], value=value)
            for key, value in values.items()
        )
    # The Stabsstelle has started to sort the free texts: the first two go to the first field.
    for answer in Answer.objects.filter(question=questions["needs"]).order_by("pk")[:2]:
        answer.tags.set(fields[:1])
    if fields:
        SurveyCitation.objects.create(
            question=questions["change"],
            field_of_action=fields[0],
            note="Einschätzung der Akteure zur Entwicklung seit dem letzten Konzept",
        )
        SurveyCitation.objects.create(
            question=questions["scale"], field_of_action=fields[-1], note="Vernetzung der Akteure"
        )
    if stdout:
        stdout.write(f"Umfrage „{TITLE}“ mit {answered_count} Antworten angelegt.\n")
