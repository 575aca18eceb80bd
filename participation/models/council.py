"""The council path: bodies, their meetings, Vorlagen and their Beratungsfolge.

Named as OParl 1.1 names them so that the API is a thin mapping:
Gremium → Committee (Organization) · Mitgliedschaft im Gremium → CommitteeMembership
(Membership) · Sitzung → CommitteeMeeting (Meeting) · TOP → AgendaItem · Vorlage → Paper ·
Beratung → Consultation · Änderungsantrag → Amendment · Anlage einer Vorlage →
PaperAttachment (File) · Wahlperiode → LegislativeTerm · Nummernkreis → PaperNumbering
"""

import os
import re
import string
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import Edition, Municipality, TimeStampedModel


class LegislativeTerm(TimeStampedModel):
    """Wahlperiode of the town's council."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="legislative_terms",
        verbose_name=_("Kommune"),
    )
    name = models.CharField(_("Bezeichnung"), max_length=100, help_text=_("z. B. „2020–2025“"))
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("Wahlperiode")
        verbose_name_plural = _("Wahlperioden")

    def __str__(self):
        return self.name

    def clean(self):
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende darf nicht vor dem Beginn liegen.")})


class CommitteeQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def active(self):
        return self.filter(is_active=True)


class Committee(TimeStampedModel):
    """A Gremium: the council, a committee, the Integrationsrat, a Beirat or a Kommission."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Rat/Stadtrat/Bürgerschaft")
        COMMITTEE = "committee", _("Ausschuss")
        INTEGRATION_COUNCIL = "integration_council", _("Integrationsrat")
        ADVISORY_BOARD = "advisory_board", _("Beirat")
        COMMISSION = "commission", _("Kommission")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="committees",
        verbose_name=_("Kommune"),
    )
    name = models.CharField(
        _("Name"), max_length=200, help_text=_("z. B. „Haupt- und Finanzausschuss“")
    )
    short_name = models.CharField(
        _("Kurzname"), max_length=40, blank=True, help_text=_("z. B. „HFA“")
    )
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    position = models.PositiveIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter oben.")
    )
    seats = models.PositiveIntegerField(
        _("stimmberechtigte Sitze"),
        null=True,
        blank=True,
        help_text=_(
            "Zahl der Stimmberechtigten; dient der Prüfung der Stimmenzahlen. Leer lassen, "
            "wenn alle Mitglieder einzeln erfasst sind: dann zählen diese."
        ),
    )
    is_active = models.BooleanField(_("besteht"), default=True)
    website = models.URLField(_("Webseite"), blank=True)

    objects = CommitteeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="committee_name_unique_per_municipality"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_council(self):
        return self.kind == self.Kind.COUNCIL

    def voting_members_on(self, day):
        """How many members may vote on `day`, or None when nobody knows.

        `seats` when given; otherwise the recorded memberships with voting right on that day
        (a body whose members are not recorded has no known size).
        """
        if self.seats is not None:
            return self.seats
        memberships = [m for m in self.memberships.all() if m.voting_right and m.is_active_on(day)]
        return len(memberships) or None


