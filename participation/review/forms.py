from itertools import groupby

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from concepts.models import Chapter, Edition
from integration_site.versions import VersionedFormMixin
from integration_site.widgets import DateInput
from participation.models import Comment, NotificationSettings, WorkingGroup


def chapter_choices(chapters):
    """The chapters grouped by their draft, the newest draft first.

    A town can have two drafts in work (a Fortschreibung beside a correction); one flat list
    of chapter titles let staff pick the chapter of the wrong draft.
    """
    choices = [("", "---------")]
    for edition, rows in groupby(chapters, key=lambda chapter: chapter.edition):
        label = f"{edition.concept.title} – {edition.title} ({edition.get_status_display()})"
        choices.append((label, [(chapter.pk, chapter.title) for chapter in rows]))
    return choices


class ReviewRoundForm(forms.Form):
    chapter = forms.ModelChoiceField(
        label=_("Kapitel"),
        queryset=Chapter.objects.none(),
        help_text=_("Der heutige Text des Kapitels wird für die Prüfrunde festgehalten."),
        error_messages={"required": _("Bitte ein Kapitel auswählen.")},
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Arbeitsgruppen"),
        queryset=WorkingGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nur die Mitglieder dieser Gruppen sehen den Entwurf und können kommentieren."),
        error_messages={"required": _("Bitte mindestens eine Arbeitsgruppe auswählen.")},
    )
    deadline = forms.DateField(
        label=_("Frist"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("Bis einschließlich diesem Tag sind Kommentare möglich."),
        error_messages={
            "required": _("Bitte eine Frist angeben."),
            "invalid": _("Bitte ein Datum im Format TT.MM.JJJJ eingeben."),
        },
    )
    note = forms.CharField(
        label=_("Hinweis an die Arbeitsgruppen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, Markdown. Erscheint über dem Entwurf und in der E-Mail."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        chapters = (
            Chapter.objects.filter(edition__concept__municipality=municipality)
            .exclude(edition__status__in=Edition.LOCKED_STATUSES)
            .select_related("edition__concept")
            .order_by("-edition__year", "-edition__pk", "part", "position", "pk")
        )
        self.fields["chapter"].queryset = chapters
        self.fields["chapter"].choices = chapter_choices(chapters)
        self.fields["groups"].queryset = WorkingGroup.objects.for_municipality(municipality)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Prüfrunde eröffnen")))


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Kommentar"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte einen Kommentar eingeben.")},
    )
    paragraph = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Kommentar")}
        help_texts = {"text": _("Markdown. Der Kommentar wird als „bearbeitet“ gekennzeichnet.")}
        error_messages = {"text": {"required": _("Bitte einen Kommentar eingeben.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Änderung speichern")))


class CommentAnswerForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["disposition", "answer"]
        labels = {"disposition": _("Entscheidung"), "answer": _("Antwort der Stabsstelle")}
        widgets = {"answer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposition"].required = True
        self.fields["disposition"].error_messages["required"] = _("Bitte eine Entscheidung wählen.")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Antwort speichern")))


class NotificationSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = list(NotificationSettings.KINDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Einstellungen speichern")))
