"""Forms for linking to the Ratsinformationssystem; German labels, errors that say what to do."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import Committee
from participation.ris.mapping import suggest_committee


class CouncilSystemForm(forms.Form):
    system_url = forms.URLField(
        label=_("OParl-Adresse des Ratsinformationssystems"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Die Einstiegsadresse der OParl-Schnittstelle (das System-Objekt), z. B. "
            "https://www.beispielstadt.sitzung-online.de/public/oparl/system oder "
            "https://ratsinfo.beispielstadt.de/bi/oparl/1.0/system.asp. Der Anbieter des "
            "Ratsinformationssystems nennt sie."
        ),
    )
    body_url = forms.URLField(
        label=_("Adresse der Körperschaft (nur bei mehreren)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Nur nötig, wenn das System mehrere Körperschaften führt; sonst leer lassen. "
            "Die Auswahl wird nach dem Speichern angezeigt."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Prüfen und speichern")))


class OrganizationMappingForm(forms.Form):
    """One choice per organization of the council system; the rows come from the system."""

    def __init__(self, *args, organizations, committees, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        queryset = Committee.objects.filter(pk__in=[c.pk for c in committees])
        for index, organization in enumerate(organizations):
            mapping = mappings.get(organization.get("id"))
            if mapping is not None:
                initial = mapping.committee
            else:
                initial = suggest_committee(organization, committees)
            name = str(organization.get("name") or organization.get("id"))
            kind = organization.get("organizationType") or organization.get("classification")
            self.fields[f"organization_{index}"] = forms.ModelChoiceField(
                queryset=queryset,
                required=False,
                initial=initial.pk if initial else None,
                label=name,
                empty_label=_("– nicht übernehmen –"),
                help_text=(
                    _("Art im Ratsinformationssystem: %(kind)s") % {"kind": kind}
                    if isinstance(kind, str)
                    else ""
                ),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Zuordnung bestätigen")))

    def choices(self):
        """(remote id, remote name, committee or None) for every organization."""
        return [
            (
                organization["id"],
                str(organization.get("name") or organization["id"]),
                self.cleaned_data.get(f"organization_{index}"),
            )
            for index, organization in enumerate(self.organizations)
            if organization.get("id")
        ]


class PaperSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Vorlagen-Nr. oder Adresse der Vorlage im Ratsinformationssystem"),
        max_length=500,
        help_text=_(
            "z. B. „BV/0546/2018“, oder die OParl-Adresse der Vorlage einfügen "
            "(https://…/papers?id=1001737)."
        ),
    )


class PaperLinkForm(forms.Form):
    remote_url = forms.URLField(
        label=_("OParl-Adresse der Vorlage"), max_length=500, assume_scheme="https"
    )


class ApplyForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm_adoption = forms.BooleanField(
        required=False,
        label=_("Ich bestätige, dass damit die Fassung des Konzepts beschlossen wird."),
    )
