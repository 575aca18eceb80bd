"""Forms for the Fortschreibung, the Bewertung and the import."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from concepts.exchange import MAX_UPLOAD_BYTES
from concepts.models import Edition, GoalAssessment
from integration_site.versions import VersionedFormMixin


class EditionCopyForm(forms.Form):
    title = forms.CharField(
        label=_("Titel der neuen Fassung"),
        max_length=200,
        help_text=_("z. B. „3. Fortschreibung“"),
    )
    year = forms.IntegerField(
        label=_("Jahr"),
        min_value=1990,
        max_value=2100,
        error_messages={"invalid": _("Bitte eine Jahreszahl wie 2026 eingeben.")},
    )

    parallel = forms.BooleanField(
        label=_("Trotzdem einen weiteren Entwurf anlegen"),
        required=False,
        help_text=_("Nur nötig, wenn schon ein Entwurf dieses Konzepts in Arbeit ist."),
    )

    def __init__(self, *args, open_drafts=(), **kwargs):
        """`open_drafts`: the concept's editions in Entwurf or Beratung; with any, a second
        draft is made only when the person ticks `parallel` (two drafts drift apart)."""
        super().__init__(*args, **kwargs)
        self.open_drafts = list(open_drafts)
        if not self.open_drafts:
            del self.fields["parallel"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Fortschreibung anlegen")))

    def clean(self):
        cleaned = super().clean()
        if self.open_drafts and not cleaned.get("parallel"):
            names = ", ".join(f"„{e.title}“ ({e.get_status_display()})" for e in self.open_drafts)
            self.add_error(
                "parallel",
                _(
                    "Es gibt schon einen Entwurf in Arbeit: %(names)s. Bitte dort weiterarbeiten "
                    "oder bestätigen, dass ein weiterer Entwurf entstehen soll."
                )
                % {"names": names},
            )
        return cleaned


class GoalAssessmentForm(VersionedFormMixin, forms.Form):
    """One goal's Bewertung; the page shows one per goal of the predecessor (prefixed)."""

    grade = forms.ChoiceField(
        label=_("Bewertung"),
        required=False,
        choices=[("", _("– noch nicht bewertet –")), *GoalAssessment.Grade.choices],
    )
    text = forms.CharField(
        label=_("Begründung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kurz, was erreicht wurde und woran es lag (Markdown)."),
    )


class CompareForm(forms.Form):
    mit = forms.ModelChoiceField(
        label=_("vergleichen mit"),
        queryset=Edition.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Bitte eine Fassung dieses Konzepts wählen.")},
    )

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mit"].queryset = editions
        self.fields["mit"].label_from_instance = lambda e: f"{e.title} ({e.year})"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Austauschdatei (JSON)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Importieren")))
        self.fields["file"].help_text = _(
            "Eine Datei, die mit „Export (JSON)“ erzeugt wurde; höchstens %(size)s MB."
        ) % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist größer als %(size)s MB.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith(".json"):
            raise forms.ValidationError(
                _("Bitte eine Austauschdatei im JSON-Format hochladen (Dateiendung .json).")
            )
        return upload
