"""Online surveys (Onlineumfragen): Umfrage → Survey · Abschnitt/Seite → SurveySection ·
Frage → Question · persönlicher Link → SurveyLink · Antwort (eines Menschen) → Response ·
Antwort auf eine Frage → Answer · Zitat im Konzept → SurveyCitation.

Privacy by construction: no model here stores an IP address or a user agent. Responses and
answers carry no history (django-simple-history would keep what the retention period deletes).
In anonymous mode a response keeps no link to a person or a personal link once submitted.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import Actor, Edition, FieldOfAction, Municipality, TimeStampedModel
from participation.models.contacts import ContactPerson

# Longest text answer accepted (long text); short text answers are cut at SHORT_TEXT_LIMIT.
LONG_TEXT_LIMIT = 5000
SHORT_TEXT_LIMIT = 300

DEFAULT_LIKERT = (
    "trifft voll zu\ntrifft eher zu\nteils/teils\ntrifft eher nicht zu\ntrifft nicht zu"
)


TOKEN_SALT = "participation.survey-link"  # noqa: S105 - a salt, not a secret


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def new_open_key() -> str:
    return secrets.token_urlsafe(12)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SurveyQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)


class Survey(TimeStampedModel):
    """A survey of the town, for one edition of its concept (and optionally some fields)."""

    class Audience(models.TextChoices):
        PERSONAL = "personal", _("persönliche Links an Ansprechpersonen der Akteure")
        OPEN = "open", _("offener Link (z. B. für Einwohnerinnen und Einwohner)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("Kommune")
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("Fassung des Konzepts"),
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        blank=True,
        related_name="surveys",
        verbose_name=_("Handlungsfelder"),
        help_text=_("Leer: die Umfrage gilt dem ganzen Konzept."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    intro = models.TextField(_("Einleitung (Markdown)"), blank=True)
    privacy_notice = models.TextField(
        _("Datenschutzhinweis (Markdown)"),
        help_text=_("Wird vor der ersten Frage gezeigt: wer fragt, wozu, wie lange gespeichert."),
    )
    audience = models.CharField(
        _("Zielgruppe"), max_length=10, choices=Audience.choices, default=Audience.PERSONAL
    )
    anonymous = models.BooleanField(
        _("anonym"),
        default=False,
        help_text=_(
            "Nach dem Absenden bleibt keine Verbindung zwischen Antwort und Person oder Link."
        ),
    )
    opens_on = models.DateField(_("Beginn"))
    closes_on = models.DateField(
        _("Ende"), help_text=_("Bis einschließlich diesem Tag sind Antworten möglich.")
    )
    closed_at = models.DateTimeField(_("vorzeitig geschlossen am"), null=True, blank=True)
    open_key = models.CharField(max_length=32, unique=True, default=new_open_key, editable=False)
    invitation_text = models.TextField(
        _("Text der Einladung"),
        default=_(
            "Guten Tag,\n\nwir schreiben das Integrationskonzept fort und bitten Sie um Ihre "
            "Einschätzung. Die Umfrage dauert etwa 15 Minuten."
        ),
    )
    reminder_text = models.TextField(
        _("Text der Erinnerung"),
        default=_(
            "Guten Tag,\n\nwir erinnern freundlich an unsere Umfrage. Ihre Einschätzung ist uns "
            "wichtig."
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("Aufbewahrung der Antworten (Tage nach dem Ende)"),
        default=365,
        help_text=_("Danach löscht der Befehl „survey_delete_expired“ die Antworten."),
    )
    answers_deleted_at = models.DateTimeField(_("Antworten gelöscht am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    objects = SurveyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("Umfrage")
        verbose_name_plural = _("Umfragen")

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Das Ende muss nach dem Beginn liegen.")})
        if self.edition_id and self.municipality_id:
            if self.edition.concept.municipality_id != self.municipality_id:
                raise ValidationError(
                    {"edition": _("Die Fassung gehört zu einer anderen Kommune.")}
                )

    def accepts_answers(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.closed_at is None
            and self.answers_deleted_at is None
            and self.opens_on <= today <= self.closes_on
        )

    @property
    def status_label(self) -> str:
        today = timezone.localdate()
        if self.answers_deleted_at:
            return _("Antworten gelöscht")
        if self.closed_at or today > self.closes_on:
            return _("beendet")
        if today < self.opens_on:
            return _("geplant")
        return _("läuft")

    @property
    def retention_ends_on(self) -> datetime.date:
        end = self.closed_at.date() if self.closed_at else self.closes_on
        return end + datetime.timedelta(days=self.retention_days)


class SurveySection(TimeStampedModel):
    """A page of the survey: respondents answer one section at a time."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("Umfrage")
    )
    title = models.CharField(_("Überschrift"), max_length=200)
    description = models.TextField(_("Erläuterung (Markdown)"), blank=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Abschnitt")
        verbose_name_plural = _("Abschnitte")

    def __str__(self):
        return self.title


class Question(TimeStampedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Einfachauswahl")
        MULTIPLE = "multiple", _("Mehrfachauswahl")
        SCALE = "scale", _("Bewertungsskala")
        MATRIX = "matrix", _("Matrix (Likert)")
        NUMBER = "number", _("Zahl")
        DATE = "date", _("Datum")
        SHORT_TEXT = "short_text", _("kurzer Text")
        LONG_TEXT = "long_text", _("langer Text")
        RANKING = "ranking", _("Rangfolge der Handlungsfelder")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)

    section = models.ForeignKey(
        SurveySection,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("Abschnitt"),
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=1)
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("Frage"), max_length=500)
    help_text = models.CharField(_("Hilfetext"), max_length=500, blank=True)
    required = models.BooleanField(_("Pflichtfrage"), default=False)
    options = models.TextField(
        _("Antwortmöglichkeiten"),
        blank=True,
        help_text=_(
            "Eine je Zeile (Auswahl; bei der Matrix die Stufen, leer: „trifft voll zu“ … "
            "„trifft nicht zu“)."
        ),
    )
    rows = models.TextField(
        _("Aussagen der Matrix"), blank=True, help_text=_("Eine je Zeile (nur Matrix).")
    )
    allow_other = models.BooleanField(
        _("„Sonstiges: ___“ anbieten"), default=False, help_text=_("Nur bei Auswahlfragen.")
    )
    scale_max = models.PositiveSmallIntegerField(
        _("Skala von 1 bis"), default=5, help_text=_("Nur bei der Bewertungsskala (2–10).")
    )
    scale_min_label = models.CharField(_("Beschriftung der 1"), max_length=60, blank=True)
    scale_max_label = models.CharField(
        _("Beschriftung der höchsten Stufe"), max_length=60, blank=True
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Handlungsfeld"),
        help_text=_("Optional: das Handlungsfeld, dem die Frage gilt (Filter der Ergebnisse)."),
    )
    condition_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nur zeigen, wenn die Frage"),
        help_text=_("Eine Auswahlfrage auf einer früheren Seite."),
    )
    condition_values = models.TextField(
        _("… eine dieser Antworten hat"),
        blank=True,
        help_text=_("Eine Antwortmöglichkeit je Zeile."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["section__position", "position", "pk"]
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")

    def __str__(self):
        return self.text

    @property
    def option_list(self) -> list[str]:
        if self.kind == self.Kind.MATRIX:
            return lines(self.options) or lines(DEFAULT_LIKERT)
        if self.kind == self.Kind.SCALE:
            return [str(n) for n in range(1, self.scale_max + 1)]
        return lines(self.options)

    @property
    def row_list(self) -> list[str]:
        return lines(self.rows)

    @property
    def condition_list(self) -> list[str]:
        return lines(self.condition_values)

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS

    def clean(self):
        errors = {}
        if self.kind in self.CHOICE_KINDS and len(self.option_list) < 2:
            errors["options"] = _("Bitte mindestens zwei Antwortmöglichkeiten eingeben.")
        if self.kind == self.Kind.MATRIX and not self.row_list:
            errors["rows"] = _("Bitte mindestens eine Aussage für die Matrix eingeben.")
        if self.kind == self.Kind.SCALE and not 2 <= self.scale_max <= 10:
            errors["scale_max"] = _("Die höchste Stufe der Skala muss zwischen 2 und 10 liegen.")
        condition = self.condition_question
        if condition is not None:
            if condition.kind not in self.CHOICE_KINDS + (self.Kind.SCALE,):
                errors["condition_question"] = _("Bedingungen gehen nur mit Auswahlfragen.")
            elif condition.section.survey_id != self.section.survey_id or (
                condition.section.position >= self.section.position
            ):
                errors["condition_question"] = _(
                    "Die Bedingung muss eine Frage einer früheren Seite derselben Umfrage sein."
                )
            elif not self.condition_list:
                errors["condition_values"] = _("Bitte mindestens eine Antwort für die Bedingung.")
            elif set(self.condition_list) - set(condition.option_list):
                errors["condition_values"] = _(
                    "Jede Antwort der Bedingung muss eine Antwortmöglichkeit der Frage sein."
                )
        if errors:
            raise ValidationError(errors)


class SurveyLink(TimeStampedModel):
    """A personal link for one contact person of an actor: one response per link."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="links", verbose_name=_("Umfrage")
    )
    contact_person = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_links",
        verbose_name=_("Ansprechperson"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Akteur"),
    )
    email = models.EmailField(_("E-Mail"))
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    sent_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("erinnert am"), null=True, blank=True)
    # Anonymous surveys keep only that the link was used, not when (no match by time).
    answered = models.BooleanField(_("beantwortet"), default=False)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("persönlicher Link")
        verbose_name_plural = _("persönliche Links")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="survey_link_once_per_email")
        ]

    def __str__(self):
        return f"{self.email} → {self.survey}"

    def make_token(self) -> str:
        """The link's secret: signed, naming the link and its nonce (the database holds no
        usable link without the SECRET_KEY)."""
        return signing.dumps([self.pk, self.nonce], salt=TOKEN_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str, *, municipality: Municipality) -> SurveyLink | None:
        """The link the token names, or None when it is forged or not this town's."""
        try:
            pk, nonce = signing.loads(token, salt=TOKEN_SALT)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        link = (
            cls.objects.select_related("survey", "actor")
            .filter(pk=pk, survey__municipality=municipality)
            .first()
        )
        if link is None or not secrets.compare_digest(link.nonce, str(nonce)):
            return None
        return link


class ResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class Response(models.Model):
    """What one person answered. No IP address, no user agent, no history.

    `link` ties a personal response to its link (one response per link, editable until the
    end); in anonymous mode it is cut when the response is submitted. `actor_kind` is kept for
    the results' filter (a kind of organisation, not a person).
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("Umfrage")
    )
    link = models.OneToOneField(
        SurveyLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("persönlicher Link"),
    )
    actor_kind = models.CharField(
        _("Art des Akteurs"), max_length=20, choices=Actor.Kind.choices, blank=True
    )
    started_on = models.DateField(_("begonnen am"), default=timezone.localdate)
    submitted_at = models.DateTimeField(_("abgesendet am"), null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")

    def __str__(self):
        return f"Antwort {self.pk} zu {self.survey}"


class Answer(models.Model):
    """The answer to one question: `value` is text, a number, a list or {row: level}."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("Antwort")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("Frage")
    )
    value = models.JSONField(_("Wert"))
    tags = models.ManyToManyField(
        FieldOfAction,
        blank=True,
        related_name="+",
        verbose_name=_("Handlungsfelder (Zuordnung der Stabsstelle)"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Antwort auf eine Frage")
        verbose_name_plural = _("Antworten auf Fragen")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.value}"


class SurveyCitation(TimeStampedModel):
    """A question's result cited below a field of action (its Ausgangslage) in the concept."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="citations", verbose_name=_("Frage")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="survey_citations",
        verbose_name=_("Handlungsfeld"),
    )
    note = models.CharField(_("Einordnung"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["field_of_action", "pk"]
        verbose_name = _("Zitat aus einer Umfrage")
        verbose_name_plural = _("Zitate aus Umfragen")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "field_of_action"], name="survey_citation_once"
            )
        ]

    def __str__(self):
        return f"{self.question} → {self.field_of_action}"
