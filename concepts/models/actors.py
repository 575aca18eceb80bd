from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models.base import TimeStampedModel
from concepts.models.municipalities import Municipality


class ActorQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)


class Actor(TimeStampedModel):
    """An Akteur: an organisation that carries measures or sits in working groups.

    It belongs to the town, not to an edition: Caritas stays Caritas across Fortschreibungen.
    """

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Verwaltung")
        WELFARE = "welfare", _("Wohlfahrtsverband")
        MIGRANT_ORGANISATION = "migrant_org", _("Migrantenorganisation")
        SCHOOL = "school", _("Schule/Kita")
        RELIGIOUS = "religious", _("Kirche/Religionsgemeinschaft")
        JOBCENTER = "jobcenter", _("Jobcenter/Arbeitsagentur")
        ASSOCIATION = "association", _("Verein/Ehrenamt")
        POLITICS = "politics", _("Politik")
        OTHER = "other", _("Sonstige")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="actors", verbose_name=_("Kommune")
    )
    name = models.CharField(_("Name"), max_length=250)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    # Empty: the kind is not known ("Sonstige" is a kind of its own).
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, blank=True, default="")
    description = models.TextField(_("Beschreibung (Markdown)"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    website = models.URLField(_("Webseite"), blank=True)
    address = models.TextField(_("Anschrift"), blank=True)

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="actor_name_unique_per_municipality"
            )
        ]

    def __str__(self):
        return self.short_name or self.name
