from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models.actors import Actor
from concepts.models.base import OrderedModel, TimeStampedModel
from concepts.models.editions import CrossCuttingTheme
from concepts.models.goals import (
    FieldChildQuerySet,
    FieldOfAction,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
)


class Measure(OrderedModel):
    """Maßnahme: belongs to its field and serves zero, one or several goals."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idee")
        PLANNED = "planned", _("geplant")
        RUNNING = "running", _("laufend")
        COMPLETED = "completed", _("abgeschlossen")
        SUSPENDED = "suspended", _("ausgesetzt")
        DISCONTINUED = "discontinued", _("nicht fortgeführt")

    class Origin(models.TextChoices):
        EXISTING = "existing", _("bestehend")
        NEW = "new", _("neu")

    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("Handlungsfeld"),
    )
    operational_goals = models.ManyToManyField(
        OperationalGoal, blank=True, related_name="measures", verbose_name=_("Handlungsziele")
    )
    strategic_goals = models.ManyToManyField(
        StrategicGoal,
        blank=True,
        related_name="measures",
        verbose_name=_("Leitziele (direkt)"),
        help_text=_("Nur wenn die Maßnahme einem Leitziel ohne Handlungsziel dient."),
    )
    # Real concepts list many measures under a sub-theme rather than under a goal.
    sub_theme = models.ForeignKey(
        SubTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("Unterthema"),
    )
    title = models.CharField(
        _("Titel"),
        max_length=250,
        blank=True,
        help_text=_("Viele Maßnahmen haben nur einen Satz; dann bleibt der Titel leer."),
    )
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    # Empty is an answer of its own ("unbekannt / nicht angegeben"): many concepts do not say
    # a measure's status or origin, and nothing may invent "geplant" or "neu" for them.
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, blank=True, default=""
    )
    origin = models.CharField(
        _("Herkunft"),
        max_length=10,
        choices=Origin.choices,
        blank=True,
        default="",
        help_text=_("Bestand die Maßnahme schon vor dem Konzept oder ist sie neu?"),
    )
    is_flagship = models.BooleanField(_("Leitprojekt"), default=False)
    actors = models.ManyToManyField(
        Actor,
        through="MeasureActor",
        blank=True,
        related_name="measures",
        verbose_name=_("Träger und Akteure"),
    )
    responsible_person = models.CharField(_("Verantwortliche Person"), max_length=200, blank=True)
    responsible_email = models.EmailField(_("E-Mail der verantwortlichen Person"), blank=True)
    # The time as the concept writes it ("seit 2012", "Herbst 2017 bis Dezember 2020",
    # "laufend"), read by concepts.periods into EDTF; starts_on/ends_on then hold the earliest
    # and latest day it can mean (empty where open or unknown), for sorting, filters and
    # "im Verzug" (which so rests only on what is known).
    period_wording = models.CharField(
        _("Zeitraum (wie im Konzept)"),
        max_length=200,
        blank=True,
        help_text=_(
            "z. B. „seit 2012“, „Herbst 2017 bis Dezember 2020“, „laufend“, „ab 2025“, "
            "„2. Halbjahr 2026“; leer lassen und Beginn/Ende eintragen, wenn genaue Daten "
            "bekannt sind."
        ),
    )
    period_edtf = models.CharField(_("Zeitraum (EDTF)"), max_length=100, blank=True)
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    target_groups = models.CharField(_("Zielgruppen"), max_length=300, blank=True)
    social_area = models.CharField(_("Sozialraum"), max_length=200, blank=True)
    staff_fte = models.DecimalField(
        _("Personal (VZÄ)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    material_costs = models.DecimalField(
        _("Sachkosten (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    funding = models.CharField(_("Finanzierung/Fördermittel"), max_length=300, blank=True)
    needs_council_decision = models.BooleanField(_("bedarf Ratsbeschluss"), default=False)
    themes = models.ManyToManyField(
        CrossCuttingTheme,
        blank=True,
        related_name="measures",
        verbose_name=_("Querschnittsthemen"),
    )

    objects = FieldChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(OrderedModel.Meta):
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The title, or the opening of the sentence for measures that have none."""
        if self.title:
            return self.title
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"

    @property
    def edition(self):
        return self.field_of_action.edition

    @property
    def period(self):
        """The Period of `period_edtf` (None for measures with exact dates or none)."""
        from concepts.periods import period_from_stored

        return (
            period_from_stored(self.period_edtf, self.period_wording) if self.period_edtf else None
        )

    @property
    def is_ongoing(self):
        return self.period_edtf.endswith("/..")

    def clean(self):
        from concepts.periods import PeriodError, parse_period, period_from_stored

        self.period_wording = " ".join(self.period_wording.split())
        if self.period_wording or self.period_edtf:
            try:
                period = (
                    parse_period(self.period_wording)
                    if self.period_wording
                    else period_from_stored(self.period_edtf)
                )
            except PeriodError as error:
                raise ValidationError({"period_wording": str(error)}) from None
            self.period_edtf = period.edtf
            self.starts_on, self.ends_on = period.earliest, period.latest
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende darf nicht vor dem Beginn liegen.")})
        if self.sub_theme_id and self.sub_theme.field_of_action_id != self.field_of_action_id:
            raise ValidationError(
                {"sub_theme": _("Das Unterthema gehört zu einem anderen Handlungsfeld.")}
            )
        if not self.title and not self.description.strip():
            raise ValidationError(_("Bitte einen Titel oder eine Beschreibung eingeben."))


class MeasureActor(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("federführend")
        PARTNER = "partner", _("beteiligt")
        FUNDER = "funder", _("Förderer")

    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("Maßnahme"),
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="involvements", verbose_name=_("Akteur")
    )
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices, default=Role.LEAD)
    # What concepts write in brackets after a Träger: "(Zuschuss bis 2016)", "(Leitung)". One
    # organisation stays one Akteur, however it is involved.
    note = models.CharField(
        _("Zusatz"),
        max_length=200,
        blank=True,
        help_text=_("Steht in Klammern hinter dem Namen, z. B. „Zuschuss bis 2016“."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "actor__name"]
        verbose_name = _("Träger/Akteur einer Maßnahme")
        verbose_name_plural = _("Träger/Akteure einer Maßnahme")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "actor", "role"], name="actor_role_once_per_measure"
            )
        ]

    def __str__(self):
        return f"{self.label} – {self.get_role_display()}"

    @property
    def label(self):
        """The Träger as a concept writes it: "Büro für Integration (Zuschuss bis 2016)"."""
        return f"{self.actor.name} ({self.note})" if self.note else self.actor.name

    @property
    def short_label(self):
        """Like `label`, with the Akteur's short name where it has one."""
        return f"{self.actor} ({self.note})" if self.note else str(self.actor)


class Milestone(OrderedModel):
    """Umsetzungsmarker: a checkable step of a measure."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("Maßnahme")
    )
    title = models.CharField(_("Umsetzungsmarker"), max_length=300)
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    done = models.BooleanField(_("erledigt"), default=False)
    done_on = models.DateField(_("erledigt am"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta(OrderedModel.Meta):
        verbose_name = _("Umsetzungsmarker")
        verbose_name_plural = _("Umsetzungsmarker")

    def __str__(self):
        return self.title
