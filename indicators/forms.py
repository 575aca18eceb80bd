from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from concepts.forms.unknown import offer_unknown
from concepts.models import FieldOfAction, OperationalGoal, StrategicGoal, SubTheme
from indicators.importers.parsing import (
    NUMBER_HELP,
    PERIOD_HELP,
    format_number,
    parse_number,
    parse_period,
)
from indicators.models import Indicator, Measurement
from indicators.services import MeasurementInput, normalise_breakdown
from integration_site.versions import VersionedFormMixin, row_appeared, version_of
from integration_site.widgets import DateInput


class GermanDecimalField(forms.CharField):
    """A number as Germans type it ("1.234,5"); "ca. 70" only where `allow_approximate`."""

    def __init__(self, *args, allow_approximate=False, places=1, **kwargs):
        self.allow_approximate = allow_approximate
        self.places = places
        kwargs.setdefault("help_text", NUMBER_HELP)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        places = max(0, -value.normalize().as_tuple().exponent)
        return format_number(value, places)

    def to_python(self, value):
        text = super().to_python(value)
        try:
            number, approximate = parse_number(text)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        if approximate and not self.allow_approximate:
            raise ValidationError(_("Bitte eine genaue Zahl ohne „ca.“ eingeben."))
        self.approximate = approximate
        return number


