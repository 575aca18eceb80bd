"""Forms of the controlling cycle and the controlling report."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concepts.models import Edition, Measure, Milestone
from indicators.importers.parsing import format_number, parse_number
from indicators.models import Indicator
from indicators.rounds.models import ReportingRound
from indicators.rounds.services import Report, task_existing_values
from integration_site.versions import (
    CONFLICT_SHORT,
    changes_since,
    row_appeared,
    version_of,
)
from integration_site.widgets import DateInput


class RoundForm(forms.ModelForm):
    class Meta:
        model = ReportingRound
        fields = ["edition", "title", "reference_date", "deadline", "message"]
        widgets = {
            "reference_date": DateInput(),
            "deadline": DateInput(),
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        editions = Edition.objects.for_municipality(municipality).select_related("concept")
        self.fields["edition"].queryset = editions
        self.fields["edition"].help_text = _(
            "Die Maßnahmen und Indikatoren dieser Fassung werden abgefragt."
        )
        self.fields["edition"].error_messages["invalid_choice"] = _(
            "Bitte eine Fassung dieser Kommune wählen."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Berichtsrunde starten und E-Mails senden")))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(
                _("Die Meldefrist liegt in der Vergangenheit. Bitte ein Datum ab heute wählen.")
            )
        return deadline


class ReportChoiceForm(forms.Form):
    """Which edition and Stichtag the controlling report shows (a GET form)."""

    fassung = forms.ModelChoiceField(
        label=_("Fassung"),
        queryset=Edition.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Bitte eine Fassung aus der Liste wählen.")},
    )
    stichtag = forms.DateField(
        label=_("Stichtag"),
        widget=DateInput(),
        help_text=_("Werte bis zu diesem Tag fließen ein."),
        error_messages={"invalid": _("Bitte ein Datum im Format TT.MM.JJJJ eingeben.")},
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fassung"].queryset = Edition.objects.for_municipality(
            municipality
        ).select_related("concept")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("submit", _("Bericht als PDF erstellen")))


class TaskReportForm(forms.Form):
    """One person's items in a round: status per measure, milestones, a value per indicator.

    Every row the form shows carries its version (a hidden `…-version` per measure, milestone and
    indicator value, empty where no value is stored yet). If the Stabsstelle or anybody else
    changed one of them after the page was opened, the report is refused as a whole and the
    page shows who changed what; the versions move on, so sending again replaces those changes.
    """

    conflict = None
    conflict_message = CONFLICT_SHORT

    def __init__(self, *args, task, measures, indicators, existing_values, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.measures = list(measures)
        self.indicators = list(indicators)
        self.rows = []
        for measure in self.measures:
            self._version_field(f"measure-{measure.pk}", measure)
            name = f"measure-{measure.pk}-status"
            self.fields[name] = forms.ChoiceField(
                label=_("Umsetzungsstand: %(measure)s") % {"measure": measure.label},
                choices=Measure.Status.choices,
                initial=measure.status,
            )
            milestone_names = []
            for milestone in measure.milestones.all():
                ms_name = f"milestone-{milestone.pk}-done"
                label = milestone.title
                if milestone.due_on:
                    label += " " + _("(fällig %(date)s)") % {"date": f"{milestone.due_on:%d.%m.%Y}"}
                self.fields[ms_name] = forms.BooleanField(
                    label=label, required=False, initial=milestone.done
                )
                self._version_field(f"milestone-{milestone.pk}", milestone)
                milestone_names.append(ms_name)
            self.rows.append(("measure", measure, [name, *milestone_names]))
        for indicator in self.indicators:
            current = existing_values.get(indicator.pk)
            self._version_field(f"indicator-{indicator.pk}", current)
            names = []
            if indicator.is_qualitative:
                text_name = f"indicator-{indicator.pk}-text"
                self.fields[text_name] = forms.CharField(
                    label=_("Stand zum Stichtag: %(indicator)s") % {"indicator": indicator.name},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=current.text if current else "",
                    help_text=_("Beschreiben Sie den Zustand in wenigen Sätzen."),
                )
                names.append(text_name)
            else:
                value_name = f"indicator-{indicator.pk}-value"
                initial = ""
                if current and current.value is not None:
                    initial = format_number(current.value, indicator.decimal_places)
                    if current.is_approximate:
                        initial = f"ca. {initial}"
                unit = indicator.unit_label
                self.fields[value_name] = forms.CharField(
                    label=_("Wert zum Stichtag: %(indicator)s") % {"indicator": indicator.name}
                    + (f" ({unit})" if unit else ""),
                    required=False,
                    initial=initial,
                    help_text=_(
                        "Zahl im deutschen Format, z. B. 12,5 oder 1.234; „ca. 12,5“ "
                        "für einen ungefähren Wert. Leer lassen, wenn noch kein Wert vorliegt."
                    ),
                )
                names.append(value_name)
            self.rows.append(("indicator", indicator, names))
        self.fields["note"] = forms.CharField(
            label=_("Anmerkung an die Stabsstelle"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=task.note,
        )

    def _version_field(self, prefix, row):
        self.fields[f"{prefix}-version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=version_of(row)
        )

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            name = f"indicator-{indicator.pk}-value"
            if name in self.fields and name not in self.errors:
                try:
                    cleaned[name] = parse_number(cleaned.get(name, ""))
                except ValueError as error:
                    self.add_error(name, str(error))
        self._refuse_changes_since_opened(cleaned)
        return cleaned

    def current_rows(self):
        """{version field prefix: the row as stored now}, locked inside a transaction.

        Locking the indicators serialises value entries for them (a value that does not exist
        yet cannot be locked), as the value form on the indicator page does.
        """
        lock = transaction.get_connection().in_atomic_block

        def rows(model, pks):
            queryset = model._default_manager.filter(pk__in=pks)
            return queryset.select_for_update() if lock else queryset

        milestones = [ms.pk for m in self.measures for ms in m.milestones.all()]
        current = {f"measure-{m.pk}": m for m in rows(Measure, [m.pk for m in self.measures])}
        current.update({f"milestone-{m.pk}": m for m in rows(Milestone, milestones)})
        list(rows(Indicator, [i.pk for i in self.indicators]).values_list("pk", flat=True))
        current.update({f"indicator-{pk}": m for pk, m in task_existing_values(self.task).items()})
        return current

    def _refuse_changes_since_opened(self, cleaned):
        changes, moved_on = [], {}
        for prefix, row in self.current_rows().items():
            name = f"{prefix}-version"
            if name not in self.fields:
                continue
            sent = cleaned.get(name, "")
            if sent == version_of(row):
                continue
            conflict = changes_since(row, sent) if sent else None
            changes += conflict or row_appeared(row, fields=["value", "text"]).changes
            moved_on[self.add_prefix(name)] = version_of(row)
        if not changes:
            return
        self.conflict = changes
        data = self.data.copy()
        for key, version in moved_on.items():
            data[key] = version
        self.data = data
        raise ValidationError(self.conflict_message, code="conflict")

    def report(self):
        data = self.cleaned_data
        report = Report(note=data.get("note", ""))
        for measure in self.measures:
            report.measure_status[measure.pk] = data[f"measure-{measure.pk}-status"]
            for milestone in measure.milestones.all():
                report.milestones_done[milestone.pk] = data[f"milestone-{milestone.pk}-done"]
        for indicator in self.indicators:
            if indicator.is_qualitative:
                text = data.get(f"indicator-{indicator.pk}-text", "").strip()
                report.values[indicator.pk] = (None, text, False)
            else:
                value, approximate = data[f"indicator-{indicator.pk}-value"]
                report.values[indicator.pk] = (value, "", approximate)
        return report

    def bound_rows(self):
        for kind, item, names in self.rows:
            yield kind, item, [self[name] for name in names]


def default_deadline(today=None):
    return (today or timezone.localdate()) + datetime.timedelta(days=28)
