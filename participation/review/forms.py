from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from concepts.models import Chapter, Edition
from integration_site.versions import VersionedFormMixin
from participation.models import Comment, NotificationSettings, WorkingGroup


class ReviewRoundForm(forms.Form):
    chapter = forms.ModelChoiceField(
        label="Kapitel",
        queryset=Chapter.objects.none(),
        help_text="Der heutige Text des Kapitels wird für die Rücksprache festgehalten.",
        error_messages={"required": "Bitte ein Kapitel auswählen."},
    )
    groups = forms.ModelMultipleChoiceField(
        label="Arbeitsgruppen",
        queryset=WorkingGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Nur die Mitglieder dieser Gruppen sehen den Entwurf und können kommentieren.",
        error_messages={"required": "Bitte mindestens eine Arbeitsgruppe auswählen."},
    )
    deadline = forms.DateField(
        label="Frist",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text="Bis einschließlich diesem Tag sind Kommentare möglich.",
        error_messages={
            "required": "Bitte eine Frist angeben.",
            "invalid": "Bitte ein Datum im Format TT.MM.JJJJ eingeben.",
        },
    )
    note = forms.CharField(
        label="Hinweis an die Arbeitsgruppen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional, Markdown. Erscheint über dem Entwurf und in der E-Mail.",
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = (
            Chapter.objects.filter(edition__concept__municipality=municipality)
            .exclude(edition__status__in=Edition.LOCKED_STATUSES)
            .select_related("edition")
            .order_by("edition", "part", "position", "pk")
        )
        self.fields["chapter"].label_from_instance = lambda chapter: (
            f"{chapter.edition.title}: {chapter.title}"
        )
        self.fields["groups"].queryset = WorkingGroup.objects.for_municipality(municipality)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Prüfrunde eröffnen"))


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Kommentar",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Bitte einen Kommentar eingeben."},
    )
    paragraph = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": "Kommentar"}
        help_texts = {"text": "Markdown. Der Kommentar wird als „bearbeitet“ gekennzeichnet."}
        error_messages = {"text": {"required": "Bitte einen Kommentar eingeben."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Änderung speichern"))


class CommentAnswerForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["disposition", "answer"]
        labels = {"disposition": "Entscheidung", "answer": "Antwort der Stabsstelle"}
        widgets = {"answer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposition"].required = True
        self.fields["disposition"].error_messages["required"] = "Bitte eine Entscheidung wählen."
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Antwort speichern"))


class NotificationSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = list(NotificationSettings.KINDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Einstellungen speichern"))
