"""Review of draft chapters (Prüfrunden): Prüfrunde → ReviewRound · Kommentar → Comment ·
Benachrichtigungseinstellungen → NotificationSettings.

A round freezes the chapter text it shows (`text`), split into numbered paragraphs, so a
comment on "Absatz 3" keeps meaning the same words however the chapter changes later.
"""

import re
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import Chapter, TimeStampedModel
from concepts.rules import role_in
from participation.models.groups import WorkingGroup

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def split_paragraphs(text: str | None) -> list[str]:
    """Markdown blocks separated by blank lines; a list or table stays one block."""
    text = (text or "").replace("\r\n", "\n").strip()
    return [block.strip() for block in PARAGRAPH_BREAK.split(text) if block.strip()]


class ReviewRoundQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(chapter__edition__concept__municipality=municipality)

    def open(self):
        return self.filter(status=ReviewRound.Status.OPEN)

    def visible_to(self, user, municipality):
        """Staff see every round of the town; members only rounds for one of their groups."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        role = role_in(user, municipality)
        if role == "staff":
            return self
        if role == "member":
            return self.filter(
                Exists(
                    ReviewRound.groups.through.objects.filter(
                        reviewround_id=OuterRef("pk"),
                        workinggroup__memberships__user=user,
                    )
                )
            )
        return self.none()


class ReviewRound(TimeStampedModel):
    """The Stabsstelle asks one or more working groups for comments on a draft chapter."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        CLOSED = "closed", _("abgeschlossen")

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="review_rounds", verbose_name=_("Kapitel")
    )
    groups = models.ManyToManyField(
        WorkingGroup, related_name="review_rounds", verbose_name=_("Arbeitsgruppen")
    )
    title = models.CharField(_("Überschrift des Kapitels"), max_length=250)
    text = models.TextField(_("vorgelegter Text (Markdown)"))
    note = models.TextField(
        _("Hinweis an die Arbeitsgruppen (Markdown)"),
        blank=True,
        help_text=_("z. B. worauf die Rückmeldung besonders achten soll."),
    )
    deadline = models.DateField(
        _("Frist"), help_text=_("Bis einschließlich diesem Tag sind Kommentare möglich.")
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("eröffnet von"),
    )
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgeschlossen von"),
    )
    reminder_sent_at = models.DateTimeField(
        _("Erinnerung an die Frist verschickt"), null=True, blank=True
    )

    objects = ReviewRoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("Prüfrunde")
        verbose_name_plural = _("Prüfrunden")

    def __str__(self):
        return f"Prüfrunde: {self.title}"

    @property
    def municipality(self):
        return self.chapter.edition.concept.municipality

    @cached_property
    def paragraphs(self):
        """The frozen text as numbered paragraphs: [(1, "…"), (2, "…"), …]."""
        return list(enumerate(split_paragraphs(self.text), start=1))

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def deadline_passed(self):
        return timezone.localdate() > self.deadline

    @property
    def accepts_comments(self):
        return self.is_open and not self.deadline_passed


class CommentQuerySet(models.QuerySet):
    def by(self, user):
        return self.filter(author=user)

    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Comment(TimeStampedModel):
    """A comment on one paragraph of the round's frozen text, or on the whole chapter.

    Replies (`parent`) form one level of threads under a top-level comment.
    """

    class Disposition(models.TextChoices):
        ACCEPTED = "accepted", _("übernommen")
        PARTLY_ACCEPTED = "partly_accepted", _("teilweise übernommen")
        REJECTED = "rejected", _("nicht übernommen")
        DONE = "done", _("erledigt")

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="comments", verbose_name=_("Prüfrunde")
    )
    paragraph = models.PositiveIntegerField(
        _("Absatz"), null=True, blank=True, help_text=_("Leer: zum ganzen Kapitel.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("Antwort auf"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_comments",
        verbose_name=_("verfasst von"),
    )
    text = models.TextField(_("Kommentar (Markdown)"))
    edited_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)
    disposition = models.CharField(
        _("Entscheidung"), max_length=20, choices=Disposition.choices, blank=True
    )
    answer = models.TextField(_("Antwort der Stabsstelle (Markdown)"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beantwortet von"),
    )
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        constraints = [
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | Q(paragraph__gte=1),
                name="comment_paragraph_from_one",
            )
        ]

    def __str__(self):
        return f"Kommentar {self.pk} zu {self.round}"

    def clean(self):
        parent = self.parent
        if parent is not None:
            if parent.parent_id or parent.round_id != self.round_id:
                raise ValidationError(
                    {"parent": _("Antworten gehören zu einem Kommentar derselben Prüfrunde.")}
                )
            if self.paragraph != parent.paragraph:
                raise ValidationError(
                    {"paragraph": _("Eine Antwort gilt dem Absatz ihres Kommentars.")}
                )

    @property
    def is_edited(self):
        return self.edited_at is not None

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def anchor(self):
        return f"kommentar-{self.pk}"

    @property
    def paragraph_label(self):
        return f"Absatz {self.paragraph}" if self.paragraph else "gesamtes Kapitel"


class NotificationSettings(TimeStampedModel):
    """Which e-mails about review rounds a person wants; no row means all of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("Person"),
    )
    round_opened = models.BooleanField(_("neue Prüfrunde für meine Arbeitsgruppe"), default=True)
    reply = models.BooleanField(_("Antwort auf meinen Kommentar"), default=True)
    deadline_reminder = models.BooleanField(_("Erinnerung drei Tage vor der Frist"), default=True)
    round_closed = models.BooleanField(
        _("Prüfrunde abgeschlossen, mit den Antworten der Stabsstelle"), default=True
    )

    history = HistoricalRecords()

    KINDS = ("round_opened", "reply", "deadline_reminder", "round_closed")

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")

    def __str__(self):
        return f"Benachrichtigungen für {self.user}"
