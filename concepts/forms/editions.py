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
        return upload


class PredecessorMatchForm(forms.Form):
    """One select per element of the new edition: which element of the predecessor it
    continues, or none (new). Each element of the predecessor may be chosen once per kind.

    `groups` are `concepts.exchange.matching.KindItems`; `initial` maps field names
    ("lz-12") to the old pk as text.
    """

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.rows = []  # (kind, new item, field name)
        old_fields = {
            item.pk: item.obj for group in groups if group.kind.key == "hf" for item in group.old
        }
        for group in groups:
            choices = [("", _("— keine Entsprechung (neu) —"))]
            by_field = {}
            for old in group.old:
                by_field.setdefault(old.field_pk, []).append((str(old.pk), old.label))
            if group.kind.key == "hf":
                choices += by_field.get(None, [])
            else:
                for field_pk, options in by_field.items():
                    field = old_fields.get(field_pk)
                    choices.append((f"{field.position}. {field.title}" if field else "", options))
            for item in group.new:
                name = f"{group.kind.key}-{item.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=item.label,
                    choices=choices,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
                self.rows.append((group.kind, item, name))

    def clean(self):
        cleaned = super().clean()
        for group in self.groups:
            labels = {str(old.pk): old.label for old in group.old}
            seen = {}
            for item in group.new:
                name = f"{group.kind.key}-{item.pk}"
                chosen = cleaned.get(name)
                if not chosen:
                    continue
                if chosen in seen:
                    self.add_error(
                        name,
                        _(
                            "„%(old)s“ ist schon „%(other)s“ zugeordnet; jedes Element der "
                            "Vorfassung kann nur einem Element entsprechen."
                        )
                        % {"old": labels[chosen], "other": seen[chosen]},
                    )
                else:
                    seen[chosen] = item.label
        return cleaned

    def pairs(self):
        """{kind key: {new pk: old pk}} of the confirmed choices."""
        result = {group.kind.key: {} for group in self.groups}
        for kind, item, name in self.rows:
            chosen = self.cleaned_data.get(name)
            if chosen:
                result[kind.key][item.pk] = int(chosen)
        return result
