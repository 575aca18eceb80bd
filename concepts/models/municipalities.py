from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models.base import TimeStampedModel

# First path segments the site itself uses; a town may not take them as its slug.
RESERVED_SLUGS = {
    "admin",
    "konto",
    "oparl",
    "static",
    "media",
    "api",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "health",
    "i18n",
}
MARKDOWN_HELP = _("Markdown: ## Überschrift, **fett**, - Aufzählung, [Linktext](https://…).")


class Municipality(TimeStampedModel):
    class Kind(models.TextChoices):
        CITY = "stadt", _("Stadt")
        DISTRICT_FREE_CITY = "kreisfreie_stadt", _("Kreisfreie Stadt")
        HANSEATIC_CITY = "hansestadt", _("Hansestadt")
        MUNICIPALITY = "gemeinde", _("Gemeinde")
        DISTRICT = "kreis", _("Kreis")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(
        _("Kurzname in Adressen"),
        max_length=60,
        unique=True,
        help_text=_("Erscheint in den Adressen, z. B. „rheine“."),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Bitte die 8 Ziffern des AGS eingeben."))],
    )
    office = models.CharField(
        _("Zuständige Stelle"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Stabsstelle Asyl und Integration“"),
    )
    logo = models.ImageField(_("Wappen/Logo"), upload_to="logos/", blank=True)
    website = models.URLField(_("Webseite"), blank=True)
    # The legal pages the town publishes (concepts/services/legal.py); shown to everyone, also
    # without login, and written by the town's staff.
    legal_imprint = models.TextField(_("Impressum"), blank=True, help_text=MARKDOWN_HELP)
    legal_privacy = models.TextField(_("Datenschutzerklärung"), blank=True, help_text=MARKDOWN_HELP)
    legal_accessibility = models.TextField(
        _("Erklärung zur Barrierefreiheit"),
        blank=True,
        help_text=format_lazy(
            "{} {}",
            _(
                "Aufbau nach BITV 2.0 und EU-Mustererklärung; Angaben in [eckigen Klammern] "
                "bitte ersetzen."
            ),
            MARKDOWN_HELP,
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.legal_accessibility:
            from concepts.services.legal import accessibility_statement_default

            self.legal_accessibility = accessibility_statement_default(self)
        super().save(*args, **kwargs)

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Dieser Kurzname ist für die Anwendung reserviert.")})


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Membership(TimeStampedModel):
    """A person's role in one town; a person may have roles in several towns."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Stabsstelle")
        MEMBER = "member", _("Arbeitsgruppen-Mitglied")
        COUNCIL = "council", _("Ratsmitglied")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Person"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Kommune"),
    )
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices)
    organisation = models.CharField(
        _("Organisation"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Caritasverband“; erscheint in der Synopse."),
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="one_role_per_user_and_municipality"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.municipality.name}: {self.get_role_display()}"
