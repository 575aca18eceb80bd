import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concepts.models import GoalAssessment, OperationalGoal, StrategicGoal
from concepts.services.assessments import assessment_rows, assessment_summary
from concepts.services.editions import edition_copy, goal_assessments_save
from tests.concepts.editions.conftest import adopt
from tests.permissions import current_version


@pytest.fixture
def copy(adopted, world):
    return edition_copy(source=adopted, user=world.users["staff"], title="Neu", year=2026)


def urls(world, edition):
    kwargs = {"town": world.town.slug, "edition": edition.pk}
    return reverse("concepts:assessment", kwargs=kwargs), reverse(
        "concepts:assessment_edit", kwargs=kwargs
    )


def test_rows_follow_the_predecessors_tree(adopted, copy):
    rows = assessment_rows(copy, include_ungraded=True)
    assert [r.number for r in rows[:4]] == ["1.1", "1.1.1", "1.1.2", "1.2"]
    assert rows[0].level == "Leitziel" and rows[1].level == "Handlungsziel"
    assert all(r.goal.field_of_action.edition_id == adopted.pk for r in rows)
    assert assessment_rows(copy) == []  # nothing graded yet


def test_grading_page_saves_and_the_chapter_shows_it(world, adopted, copy, client_for):
    show, edit = urls(world, copy)
    client = client_for("staff")
    rows = assessment_rows(copy, include_ungraded=True)
    data = {f"{r.prefix}-grade": "" for r in rows}
    data[f"{rows[0].prefix}-grade"] = "reached"
    data[f"{rows[0].prefix}-text"] = "Alle Kurse **voll belegt**."
    data[f"{rows[1].prefix}-grade"] = "not_assessable"
    response = client.post(edit, data)
    assert response.status_code == 302
    graded = assessment_rows(copy)
    assert [(r.number, r.grade_label) for r in graded] == [
        ("1.1", "erreicht"),
        ("1.1.1", "nicht beurteilbar"),
    ]
    html = client_for("council").get(show).content.decode()
    assert "Bewertung der vorherigen Fassung" in html
    assert "<strong>voll belegt</strong>" in html
    assert "erreicht" in html
    # Un-grading removes the Bewertung again (the form carries the versions it was opened with).
    for row in assessment_rows(copy, include_ungraded=True):
        if row.assessment is not None:
            data[f"{row.prefix}-version"] = current_version(row.assessment)
    data[f"{rows[1].prefix}-grade"] = ""
    client.post(edit, data)
    assert GoalAssessment.objects.filter(edition=copy).count() == 1


def test_text_without_grade_is_kept_as_a_bewertung_in_words(world, copy, client_for):
    """Issue 14: a source often grades in prose only; no grade is required."""
    _show, edit = urls(world, copy)
    row = assessment_rows(copy, include_ungraded=True)[0]
    response = client_for("staff").post(edit, {f"{row.prefix}-text": "Nur Text"})
    assert response.status_code == 302
    (graded,) = assessment_rows(copy)
    assert (graded.grade, graded.assessment.text) == ("", "Nur Text")
    assert assessment_summary([graded]) == {}


def test_only_goals_of_the_predecessor_can_be_graded(world, copy):
    own_goal = StrategicGoal.objects.for_edition(copy).first()
    with pytest.raises(ValidationError, match="fortgeschrieben"):
        goal_assessments_save(
            edition=copy, grades={own_goal: ("reached", "")}, user=world.users["staff"]
        )


def test_locked_edition_refuses_grades(world, adopted, copy):
    goal = OperationalGoal.objects.for_edition(adopted).first()
    adopt(copy)
    with pytest.raises(ValidationError, match="nicht mehr geändert"):
        goal_assessments_save(
            edition=copy, grades={goal: ("reached", "")}, user=world.users["staff"]
        )


def test_assessment_is_recorded_in_history(world, adopted, copy):
    goal = OperationalGoal.objects.for_edition(adopted).first()
    (saved,) = goal_assessments_save(
        edition=copy, grades={goal: ("partly", "Halb")}, user=world.users["staff"]
    )
    assert saved.history.get().history_user == world.users["staff"]


def test_edition_without_predecessor_has_nothing_to_grade(world, client_for):
    show, edit = urls(world, world.edition)
    assert "keine Fortschreibung" in client_for("staff").get(show).content.decode()
    assert "keine Fortschreibung" in client_for("staff").get(edit).content.decode()


def test_assessment_is_a_chapter_of_the_new_editions_pdf(world, adopted, copy, tmp_path):
    import shutil
    import subprocess

    from concepts.document import concept_pdf

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils fehlt")
    goal = OperationalGoal.objects.for_edition(adopted).first()
    path = tmp_path / "neu.pdf"
    path.write_bytes(concept_pdf(copy))
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert "Bewertung der vorherigen Fassung" not in text  # nothing graded yet
    goal_assessments_save(
        edition=copy,
        grades={goal: ("partly", "Wartezeiten gesunken, Ziel knapp verfehlt")},
        user=world.users["staff"],
    )
    path.write_bytes(concept_pdf(copy))  # the grade changes the fingerprint
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    assert "Bewertung der vorherigen Fassung" in text
    assert "teilweise erreicht" in text
    assert "Wartezeiten gesunken" in text
