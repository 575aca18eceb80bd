"""Indicators and their measured values.

Indikator → Indicator · Messwert → Measurement · Aufschlüsselung → breakdown ·
Stichtag → reference date (`period_end`) · Berichtsrunde → ReportingRound (built by the
controlling cycle on top of these models)

An indicator hangs off at most one goal: a Handlungsziel (`operational_goal`) or, where a concept
has no operational goals, a Leitziel (`strategic_goal`). Without a goal it is a context indicator
(Kontextindikator): a figure of the starting situation (Ausgangslage) of a sub-theme
(`sub_theme`), of a field (`field_of_action` alone) or of the whole edition (neither), shown
with chart and table but without target and status. `field_of_action` is derived from the goal
or sub-theme and `edition` from the field on save, so that edition scoping and the per-field
dashboard need no OR across joins.
Measurements belong to the indicator; a copied indicator in a newer edition points to its
predecessor through `continues`, and `series()` follows that chain so time series run across
editions.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concepts.models import (
    Edition,
    FieldOfAction,
    OperationalGoal,
    OrderedModel,
    StrategicGoal,
    SubTheme,
)
from concepts.models.base import TimeStampedModel
from concepts.models.goals import EditionScopedQuerySet

DECIMAL = {"max_digits": 18, "decimal_places": 4}


class Status(models.TextChoices):
    """The status of an indicator; the rule that computes it is in `indicators.status`."""

    ACHIEVED = "achieved", _("Ziel erreicht")
    ON_TRACK = "on_track", _("auf Kurs")
    AT_RISK = "at_risk", _("gefährdet")
    OFF_TRACK = "off_track", _("nicht auf Kurs")
    NO_DATA = "no_data", _("keine aktuellen Daten")


class IndicatorQuerySet(EditionScopedQuerySet):
    def with_goals(self):
        return self.select_related(
            "field_of_action",
            "operational_goal__strategic_goal",
            "strategic_goal",
            "sub_theme",
        )

    def with_goal(self):
        """Indicators of a goal (with target and status)."""
        return self.filter(Q(operational_goal__isnull=False) | Q(strategic_goal__isnull=False))

    def context(self):
        """Context indicators: of a sub-theme, a field or the whole edition."""
        return self.filter(operational_goal__isnull=True, strategic_goal__isnull=True)


class Indicator(OrderedModel):
    # What defines an indicator, apart from the goal it hangs off: edited in the form, carried
    # over by a Fortschreibung.
    DEFINITION_FIELDS = (
        "code",
        "name",
        "definition",
        "is_qualitative",
        "unit",
        "unit_other",
        "decimal_places",
        "source",
        "rhythm",
        "direction",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_year",
        "responsible_person",
        "responsible_email",
        "breakdowns",
        "manual_status",
        "position",
    )

    class Unit(models.TextChoices):
        PERCENT = "percent", _("%")
        COUNT = "count", _("Anzahl")
        PERSONS = "persons", _("Personen")
        EURO = "euro", _("€")
        YEARS = "years", _("Jahre")
        PER_THOUSAND = "per_thousand", _("je 1.000 Einwohner/innen")
        OTHER = "other", _("andere")

    class Rhythm(models.TextChoices):
        ANNUAL = "annual", _("jährlich")
        SEMIANNUAL = "semiannual", _("halbjährlich")
        QUARTERLY = "quarterly", _("vierteljährlich")
        MONTHLY = "monthly", _("monatlich")
        SCHOOL_YEAR = "school_year", _("Schuljahr")
        IRREGULAR = "irregular", _("unregelmäßig")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("höher ist besser")
        LOWER_IS_BETTER = "lower", _("niedriger ist besser")

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("Fassung"),
        editable=False,
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("Handlungsfeld"),
        editable=False,
    )
    sub_theme = models.ForeignKey(
        SubTheme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("Unterthema"),
    )
    operational_goal = models.ForeignKey(
        OperationalGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("Handlungsziel"),
    )
    strategic_goal = models.ForeignKey(
        StrategicGoal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("Leitziel"),
        help_text=_("Nur wenn das Konzept unter diesem Leitziel keine Handlungsziele hat."),
    )
    code = models.CharField(
        _("Kennung"),
        max_length=40,
        help_text=_(
            "Kurze, eindeutige Kennung innerhalb der Fassung, z. B. „SGB2-QUOTE“. "
            "Sie steht in der Import-Vorlage in der Spalte „Indikator“."
        ),
    )
    name = models.CharField(_("Name"), max_length=300)
    definition = models.TextField(
        _("Definition (Markdown)"),
        blank=True,
        help_text=_("Was genau wird gezählt oder berechnet, mit Zähler und Nenner."),
    )
    is_qualitative = models.BooleanField(
        _("qualitativ"),
        default=False,
        help_text=_("Ein beschriebener Zustand statt einer Zahl: ohne Einheit und Zielwert."),
    )
    unit = models.CharField(
        _("Einheit"), max_length=20, choices=Unit.choices, default=Unit.PERCENT, blank=True
    )
    unit_other = models.CharField(
        _("andere Einheit"),
        max_length=60,
        blank=True,
        help_text=_("Nur bei Einheit „andere“, z. B. „Plätze“."),
    )
    decimal_places = models.PositiveSmallIntegerField(
        _("Nachkommastellen in der Anzeige"), default=1
    )
    source = models.CharField(
        _("Quelle"),
        max_length=300,
        blank=True,
        help_text=_("z. B. Einwohnermeldeamt, Bundesagentur für Arbeit, IT.NRW Schulstatistik"),
    )
    rhythm = models.CharField(
        _("Erhebungsrhythmus"), max_length=20, choices=Rhythm.choices, default=Rhythm.ANNUAL
    )
    # Empty: the source does not say which way is better; then no status or judgement is made.
    direction = models.CharField(
        _("Richtung"), max_length=10, choices=Direction.choices, blank=True, default=""
    )
    baseline_value = models.DecimalField(_("Ausgangswert"), null=True, blank=True, **DECIMAL)
    baseline_date = models.DateField(_("Stichtag des Ausgangswerts"), null=True, blank=True)
    target_value = models.DecimalField(_("Zielwert"), null=True, blank=True, **DECIMAL)
    target_year = models.PositiveIntegerField(_("Zieljahr"), null=True, blank=True)
    responsible_person = models.CharField(_("Verantwortliche Person"), max_length=200, blank=True)
    responsible_email = models.EmailField(
        _("E-Mail der verantwortlichen Person"),
        blank=True,
        help_text=_("An diese Adresse geht die Bitte um neue Werte in einer Berichtsrunde."),
    )
    breakdowns = models.CharField(
        _("Aufschlüsselungen"),
        max_length=300,
        blank=True,
        help_text=_(
            "Merkmale, nach denen Werte aufgeschlüsselt werden, durch Komma getrennt, "
            "z. B. „Staatsangehörigkeit, Geschlecht“."
        ),
    )
    manual_status = models.CharField(
        _("Einschätzung (nur qualitativ)"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_(
            "Qualitative Indikatoren haben keinen berechneten Status; "
            "die Stabsstelle kann ihn hier einschätzen."
        ),
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("setzt fort"),
        help_text=_("Der gleiche Indikator in der vorigen Fassung; die Zeitreihe läuft weiter."),
    )

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(OrderedModel.Meta):
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(operational_goal__isnull=True, strategic_goal__isnull=True)
                    | Q(operational_goal__isnull=False, strategic_goal__isnull=True)
                    | Q(operational_goal__isnull=True, strategic_goal__isnull=False)
                ),
                name="indicator_at_most_one_goal",
            ),
            models.CheckConstraint(
                condition=(
                    Q(sub_theme__isnull=True)
                    | Q(operational_goal__isnull=True, strategic_goal__isnull=True)
                ),
                name="indicator_goal_or_sub_theme",
            ),
            models.UniqueConstraint(
                fields=["edition", "code"], name="indicator_code_unique_per_edition"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def goal(self):
        return self.operational_goal or self.strategic_goal

    @property
    def is_context(self) -> bool:
        """A figure of the Ausgangslage: no goal, so no target and no status."""
        return not (self.operational_goal_id or self.strategic_goal_id)

    @property
    def attachment(self):
        """What the indicator belongs to: goal, sub-theme, field or (None) the whole edition."""
        return self.goal or self.sub_theme or self.field_of_action

    @property
    def municipality(self):
        return self.edition.municipality

    @property
    def unit_label(self):
        if self.is_qualitative or not self.unit:
            return ""
        if self.unit == self.Unit.OTHER:
            return self.unit_other
        return self.get_unit_display()

    @property
    def breakdown_dimensions(self):
        return [part.strip() for part in self.breakdowns.split(",") if part.strip()]

    @property
    def lower_is_better(self):
        return self.direction == self.Direction.LOWER_IS_BETTER

    def predecessors(self):
        """This indicator and its predecessors in older editions, newest first."""
        chain, seen, current = [], set(), self
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.continues
        return chain

    def _derive_field_of_action(self):
        parent = self.operational_goal or self.strategic_goal or self.sub_theme
        if parent is not None:
            self.field_of_action_id = parent.field_of_action_id
            self.field_of_action = parent.field_of_action
        if self.field_of_action_id:
            self.edition_id = self.field_of_action.edition_id

    def clean_fields(self, exclude=None):
        self._derive_field_of_action()
        super().clean_fields(exclude=exclude)

    def clean(self):
        goals = [g for g in (self.operational_goal, self.strategic_goal) if g is not None]
        if len(goals) > 1:
            raise ValidationError(
                _("Bitte höchstens ein Ziel wählen: ein Handlungsziel oder ein Leitziel.")
            )
        if goals and self.sub_theme_id:
            raise ValidationError(
                _(
                    "Ein Indikator gehört entweder zu einem Ziel oder (als Kontextindikator) "
                    "zu einem Unterthema, nicht zu beidem."
                )
            )
        self._derive_field_of_action()
        if not self.edition_id:
            raise ValidationError(
                _("Bitte wählen, wozu der Indikator gehört: Ziel, Unterthema, Feld oder Fassung.")
            )
        if self.code:
            clash = (
                Indicator.objects.filter(edition_id=self.edition_id, code__iexact=self.code)
                .exclude(pk=self.pk)
                .exists()
            )
            if clash:
                raise ValidationError(
                    {
                        "code": _(
                            "Diese Kennung gibt es in dieser Fassung schon. "
                            "Bitte eine andere wählen."
                        )
                    }
                )
        if self.unit == self.Unit.OTHER and not self.unit_other and not self.is_qualitative:
            raise ValidationError({"unit_other": _("Bitte die Einheit angeben.")})
        if bool(self.baseline_value is not None) != bool(self.baseline_date):
            raise ValidationError(
                _("Ausgangswert und Stichtag des Ausgangswerts bitte zusammen angeben.")
            )
        if bool(self.target_value is not None) != bool(self.target_year):
            raise ValidationError(_("Zielwert und Zieljahr bitte zusammen angeben."))
        if self.is_context and (self.target_value is not None or self.manual_status):
            raise ValidationError(
                _(
                    "Ein Kontextindikator beschreibt die Ausgangslage: er hat keinen Zielwert "
                    "und keine Einschätzung. Für einen Zielwert bitte ein Ziel wählen."
                )
            )
        if self.continues_id and self.continues_id == self.pk:
            raise ValidationError(
                {"continues": _("Ein Indikator kann sich nicht selbst fortsetzen.")}
            )

    def save(self, *args, **kwargs):
        self._derive_field_of_action()
        super().save(*args, **kwargs)


class MeasurementQuerySet(models.QuerySet):
    def for_edition(self, edition):
        from concepts import schema

        return self.filter(schema.in_edition(self.model, edition))

    def for_municipality(self, municipality):
        from concepts import schema

        return self.filter(**{schema.path_to_town(self.model): municipality})

    def totals(self):
        """The indicator's own series: the town, everybody, no breakdown."""
        return self.filter(breakdown="", area="", group="")

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for measurement in objs:
            measurement.fill_period_edtf()
        created = super().bulk_create(objs, *args, **kwargs)
        from indicators.chart_store import charts_changed

        charts_changed({m.indicator_id for m in objs})
        return created


