"""Bewertung der vorherigen Fassung: the goals of the predecessor and how far they were reached.

`assessment_rows(edition)` is the one place that orders them (field, Leitziel, its
Handlungsziele); the page and the concept PDF both render its rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from concepts import schema
from concepts.models import Edition, FieldOfAction, GoalAssessment, OperationalGoal, StrategicGoal


@dataclass
class AssessmentRow:
    field_of_action: FieldOfAction
    goal: object  # StrategicGoal or OperationalGoal of the predecessor
    level: str  # "Leitziel" / "Handlungsziel"
    number: str
    assessment: GoalAssessment | None

    @property
    def is_operational(self) -> bool:
        return isinstance(self.goal, OperationalGoal)

    @property
    def level_label(self) -> str:
        """`level` in the reader's language (the PDF renders in German)."""
        return _("Handlungsziel") if self.is_operational else _("Leitziel")

    @property
    def prefix(self):
        return f"{'sg' if isinstance(self.goal, StrategicGoal) else 'og'}-{self.goal.pk}"

    @property
    def grade(self):
        return self.assessment.grade if self.assessment else ""

    @property
    def grade_label(self):
        return self.assessment.get_grade_display() if self.assessment else ""

    @property
    def text(self):
        return self.assessment.text if self.assessment else ""


def assessment_rows(edition: Edition, *, include_ungraded: bool = False) -> list[AssessmentRow]:
    """The predecessor's goals in the order of its tree, each with this edition's Bewertung.

    Four queries. Without `include_ungraded`, goals nobody has graded are left out (the PDF
    chapter); the grading page asks for all of them.
    """
    predecessor = edition.based_on_id
    if predecessor is None:
        return []
    fields = list(FieldOfAction.objects.filter(edition_id=predecessor).order_by("position", "pk"))
    strategic = list(schema.rows(StrategicGoal, predecessor).order_by("position", "pk"))
    operational = list(schema.rows(OperationalGoal, predecessor).order_by("position", "pk"))
    graded = {}
    for a in GoalAssessment.objects.for_edition(edition):
        graded[
            ("sg", a.strategic_goal_id) if a.strategic_goal_id else ("og", a.operational_goal_id)
        ] = a

    rows = []

    def add(field, goal, level, number, key):
        assessment = graded.get(key)
        if assessment is not None or include_ungraded:
            rows.append(AssessmentRow(field, goal, level, number, assessment))

    for field in fields:
        field_strategic = [g for g in strategic if g.field_of_action_id == field.pk]
        field_operational = [g for g in operational if g.field_of_action_id == field.pk]
        for s_index, goal in enumerate(field_strategic, start=1):
            number = f"{field.position}.{s_index}"
            add(field, goal, "Leitziel", number, ("sg", goal.pk))
            children = [g for g in field_operational if g.strategic_goal_id == goal.pk]
            for o_index, child in enumerate(children, start=1):
                add(field, child, "Handlungsziel", f"{number}.{o_index}", ("og", child.pk))
        loose = [g for g in field_operational if g.strategic_goal_id is None]
        for o_index, child in enumerate(loose, start=1):
            add(field, child, "Handlungsziel", f"{field.position}.{o_index}", ("og", child.pk))
    return rows


def assessment_summary(rows: list[AssessmentRow]) -> dict[str, int]:
    """{grade label: count} over graded rows, in the order of the grades."""
    counts = {label: 0 for _value, label in GoalAssessment.Grade.choices}
    for row in rows:
        # A Bewertung in words only (no grade) is not counted under a grade.
        if row.assessment is not None and row.assessment.grade:
            counts[row.grade_label] += 1
    return {str(label): n for label, n in counts.items() if n}
