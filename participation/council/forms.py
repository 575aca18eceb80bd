"""Forms of the council path; German labels, errors that say what to do."""

import datetime
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concepts.models import Edition
from integration_site.versions import VersionedFormMixin
from integration_site.widgets import DateInput, TimeInput
from participation.models import (
    Amendment,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    Paper,
    PaperNumbering,
)
from participation.models.council import ATTACHMENT_MAX_BYTES


class CouncilForm(VersionedFormMixin, forms.ModelForm):
    submit_label = _("Speichern")

    def __init__(self, *args, municipality=None, **kwargs):
        self.municipality = municipality
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))

    def _get_validation_exclusions(self):
        # The town is set by the view, not typed in; checking it lets unique names show as
        # form errors instead of failing at the database.
        return super()._get_validation_exclusions() - {"municipality"}


class CommitteeForm(CouncilForm):
    website = forms.URLField(label=_("Webseite"), required=False, assume_scheme="https")

    class Meta:
        model = Committee
        fields = ["name", "short_name", "kind", "position", "seats", "is_active", "website"]


class CommitteeMembershipForm(CouncilForm):
    class Meta:
        model = CommitteeMembership
        fields = ["person_name", "role", "voting_right", "party_group", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class CommitteeMeetingForm(CouncilForm):
    """Date and times as separate fields: that is how invitations state them."""

    date = forms.DateField(label=_("Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Beginn (Uhrzeit)"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ende (Uhrzeit)"), widget=TimeInput(), required=False)

    class Meta:
        model = CommitteeMeeting
        fields = ["name", "location", "is_public", "cancelled"]

    field_order = ["date", "start_time", "end_time", "name", "location", "is_public", "cancelled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            starts_at = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", starts_at.date())
            self.initial.setdefault("start_time", starts_at.time())
            if self.instance.ends_at:
                self.initial.setdefault(
                    "end_time", timezone.localtime(self.instance.ends_at).time()
                )

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start:
            self.instance.starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
            if end and end < start:
                self.add_error("end_time", _("Das Ende muss nach dem Beginn liegen."))
            else:
                self.instance.ends_at = (
                    timezone.make_aware(datetime.datetime.combine(day, end)) if end else None
                )
        return cleaned


class ProposalPointsField(forms.CharField):
    """The Beschlussvorschlag: one numbered point per paragraph (blank line between)."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        points = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
        return [re.sub(r"^\d+\.\s+", "", p) for p in points if p]


class PaperForm(CouncilForm):
    proposal_points = ProposalPointsField(
        label=_("Beschlussvorschlag"),
        required=False,
        help_text=_(
            "Jeden Punkt als eigenen Absatz schreiben (Leerzeile dazwischen); die Punkte werden "
            "automatisch nummeriert."
        ),
    )

    class Meta:
        model = Paper
        fields = [
            "kind",
            "date",
            "reference",
            "author_office",
            "party_group",
            "subject",
            "is_public",
            "edition",
            "include_concept_pdf",
            "proposal_points",
            "reasoning",
            "financial_effect",
            "budget_product",
            "budget_year",
            "amount",
            "funds_available",
            "financial_impact",
            "legal_basis",
            "previous_decisions",
            "vision_reference",
            "signature",
            "signatory",
        ]
        widgets = {
            "date": DateInput(),
            "reasoning": forms.Textarea(attrs={"rows": 10}),
            "financial_impact": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "previous_decisions": forms.Textarea(attrs={"rows": 3}),
            "vision_reference": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = self.municipality
        self.fields["edition"].queryset = Edition.objects.for_municipality(
            self.municipality
        ).select_related("concept")
        if not self.instance.pk:
            self.initial["date"] = self.initial.get("date") or timezone.localdate()
            # A Beschlussvorlage needs its verfassendes Amt: usually the town's own office.
            self.initial["author_office"] = (
                self.initial.get("author_office") or self.municipality.office
            )
            draft = self.fields["edition"].queryset.filter(status=Edition.Status.DRAFT).first()
            self.initial["edition"] = self.initial.get("edition") or (draft.pk if draft else None)


class ConsultationForm(CouncilForm):
    agenda_number = forms.CharField(
        label=_("TOP"),
        max_length=20,
        required=False,
        help_text=_("Nummer des Tagesordnungspunkts, z. B. „5“; sobald die Tagesordnung steht."),
    )

    class Meta:
        model = Consultation
        fields = ["committee", "meeting", "agenda_number", "is_public", "role", "position"]
        help_texts = {
            "meeting": _("Leer lassen, solange der Termin noch nicht feststeht."),
            "position": _("Stelle im Gremienweg; leer/0 hängt die Beratung hinten an."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.for_municipality(self.municipality)
        self.fields["meeting"].queryset = CommitteeMeeting.objects.for_municipality(
            self.municipality
        ).select_related("committee")
        self.fields["position"].required = False
        if self.instance.agenda_item_id:
            self.initial.setdefault("agenda_number", self.instance.agenda_item.number)

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


class VoteFieldsMixin:
    vote_help = _("Leer lassen, wenn nicht bekannt.")

    def setup_vote_fields(self):
        for name in ("votes_yes", "votes_no", "votes_abstain"):
            field = self.fields[name]
            field.widget.attrs["min"] = 0
            field.help_text = self.vote_help
        self.fields["unanimous"].help_text = _(
            "Ohne Stimmenzahlen, wenn nur „einstimmig“ bekannt ist."
        )


class ConsultationResultForm(VoteFieldsMixin, CouncilForm):
    submit_label = _("Ergebnis speichern")

    class Meta:
        model = Consultation
        fields = [
            "result",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "unanimous",
            "decision_text",
            "note",
        ]
        widgets = {
            "decision_text": forms.Textarea(attrs={"rows": 6}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].required = True
        self.fields["result"].error_messages["required"] = _(
            "Bitte das Ergebnis der Beratung wählen."
        )
        self.setup_vote_fields()


class RevertAdoptionForm(forms.Form):
    reason = forms.CharField(
        label=_("Warum wird der Beschluss zurückgenommen?"),
        help_text=_(
            "Steht im Verlauf der Fassung und der Beratung, z. B. „falsche Sitzung gewählt“."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": _("Bitte kurz angeben, warum der Beschluss falsch ist.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Beschluss zurücknehmen"), css_class="btn-danger"))


class AmendmentForm(VoteFieldsMixin, CouncilForm):
    class Meta:
        model = Amendment
        fields = [
            "proposer",
            "text",
            "result",
            "votes_yes",
            "votes_no",
            "votes_abstain",
            "unanimous",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_vote_fields()


PDF_MAGIC = b"%PDF-"
DOCX_MAGIC = b"PK\x03\x04"


class PaperAttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel der Anlage"), max_length=250)
    file = forms.FileField(label=_("Datei"), help_text=_("PDF oder Word (DOCX), höchstens 20 MB."))

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Hochladen")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist größer als 20 MB. Bitte eine kleinere Datei wählen.")
            )
        head = upload.read(8)
        upload.seek(0)
        if name.endswith(".pdf") and head.startswith(PDF_MAGIC):
            upload.content_type = "application/pdf"
        elif name.endswith(".docx") and head.startswith(DOCX_MAGIC):
            upload.content_type = (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            )
        else:
            raise forms.ValidationError(
                _(
                    "Bitte eine PDF- oder DOCX-Datei hochladen; andere Dateitypen "
                    "sind nicht erlaubt."
                )
            )
        return upload


class PaperNumberingForm(CouncilForm):
    last_number = forms.IntegerField(
        label=_("Zuletzt vergebene Nummer im laufenden Jahr"),
        min_value=0,
        required=False,
        help_text=_(
            "Nur beim Umstieg nötig: Wurden dieses Jahr schon Vorlagen außerhalb dieses "
            "Programms nummeriert, hier die letzte Nummer eintragen (z. B. 545)."
        ),
    )

    class Meta:
        model = PaperNumbering
        fields = ["kind", "pattern"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = self.municipality
        self.year = timezone.localdate().year
        self.initial.setdefault("last_number", self.instance.last_number(self.year))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("last_number") is not None:
            self.instance.counters = {
                **self.instance.counters,
                str(self.year): cleaned["last_number"],
            }
        return cleaned
