"""An untidy pair of exchange files: a 2012 concept and its 2018 Fortschreibung typed in from
the published PDFs, so the newer file names its predecessor but nothing says which goal became
which. Between them: the first field renamed, its two Leitziele swapped (1.1 ↔ 1.2) and reworded,
Handlungsziele renumbered and reworded, Leitziel 1.3 and a measure dropped, a Leitziel and a
measure added; the second field as it was but for one reworded Handlungsziel. The 2018 file
grades the 2012 goals, once in prose only.

`files(town)` builds both editions in `town`, exports them and returns the parsed files
(old, new); `EXPECTED` lists which 2018 element continues which 2012 one (by number)."""

import datetime
import json

from concepts.exchange.export import dumps, edition_export
from concepts.models import (
    Concept,
    Edition,
    FieldOfAction,
    GoalAssessment,
    Measure,
    OperationalGoal,
    StrategicGoal,
)

OLD = {
    "Sprache und Bildung": {
        "Alle Kinder sprechen beim Schuleintritt gut Deutsch": [
            "Mehr Kinder mit Migrationsgeschichte besuchen eine Kita",
            "Sprachstandserhebungen in allen Kitas",
        ],
        "Erwachsene erreichen das Sprachniveau B1": [
            "Integrationskurse werden wohnortnah angeboten",
        ],
        "Eltern werden an der Bildung ihrer Kinder beteiligt": [],
    },
    "Arbeit und Ausbildung": {
        "Zugewanderte finden Arbeit, die ihrer Qualifikation entspricht": [
            "Ausländische Abschlüsse werden schneller anerkannt",
        ],
    },
}
OLD_MEASURES = {
    "Sprache und Bildung": ["Sprachcafé", "Rucksack-Programm in Kitas", "Elternlotsen"],
    "Arbeit und Ausbildung": ["Anerkennungsberatung"],
}
NEW = {
    "Sprache, Bildung und Erziehung": {
        "Erwachsene Zugewanderte erreichen das Sprachniveau B1": [
            "Integrationskurse werden wohnortnah und mit Kinderbetreuung angeboten",
        ],
        "Alle Kinder sprechen beim Eintritt in die Schule gut Deutsch": [
            "Sprachstandserhebungen finden in allen Kitas statt",
            "Mehr Kinder mit Migrationsgeschichte besuchen früh eine Kita",
        ],
        "Digitale Teilhabe für Neuzugewanderte": [],
    },
    "Arbeit und Ausbildung": {
        "Zugewanderte finden Arbeit, die ihrer Qualifikation entspricht": [
            "Ausländische Berufsabschlüsse werden schneller anerkannt",
        ],
    },
}
NEW_MEASURES = {
    "Sprache, Bildung und Erziehung": [
        "Digitalwerkstatt in der Stadtbibliothek",
        "Sprachcafé im Stadtteilzentrum",
        "Rucksack-Programm in Kitas und Grundschulen",
    ],
    "Arbeit und Ausbildung": ["Anerkennungsberatung"],
}
# {kind: {new number: old number or None}}; measures numbered field.position.
EXPECTED = {
    "hf": {"1": "1", "2": "2"},
    "lz": {"1.1": "1.2", "1.2": "1.1", "1.3": None, "2.1": "2.1"},
    "hz": {"1.1.1": "1.2.1", "1.2.1": "1.1.2", "1.2.2": "1.1.1", "2.1.1": "2.1.1"},
    "m": {"1.1": None, "1.2": "1.1", "1.3": "1.2", "2.1": "2.1"},
}


def _build(concept, title, year, tree, measures, **edition):
    edition = Edition.objects.create(concept=concept, title=title, year=year, **edition)
    for f_pos, (field_title, goals) in enumerate(tree.items(), start=1):
        field = FieldOfAction.objects.create(edition=edition, position=f_pos, title=field_title)
        for s_pos, (goal_title, children) in enumerate(goals.items(), start=1):
            goal = StrategicGoal.objects.create(
                field_of_action=field, position=s_pos, title=goal_title
            )
            for o_pos, child in enumerate(children, start=1):
                OperationalGoal.objects.create(
                    field_of_action=field, strategic_goal=goal, position=o_pos, title=child
                )
        for m_pos, measure in enumerate(measures[field_title], start=1):
            Measure.objects.create(
                field_of_action=field,
                position=m_pos,
                title=measure,
                description="Beratung in der Volkshochschule"
                if year == 2018 and measure == "Anerkennungsberatung"
                else "",
            )
    return edition


def files(town):
    """(old, new): the parsed exchange files of both editions, built in `town`."""
    concept = Concept.objects.create(municipality=town, title="Integrationskonzept Musterstadt")
    old = _build(
        concept,
        "Integrationskonzept 2012",
        2012,
        OLD,
        OLD_MEASURES,
        status=Edition.Status.SUPERSEDED,
        adopted_on=datetime.date(2012, 6, 14),
        adopted_by="Rat der Stadt",
    )
    new = _build(
        concept,
        "1. Fortschreibung",
        2018,
        NEW,
        NEW_MEASURES,
        status=Edition.Status.ADOPTED,
        adopted_on=datetime.date(2018, 3, 20),
        adopted_by="Rat der Stadt, Sitzung vom 20.03.2018",
        based_on=old,
    )
    dropped = StrategicGoal.objects.for_edition(old).get(title__startswith="Eltern")
    GoalAssessment.objects.create(edition=new, strategic_goal=dropped, grade="not_reached")
    prose = OperationalGoal.objects.for_edition(old).get(title__startswith="Mehr Kinder")
    GoalAssessment.objects.create(
        edition=new,
        operational_goal=prose,
        grade="",
        text="Die Zahl ist gestiegen; ob das Ziel erreicht ist, sagt der Bericht nicht.",
    )
    return (
        json.loads(dumps(edition_export(old))),
        json.loads(dumps(edition_export(new))),
    )
