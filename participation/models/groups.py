from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import Actor, FieldOfAction, Municipality, TimeStampedModel


class WorkingGroupQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def with_member(self, user):
        return self.filter(memberships__user=user)


class WorkingGroup(TimeStampedModel):
    """A body of participation: Arbeitsgruppe/Arbeitskreis, Steuerungsgruppe or Netzwerk."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Arbeitsgruppe")
        CIRCLE = "circle", _("Arbeitskreis")
        STEERING_GROUP = "steering_group", _("Steuerungsgruppe")
        NETWORK = "network", _("Netzwerk")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="working_groups",
        verbose_name=_("Kommune"),
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP
    )
    description = models.TextField(_("Auftrag/Beschreibung (Markdown)"), blank=True)
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        blank=True,
        related_name="working_groups",
        verbose_name=_("Handlungsfelder"),
    )
    actors = models.ManyToManyField(
        Actor, blank=True, related_name="working_groups", verbose_name=_("beteiligte Akteure")
    )
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)

    objects = WorkingGroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Arbeitsgruppe")
        verbose_name_plural = _("Arbeitsgruppen")

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende darf nicht vor dem Beginn liegen.")})


class GroupMembership(TimeStampedModel):
    """A person in a working group; leads form e.g. the Tandem of Fachstelle and expert."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Mitglied")
        LEAD = "lead", _("Leitung")

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Arbeitsgruppe"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("Person"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("für Akteur"),
    )
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role", "user__last_name"]
        verbose_name = _("Mitglied einer Arbeitsgruppe")
        verbose_name_plural = _("Mitglieder von Arbeitsgruppen")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="person_once_per_group")
        ]

    def __str__(self):
        return f"{self.user} in {self.group}"