def goal_choices(edition):
    """Goals, and for context indicators sub-themes, fields and the whole edition."""
    fields = FieldOfAction.objects.for_edition(edition).prefetch_related(
        "strategic_goals", "operational_goals__strategic_goal", "sub_themes"
    )
    choices = [
        ("", _("– bitte wählen –")),
        (f"ed:{edition.pk}", _("Ganze Fassung – Kontextindikator (Daten und Fakten)")),
    ]
    for field in fields:
        options = [
            (
                f"fa:{field.pk}",
                _("Ausgangslage des Handlungsfelds – Kontextindikator"),
            )
        ]
        for sub_theme in field.sub_themes.all():
            options.append(
                (
                    f"st:{sub_theme.pk}",
                    _("Unterthema %(title)s – Kontextindikator") % {"title": sub_theme.title[:90]},
                )
            )
        for strategic in field.strategic_goals.all():
            options.append(
                (
                    f"sg:{strategic.pk}",
                    _("Leitziel %(number)s: %(title)s")
                    % {"number": strategic.number, "title": strategic.title[:90]},
                )
            )
        for operational in field.operational_goals.all():
            options.append(
                (
                    f"og:{operational.pk}",
                    _("Handlungsziel %(number)s: %(title)s")
                    % {"number": operational.number, "title": operational.title[:90]},
                )
            )
        if options:
            choices.append((f"{field.position}. {field.title}", options))
    return choices


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    goal = forms.ChoiceField(
        label=_("Gehört zu"),
        help_text=_(
            "Ein Handlungsziel oder Leitziel (mit Zielwert und Status) – oder als "
            "Kontextindikator ohne Ziel zur Ausgangslage eines Unterthemas, eines Handlungsfelds "
            "oder der ganzen Fassung."
        ),
    )
    baseline_value = GermanDecimalField(label=_("Ausgangswert"), required=False)
    target_value = GermanDecimalField(label=_("Zielwert"), required=False)

    class Meta:
        model = Indicator
        fields = ["goal", *Indicator.DEFINITION_FIELDS]
        widgets = {
            "baseline_date": DateInput(),
            "definition": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["goal"].choices = goal_choices(edition)
        offer_unknown(self, "direction")
        self.fields["decimal_places"].help_text = _("Wie viele Nachkommastellen angezeigt werden.")
        self.fields["position"].help_text = _("Reihenfolge unter dem Ziel; 0 = ans Ende.")
        self.fields["position"].required = False
        instance = self.instance
        if instance.operational_goal_id:
            self.initial["goal"] = f"og:{instance.operational_goal_id}"
        elif instance.strategic_goal_id:
            self.initial["goal"] = f"sg:{instance.strategic_goal_id}"
        elif instance.sub_theme_id:
            self.initial["goal"] = f"st:{instance.sub_theme_id}"
        elif instance.field_of_action_id:
            self.initial["goal"] = f"fa:{instance.field_of_action_id}"
        elif instance.pk:
            self.initial["goal"] = f"ed:{edition.pk}"
        self.helper = FormHelper()
        self.helper.render_hidden_fields = True  # the version (integration_site/versions.py)
        self.helper.layout = Layout(
            Fieldset(
                _("Zuordnung und Beschreibung"),
                "goal",
                Row(Column("code", css_class="col-md-4"), Column("name", css_class="col-md-8")),
                "definition",
                "is_qualitative",
            ),
            Fieldset(
                _("Messung"),
                Row(Column("unit"), Column("unit_other"), Column("decimal_places")),
                Row(Column("source", css_class="col-md-8"), Column("rhythm", css_class="col-md-4")),
                "breakdowns",
            ),
            Fieldset(
                _("Ausgangs- und Zielwert"),
                "direction",
                Row(Column("baseline_value"), Column("baseline_date")),
                Row(Column("target_value"), Column("target_year")),
                "manual_status",
            ),
            Fieldset(
                _("Verantwortung"),
                Row(Column("responsible_person"), Column("responsible_email")),
                "position",
            ),
        )
        self.helper.add_input(Submit("save", _("Speichern")))

    def clean_position(self):
        return self.cleaned_data.get("position") or 0

    def clean_goal(self):
        raw = self.cleaned_data["goal"]
        kind, _sep, pk = raw.partition(":")
        instance = self.instance
        if kind == "ed" and pk == str(self.edition.pk):
            parent, model = self.edition, None
        else:
            model = {
                "og": OperationalGoal,
                "sg": StrategicGoal,
                "st": SubTheme,
                "fa": FieldOfAction,
            }.get(kind)
            parent = model and model.objects.for_edition(self.edition).filter(pk=pk).first()
        if parent is None:
            raise ValidationError(_("Bitte einen Eintrag aus der Liste wählen."))
        instance.operational_goal = parent if model is OperationalGoal else None
        instance.strategic_goal = parent if model is StrategicGoal else None
        instance.sub_theme = parent if model is SubTheme else None
        instance.field_of_action = parent if model is FieldOfAction else None
        instance.edition = self.edition
        instance._derive_field_of_action()
        return raw


class MeasurementForm(VersionedFormMixin, forms.Form):
    """One value of one indicator; an existing value for the same period is replaced only after
    the person has seen it.

    The hidden `version` starts empty: the form expects no value for the period it is given.
    If one exists (entered before, or by somebody else while the form was open), the save is
    refused, the form shows that value (`existing`) and carries its version, so saving again
    deliberately replaces exactly that value.
    """

    period = forms.CharField(label=_("Zeitraum"), max_length=120, help_text=PERIOD_HELP)
    area = forms.CharField(
        label=_("Gebiet"),
        required=False,
        max_length=120,
        help_text=_("Leer für die Kommune selbst, sonst ein Vergleichsgebiet, z. B. „NRW“."),
    )
    group = forms.CharField(
        label=_("Gruppe"),
        required=False,
        max_length=120,
        help_text=_("Leer für alle, sonst z. B. „Frauen“ oder „unter 18 Jahren“."),
    )
    breakdown = forms.CharField(
        label=_("Aufschlüsselung"),
        required=False,
        max_length=200,
        help_text=_("Leer für den Gesamtwert."),
    )
    value = GermanDecimalField(
        label=_("Wert"),
        required=False,
        allow_approximate=True,
        help_text=format_lazy("{} {}", NUMBER_HELP, _("„ca. 70“ markiert einen ungefähren Wert.")),
    )
    is_approximate = forms.BooleanField(label=_("ca.-Wert (ungefähr)"), required=False)
    qualifier = forms.ChoiceField(
        label=_("Genauigkeit"),
        required=False,
        choices=Measurement.Qualifier.choices,
        help_text=_("„unter der Veröffentlichungsgrenze“: ohne Zahl."),
    )
    is_series_break = forms.BooleanField(
        label=_("Zeitreihenbruch: die Methode hat sich geändert"),
        required=False,
        help_text=_("Die Grafik verbindet diesen Wert nicht mit den früheren."),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Für qualitative Indikatoren oder z. B. „Daten wurden bisher nicht erhoben“."),
    )
    source_note = forms.CharField(label=_("Quellenhinweis"), required=False, max_length=300)
    source = forms.CharField(
        label=_("Quelle des Werts"),
        required=False,
        max_length=200,
        help_text=_("Nur nötig, wenn zwei Quellen für denselben Zeitraum Werte angeben."),
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        dimensions = indicator.breakdown_dimensions
        if dimensions:
            self.fields["breakdown"].help_text = _(
                "Leer für den Gesamtwert, sonst z. B. „%(example)s: …“ (Merkmale: %(dimensions)s)."
            ) % {"example": dimensions[0], "dimensions": ", ".join(dimensions)}
        else:
            del self.fields["breakdown"]
        if indicator.is_qualitative:
            del self.fields["value"]
            del self.fields["is_approximate"]
            del self.fields["qualifier"]
            self.fields["text"].required = True
            self.fields["text"].help_text = _("Den erreichten Zustand beschreiben.")
        self.existing = None
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Wert speichern")))

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def clean_breakdown(self):
        try:
            return normalise_breakdown(self.indicator, self.cleaned_data.get("breakdown"))
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def clean(self):
        data = super().clean()
        suppressed = data.get("qualifier") == Measurement.Qualifier.SUPPRESSED
        if suppressed and data.get("value") is not None:
            raise ValidationError(_("Ein Wert unter der Veröffentlichungsgrenze hat keine Zahl."))
        if data.get("value") is None and not (data.get("text") or "").strip() and not suppressed:
            if "value" in self.fields and not self.has_error("value"):
                raise ValidationError(
                    _(
                        "Bitte einen Wert oder einen Text eingeben "
                        "(z. B. „Daten wurden bisher nicht erhoben“)."
                    )
                )
        if "period" in data and not self.has_error("breakdown"):
            self._refuse_unseen_replacement(data)
        return data

    def _refuse_unseen_replacement(self, data):
        """A stored value for this period is replaced only with its version in the form."""
        lock = transaction.get_connection().in_atomic_block
        indicators = Indicator.objects.filter(pk=self.indicator.pk)
        if lock:  # one value entry per indicator at a time: nothing appears between check and save
            list(indicators.select_for_update().values_list("pk", flat=True))
        stored = Measurement.objects.filter(
            indicator=self.indicator,
            period_edtf=data["period"].edtf,
            breakdown=data.get("breakdown", ""),
            area__iexact=data.get("area", ""),
            group__iexact=data.get("group", ""),
            source__iexact=data.get("source", ""),
        ).first()
        if stored is None or data.get("version") == version_of(stored):
            return
        self.existing = stored
        self.versioned = stored
        self.record_conflict(row_appeared(stored, fields=["value", "text", "source_note"]))
        self.conflict = None  # the page shows the stored value itself (indicator_detail.html)
        raise ValidationError(
            _(
                "Nicht gespeichert: Für %(period)s gibt es schon einen Wert (siehe oben). "
                "Speichern Sie erneut, um ihn durch Ihre Eingabe zu ersetzen."
            ),
            code="exists",
            params={"period": stored.period_label},
        )

    def to_input(self):
        data = self.cleaned_data
        approximate = data.get("is_approximate", False) or getattr(
            self.fields.get("value"), "approximate", False
        )
        return MeasurementInput(
            indicator=self.indicator,
            period=data["period"],
            breakdown=data.get("breakdown", ""),
            value=data.get("value"),
            text=(data.get("text") or "").strip(),
            is_approximate=bool(approximate and data.get("value") is not None),
            is_series_break=data.get("is_series_break", False),
            source_note=data.get("source_note", ""),
            area=" ".join(data.get("area", "").split()),
            group=" ".join(data.get("group", "").split()),
            source=" ".join(data.get("source", "").split()),
            qualifier=data.get("qualifier", ""),
        )


class PeriodChoiceForm(forms.Form):
    zeitraum = forms.CharField(label=_("Zeitraum/Stichtag"), max_length=20, help_text=PERIOD_HELP)

    def clean_zeitraum(self):
        try:
            return parse_period(self.cleaned_data["zeitraum"])
        except ValueError as error:
            raise ValidationError(str(error)) from error


class MeasurementRowForm(VersionedFormMixin, forms.Form):
    """One indicator's total value in the table of a field."""

    indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = GermanDecimalField(label=_("Wert"), required=False, allow_approximate=True)
    is_approximate = forms.BooleanField(label=_("ca."), required=False)
    text = forms.CharField(label=_("Text"), required=False, max_length=500)
    source_note = forms.CharField(label=_("Quellenhinweis"), required=False, max_length=300)


class BaseMeasurementTableFormSet(forms.BaseFormSet):
    """One row per indicator, in the order of `indicators`; `measurements` are the values shown
    (by indicator id), whose versions the rows carry."""

    def __init__(self, *args, indicators, measurements=None, period=None, **kwargs):
        self.indicators = {i.pk: i for i in indicators}
        self.shown = [(measurements or {}).get(i.pk) for i in indicators]
        self.period = period
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.shown):
            kwargs["versioned"] = self.shown[index]
        return kwargs

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.cleaned_data:
                continue
            indicator = self.indicators.get(form.cleaned_data.get("indicator"))
            if indicator is None:
                form.add_error(None, _("Dieser Indikator gehört nicht zu diesem Handlungsfeld."))
                continue
            form.indicator_obj = indicator
            self._refuse_value_entered_meanwhile(form, indicator)
            if indicator.is_qualitative and form.cleaned_data.get("value") is not None:
                form.add_error(
                    "value",
                    _("Qualitative Indikatoren haben keinen Zahlenwert; bitte den Text nutzen."),
                )
        if any(form.errors for form in self.forms):
            raise ValidationError(
                _("Bitte die markierten Zeilen korrigieren; es wurde noch nichts gespeichert.")
            )

    def _refuse_value_entered_meanwhile(self, form, indicator):
        """A row that was empty when the table was opened but has a value now: refused."""
        data = form.cleaned_data
        entered = data.get("value") is not None or (data.get("text") or "").strip()
        if form.is_versioned or self.period is None or not entered:
            return
        stored = Measurement.objects.filter(
            indicator=indicator,
            period_edtf=self.period.edtf,
            breakdown="",
            area="",
            group="",
            source="",
        ).first()
        if stored is not None:
            form.versioned = stored
            form.refuse(row_appeared(stored, fields=["value", "text", "source_note"]))

    def to_inputs(self, period):
        items = []
        for form in self.forms:
            data = form.cleaned_data
            value, text = data.get("value"), (data.get("text") or "").strip()
            if value is None and not text:
                continue
            approximate = data.get("is_approximate") or getattr(
                form.fields["value"], "approximate", False
            )
            items.append(
                MeasurementInput(
                    indicator=form.indicator_obj,
                    period=period,
                    value=value,
                    text=text,
                    is_approximate=bool(approximate and value is not None),
                    source_note=data.get("source_note", ""),
                )
            )
        return items


MeasurementTableFormSet = forms.formset_factory(
    MeasurementRowForm, formset=BaseMeasurementTableFormSet, extra=0
)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_(
            "Die ausgefüllte Vorlage oder eine Langtabelle der Statistik "
            "(Spalten Jahr, Merkmale, Wert)."
        ),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indikator (nur für Dateien ohne Indikator-Spalte)"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_(
            "Eine Langtabelle für einen einzelnen Indikator enthält oft keine Spalte, die "
            "ihn nennt; dann hier wählen."
        ),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.for_edition(edition).order_by(
            "field_of_action__position", "code"
        )
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code} – {i.name}"
        self.helper = FormHelper()
        self.helper.add_input(Submit("upload", _("Vorschau anzeigen")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("Die Datei ist größer als 2 MB; bitte aufteilen."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError(_("Bitte eine CSV- oder XLSX-Datei hochladen."))
        return upload
