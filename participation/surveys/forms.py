"""Forms of the surveys: building (staff) and answering (respondents)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from concepts.models import Edition, FieldOfAction
from integration_site.versions import VersionedFormMixin
from integration_site.widgets import DateInput
from participation.models import ContactPerson, Question, Survey, SurveySection

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_ERRORS = {"invalid": _("Bitte ein Datum im Format TT.MM.JJJJ eingeben.")}


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class SurveyForm(VersionedFormMixin, forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        label=_("Fragen übernehmen aus"),
        queryset=Survey.objects.none(),
        required=False,
        help_text=_("Optional: Abschnitte und Fragen einer früheren Umfrage übernehmen."),
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "edition",
            "fields_of_action",
            "audience",
            "anonymous",
            "opens_on",
            "closes_on",
            "intro",
            "privacy_notice",
            "invitation_text",
            "reminder_text",
            "retention_days",
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "fields_of_action": forms.CheckboxSelectMultiple,
            "intro": forms.Textarea(attrs={"rows": 3}),
            "privacy_notice": forms.Textarea(attrs={"rows": 4}),
            "invitation_text": forms.Textarea(attrs={"rows": 4}),
            "reminder_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        editions = Edition.objects.for_municipality(municipality).select_related("concept")
        self.fields["edition"].queryset = editions
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.filter(
            edition__in=editions
        ).select_related("edition")
        self.fields["fields_of_action"].label_from_instance = lambda f: (
            f"{f.title} ({f.edition.title})"
        )
        for name in ("opens_on", "closes_on"):
            self.fields[name].input_formats = DATE_FORMATS
            self.fields[name].error_messages.update(DATE_ERRORS)
        if self.instance.pk:
            del self.fields["copy_from"]
        else:
            self.fields["copy_from"].queryset = Survey.objects.for_municipality(municipality)
        self.helper = _helper(_("Speichern"))

    def clean(self):
        cleaned = super().clean()
        edition = cleaned.get("edition")
        fields = cleaned.get("fields_of_action") or []
        if edition and any(f.edition_id != edition.pk for f in fields):
            self.add_error(
                "fields_of_action", _("Bitte nur Handlungsfelder der gewählten Fassung wählen.")
            )
        return cleaned


class SectionForm(forms.ModelForm):
    class Meta:
        model = SurveySection
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Abschnitt anlegen"))


class SectionUpdateForm(VersionedFormMixin, SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Abschnitt speichern"))


class SectionDeleteForm(forms.Form):
    """Where the questions of a deleted page go: to another page (the default: the page before)
    or, on request, away with it."""

    move_to = forms.ModelChoiceField(
        label=_("Was geschieht mit den Fragen dieses Abschnitts?"),
        queryset=SurveySection.objects.none(),
        required=False,
        blank=True,
        widget=forms.RadioSelect,
        empty_label=_("mitlöschen (nur möglich, solange keine Frage Antworten hat)"),
    )

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        others = list(section.survey.sections.exclude(pk=section.pk).order_by("position", "pk"))
        field = self.fields["move_to"]
        field.queryset = section.survey.sections.exclude(pk=section.pk)
        field.label_from_instance = lambda s: (
            _("verschieben an das Ende von „%(title)s“") % {"title": s.title}
        )
        earlier = [s for s in others if s.position < section.position]
        default = earlier[-1] if earlier else (others[0] if others else None)
        if default is not None:
            field.initial = default.pk


class QuestionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "section",
            "kind",
            "text",
            "help_text",
            "required",
            "options",
            "allow_other",
            "rows",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "field_of_action",
            "condition_question",
            "condition_values",
        ]
        widgets = {
            "options": forms.Textarea(attrs={"rows": 4}),
            "rows": forms.Textarea(attrs={"rows": 3}),
            "condition_values": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = None
        self.fields["field_of_action"].queryset = FieldOfAction.objects.filter(
            edition_id=survey.edition_id
        )
        conditions = Question.objects.filter(
            section__survey=survey,
            kind__in=[Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.SCALE],
        ).select_related("section")
        if self.instance.pk:
            conditions = conditions.exclude(pk=self.instance.pk)
        self.fields["condition_question"].queryset = conditions
        self.fields["condition_question"].label_from_instance = lambda q: (
            f"{q.section.title}: {q.text}"
        )
        self.helper = _helper(_("Frage speichern"))


class InviteForm(forms.Form):
    contact_persons = forms.ModelMultipleChoiceField(
        label=_("Ansprechpersonen"),
        queryset=ContactPerson.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte mindestens eine Ansprechperson auswählen.")},
        help_text=_("Nur Ansprechpersonen mit E-Mail-Adresse; wer schon eingeladen ist, fehlt."),
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        invited = survey.links.exclude(contact_person=None).values("contact_person")
        self.fields["contact_persons"].queryset = (
            ContactPerson.objects.for_municipality(survey.municipality)
            .exclude(email="")
            .exclude(pk__in=invited)
            .select_related("actor")
            .order_by("actor__name", "name")
        )
        self.fields["contact_persons"].label_from_instance = lambda p: (
            f"{p.actor.name}: {p.name} <{p.email}>"
        )


class TagForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=FieldOfAction.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = FieldOfAction.objects.filter(edition_id=survey.edition_id)


class CitationForm(forms.Form):
    field_of_action = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.none(),
        error_messages={"required": _("Bitte ein Handlungsfeld auswählen.")},
    )
    note = forms.CharField(label=_("Einordnung"), max_length=500, required=False)

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_of_action"].queryset = FieldOfAction.objects.filter(
            edition_id=survey.edition_id
        )
