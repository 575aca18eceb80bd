from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import Actor, TimeStampedModel


class ContactPersonQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(actor__municipality=municipality)


class ContactPerson(TimeStampedModel):
    """Ansprechperson of an Akteur: who to call at Caritas about the language cafés."""

    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="contact_persons",
        verbose_name=_("Akteur"),
    )
    name = models.CharField(_("Name"), max_length=200)
    function = models.CharField(
        _("Funktion"), max_length=200, blank=True, help_text=_("z. B. „Fachdienstleitung“")
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    objects = ContactPersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")

    def __str__(self):
        return self.name

    @property
    def municipality(self):
        return self.actor.municipality
