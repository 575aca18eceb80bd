"""Forms for the Fortschreibung, the Bewertung and the import."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from concepts.exchange import MAX_UPLOAD_BYTES
from concepts.models import Edition, GoalAssessment
from integration_site.versions import VersionedFormMixin


class EditionCopyForm(forms.Form):
    title = forms.CharField(
        label="Titel der neuen Fassung",
        max_length=200,
        help_text="z. B. „3. Fortschreibung“",
    )
    year = forms.IntegerField(
        label="Jahr",
        min_value=1990,
        max_value=2100,
        error_messages={"invalid": "Bitte eine Jahreszahl wie 2026 eingeben."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Fortschreibung anlegen"))


class GoalAssessmentForm(VersionedFormMixin, forms.Form):
    """One goal's Bewertung; the page shows one per goal of the predecessor (prefixed)."""

    grade = forms.ChoiceField(
        label="Bewertung",
        required=False,
        choices=[("", "– noch nicht bewertet –"), *GoalAssessment.Grade.choices],
    )
    text = forms.CharField(
        label="Begründung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kurz, was erreicht wurde und woran es lag (Markdown).",
    )

    def clean(self):
        data = super().clean()
        if data.get("text", "").strip() and not data.get("grade"):
            self.add_error("grade", "Bitte zur Begründung auch eine Bewertung wählen.")
        return data


class CompareForm(forms.Form):
    mit = forms.ModelChoiceField(
        label="vergleichen mit",
        queryset=Edition.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Bitte eine Fassung dieses Konzepts wählen."},
    )

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mit"].queryset = editions
        self.fields["mit"].label_from_instance = lambda e: f"{e.title} ({e.year})"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Austauschdatei (JSON)",
        help_text=(
            "Eine Datei, die mit „Export (JSON)“ erzeugt wurde; "
            f"höchstens {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Importieren"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"Die Datei ist größer als {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
        return upload
