from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models.base import OrderedModel
from concepts.models.editions import CrossCuttingTheme, Edition


class EditionScopedQuerySet(models.QuerySet):
    """Scoping shared by every element of the goal tree; the path to the edition (and town)
    comes from `concepts.schema`."""

    def for_edition(self, edition):
        from concepts import schema

        return self.filter(schema.in_edition(self.model, edition))

    def for_municipality(self, municipality):
        from concepts import schema

        return self.filter(**{schema.path_to_town(self.model): municipality})


class FieldOfActionQuerySet(EditionScopedQuerySet):
    pass


class FieldChildQuerySet(EditionScopedQuerySet):
    """For everything that hangs directly off a field of action."""


class FieldOfAction(OrderedModel):
    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="fields_of_action",
        verbose_name=_("Fassung"),
    )
    title = models.CharField(_("Titel"), max_length=250)
    short_title = models.CharField(_("Kurztitel"), max_length=80, blank=True)
    description = models.TextField(_("Ausgangslage/Beschreibung (Markdown)"), blank=True)
    themes = models.ManyToManyField(
        CrossCuttingTheme,
        blank=True,
        related_name="fields_of_action",
        verbose_name=_("Querschnittsthemen"),
    )

    objects = FieldOfActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(OrderedModel.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.edition.municipality

    @property
    def number(self):
        return str(self.position)


class FieldPart(OrderedModel):
    """What everything that hangs directly off a field of action has in common: ordered within
    its field, scoped through it, shown by its title. Each subclass declares `field_of_action`
    itself because the reverse names differ."""

    objects = FieldChildQuerySet.as_manager()

    class Meta(OrderedModel.Meta):
        abstract = True

    def __str__(self):
        return self.title

    @property
    def edition(self):
        return self.field_of_action.edition


class SubTheme(FieldPart):
    """An Unterthema grouping the goals of a field; most concepts have none."""

    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="sub_themes",
        verbose_name=_("Handlungsfeld"),
    )
    title = models.CharField(_("Titel"), max_length=250)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)

    history = HistoricalRecords()

    class Meta(FieldPart.Meta):
        verbose_name = _("Unterthema")
        verbose_name_plural = _("Unterthemen")


class FocusArea(FieldPart):
    """A Schwerpunkt of a field: what a concept puts first there, often for a few years and
    sometimes instead of goals (a newer concept has only Leitsätze and Schwerpunkte)."""

    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="focus_areas",
        verbose_name=_("Handlungsfeld"),
    )
    title = models.CharField(_("Schwerpunkt"), max_length=300)
    description = models.TextField(_("Erläuterung (Markdown)"), blank=True)

    history = HistoricalRecords()

    class Meta(FieldPart.Meta):
        verbose_name = _("Schwerpunkt")
        verbose_name_plural = _("Schwerpunkte")


class FieldSection(FieldPart):
    """A named text section of a field ("Ausgangslage", "Handlungsbedarf", "Bestehende
    Angebote"), printed in order before the goals."""

    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("Handlungsfeld"),
    )
    title = models.CharField(_("Überschrift"), max_length=250)
    body = models.TextField(_("Text (Markdown)"), blank=True)

    history = HistoricalRecords()

    class Meta(FieldPart.Meta):
        verbose_name = _("Abschnitt")
        verbose_name_plural = _("Abschnitte")


class Goal(FieldPart):
    """What a Leitziel and a Handlungsziel have in common: both hang off a field of action
    (through `field_of_action`, declared on each because the reverse names differ), carry an
    explanation and are scoped and shown the same way."""

    description = models.TextField(_("Erläuterung (Markdown)"), blank=True)

    class Meta(FieldPart.Meta):
        abstract = True


class StrategicGoal(Goal):
    """Leitziel: the strategic goal of a field, ordered within its field."""

    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="strategic_goals",
        verbose_name=_("Handlungsfeld"),
    )
    sub_theme = models.ForeignKey(
        SubTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategic_goals",
        verbose_name=_("Unterthema"),
    )
    title = models.TextField(_("Leitziel"))
    themes = models.ManyToManyField(
        CrossCuttingTheme,
        blank=True,
        related_name="strategic_goals",
        verbose_name=_("Querschnittsthemen"),
    )

    history = HistoricalRecords()

    class Meta(Goal.Meta):
        verbose_name = _("Leitziel")
        verbose_name_plural = _("Leitziele")

    @property
    def number(self):
        return f"{self.field_of_action.position}.{self.position}"

    def clean(self):
        if self.sub_theme_id and self.sub_theme.field_of_action_id != self.field_of_action_id:
            raise ValidationError(
                {"sub_theme": _("Das Unterthema gehört zu einem anderen Handlungsfeld.")}
            )


class OperationalGoal(Goal):
    """Handlungsziel (Teilziel): operational and checkable.

    It hangs off its field; `strategic_goal` is the Leitziel it is listed under (empty in
    concepts with one goal level), `also_serves` the further Leitziele it serves where a
    concept shares one list of operational goals among several strategic goals.
    """

    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="operational_goals",
        verbose_name=_("Handlungsfeld"),
    )
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="operational_goals",
        verbose_name=_("Leitziel"),
    )
    also_serves = models.ManyToManyField(
        StrategicGoal,
        blank=True,
        related_name="shared_operational_goals",
        verbose_name=_("dient außerdem den Leitzielen"),
    )
    sub_theme = models.ForeignKey(
        SubTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operational_goals",
        verbose_name=_("Unterthema"),
    )
    title = models.TextField(_("Handlungsziel"))
    themes = models.ManyToManyField(
        CrossCuttingTheme,
        blank=True,
        related_name="operational_goals",
        verbose_name=_("Querschnittsthemen"),
    )

    history = HistoricalRecords()

    class Meta(Goal.Meta):
        verbose_name = _("Handlungsziel")
        verbose_name_plural = _("Handlungsziele")

    @property
    def number(self):
        if self.strategic_goal_id:
            return f"{self.strategic_goal.number}.{self.position}"
        return f"{self.field_of_action.position}.{self.position}"

    def clean(self):
        if (
            self.strategic_goal_id
            and self.strategic_goal.field_of_action_id != self.field_of_action_id
        ):
            raise ValidationError(
                {"strategic_goal": _("Das Leitziel gehört zu einem anderen Handlungsfeld.")}
            )