class CommitteeMembership(TimeStampedModel):
    """A person's seat in a body (OParl Membership); the person may have no account here."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Vorsitz")
        DEPUTY_CHAIR = "deputy_chair", _("stellv. Vorsitz")
        MEMBER = "member", _("Mitglied")
        DEPUTY = "deputy", _("Stellvertretung")
        ADVISORY = "advisory", _("beratendes Mitglied")

    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Gremium"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_memberships",
        verbose_name=_("Benutzerkonto"),
    )
    person_name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Funktion"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting_right = models.BooleanField(_("stimmberechtigt"), default=True)
    party_group = models.CharField(
        _("Ratsfraktion"), max_length=120, blank=True, help_text=_("z. B. „SPD-Fraktion“")
    )
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(_("Ende"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "person_name"]
        verbose_name = _("Mitgliedschaft im Gremium")
        verbose_name_plural = _("Mitgliedschaften in Gremien")

    def __str__(self):
        return f"{self.person_name} ({self.committee})"

    @property
    def municipality(self):
        return self.committee.municipality

    def is_active_on(self, day):
        if day is None:
            return self.ends_on is None
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Das Ende darf nicht vor dem Beginn liegen.")})


class CommitteeMeetingQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(committee__municipality=municipality)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now(), cancelled=False).order_by(
            "starts_at"
        )

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class CommitteeMeeting(TimeStampedModel):
    """A Sitzung of a body (OParl Meeting)."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("Gremium"),
    )
    name = models.CharField(
        _("Bezeichnung"),
        max_length=200,
        blank=True,
        help_text=_("Leer lassen für „<Sitzung des Gremiums>“, z. B. „12. Sitzung“."),
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.CharField(
        _("Ort"), max_length=250, blank=True, help_text=_("z. B. „Rathaus, Ratssaal“")
    )
    is_public = models.BooleanField(
        _("öffentlich"),
        default=True,
        help_text=_("Einzelne Tagesordnungspunkte können trotzdem nichtöffentlich sein."),
    )
    cancelled = models.BooleanField(_("abgesagt"), default=False)

    objects = CommitteeMeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")

    def __str__(self):
        return f"{self.committee} am {timezone.localtime(self.starts_at):%d.%m.%Y}"

    @property
    def municipality(self):
        return self.committee.municipality

    @property
    def date(self):
        return timezone.localdate(self.starts_at)

    @property
    def state(self):
        """Sitzungsstatus in words (OParl meetingState)."""
        if self.cancelled:
            return _("abgesagt")
        if self.starts_at > timezone.now():
            return _("geplant")
        return _("durchgeführt")

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        if self.pk and not self.is_public and self.consultations.filter(is_public=True).exists():
            errors["is_public"] = _(
                "In dieser Sitzung stehen öffentliche Beratungen von Vorlagen. Bitte diese "
                "zuerst auf nichtöffentlich setzen oder die Sitzung öffentlich lassen."
            )
        if errors:
            raise ValidationError(errors)


class AgendaItem(TimeStampedModel):
    """A Tagesordnungspunkt of a meeting; a Vorlage is consulted in one (OParl AgendaItem)."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("Sitzung"),
    )
    number = models.CharField(_("TOP"), max_length=20, help_text=_("z. B. „5“ oder „5.1“"))
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    name = models.CharField(_("Titel"), max_length=300)
    is_public = models.BooleanField(_("öffentlich"), default=True)
    result = models.CharField(
        _("Ergebnis (Text)"),
        max_length=300,
        blank=True,
        help_text=_("Bei Punkten mit Vorlage aus dem Ergebnis der Beratung übernommen."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")

    def __str__(self):
        return f"TOP {self.number}: {self.name}"

    @property
    def municipality(self):
        return self.meeting.municipality


class PaperKind(models.TextChoices):
    RESOLUTION = "resolution", _("Beschlussvorlage")
    ADMINISTRATIVE = "administrative", _("Verwaltungsvorlage")
    MOTION = "motion", _("Antrag")
    NOTICE = "notice", _("Mitteilungsvorlage")


class PaperNumbering(TimeStampedModel):
    """A town's Nummernkreis for Vorlagen: a pattern and the last number given per year.

    Placeholders: `{nr}` (counter, with format e.g. `{nr:04d}`), `{jahr}` (2018),
    `{jahr_kurz}` (18), `{art}` (BV, VV, AN, MV). `kind` empty: one counter for all kinds.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="paper_numberings",
        verbose_name=_("Kommune"),
    )
    kind = models.CharField(
        _("Art der Vorlage"),
        max_length=30,
        blank=True,
        choices=PaperKind.choices,
        help_text=_("Leer lassen, wenn alle Arten einen gemeinsamen Nummernkreis haben."),
    )
    pattern = models.CharField(
        _("Muster"),
        max_length=80,
        default="BV/{nr:04d}/{jahr}",
        help_text=_(
            "Platzhalter: {nr} laufende Nummer (z. B. {nr:04d} vierstellig), {jahr}, "
            "{jahr_kurz}, {art}. Beispiele: BV/{nr:04d}/{jahr} → BV/0546/2018; "
            "{jahr}/{art}/{nr} → 2011/BV/2285."
        ),
    )
    counters = models.JSONField(
        _("zuletzt vergebene Nummer je Jahr"),
        default=dict,
        blank=True,
        help_text=_('z. B. {"2018": 545}: die nächste Vorlage 2018 erhält Nummer 546.'),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "kind"]
        verbose_name = _("Nummernkreis für Vorlagen")
        verbose_name_plural = _("Nummernkreise für Vorlagen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"], name="one_numbering_per_municipality_and_kind"
            )
        ]

    def __str__(self):
        return f"{self.municipality.name}: {self.pattern}"

    FIELDS = {"nr", "jahr", "jahr_kurz", "art"}

    def clean(self):
        try:
            names = {
                name for _text, name, _spec, _conv in string.Formatter().parse(self.pattern) if name
            }
        except ValueError:
            raise ValidationError(
                {"pattern": _("Das Muster enthält eine nicht geschlossene Klammer { }.")}
            ) from None
        unknown = names - self.FIELDS
        if unknown:
            raise ValidationError(
                {
                    "pattern": _(
                        "Unbekannter Platzhalter %(names)s. Erlaubt sind {nr}, {jahr}, "
                        "{jahr_kurz} und {art}."
                    )
                    % {"names": ", ".join(sorted("{" + n + "}" for n in unknown))}
                }
            )
        if "nr" not in names:
            raise ValidationError(
                {"pattern": _("Das Muster braucht die laufende Nummer {nr}, z. B. {nr:04d}.")}
            )
        try:
            self.format(nr=1, year=2000, kind_code="BV")
        except (ValueError, TypeError):
            raise ValidationError(
                {"pattern": _("Die Formatangabe passt nicht; Beispiel für vierstellig: {nr:04d}.")}
            ) from None

    def format(self, *, nr, year, kind_code):
        return self.pattern.format(nr=nr, jahr=year, jahr_kurz=f"{year % 100:02d}", art=kind_code)

    def last_number(self, year):
        return int(self.counters.get(str(year), 0))


class PaperQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(municipality=municipality)

    def published(self):
        """Vorlagen the public may read: those with a public consultation (see
        `ConsultationQuerySet.public`); before that a Vorlage is the Stabsstelle's draft."""
        public = Consultation.objects.public().filter(paper=models.OuterRef("pk"))
        return self.filter(models.Exists(public))


class FinancialEffect(models.TextChoices):
    UNKNOWN = "", _("keine Angabe")
    NONE = "none", _("keine")
    YES = "yes", _("ja")


class FundsAvailable(models.TextChoices):
    UNKNOWN = "", _("keine Angabe")
    YES = "yes", _("ja")
    PARTLY = "partly", _("teilweise")
    NO = "no", _("nein")


class Paper(TimeStampedModel):
    """A Vorlage: the paper a body consults and the council decides on (OParl Paper)."""

    Kind = PaperKind
    FinancialEffect = FinancialEffect
    FundsAvailable = FundsAvailable

    KIND_CODES = {
        Kind.RESOLUTION: "BV",
        Kind.ADMINISTRATIVE: "VV",
        Kind.MOTION: "AN",
        Kind.NOTICE: "MV",
    }

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="papers",
        verbose_name=_("Kommune"),
    )
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices, default=Kind.RESOLUTION)
    number = models.CharField(
        _("Vorlagen-Nr."),
        max_length=80,
        help_text=_("Wird beim Anlegen aus dem Nummernkreis der Kommune vergeben."),
    )
    # Date and author may be unknown (an older Vorlage entered from the archive): then the
    # Vorlage and its PDF say nothing instead of inventing them (issue 14).
    date = models.DateField(
        _("Datum"), null=True, blank=True, help_text=_("Leer lassen, wenn nicht bekannt.")
    )
    reference = models.CharField(_("Aktenzeichen (Az.)"), max_length=80, blank=True)
    author_office = models.CharField(
        _("Verfasser (Amt)"),
        max_length=200,
        blank=True,
        help_text=_(
            "z. B. „31-Ordnungsamt“ oder „Stabsstelle Asyl und Integration“; leer, wenn nicht "
            "bekannt"
        ),
    )
    party_group = models.CharField(
        _("Antragsteller (Ratsfraktion)"),
        max_length=200,
        blank=True,
        help_text=_("Nur bei einem Antrag, z. B. „CDU-Fraktion“."),
    )
    subject = models.CharField(_("Betreff"), max_length=300)
    proposal_points = models.JSONField(
        _("Beschlussvorschlag"),
        default=list,
        blank=True,
        help_text=_("Die nummerierten Punkte des Beschlussvorschlags."),
    )
    is_public = models.BooleanField(
        _("öffentliche Vorlage"),
        default=True,
        help_text=_(
            "Nichtöffentliche Vorlagen (z. B. Personal- oder Grundstücksangelegenheiten) werden "
            "nur nichtöffentlich beraten und nie veröffentlicht."
        ),
    )
    reasoning = models.TextField(_("Begründung/Sachdarstellung (Markdown)"), blank=True)
    # The finance block of a German Vorlage. Unknown is an answer of its own (""): the PDF says
    # "keine Angabe" instead of inventing "Keine." (issue 14).
    financial_effect = models.CharField(
        _("Finanzielle Auswirkungen"),
        max_length=10,
        choices=FinancialEffect.choices,
        blank=True,
        default=FinancialEffect.UNKNOWN,
    )
    budget_product = models.CharField(
        _("Produkt/Kostenstelle"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „05.01.02 Integration und Teilhabe“"),
    )
    budget_year = models.PositiveSmallIntegerField(_("Haushaltsjahr"), null=True, blank=True)
    amount = models.DecimalField(
        _("Betrag (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funds_available = models.CharField(
        _("Mittel im Haushalt vorhanden"),
        max_length=10,
        choices=FundsAvailable.choices,
        blank=True,
        default=FundsAvailable.UNKNOWN,
    )
    financial_impact = models.TextField(
        _("Erläuterung der finanziellen Auswirkungen (Markdown)"), blank=True
    )
    legal_basis = models.TextField(
        _("Beschlussvorschriften"), blank=True, help_text=_("z. B. „§ 41 Abs. 1 GO NRW“")
    )
    previous_decisions = models.TextField(_("Bereits gefasste Beschlüsse (Markdown)"), blank=True)
    vision_reference = models.TextField(_("Bezug zum Leitbild (Markdown)"), blank=True)
    signature = models.CharField(
        _("Unterschriftszeile"),
        max_length=200,
        blank=True,
        default="Der Bürgermeister",
        help_text=_("z. B. „Die Bürgermeisterin“ oder „In Vertretung, Beigeordnete/r“"),
    )
    signatory = models.CharField(_("Name unter der Unterschrift"), max_length=200, blank=True)
    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name=_("betrifft Fassung des Integrationskonzepts"),
    )
    include_concept_pdf = models.BooleanField(
        _("Konzept als Anlage 01 beifügen"),
        default=True,
        help_text=_("Die Fassung wird als PDF erzeugt und als erste Anlage aufgeführt."),
    )

    objects = PaperQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-pk"]
        verbose_name = _("Vorlage")
        verbose_name_plural = _("Vorlagen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "number"], name="paper_number_unique_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.number}: {self.subject}"

    @property
    def kind_code(self):
        return self.KIND_CODES[self.Kind(self.kind)]

    @property
    def author(self):
        """What the head block prints after „Verfasser:“."""
        return (
            self.party_group
            if self.kind == self.Kind.MOTION and self.party_group
            else (self.author_office or self.party_group)
        )

    @property
    def proposal_text(self):
        """The Beschlussvorschlag as one numbered text (for diffs and OParl)."""
        points = [p for p in self.proposal_points if p.strip()]
        if len(points) == 1:
            return points[0]
        return "\n".join(f"{i}. {p}" for i, p in enumerate(points, start=1))

    @property
    def has_concept_attachment(self):
        return bool(self.include_concept_pdf and self.edition_id)

    def clean(self):
        errors = {}
        # An Antrag comes from a Ratsfraktion; a Vorlage's verfassendes Amt may be unknown.
        if self.kind == self.Kind.MOTION and not self.party_group and not self.author_office:
            errors["party_group"] = _("Bitte die antragstellende Ratsfraktion angeben.")
        if not isinstance(self.proposal_points, list) or not all(
            isinstance(p, str) for p in self.proposal_points
        ):
            errors["proposal_points"] = _("Der Beschlussvorschlag muss eine Liste von Texten sein.")
        if self.edition_id and self.edition.municipality.pk != self.municipality_id:
            errors["edition"] = _("Bitte eine Fassung des Konzepts dieser Kommune wählen.")
        if self.financial_effect != self.FinancialEffect.YES and (
            self.amount is not None
            or self.budget_product
            or self.budget_year
            or self.funds_available
        ):
            errors["financial_effect"] = _(
                "Produkt, Haushaltsjahr, Betrag und Mittel gehören zu finanziellen Auswirkungen: "
                "bitte „ja“ wählen oder die Angaben leeren."
            )
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("Bitte einen Betrag von 0 € oder mehr angeben.")
        if self.pk and not self.is_public and self.consultations.filter(is_public=True).exists():
            errors["is_public"] = _(
                "Die Vorlage steht in öffentlichen Beratungen. Bitte diese zuerst auf "
                "nichtöffentlich setzen oder die Vorlage öffentlich lassen."
            )
        if errors:
            raise ValidationError(errors)


class PrivateStorage(FileSystemStorage):
    """Anlagen live beside MEDIA_ROOT, not under it: MEDIA_URL may be served without login,
    these only through the permission-checked download view."""

    @property
    def base_location(self):
        return Path(settings.MEDIA_ROOT).parent / "private-media"

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage() -> Storage:
    """STORAGES["private"]: PrivateStorage locally, the object storage with FILE_STORAGE=s3."""
    return storages["private"]


def attachment_upload_to(instance: "PaperAttachment", filename: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", filename)[-120:]
    return f"vorlagen/{instance.paper.municipality_id}/{instance.paper_id}/{safe}"


ATTACHMENT_EXTENSIONS = ["pdf", "docx"]
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


class PaperAttachment(TimeStampedModel):
    """An Anlage of a Vorlage (OParl File): an uploaded PDF/DOCX file.

    The generated concept PDF is not stored here; it is rendered from the edition and listed
    as „Anlage 01“ when `Paper.include_concept_pdf` is set.
    """

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("Vorlage")
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Titel"), max_length=250)
    file = models.FileField(
        _("Datei"),
        upload_to=attachment_upload_to,
        storage=private_storage,
        max_length=300,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)],
        help_text=_("PDF oder DOCX, höchstens 20 MB."),
    )
    mime_type = models.CharField(_("Dateityp"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("Größe in Bytes"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position", "pk"]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.paper.municipality

    @property
    def file_name(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    def clean(self):
        if self.file and self.file.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                {"file": _("Die Datei ist größer als 20 MB. Bitte eine kleinere Datei wählen.")}
            )


class VoteRecord(models.Model):
    """Ja / Nein / Enthaltungen, each possibly unknown, or „einstimmig“ without counts."""

    votes_yes = models.IntegerField(_("Ja-Stimmen"), null=True, blank=True)
    votes_no = models.IntegerField(_("Nein-Stimmen/Gegenstimmen"), null=True, blank=True)
    votes_abstain = models.IntegerField(_("Enthaltungen"), null=True, blank=True)
    unanimous = models.BooleanField(_("einstimmig"), default=False)

    class Meta:
        abstract = True

    @property
    def has_votes(self):
        return self.unanimous or any(
            v is not None for v in (self.votes_yes, self.votes_no, self.votes_abstain)
        )

    def vote_errors(self, voting_members=None):
        """German messages for impossible vote counts, keyed by field."""
        errors = {}
        labels = {
            "votes_yes": _("Ja-Stimmen"),
            "votes_no": _("Nein-Stimmen"),
            "votes_abstain": _("Enthaltungen"),
        }
        for field, label in labels.items():
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("%(label)s können nicht negativ sein; bitte 0 oder mehr.") % {
                    "label": label
                }
        if self.unanimous and self.votes_no:
            errors["votes_no"] = _(
                "Einstimmig heißt: keine Gegenstimmen. Bitte „einstimmig“ abwählen oder die "
                "Gegenstimmen auf 0 setzen."
            )
        total = sum(v for v in (self.votes_yes, self.votes_no, self.votes_abstain) if v)
        if voting_members is not None and not errors and total > voting_members:
            errors["votes_yes"] = _(
                "Es wurden %(total)s Stimmen eingetragen, das Gremium hat aber nur "
                "%(members)s stimmberechtigte Mitglieder. Bitte die Zahlen prüfen."
            ) % {"total": total, "members": voting_members}
        return errors


class ConsultationQuerySet(models.QuerySet):
    def for_municipality(self, municipality):
        return self.filter(paper__municipality=municipality)

    def public(self):
        """The one definition of a public Beratung, for every anonymous reader (OParl JSON,
        the public Vorlage PDF): marked public, of a public Vorlage, scheduled in a public
        meeting and in a public agenda item of it. Its Vorlage is thereby published
        (`PaperQuerySet.published`)."""
        return self.filter(
            is_public=True,
            paper__is_public=True,
            meeting__is_public=True,
            agenda_item__is_public=True,
            agenda_item__meeting=models.F("meeting"),
        )


class Consultation(VoteRecord, TimeStampedModel):
    """One step of the Beratungsfolge: a body consults the Vorlage (OParl Consultation)."""

    class Role(models.TextChoices):
        PRELIMINARY = "preliminary", _("Vorberatung")
        DECISION = "decision", _("Entscheidung")
        NOTICE = "notice", _("Kenntnisnahme")

    class Result(models.TextChoices):
        DELIBERATED = "deliberated", _("vorberaten")
        ADOPTED = "adopted", _("beschlossen")
        ADOPTED_UNCHANGED = "adopted_unchanged", _("ungeändert beschlossen")
        ADOPTED_AMENDED = "adopted_amended", _("geändert beschlossen")
        REJECTED = "rejected", _("abgelehnt")
        POSTPONED = "postponed", _("vertagt")
        NOTED = "noted", _("zur Kenntnis genommen")
        REFERRED = "referred", _("verwiesen")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    ADOPTING_RESULTS = (Result.ADOPTED, Result.ADOPTED_UNCHANGED, Result.ADOPTED_AMENDED)

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("Vorlage")
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("Gremium")
    )
    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("Sitzung"),
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("Tagesordnungspunkt"),
    )
    role = models.CharField(
        _("Zuständigkeit"), max_length=20, choices=Role.choices, default=Role.PRELIMINARY
    )
    is_public = models.BooleanField(_("öffentlich"), default=True)
    result = models.CharField(_("Ergebnis"), max_length=30, choices=Result.choices, blank=True)
    decision_text = models.TextField(
        _("Beschlusstext"),
        blank=True,
        help_text=_(
            "Nur wenn der Beschluss vom Beschlussvorschlag abweicht (geändert beschlossen)."
        ),
    )
    note = models.TextField(_("Bemerkung"), blank=True)

    objects = ConsultationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position", "pk"]
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungsfolge")

    def __str__(self):
        return f"{self.paper.number} – {self.committee} ({self.get_role_display()})"

    @property
    def municipality(self):
        return self.paper.municipality

    @property
    def authoritative(self):
        """OParl: the body that decides („federführend/entscheidend“)."""
        return self.role == self.Role.DECISION

    @property
    def date(self):
        return self.meeting.date if self.meeting_id else None

    @property
    def is_adopting(self):
        return self.result in self.ADOPTING_RESULTS

    @property
    def has_result(self):
        return bool(self.result)

    @property
    def adopted_text(self):
        """The wording that was decided: the changed text, else the proposal."""
        return self.decision_text or self.paper.proposal_text

    def clean(self):
        errors = {}
        if self.meeting_id and self.meeting.committee_id != self.committee_id:
            errors["meeting"] = _("Bitte eine Sitzung des gewählten Gremiums wählen.")
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            errors["agenda_item"] = _("Der Tagesordnungspunkt gehört nicht zu dieser Sitzung.")
        if self.is_public and self.meeting_id and not self.meeting.is_public:
            errors["is_public"] = _(
                "Die Sitzung ist nichtöffentlich, also kann die Beratung darin nicht öffentlich "
                "sein. Bitte „öffentlich“ abwählen oder eine öffentliche Sitzung wählen."
            )
        if self.is_public and self.paper_id and not self.paper.is_public:
            errors["is_public"] = _(
                "Die Vorlage ist nichtöffentlich, also kann ihre Beratung nicht öffentlich sein."
            )
        if self.committee_id and self.committee.municipality_id != self.paper.municipality_id:
            errors["committee"] = _("Bitte ein Gremium dieser Kommune wählen.")
        if self.result == self.Result.ADOPTED_AMENDED and not self.decision_text.strip():
            errors["decision_text"] = _(
                "Bei „geändert beschlossen“ bitte den beschlossenen Wortlaut eintragen."
            )
        voting_members = None
        if self.committee_id:
            voting_members = self.committee.voting_members_on(self.date)
        errors.update(self.vote_errors(voting_members))
        if errors:
            raise ValidationError(errors)


class Amendment(VoteRecord, TimeStampedModel):
    """An Änderungsantrag voted within the same agenda item before the main vote."""

    class Result(models.TextChoices):
        ACCEPTED = "accepted", _("angenommen")
        REJECTED = "rejected", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")
        SETTLED = "settled", _("erledigt")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("Beratung"),
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    proposer = models.CharField(
        _("Antragsteller"), max_length=200, help_text=_("z. B. „Fraktion Bündnis 90/Die Grünen“")
    )
    text = models.TextField(_("Wortlaut des Änderungsantrags"))
    result = models.CharField(_("Ergebnis"), max_length=20, choices=Result.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "position", "pk"]
        verbose_name = _("Änderungsantrag")
        verbose_name_plural = _("Änderungsanträge")

    def __str__(self):
        return f"Änderungsantrag {self.proposer}"

    @property
    def municipality(self):
        return self.consultation.paper.municipality

    def clean(self):
        consultation = self.consultation
        errors = self.vote_errors(consultation.committee.voting_members_on(consultation.date))
        if errors:
            raise ValidationError(errors)
