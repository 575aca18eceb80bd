"""Issue 14, point 9: exchange format version 2 — edition status, adoption, predecessor,
grading of the predecessor's goals (grade optional), actors without a measure; version-1
files still import; export → import → export stays byte-identical."""

import datetime
import json

import pytest

from concepts.exchange import FORMAT, ImportProblems
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from concepts.models import (
    Actor,
    Edition,
    FieldOfAction,
    GoalAssessment,
    OperationalGoal,
    StrategicGoal,
)


@pytest.fixture
def two_editions(world):
    """An adopted 2012 edition and its 2018 Fortschreibung that grades it: one goal with a
    grade, one in prose only; and a network partner that carries no measure."""
    concept = world.edition.concept
    old = Edition.objects.create(
        concept=concept,
        title="Integrationskonzept 2012",
        year=2012,
        status=Edition.Status.SUPERSEDED,
        adopted_on=datetime.date(2012, 6, 14),
        adopted_by="Rat der Stadt",
    )
    field = FieldOfAction.objects.create(edition=old, position=1, title="Sprache")
    sg = StrategicGoal.objects.create(field_of_action=field, position=1, title="Deutsch lernen")
    og = OperationalGoal.objects.create(
        field_of_action=field, strategic_goal=sg, position=1, title="Kurse ausbauen"
    )
    new = world.edition
    new.title, new.year, new.based_on = "1. Fortschreibung", 2018, old
    new.save()
    FieldOfAction.objects.create(edition=new, position=1, title="Sprache und Bildung")
    GoalAssessment.objects.create(edition=new, strategic_goal=sg, grade="partly", text="Teils.")
    GoalAssessment.objects.create(
        edition=new,
        operational_goal=og,
        grade="",
        text="Das Ziel kann aufgrund fehlender Daten nur beschrieben werden.",
    )
    Actor.objects.create(municipality=world.town, name="Netzwerk Integration")
    world.old, world.new = old, new
    return world


def test_export_carries_status_adoption_predecessor_and_grades(two_editions):
    old = edition_export(two_editions.old)
    assert old["format"] == FORMAT == "integrationskonzept-austausch/2"
    assert old["edition"] | {} == {
        "title": "Integrationskonzept 2012",
        "year": 2012,
        "single_goal_level": False,
        "status": "superseded",
        "adopted_on": "2012-06-14",
        "adopted_by": "Rat der Stadt",
        "predecessor": None,
    }
    new = edition_export(two_editions.new)
    assert new["edition"]["predecessor"] == {"title": "Integrationskonzept 2012", "year": 2012}
    assert new["assessments"] == [
        {"goal": {"kind": "strategic", "number": "1.1"}, "grade": "partly", "text": "Teils."},
        {
            "goal": {"kind": "operational", "number": "1.1.1"},
            "grade": "",
            "text": "Das Ziel kann aufgrund fehlender Daten nur beschrieben werden.",
        },
    ]
    assert [a["name"] for a in new["actors"]] == ["Netzwerk Integration"]


def test_both_editions_travel_to_another_town_linked_and_graded(two_editions):
    town = two_editions.other_town
    old_data = json.loads(dumps(edition_export(two_editions.old)))
    new_data = json.loads(dumps(edition_export(two_editions.new)))
    old = edition_import(municipality=town, data=old_data)
    new = edition_import(municipality=town, data=new_data)
    assert (old.status, old.adopted_on, old.adopted_by) == (
        "superseded",
        datetime.date(2012, 6, 14),
        "Rat der Stadt",
    )
    assert new.based_on == old and new.status == "draft"
    grades = GoalAssessment.objects.for_edition(new).order_by("pk")
    assert [(a.goal.number, a.grade) for a in grades] == [("1.1", "partly"), ("1.1.1", "")]
    assert grades[0].strategic_goal.field_of_action.edition == old
    assert Actor.objects.filter(municipality=town, name="Netzwerk Integration").exists()
    # Byte-identical: export → import → export.
    assert dumps(edition_export(old)) == dumps(old_data)
    assert dumps(edition_export(new)) == dumps(new_data)


def test_a_missing_predecessor_is_a_german_problem_and_nothing_is_written(two_editions):
    data = json.loads(dumps(edition_export(two_editions.new)))
    before = Edition.objects.count()
    with pytest.raises(ImportProblems) as error:
        edition_import(municipality=two_editions.other_town, data=data)
    assert error.value.problems[0][0] == "$.edition.predecessor"
    assert "Vorfassung „Integrationskonzept 2012“ (2012)" in error.value.problems[0][1]
    assert Edition.objects.count() == before


def test_a_grade_of_an_unknown_goal_names_its_path(two_editions):
    town = two_editions.other_town
    edition_import(municipality=town, data=edition_export(two_editions.old))
    data = json.loads(dumps(edition_export(two_editions.new)))
    data["assessments"][1]["goal"]["number"] = "9.9.9"
    with pytest.raises(ImportProblems) as error:
        edition_import(municipality=town, data=data)
    assert error.value.problems == [
        ("$.assessments[1].goal", "Das Ziel 9.9.9 gibt es in der Vorfassung nicht.")
    ]


def test_an_adopted_edition_without_its_date_is_refused_with_the_path(two_editions):
    data = json.loads(dumps(edition_export(two_editions.old)))
    data["edition"]["adopted_on"] = None
    data["edition"]["status"] = "adopted"
    with pytest.raises(ImportProblems) as error:
        edition_import(municipality=two_editions.other_town, data=data)
    assert ("$.edition.adopted_on", "Bitte das Datum des Beschlusses angeben.") in (
        error.value.problems
    )


def test_a_version_1_file_still_imports_as_a_draft(two_editions):
    data = json.loads(dumps(edition_export(two_editions.old)))
    data["format"] = "integrationskonzept-austausch/1"
    for key in ("status", "adopted_on", "adopted_by", "predecessor"):
        del data["edition"][key]
    del data["assessments"]
    edition = edition_import(municipality=two_editions.other_town, data=data)
    assert edition.status == "draft" and edition.based_on is None


def test_an_unknown_format_version_is_refused_in_german(two_editions):
    data = json.loads(dumps(edition_export(two_editions.old)))
    data["format"] = "integrationskonzept-austausch/3"
    with pytest.raises(ImportProblems) as error:
        edition_import(municipality=two_editions.other_town, data=data)
    assert error.value.problems[0][0] == "$.format"
