"""The town's Ratsinformationssystem (ALLRIS, SessionNet, …) as the source of results.

Ratsinformationssystem → CouncilSystem (its OParl System and Body) · Zuordnung eines Gremiums
→ OrganizationMapping (their Organization → our Committee) · Verknüpfung einer Vorlage →
PaperLink (our Paper → their Paper) · Verknüpfung einer Beratung → ConsultationLink.

Remote objects are known by their OParl `id`, which is a URL. Nothing here is copied from the
other system except what the Stabsstelle confirmed (see participation/ris/services.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from concepts.models import Municipality, TimeStampedModel
from participation.models.council import Committee, CommitteeMeeting, Consultation, Paper

REMOTE_URL_LENGTH = 500


class CouncilSystem(TimeStampedModel):
    """A town's link to its council system's OParl endpoint (set by the Stabsstelle)."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="council_system",
        verbose_name=_("Kommune"),
    )
    system_url = models.URLField(
        _("OParl-Adresse des Ratsinformationssystems"),
        max_length=REMOTE_URL_LENGTH,
        help_text=_("Die Adresse des OParl-System-Objekts, z. B. https://ris.example.de/oparl/v1"),
    )
    body_url = models.URLField(_("Körperschaft (OParl-Body)"), max_length=REMOTE_URL_LENGTH)
    name = models.CharField(_("Name des Systems"), max_length=250, blank=True)
    body_name = models.CharField(_("Name der Körperschaft"), max_length=250, blank=True)
    synced_at = models.DateTimeField(_("zuletzt abgeglichen"), null=True, blank=True)

    class Meta:
        verbose_name = _("Ratsinformationssystem")
        verbose_name_plural = _("Ratsinformationssysteme")

    def __str__(self):
        return self.name or self.system_url


class OrganizationMapping(TimeStampedModel):
    """Which of our Gremien an organization of the council system is (confirmed once)."""

    council_system = models.ForeignKey(
        CouncilSystem,
        on_delete=models.CASCADE,
        related_name="organization_mappings",
        verbose_name=_("Ratsinformationssystem"),
    )
    remote_id = models.URLField(_("OParl-Adresse"), max_length=REMOTE_URL_LENGTH)
    remote_name = models.CharField(_("Name im Ratsinformationssystem"), max_length=300)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organization_mappings",
        verbose_name=_("Gremium"),
        help_text=_("Leer: Beratungen dieses Gremiums werden nicht übernommen."),
    )

    class Meta:
        ordering = ["council_system", "remote_name"]
        verbose_name = _("Zuordnung eines Gremiums")
        verbose_name_plural = _("Zuordnungen der Gremien")
        constraints = [
            models.UniqueConstraint(
                fields=["council_system", "remote_id"], name="one_mapping_per_organization"
            )
        ]

    def __str__(self):
        return f"{self.remote_name} → {self.committee or '–'}"


class PaperLink(TimeStampedModel):
    """Our Vorlage is this paper in the council system; results are read back from there."""

    paper = models.OneToOneField(
        Paper, on_delete=models.CASCADE, related_name="ris_link", verbose_name=_("Vorlage")
    )
    remote_id = models.URLField(_("OParl-Adresse der Vorlage"), max_length=REMOTE_URL_LENGTH)
    remote_reference = models.CharField(_("Vorlagen-Nr. im System"), max_length=120, blank=True)
    remote_name = models.CharField(_("Betreff im System"), max_length=500, blank=True)
    web_url = models.URLField(_("Webseite der Vorlage"), max_length=REMOTE_URL_LENGTH, blank=True)
    # The meetings the paper was last seen in: the daily run re-reads the paper when one of them
    # changed, because systems record results on agenda items without touching the paper.
    remote_meetings = models.JSONField(_("Sitzungen im System"), default=list, blank=True)
    read_at = models.DateTimeField(_("zuletzt gelesen"), null=True, blank=True)
    pending = models.JSONField(
        _("wartende Änderungen"),
        default=list,
        blank=True,
        help_text=_("Änderungen, die erst nach Bestätigung übernommen werden."),
    )
    pending_since = models.DateTimeField(_("wartet seit"), null=True, blank=True)
    error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        ordering = ["paper"]
        verbose_name = _("Verknüpfung einer Vorlage")
        verbose_name_plural = _("Verknüpfungen von Vorlagen")

    def __str__(self):
        return f"{self.paper.number} → {self.remote_reference or self.remote_id}"

    @property
    def municipality(self):
        return self.paper.municipality


class ConsultationLink(TimeStampedModel):
    """Our Beratung is this consultation of the council system (so a re-read updates it)."""

    consultation = models.OneToOneField(
        Consultation,
        on_delete=models.CASCADE,
        related_name="ris_link",
        verbose_name=_("Beratung"),
    )
    remote_id = models.URLField(_("OParl-Adresse der Beratung"), max_length=REMOTE_URL_LENGTH)

    class Meta:
        verbose_name = _("Verknüpfung einer Beratung")
        verbose_name_plural = _("Verknüpfungen von Beratungen")

    def __str__(self):
        return self.remote_id


class MeetingLink(TimeStampedModel):
    """Our Sitzung is this meeting of the council system (created or matched on import)."""

    meeting = models.OneToOneField(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="ris_link",
        verbose_name=_("Sitzung"),
    )
    remote_id = models.URLField(_("OParl-Adresse der Sitzung"), max_length=REMOTE_URL_LENGTH)

    class Meta:
        verbose_name = _("Verknüpfung einer Sitzung")
        verbose_name_plural = _("Verknüpfungen von Sitzungen")

    def __str__(self):
        return self.remote_id
