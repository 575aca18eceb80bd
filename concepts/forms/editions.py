"""Forms for the Fortschreibung, the Bewertung and the import."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
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


class PairSelect(forms.Select):
    """A select rendered straight to HTML: the page "Zuordnung zur Vorfassung" of the largest
    concept holds tens of thousands of options, too many for a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        value = "" if value is None else str(value)

        def option(v, label):
            if str(v) == value:
                return format_html('<option value="{}" selected>{}</option>', v, label)
            return format_html('<option value="{}">{}</option>', v, label)

        def options(choices):
            return format_html_join("", "{}", ((option(v, label),) for v, label in choices))

        parts = [
            format_html('<optgroup label="{}">{}</optgroup>', v, options(label))
            if isinstance(label, (list, tuple))
            else option(v, label)
            for v, label in self.choices
        ]
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            format_html_join("", "{}", ((part,) for part in parts)),
        )


class PredecessorMatchForm(forms.Form):
    """One select per element of the new edition: which element of the predecessor it
    continues, or none (new). Each element of the predecessor may be chosen once per kind.

    `groups` are `concepts.exchange.matching.KindItems`; `initial` maps field names
    ("lz-12") to the old pk as text; `field_pairs` ({new field pk: old field pk}) narrows the
    choices of a kind with more than `ALL_CHOICES` elements to the paired field's (and the
    element chosen now), so that a large concept's page stays small.
    """

    ALL_CHOICES = 60

    def __init__(self, *args, groups, field_pairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        field_pairs = field_pairs or {}
        self.rows = []  # (kind, new item, field name)
        old_fields = {
            item.pk: item.obj for group in groups if group.kind.key == "hf" for item in group.old
        }
        none = ("", _("— keine Entsprechung (neu) —"))
        for group in groups:
            by_field, labels = {}, {}
            for old in group.old:
                by_field.setdefault(old.field_pk, []).append((str(old.pk), old.label))
                labels[str(old.pk)] = (old.field_pk, old.label)

            def grouped(field_pk, options):
                field = old_fields.get(field_pk)
                return (f"{field.position}. {field.title}" if field else "", options)

            if group.kind.key == "hf":
                every = [none, *by_field.get(None, [])]
            else:
                every = [none, *(grouped(pk, options) for pk, options in by_field.items())]
            narrow = len(group.old) > self.ALL_CHOICES
            for item in group.new:
                name = f"{group.kind.key}-{item.pk}"
                choices = every
                if narrow:
                    own = field_pairs.get(item.field_pk)
                    choices = [none]
                    if own in by_field:
                        choices.append(grouped(own, by_field[own]))
                    chosen = self.data.get(self.add_prefix(name)) if self.is_bound else None
                    for extra in {str(self.initial.get(name) or ""), str(chosen or "")}:
                        if extra in labels and labels[extra][0] != own:
                            choices.append(grouped(labels[extra][0], [(extra, labels[extra][1])]))
                self.fields[name] = forms.ChoiceField(
                    label=item.label,
                    choices=choices,
                    required=False,
                    widget=PairSelect(attrs={"class": "form-select form-select-sm"}),
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
