import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import TimeStampedModel
from participation.models.groups import WorkingGroup

INVITATION_VALID_DAYS = 14


def hash_token(token: str) -> str:
    """Only the hash is stored: a leaked database does not hand out valid links."""
    return hashlib.sha256(token.encode()).hexdigest()


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(group__municipality=municipality)

    def pending(self, now=None):
        return self.filter(accepted_at__isnull=True, expires_at__gt=now or timezone.now())

    def by_token(self, token):
        return self.filter(token_hash=hash_token(token))


class Invitation(TimeStampedModel):
    """Einladung into a working group, sent by e-mail with a link that expires."""

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("Arbeitsgruppe"),
    )
    email = models.EmailField(_("E-Mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    expires_at = models.DateTimeField(_("gültig bis"), default=default_expiry)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angenommen von"),
    )

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self):
        return f"{self.email} → {self.group}"

    @property
    def municipality(self):
        return self.group.municipality

    @property
    def is_used(self):
        return self.accepted_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()
