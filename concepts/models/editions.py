from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models.base import OrderedModel, TimeStampedModel
from concepts.models.municipalities import Municipality


class Concept(TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="concepts",
        verbose_name=_("Kommune"),
    )
    title = models.CharField(_("Titel"), max_length=250)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("Integrationskonzept")
        verbose_name_plural = _("Integrationskonzepte")

    def __str__(self):
        return self.title


class EditionQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(concept__municipality=municipality)

    def current(self):
        """The edition people mean when they say "the concept": adopted, else the newest."""
        return self.in_current_order().first()

    def in_current_order(self):
        """The editions in the order `current()` chooses from: the current one first."""
        return self.order_by(
            models.Case(
                models.When(status=Edition.Status.ADOPTED, then=0),
                models.When(status=Edition.Status.IN_CONSULTATION, then=1),
                models.When(status=Edition.Status.DRAFT, then=2),
                default=3,
            ),
            "-year",
            "-pk",
        )

    def published(self):
        """Editions the public transparency view shows: opted in, and decided by the council.

        The status is checked here too, so that a flag left set on an edition whose status
        changed by other means never makes a draft public.
        """
        return self.filter(is_public=True, status__in=Edition.PUBLISHABLE_STATUSES).order_by(
            models.Case(models.When(status=Edition.Status.ADOPTED, then=0), default=1),
            models.F("adopted_on").desc(nulls_last=True),
            "-year",
            "-pk",
        )


class Edition(TimeStampedModel):
    """A Fassung of the concept; it owns the whole goal tree and the chapters."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        IN_CONSULTATION = "consultation", _("in Beratung")
        ADOPTED = "adopted", _("beschlossen")
        SUPERSEDED = "superseded", _("abgelöst")

    LOCKED_STATUSES = (Status.ADOPTED, Status.SUPERSEDED)
    # What the public view may show: adopted editions, and superseded ones kept as an archive.
    PUBLISHABLE_STATUSES = (Status.ADOPTED, Status.SUPERSEDED)

    concept = models.ForeignKey(
        Concept,
        on_delete=models.CASCADE,
        related_name="editions",
        verbose_name=_("Integrationskonzept"),
    )
    title = models.CharField(_("Titel"), max_length=200, help_text=_("z. B. „2. Fortschreibung“"))
    year = models.PositiveIntegerField(_("Jahr"))
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(_("beschlossen am"), null=True, blank=True)
    adopted_by = models.CharField(
        _("beschlossen von"),
        max_length=200,
        blank=True,
        help_text=_("Das Gremium, z. B. „Rat der Stadt“; leer, wenn nicht bekannt."),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("fortgeschrieben aus"),
    )
    single_goal_level = models.BooleanField(
        _("nur eine Zielebene"),
        default=False,
        help_text=_("Das Konzept unterscheidet nicht zwischen Leit- und Handlungszielen."),
    )
    is_public = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_("Ohne Anmeldung lesbar in der öffentlichen Ansicht (nur beschlossene)."),
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    objects = EditionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("Fassung")
        verbose_name_plural = _("Fassungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_public=False)
                | models.Q(status__in=["adopted", "superseded"]),
                name="edition_public_only_when_decided",
            )
        ]

    def __str__(self):
        return f"{self.concept.title} – {self.title} ({self.year})"

    @property
    def municipality(self):
        return self.concept.municipality

    @property
    def is_locked(self):
        """Adopted and superseded editions are read-only; a Fortschreibung changes them."""
        return self.status in self.LOCKED_STATUSES

    def clean(self):
        if self.status == self.Status.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Bitte das Datum des Beschlusses angeben.")})
        if self.is_public and self.status not in self.PUBLISHABLE_STATUSES:
            raise ValidationError(
                {
                    "is_public": _(
                        "Öffentlich gezeigt wird nur eine beschlossene Fassung; "
                        "bitte die Veröffentlichung zuerst zurücknehmen."
                    )
                }
            )


class Vision(TimeStampedModel):
    """The Leitbild (Integrationsverständnis): a text, or just a one-sentence Leitmotiv."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="vision", verbose_name=_("Fassung")
    )
    title = models.CharField(_("Überschrift"), max_length=200, default="Leitbild")
    motto = models.CharField(_("Leitmotiv"), max_length=300, blank=True)
    text = models.TextField(_("Text (Markdown)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Leitbild")
        verbose_name_plural = _("Leitbilder")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.edition.municipality


class GuidingPrinciple(OrderedModel):
    """A numbered Leitsatz of the Leitbild, or a Kernaussage of one field of action."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="guiding_principles",
        verbose_name=_("Fassung"),
    )
    field_of_action = models.ForeignKey(
        "concepts.FieldOfAction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guiding_principles",
        verbose_name=_("Handlungsfeld"),
        help_text=_("Leer lassen für einen Leitsatz des gesamten Leitbilds."),
    )
    title = models.CharField(_("Leitsatz"), max_length=300)
    text = models.TextField(_("Erläuterung (Markdown)"), blank=True)

    history = HistoricalRecords()

    class Meta(OrderedModel.Meta):
        verbose_name = _("Leitsatz")
        verbose_name_plural = _("Leitsätze")

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def municipality(self):
        return self.edition.municipality


class Chapter(OrderedModel):
    class Part(models.TextChoices):
        A = "A", _("Teil A – Grundlagen")
        B = "B", _("Teil B – Handlungsfelder")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("Fassung")
    )
    part = models.CharField(_("Teil"), max_length=1, choices=Part.choices, default=Part.A)
    title = models.CharField(_("Überschrift"), max_length=250)
    body = models.TextField(_("Text (Markdown)"), blank=True)
    field_of_action = models.OneToOneField(
        "concepts.FieldOfAction",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chapter",
        verbose_name=_("Handlungsfeld"),
        help_text=_("Das erzählende Kapitel eines Handlungsfelds."),
    )

    history = HistoricalRecords()

    class Meta(OrderedModel.Meta):
        ordering = ["part", "position", "pk"]
        verbose_name = _("Kapitel")
        verbose_name_plural = _("Kapitel")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.edition.municipality


class CrossCuttingTheme(OrderedModel):
    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="cross_cutting_themes",
        verbose_name=_("Fassung"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)

    history = HistoricalRecords()

    class Meta(OrderedModel.Meta):
        verbose_name = _("Querschnittsthema")
        verbose_name_plural = _("Querschnittsthemen")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.edition.municipality
