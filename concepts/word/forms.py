"""Forms of the Word import: the upload, a role correction, merging/splitting, the titles."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from concepts.word.reader import MAX_UPLOAD_BYTES
from concepts.word.roles import ROLES

MAX_RULES_BYTES = 1024 * 1024


class WordUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Word-Datei (.docx)"),
        help_text=_("Das Konzept als Word-Dokument; höchstens %(size)s MB.")
        % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )
    rules = forms.FileField(
        label=_("Regeldatei (optional)"),
        required=False,
        help_text=_(
            "Korrekturen aus einer früheren Vorschau („Regeln speichern“), für ein Dokument "
            "gleichen Aufbaus."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Vorschau anzeigen")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist größer als %(size)s MB.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_rules(self):
        upload = self.cleaned_data.get("rules")
        if upload and upload.size > MAX_RULES_BYTES:
            raise forms.ValidationError(_("Die Regeldatei ist zu groß."))
        return upload


class LineRoleForm(forms.Form):
    """The role of one line, or of all lines with its style or number pattern."""

    SCOPES = [
        ("line", _("nur diese Zeile")),
        ("style", _("alle Zeilen dieser Formatvorlage")),
        ("pattern", _("alle Zeilen dieses Nummernmusters")),
    ]
    line = forms.IntegerField(min_value=0)
    role = forms.ChoiceField(label=_("Rolle"), choices=list(ROLES.items()))
    scope = forms.ChoiceField(label=_("für"), choices=SCOPES, initial="line")


class LineEditForm(forms.Form):
    """Merge a line with the next one, or split it before a piece of its text."""

    line = forms.IntegerField(min_value=0)
    at = forms.CharField(label=_("Teilen vor dem Text"), required=False, max_length=500)


class TitlesForm(forms.Form):
    concept_title = forms.CharField(label=_("Titel des Konzepts"), max_length=250)
    edition_title = forms.CharField(
        label=_("Titel der Fassung"), max_length=200, help_text=_("z. B. „2. Fortschreibung“")
    )
    year = forms.IntegerField(
        label=_("Jahr"), min_value=1900, max_value=2200, initial=datetime.date.today().year
    )


class WordTemplateForm(forms.Form):
    template = forms.FileField(
        label=_("Word-Vorlage (.docx)"),
        help_text=_(
            "Ein Word-Dokument im Erscheinungsbild der Kommune (Formatvorlagen, Kopf- und "
            "Fußzeile, Seitenränder); sein Text wird nicht übernommen. Höchstens %(size)s MB."
        )
        % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Vorlage hochladen")))

    def clean_template(self):
        upload = self.cleaned_data["template"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist größer als %(size)s MB.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
