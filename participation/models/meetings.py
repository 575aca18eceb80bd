import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import (
    Measure,
    Membership,
    Municipality,
    OperationalGoal,
    StrategicGoal,
    TimeStampedModel,
)
from concepts.rules import role_in
from participation.models.groups import WorkingGroup


class MeetingQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")

    def visible_to(self, user, municipality):
        """Staff and council see every meeting of the town; members those of their groups and
        the open formats; everybody else nothing. Mirrors `participation.rules.can_view_meeting`.
        """
        if user.is_superuser:
            return self
        role = role_in(user, municipality)
        if role in (Membership.Role.STAFF, Membership.Role.COUNCIL):
            return self
        if role == Membership.Role.MEMBER:
            return self.filter(
                models.Q(kind__in=Meeting.OPEN_KINDS)
                | models.Q(group__in=WorkingGroup.objects.with_member(user))
            )
        return self.none()


class Meeting(TimeStampedModel):
    """A Treffen: Netzwerktreffen, AG-Sitzung, Konferenz …, with agenda, minutes and results."""

    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Netzwerktreffen")
        GROUP_SESSION = "group_session", _("AG-Sitzung")
        STEERING_GROUP = "steering_group", _("Steuerungsgruppe")
        CONFERENCE = "conference", _("Integrationskonferenz")
        DIALOGUE_FORUM = "dialogue_forum", _("Dialogforum")
        KICKOFF = "kickoff", _("Auftaktveranstaltung")

    class Method(models.TextChoices):
        MEETING = "meeting", _("Sitzung/Besprechung")
        WORLD_CAFE = "world_cafe", _("World Café")
        OPEN_SPACE = "open_space", _("Open Space")
        FUTURE_WORKSHOP = "future_workshop", _("Zukunftswerkstatt")
        FISHBOWL = "fishbowl", _("Fishbowl")
        WORKSHOP = "workshop", _("Workshop")
        TALK = "talk", _("Vortrag mit Diskussion")
        SURVEY = "survey", _("Onlineumfrage")

    # Formats every member of the town may see, not only the members of one group.
    OPEN_KINDS = (Kind.NETWORK_MEETING, Kind.DIALOGUE_FORUM, Kind.CONFERENCE)

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("Kommune")
    )
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("Arbeitsgruppe/Gremium"),
        help_text=_("Leer lassen bei offenen Formaten wie Dialogforum oder Konferenz."),
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.GROUP_SESSION
    )
    title = models.CharField(_("Titel"), max_length=250)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    place = models.CharField(_("Ort"), max_length=250, blank=True)
    method = models.CharField(_("Methode"), max_length=20, choices=Method.choices, blank=True)
    agenda = models.TextField(_("Tagesordnung (Markdown)"), blank=True)
    invited_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_invited_to",
        verbose_name=_("eingeladene Personen"),
    )
    invited_guests = models.TextField(
        _("weitere Eingeladene"),
        blank=True,
        help_text=_("Gäste ohne Konto: eine Person oder Organisation je Zeile."),
    )
    present_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("anwesende Personen"),
    )
    present_guests = models.TextField(
        _("weitere Anwesende"),
        blank=True,
        help_text=_("Gäste ohne Konto: eine Person oder Organisation je Zeile."),
    )
    minutes = models.TextField(_("Protokoll (Markdown)"), blank=True)
    results = models.TextField(_("Ergebnisse (Markdown)"), blank=True)
    strategic_goals = models.ManyToManyField(
        StrategicGoal, blank=True, related_name="meetings", verbose_name=_("betroffene Leitziele")
    )
    operational_goals = models.ManyToManyField(
        OperationalGoal,
        blank=True,
        related_name="meetings",
        verbose_name=_("betroffene Handlungsziele"),
    )
    measures = models.ManyToManyField(
        Measure, blank=True, related_name="meetings", verbose_name=_("betroffene Maßnahmen")
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("Treffen")
        verbose_name_plural = _("Treffen")

    def __str__(self):
        return self.title

    @property
    def is_open_format(self):
        return self.kind in self.OPEN_KINDS

    @property
    def invited_guest_list(self):
        return [line.strip() for line in self.invited_guests.splitlines() if line.strip()]

    @property
    def present_guest_list(self):
        return [line.strip() for line in self.present_guests.splitlines() if line.strip()]

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende darf nicht vor dem Beginn liegen.")})
        if self.group_id and self.group.municipality_id != self.municipality_id:
            raise ValidationError(
                {"group": _("Die Arbeitsgruppe gehört zu einer anderen Kommune.")}
            )


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name: the uploader's file name never reaches the file system."""
    return f"attachments/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(TimeStampedModel):
    """Anlage of a meeting (PDF, DOCX, image); served only through a permission-checked view."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("Treffen")
    )
    file = models.FileField(_("Datei"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    extension = models.CharField(_("Dateiendung"), max_length=10)
    content_type = models.CharField(_("Dateityp"), max_length=100)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["original_name", "pk"]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self):
        return self.original_name
