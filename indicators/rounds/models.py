"""The controlling cycle: Berichtsrunde → ReportingRound · Meldung einer Person → ReportingTask.

The Stabsstelle starts a round for one edition with a Stichtag and a deadline. Everyone named as
responsible for a measure or an indicator of that edition (by e-mail address) gets one task and
a link that works without an account: the link carries a signed token naming the task and its
`nonce`, so it only opens that person's items, expires (`REPORTING_LINK_MAX_AGE`), and is void
once the round is closed or the nonce is renewed.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import Edition
from concepts.models.base import TimeStampedModel

TOKEN_SALT = "indicators.reporting-task"  # noqa: S105 - a salt, not a secret
# How long a link from an invitation or reminder works (seconds); each reminder signs anew.
LINK_MAX_AGE_DEFAULT = 60 * 60 * 24 * 60


def link_max_age() -> int:
    return getattr(settings, "REPORTING_LINK_MAX_AGE", LINK_MAX_AGE_DEFAULT)


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class ReportingRoundQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(edition__concept__municipality=municipality)

    def open(self):
        return self.filter(status=ReportingRound.Status.OPEN)


class ReportingRound(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        CLOSED = "closed", _("abgeschlossen")

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="reporting_rounds",
        verbose_name=_("Fassung"),
    )
    title = models.CharField(_("Titel"), max_length=200, help_text=_("z. B. „Bericht 2025“"))
    reference_date = models.DateField(
        _("Stichtag"), help_text=_("Auf diesen Tag beziehen sich die gemeldeten Werte.")
    )
    deadline = models.DateField(_("Meldefrist"), help_text=_("Bis wann sollen alle melden?"))
    message = models.TextField(
        _("Nachricht an die Verantwortlichen"),
        blank=True,
        help_text=_("Erscheint in der E-Mail und auf der Meldeseite."),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestartet von"),
    )
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgeschlossen von"),
    )
    report = models.FileField(_("Controllingbericht (PDF)"), upload_to="controlling/", blank=True)

    objects = ReportingRoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reference_date", "-pk"]
        verbose_name = _("Berichtsrunde")
        verbose_name_plural = _("Berichtsrunden")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.edition.municipality

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class ReportingTask(TimeStampedModel):
    """One person's part of a round: everything that names their e-mail as responsible."""

    round = models.ForeignKey(
        ReportingRound,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("Berichtsrunde"),
    )
    email = models.EmailField(_("E-Mail"))
    name = models.CharField(_("Name"), max_length=200, blank=True)
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    invited_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)
    reported_at = models.DateTimeField(_("gemeldet am"), null=True, blank=True)
    last_reminded_on = models.DateField(_("zuletzt erinnert am"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("Erinnerungen"), default=0)
    note = models.TextField(_("Anmerkung der meldenden Person"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "email"]
        verbose_name = _("Meldung in einer Berichtsrunde")
        verbose_name_plural = _("Meldungen in Berichtsrunden")
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="one_task_per_round_and_email")
        ]

    def __str__(self):
        return f"{self.name or self.email} ({self.round})"

    @property
    def has_reported(self):
        return self.reported_at is not None

    def make_token(self):
        return signing.dumps([self.pk, self.nonce], salt=TOKEN_SALT, compress=True)

    @classmethod
    def from_token(cls, token, *, municipality):
        """The task the token names, or None when it is forged, expired or not this town's."""
        try:
            pk, nonce = signing.loads(token, salt=TOKEN_SALT, max_age=link_max_age())
        except (signing.BadSignature, ValueError, TypeError):
            return None
        task = (
            cls.objects.select_related("round__edition__concept__municipality")
            .filter(pk=pk, round__edition__concept__municipality=municipality)
            .first()
        )
        if task is None or not secrets.compare_digest(task.nonce, str(nonce)):
            return None
        return task