class Measurement(TimeStampedModel):
    """A Messwert: the value of an indicator for one period, area, group and breakdown.

    The period is kept four ways: `period_edtf` is the period in EDTF (ISO 8601-2, see
    `concepts.periods`), the key of the value; `period_kind` says what it is; `period_start`/
    `period_end` normalise it to dates (a Stichtag has start = end; an open end takes the start,
    an unknown start the end); `period_label` is how the source wrote it ("31.12.2023", "Jan 23",
    "Ende 2016", "2013 und 2014 (Mittel)"). `period_end` is the reference date for status and
    charts. An empty `breakdown` is the total; otherwise it reads "Merkmal: Ausprägung",
    several joined by "; " in the order of the indicator's breakdowns.

    `area` (empty: the town itself; else e.g. "NRW", "Deutschland", "Kreis Steinfurt") and
    `group` (empty: everybody; else e.g. "Frauen") are the value's dimensions; the town's value
    for everybody without breakdown is the indicator's own series, the one its status is
    computed from. `source` tells two published values for one period apart.
    """

    class PeriodKind(models.TextChoices):
        DATE = "date", _("Stichtag")
        YEAR = "year", _("Jahr")
        SCHOOL_YEAR = "school_year", _("Schuljahr")
        MONTH = "month", _("Monat")
        QUARTER = "quarter", _("Quartal")
        HALF_YEAR = "half_year", _("Halbjahr")
        SEASON = "season", _("Jahreszeit")
        RANGE = "range", _("Zeitspanne")
        OPEN = "open", _("offene Zeitspanne")
        MEAN = "mean", _("Mittel mehrerer Jahre")

    class Qualifier(models.TextChoices):
        EXACT = "", _("genau")
        MORE_THAN = "more_than", _("mehr als")
        LESS_THAN = "less_than", _("weniger als")
        SUPPRESSED = "suppressed", _("unter der Veröffentlichungsgrenze")

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("Indikator"),
    )
    period_kind = models.CharField(
        _("Art des Zeitraums"), max_length=20, choices=PeriodKind.choices
    )
    period_edtf = models.CharField(_("Zeitraum (EDTF)"), max_length=80, blank=True)
    period_start = models.DateField(_("Beginn des Zeitraums"))
    period_end = models.DateField(_("Stichtag/Ende des Zeitraums"))
    period_label = models.CharField(_("Zeitraum"), max_length=120)
    area = models.CharField(
        _("Gebiet"),
        max_length=120,
        blank=True,
        help_text=_("Leer für die Kommune selbst, sonst ein Vergleichsgebiet, z. B. „NRW“."),
    )
    group = models.CharField(
        _("Gruppe"),
        max_length=120,
        blank=True,
        help_text=_("Leer für alle, sonst z. B. „Frauen“ oder „unter 18 Jahren“."),
    )
    source = models.CharField(
        _("Quelle des Werts"),
        max_length=200,
        blank=True,
        help_text=_("Nur nötig, wenn zwei Quellen für denselben Zeitraum Werte angeben."),
    )
    qualifier = models.CharField(
        _("Genauigkeit"), max_length=20, choices=Qualifier.choices, blank=True
    )
    breakdown = models.CharField(
        _("Aufschlüsselung"),
        max_length=200,
        blank=True,
        help_text=_("Leer für den Gesamtwert, sonst z. B. „Staatsangehörigkeit: nichtdeutsch“."),
    )
    value = models.DecimalField(_("Wert"), null=True, blank=True, **DECIMAL)
    text = models.TextField(
        _("Text"),
        blank=True,
        help_text=_("Für qualitative Indikatoren oder z. B. „Daten wurden bisher nicht erhoben“."),
    )
    is_approximate = models.BooleanField(_("ca.-Wert"), default=False)
    is_series_break = models.BooleanField(
        _("Zeitreihenbruch"),
        default=False,
        help_text=_(
            "Die Methode hat sich geändert: dieser Wert ist mit früheren nicht vergleichbar."
        ),
    )
    source_note = models.CharField(_("Quellenhinweis"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    # Who reported the value through a Berichtsrunde link (no account). Internal like
    # `entered_by`: shown to the town's staff, never on the public pages or in `source_note`.
    reporter_email = models.EmailField(
        _("gemeldet von (E-Mail-Adresse, intern)"), blank=True, editable=False
    )

    objects = MeasurementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_end", "area", "group", "breakdown"]
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_edtf", "area", "group", "breakdown", "source"],
                name="measurement_unique_per_period_area_group_breakdown_source",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period_end"])]

    def __str__(self):
        label = f"{self.indicator} {self.period_label}"
        extras = [x for x in (self.area, self.group, self.breakdown, self.source) if x]
        return f"{label} ({', '.join(extras)})" if extras else label

    @property
    def is_total(self):
        return not self.breakdown

    @property
    def is_own(self):
        """Part of the indicator's own series: the town, everybody, no breakdown."""
        return not (self.breakdown or self.area or self.group)

    @property
    def series_name(self) -> str:
        """The series this value belongs to: "" for the indicator's own, else the comparison
        series ("NRW", "Frauen", "NRW – Frauen", "Staatsangehörigkeit: nichtdeutsch")."""
        return " – ".join(x for x in (self.area, self.group, self.breakdown) if x)

    def fill_period_edtf(self):
        """Rows written with kind and dates only (older code, fixtures) get their EDTF key."""
        if not self.period_edtf and self.period_kind and self.period_start and self.period_end:
            from indicators.importers.parsing import edtf_for

            self.period_edtf = edtf_for(self.period_kind, self.period_start, self.period_end)

    def save(self, *args, **kwargs):
        self.fill_period_edtf()
        super().save(*args, **kwargs)

    @property
    def is_running(self):
        """The period has not ended yet (the current year's value): shown as vorläufig."""
        return self.period_end > timezone.localdate()

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(_("Der Zeitraum endet vor seinem Beginn."))
        if self.qualifier == self.Qualifier.SUPPRESSED and self.value is not None:
            raise ValidationError(
                {"value": _("Ein Wert unter der Veröffentlichungsgrenze hat keine Zahl.")}
            )
        if self.value is None and not self.text.strip() and not self.qualifier:
            raise ValidationError(
                _(
                    "Bitte einen Wert oder einen Text eingeben "
                    "(z. B. „Daten wurden bisher nicht erhoben“)."
                )
            )
        if self.indicator_id and self.indicator.is_qualitative and self.value is not None:
            raise ValidationError(
                {
                    "value": _(
                        "Qualitative Indikatoren haben keinen Zahlenwert; "
                        "bitte den Zustand als Text beschreiben."
                    )
                }
            )


# The controlling cycle's models live in their own module (h5b); imported here so Django sees them.
from indicators.rounds.models import ReportingRound, ReportingTask  # noqa: E402, F401


class StoredChart(models.Model):
    """A chart drawn ahead of time by the worker (`indicators.chart_store`), under the key of
    everything it shows (`indicators.charts`): a cold indicator page reads it instead of
    drawing it with matplotlib in the request. A change of the values makes a new key; the
    worker removes the indicator's older charts when it draws the new ones."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("Indikator")
    )
    key = models.CharField(_("Schlüssel"), max_length=120, unique=True)
    svg = models.TextField(_("SVG"))
    created = models.DateTimeField(_("erstellt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("vorab gezeichnetes Diagramm")
        verbose_name_plural = _("vorab gezeichnete Diagramme")

    def __str__(self):
        return self.key
