from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from concepts.forms.unknown import offer_unknown
from concepts.models import (
    Actor,
    FieldOfAction,
    Measure,
    OperationalGoal,
    StrategicGoal,
)
from integration_site.versions import VersionedFormMixin
from integration_site.widgets import DateInput, DateTimeInput
from participation.groups.uploads import ALLOWED_LABEL, check_upload, max_bytes
from participation.models import ContactPerson, GroupMembership, Meeting, WorkingGroup


def town_users(municipality):
    return (
        get_user_model()
        .objects.filter(memberships__municipality=municipality)
        .order_by("last_name", "first_name", "username")
    )


def person_label(user):
    return user.get_full_name() or user.username


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class ShortLabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Goals and measures are long sentences; the list shows number and opening words."""

    def label_from_instance(self, obj):
        text = str(obj)
        text = text if len(text) <= 90 else text[:89].rstrip() + "…"
        edition = obj.field_of_action.edition
        prefix = getattr(obj, "number", "")
        return f"{edition.title} {edition.year} · {prefix} {text}".replace("  ", " ")


def _submit_helper(label="Speichern"):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class ActorForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(label=_("Webseite"), required=False, assume_scheme="https")

    class Meta:
        model = Actor
        fields = ["name", "short_name", "kind", "description", "email", "phone", "website"]
        fields += ["address"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        offer_unknown(self, "kind")
        self.helper = _submit_helper()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Actor.objects.for_municipality(self.municipality).filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _(
                    "Einen Akteur mit diesem Namen gibt es schon. Bitte den Namen "
                    "ändern oder den vorhandenen Akteur bearbeiten."
                )
            )
        return name


class ContactPersonForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "function", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _submit_helper()


class WorkingGroupForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "kind", "description", "fields_of_action", "actors"]
        fields += ["starts_on", "ends_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "fields_of_action": forms.CheckboxSelectMultiple,
            "actors": forms.SelectMultiple(attrs={"size": 8}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.for_municipality(
            municipality
        ).select_related("edition")
        self.fields["fields_of_action"].label_from_instance = lambda f: (
            f"{f.title} ({f.edition.title} {f.edition.year})"
        )
        self.fields["actors"].queryset = Actor.objects.for_municipality(municipality)
        self.fields["actors"].label_from_instance = lambda actor: actor.name
        self.fields["actors"].help_text = _("Mehrere mit Strg bzw. Cmd auswählen.")
        self.helper = _submit_helper()


class GroupMemberForm(forms.Form):
    user = PersonChoiceField(queryset=None, label=_("Person"), empty_label=_("– bitte wählen –"))
    role = forms.ChoiceField(label=_("Rolle"), choices=GroupMembership.Role.choices)
    actor = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("für Akteur"),
        empty_label=_("– keiner –"),
        help_text=_("Die Organisation, für die die Person in der Gruppe sitzt."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = town_users(group.municipality).exclude(
            group_memberships__group=group
        )
        self.fields["user"].help_text = _(
            "Personen mit einem Konto in dieser Kommune. Neue Personen laden Sie per E-Mail ein."
        )
        self.fields["actor"].queryset = Actor.objects.for_municipality(group.municipality)
        self.fields["actor"].label_from_instance = lambda actor: actor.name
        self.helper = _submit_helper(_("Hinzufügen"))


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "group",
            "starts_at",
            "ends_at",
            "place",
            "method",
            "agenda",
            "invited_users",
            "invited_guests",
            "present_users",
            "present_guests",
            "minutes",
            "results",
            "strategic_goals",
            "operational_goals",
            "measures",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "invited_guests": forms.Textarea(attrs={"rows": 3}),
            "present_guests": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "results": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {
            "invited_users": PersonMultipleChoiceField,
            "present_users": PersonMultipleChoiceField,
            "strategic_goals": ShortLabelMultipleChoiceField,
            "operational_goals": ShortLabelMultipleChoiceField,
            "measures": ShortLabelMultipleChoiceField,
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        self.fields["group"].queryset = WorkingGroup.objects.for_municipality(municipality)
        self.fields["group"].empty_label = _("– kein Gremium (offenes Format) –")
        people = town_users(municipality)
        for name in ("invited_users", "present_users"):
            self.fields[name].queryset = people
            self.fields[name].widget = forms.CheckboxSelectMultiple(choices=[])
            self.fields[name].widget.choices = self.fields[name].choices
        self.fields["strategic_goals"].queryset = StrategicGoal.objects.for_municipality(
            municipality
        ).select_related("field_of_action__edition")
        self.fields["operational_goals"].queryset = OperationalGoal.objects.for_municipality(
            municipality
        ).select_related("field_of_action__edition", "strategic_goal__field_of_action")
        self.fields["measures"].queryset = Measure.objects.for_municipality(
            municipality
        ).select_related("field_of_action__edition")
        for name in ("strategic_goals", "operational_goals", "measures"):
            self.fields[name].widget.attrs["size"] = 8
            self.fields[name].help_text = _("Mehrere mit Strg bzw. Cmd auswählen.")
        self.fields["agenda"].help_text = _("Markdown, z. B. „1. Begrüßung“ je Zeile.")
        self.fields["minutes"].help_text = _(
            "Markdown: **fett**, *kursiv*, Listen mit „-“, Überschriften mit „##“."
        )
        self.helper = _submit_helper()
        self.helper.render_hidden_fields = True  # the version (integration_site/versions.py)
        self.helper.layout = Layout(
            Fieldset(
                _("Termin"), "title", "kind", "group", "starts_at", "ends_at", "place", "method"
            ),
            Fieldset(_("Tagesordnung"), "agenda"),
            Fieldset(
                _("Teilnehmende"),
                "invited_users",
                "invited_guests",
                "present_users",
                "present_guests",
            ),
            Fieldset(_("Protokoll und Ergebnisse"), "minutes", "results"),
            Fieldset(
                _("Ergebnisse betreffen …"), "strategic_goals", "operational_goals", "measures"
            ),
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Datei"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.template.defaultfilters import filesizeformat

        self.fields["file"].help_text = _("%(formats)s, höchstens %(size)s.") % {
            "formats": ALLOWED_LABEL,
            "size": filesizeformat(max_bytes()),
        }
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.png,.jpg,.jpeg,.gif"

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload(uploaded)
        return uploaded


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Die Person erhält einen Link, der 14 Tage gültig ist."),
        error_messages={"invalid": _("Bitte eine gültige E-Mail-Adresse eingeben.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _submit_helper(_("Einladung senden"))


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=150)
    last_name = forms.CharField(label=_("Nachname"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = _submit_helper(_("Konto anlegen und beitreten"))

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif first:
            probe = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
