"""What a Fortschreibung remembers of its predecessor.

Kopie-Verknüpfung → CopyLink · Bewertung (eines Ziels der vorherigen Fassung) → GoalAssessment
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models.base import TimeStampedModel
from concepts.models.editions import Edition
from concepts.models.goals import OperationalGoal, StrategicGoal


class CopyLink(models.Model):
    """One element of a Fortschreibung and the element of the predecessor it was copied from.

    One table for every kind of element (keyed by the model's label) instead of a `copied_from`
    column on each tree model: `edition_copy` writes all links with one bulk insert, the tree
    models stay as they are, and the comparison follows the links back along `based_on` to match
    elements of any two editions of a concept. The rows are written once by `edition_copy` and
    never changed, so they carry no history of their own.
    """

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="copy_links",
        verbose_name=_("Fassung (Kopie)"),
    )
    model = models.CharField(_("Art des Elements"), max_length=60)
    source_id = models.PositiveBigIntegerField(_("Element der vorherigen Fassung"))
    target_id = models.PositiveBigIntegerField(_("Element der Kopie"))

    class Meta:
        verbose_name = _("Kopie-Verknüpfung")
        verbose_name_plural = _("Kopie-Verknüpfungen")
        constraints = [
            models.UniqueConstraint(fields=["model", "target_id"], name="copy_link_one_source")
        ]
        indexes = [models.Index(fields=["edition", "model"])]

    def __str__(self):
        return f"{self.model} {self.source_id} → {self.target_id}"


class GoalAssessmentQuerySet(models.QuerySet):
    def for_edition(self, edition):
        return self.filter(edition=edition)


class GoalAssessment(TimeStampedModel):
    """Bewertung: how far a goal of the previous edition was reached, written in the new one."""

    class Grade(models.TextChoices):
        REACHED = "reached", _("erreicht")
        PARTLY = "partly", _("teilweise erreicht")
        NOT_REACHED = "not_reached", _("nicht erreicht")
        NOT_ASSESSABLE = "not_assessable", _("nicht beurteilbar")

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="goal_assessments",
        verbose_name=_("bewertende Fassung"),
    )
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("Leitziel der vorherigen Fassung"),
    )
    operational_goal = models.ForeignKey(
        OperationalGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("Handlungsziel der vorherigen Fassung"),
    )
    # Empty: the source grades in prose only ("kann aufgrund fehlender Daten nicht beurteilt
    # werden" is a grade; a paragraph without one is not).
    grade = models.CharField(_("Bewertung"), max_length=20, choices=Grade.choices, blank=True)
    text = models.TextField(_("Begründung (Markdown)"), blank=True)

    objects = GoalAssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(strategic_goal__isnull=True, operational_goal__isnull=False)
                | models.Q(strategic_goal__isnull=False, operational_goal__isnull=True),
                name="assessment_grades_one_goal",
            ),
            models.UniqueConstraint(
                fields=["edition", "strategic_goal"], name="assessment_once_per_strategic_goal"
            ),
            models.UniqueConstraint(
                fields=["edition", "operational_goal"],
                name="assessment_once_per_operational_goal",
            ),
        ]

    def __str__(self):
        return f"{self.goal}: {self.get_grade_display()}"

    @property
    def goal(self):
        return self.strategic_goal or self.operational_goal

    @property
    def municipality(self):
        return self.edition.municipality

    def clean(self):
        goal = self.goal
        if goal is None:
            raise ValidationError(_("Bitte ein Leit- oder Handlungsziel angeben."))
        predecessor = self.edition.based_on_id
        if predecessor is None or goal.field_of_action.edition_id != predecessor:
            raise ValidationError(
                _("Bewertet werden nur Ziele der Fassung, aus der diese fortgeschrieben wurde.")
            )
