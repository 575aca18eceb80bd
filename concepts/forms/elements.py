"""Edit forms for every element of the concept (crispy-forms, German texts).

Every form takes the `edition` it edits, limits its choices to that edition and carries the
element's version (VersionedFormMixin), so that a save over somebody else's newer change is
refused instead of silently overwriting it.
"""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concepts import models
from concepts.forms.unknown import UNKNOWN_LABEL, offer_unknown
from concepts.services.elements import (
    ActorRow,
    element_save,
    measure_actor_save,
    measure_save_with_actors,
    one_lead_message,
)
from integration_site.versions import VersionedFormMixin as BaseVersionedFormMixin
from integration_site.widgets import DateInput


class GermanDecimalField(forms.DecimalField):
    """Accepts what people type in Germany: "0,5", "12.000", "12.000,50 €"."""

    THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d*)?$")

    def __init__(self, **kwargs):
        kwargs["localize"] = True
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\xa0", "").replace(" ", "").strip()
            if self.THOUSANDS.match(value):
                value = value.replace(".", "")
            value = value.replace(",", ".")
        return super().to_python(value)


SHORT_TEXT = forms.Textarea(attrs={"rows": 2})
LONG_TEXT = forms.Textarea(attrs={"rows": 8})


class VersionedFormMixin(BaseVersionedFormMixin):
    """The project's version check, for a form that edits one element of `edition`."""

    def __init__(self, *args, edition, **kwargs):
        self.edition = edition
        super().__init__(*args, **kwargs)
        if not self.instance.pk and hasattr(self.instance, "edition_id"):
            self.instance.edition = edition
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def commit(self):
        """Save through the service (edition lock, order, version check under a row lock)."""
        instance = super().save(commit=False)
        return element_save(
            obj=instance,
            edition=self.edition,
            version=self.cleaned_data.get("version"),
            save_m2m=self.save_m2m,
        )

    def limit(self, name, queryset):
        if name in self.fields:
            self.fields[name].queryset = queryset


def _fields_of(edition):
    return models.FieldOfAction.objects.for_edition(edition)


def _themes_of(edition):
    return models.CrossCuttingTheme.objects.filter(edition=edition)


class VisionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.Vision
        fields = ["title", "motto", "text"]
        widgets = {"text": LONG_TEXT}
        help_texts = {
            "motto": _("Ein Satz, z. B. „Rheine sagt Willkommen“. Kann leer bleiben."),
            "text": _("Markdown: **fett**, *kursiv*, Listen mit „- “."),
        }


class GuidingPrincipleForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.GuidingPrinciple
        fields = ["field_of_action", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"field_of_action": _("Kernaussage des Handlungsfelds")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("field_of_action", _fields_of(self.edition))
        self.fields["field_of_action"].empty_label = _("– Leitsatz des gesamten Leitbilds –")


class ChapterForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.Chapter
        fields = ["part", "title", "field_of_action", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {"body": _("Markdown: Überschriften mit „## “, Listen mit „- “, Tabellen.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("field_of_action", _fields_of(self.edition))
        self.fields["field_of_action"].empty_label = _("– kein Handlungsfeld –")


class CrossCuttingThemeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.CrossCuttingTheme
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class FieldOfActionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.FieldOfAction
        fields = ["title", "short_title", "description", "themes"]
        widgets = {"description": LONG_TEXT, "themes": forms.CheckboxSelectMultiple}
        help_texts = {"short_title": _("Für Filter und Tabellen, z. B. „Bildung“.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("themes", _themes_of(self.edition))


class SubThemeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.SubTheme
        fields = ["field_of_action", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("field_of_action", _fields_of(self.edition))


class FocusAreaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.FocusArea
        fields = ["field_of_action", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("field_of_action", _fields_of(self.edition))


class FieldSectionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.FieldSection
        fields = ["field_of_action", "title", "body"]
        widgets = {"body": LONG_TEXT}
        help_texts = {"title": _("z. B. „Ausgangslage“, „Handlungsbedarf“, „Bestehende Angebote“")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("field_of_action", _fields_of(self.edition))


class StrategicGoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.StrategicGoal
        fields = ["field_of_action", "sub_theme", "title", "description", "themes"]
        widgets = {
            "title": SHORT_TEXT,
            "description": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("field_of_action", _fields_of(self.edition))
        self.limit("sub_theme", models.SubTheme.objects.for_edition(self.edition).select_related())
        self.limit("themes", _themes_of(self.edition))
        self.fields["sub_theme"].empty_label = _("– kein Unterthema –")


class OperationalGoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.OperationalGoal
        fields = [
            "strategic_goal",
            "field_of_action",
            "also_serves",
            "sub_theme",
            "title",
            "description",
            "themes",
        ]
        widgets = {
            "title": SHORT_TEXT,
            "description": forms.Textarea(attrs={"rows": 4}),
            "also_serves": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "strategic_goal": _("Das Leitziel, unter dem das Handlungsziel steht."),
            "field_of_action": _("Nur nötig, wenn kein Leitziel gewählt ist."),
            "also_serves": _("Weitere Leitziele desselben Handlungsfelds, denen das Ziel dient."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goals = (
            models.StrategicGoal.objects.for_edition(self.edition)
            .select_related("field_of_action")
            .order_by("field_of_action__position", "position", "pk")
        )
        self.limit("strategic_goal", goals)
        self.limit("also_serves", goals)
        self.fields["strategic_goal"].label_from_instance = _goal_label
        self.fields["also_serves"].label_from_instance = _goal_label
        self.limit("field_of_action", _fields_of(self.edition))
        self.fields["field_of_action"].required = False
        self.limit("sub_theme", models.SubTheme.objects.for_edition(self.edition))
        self.limit("themes", _themes_of(self.edition))
        self.fields["strategic_goal"].empty_label = _("– ohne Leitziel (eine Zielebene) –")
        self.fields["field_of_action"].empty_label = _("– aus dem Leitziel –")
        self.fields["sub_theme"].empty_label = _("– kein Unterthema –")

    def clean(self):
        cleaned = super().clean()
        goal = cleaned.get("strategic_goal")
        if goal:
            cleaned["field_of_action"] = goal.field_of_action
            self.instance.field_of_action = goal.field_of_action
        elif not cleaned.get("field_of_action"):
            self.add_error(
                "field_of_action",
                _("Bitte ein Leitziel oder, ohne Leitziel, ein Handlungsfeld wählen."),
            )
        field = cleaned.get("field_of_action")
        others = [
            g for g in cleaned.get("also_serves") or [] if field and g.field_of_action != field
        ]
        if others:
            self.add_error(
                "also_serves", _("Bitte nur Leitziele desselben Handlungsfelds auswählen.")
            )
        return cleaned


def _goal_label(goal):
    return f"{goal.number} {goal.title}"


class MeasureForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.Measure
        fields = [
            "field_of_action",
            "operational_goals",
            "strategic_goals",
            "sub_theme",
            "title",
            "description",
            "status",
            "origin",
            "is_flagship",
            "responsible_person",
            "responsible_email",
            "period_wording",
            "starts_on",
            "ends_on",
            "target_groups",
            "social_area",
            "staff_fte",
            "material_costs",
            "funding",
            "needs_council_decision",
            "themes",
        ]
        field_classes = {"staff_fte": GermanDecimalField, "material_costs": GermanDecimalField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "operational_goals": forms.CheckboxSelectMultiple,
            "strategic_goals": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        help_texts = {
            "field_of_action": _("Nur nötig, wenn die Maßnahme keinem Handlungsziel dient."),
            "operational_goals": _("Null, ein oder mehrere Handlungsziele desselben Felds."),
            "staff_fte": _("Vollzeitäquivalente, z. B. 0,5"),
            "material_costs": _("Euro pro Jahr, z. B. 12000"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_unknown(self, "status", "origin")
        self.limit("field_of_action", _fields_of(self.edition))
        self.fields["field_of_action"].required = False
        self.fields["field_of_action"].empty_label = _("– aus dem Handlungsziel –")
        op_goals = (
            models.OperationalGoal.objects.for_edition(self.edition)
            .select_related("strategic_goal__field_of_action", "field_of_action")
            .order_by("field_of_action__position", "strategic_goal__position", "position", "pk")
        )
        self.limit("operational_goals", op_goals)
        self.fields["operational_goals"].label_from_instance = _goal_label
        sg = (
            models.StrategicGoal.objects.for_edition(self.edition)
            .select_related("field_of_action")
            .order_by("field_of_action__position", "position", "pk")
        )
        self.limit("strategic_goals", sg)
        self.fields["strategic_goals"].label_from_instance = _goal_label
        self.limit("themes", _themes_of(self.edition))
        subs = models.SubTheme.objects.for_edition(self.edition).select_related("field_of_action")
        self.limit("sub_theme", subs)
        self.fields["sub_theme"].empty_label = _("– kein Unterthema –")
        if self.instance.pk or (self.initial.get("field_of_action")):
            field = self.instance.field_of_action if self.instance.pk else None
            field = field or self.initial.get("field_of_action")
            self.limit("operational_goals", op_goals.filter(field_of_action=field))
            self.limit("strategic_goals", sg.filter(field_of_action=field))
            self.limit("sub_theme", subs.filter(field_of_action=field))
        for name in ("starts_on", "ends_on"):
            self.fields[name].error_messages["invalid"] = _(
                "Bitte ein Datum im Format TT.MM.JJJJ eingeben."
            )
        # A POST without the rows' management data (an older page, a script) leaves the
        # Träger as they are instead of failing.
        prefix = MeasureActorRowFormSet.get_default_prefix()
        bound = self.is_bound and f"{prefix}-TOTAL_FORMS" in self.data
        self.actors = MeasureActorRowFormSet(
            self.data if bound else None, instance=self.instance, edition=self.edition
        )

    def is_valid(self):
        form_valid = super().is_valid()
        if not self.actors.is_bound:
            return form_valid
        rows_valid = self.actors.is_valid()
        if not rows_valid:
            for message in self.actors.non_form_errors():
                self.add_error(None, message)
            if any(self.actors.errors):
                self.add_error(
                    None, _("Bitte die markierten Zeilen bei „Träger und Akteure“ prüfen.")
                )
        return form_valid and rows_valid

    def commit(self):
        measure = forms.ModelForm.save(self, commit=False)
        return measure_save_with_actors(
            measure=measure,
            edition=self.edition,
            rows=self.actors.rows() if self.actors.is_bound else None,
            version=self.cleaned_data.get("version"),
            save_m2m=self.save_m2m,
        )

    def clean(self):
        cleaned = super().clean()
        goals = list(cleaned.get("operational_goals") or []) + list(
            cleaned.get("strategic_goals") or []
        )
        field = cleaned.get("field_of_action") or (goals[0].field_of_action if goals else None)
        if field is None:
            self.add_error(
                "field_of_action", _("Bitte ein Handlungsfeld oder ein Handlungsziel wählen.")
            )
            return cleaned
        cleaned["field_of_action"] = field
        self.instance.field_of_action = field
        sub_theme = cleaned.get("sub_theme")
        if sub_theme and sub_theme.field_of_action_id != field.pk:
            self.add_error(
                "sub_theme",
                _("Bitte ein Unterthema des Handlungsfelds „%(field)s“ wählen.") % {"field": field},
            )
        if any(goal.field_of_action_id != field.pk for goal in goals):
            self.add_error(
                "operational_goals",
                _("Bitte nur Ziele des Handlungsfelds „%(field)s“ auswählen.") % {"field": field},
            )
        return cleaned


class MilestoneForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = models.Milestone
        fields = ["measure", "title", "due_on", "done", "done_on"]
        widgets = {"measure": forms.HiddenInput, "due_on": DateInput(), "done_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("measure", models.Measure.objects.for_edition(self.edition))
        for name in ("due_on", "done_on"):
            self.fields[name].error_messages["invalid"] = _(
                "Bitte ein Datum im Format TT.MM.JJJJ eingeben."
            )
        self.fields["done_on"].help_text = _("Leer lassen: beim Abhaken gilt das heutige Datum.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("done") and not cleaned.get("done_on"):
            cleaned["done_on"] = timezone.localdate()
            self.instance.done_on = cleaned["done_on"]
        return cleaned


class NamedActorMixin:
    """A Träger is chosen from the town's Akteure or named anew (`new_actor_name`)."""

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("actor") or cleaned.get("new_actor_name", "").strip()
        if not cleaned.get("DELETE") and not named:
            self.add_error("actor", _("Bitte einen Akteur wählen oder einen neuen Namen eingeben."))
        return cleaned

    def _get_validation_exclusions(self):
        # The actor may still be created from `new_actor_name`; the service validates then.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("actor")
        return exclusions


class MeasureActorForm(NamedActorMixin, VersionedFormMixin, forms.ModelForm):
    new_actor_name = forms.CharField(
        label=_("oder neuer Akteur"),
        max_length=250,
        required=False,
        help_text=_("Name einer Organisation, die noch nicht in der Liste steht."),
    )

    class Meta:
        model = models.MeasureActor
        fields = ["measure", "actor", "new_actor_name", "role", "note"]
        widgets = {"measure": forms.HiddenInput}
        help_texts = {"role": _("Träger ist, wer federführend ist.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("measure", models.Measure.objects.for_edition(self.edition))
        self.limit(
            "actor", models.Actor.objects.for_municipality(self.edition.concept.municipality)
        )
        self.fields["actor"].required = False
        self.fields["actor"].empty_label = _("– bitte wählen –")

    def commit(self):
        instance = forms.ModelForm.save(self, commit=False)
        return measure_actor_save(
            involvement=instance,
            edition=self.edition,
            new_actor_name=self.cleaned_data.get("new_actor_name", ""),
            version=self.cleaned_data.get("version"),
        )


class MeasureActorRowForm(NamedActorMixin, forms.ModelForm):
    """One row of the Träger table in the measure form (no version: the measure carries it)."""

    new_actor_name = forms.CharField(
        label=_("oder neuer Akteur"),
        max_length=250,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name der Organisation")}),
    )

    class Meta:
        model = models.MeasureActor
        fields = ["actor", "new_actor_name", "role", "note"]

    def __init__(self, *args, actors, actor_choices, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.fields["actor"]
        actor.required = False
        actor.queryset = actors
        # The choices are read once for all rows, not once per row.
        actor.choices = actor_choices
        self.fields["role"].label = _("Rolle")

    def has_changed(self):
        # A row with only the preset role is an empty row, not a Träger without a name.
        return bool(self.changed_data) and (
            bool(self.instance.pk)
            or any(name in self.changed_data for name in ("actor", "new_actor_name"))
        )


class BaseMeasureActorRowFormSet(forms.BaseInlineFormSet):
    @classmethod
    def get_default_prefix(cls):
        return "traeger"

    def __init__(self, *args, edition, **kwargs):
        self.edition = edition
        actors = models.Actor.objects.for_municipality(edition.concept.municipality)
        self.actor_queryset = actors
        self.actor_choices = [("", _("– bitte wählen –"))] + [
            (actor.pk, str(actor)) for actor in actors.order_by("name")
        ]
        kwargs.setdefault("queryset", models.MeasureActor.objects.select_related("actor"))
        super().__init__(*args, **kwargs)
        # Empty rows offer "federführend" only while the measure has no Träger yet.
        if not self.is_bound:
            has_lead = any(
                form.instance.role == models.MeasureActor.Role.LEAD for form in self.initial_forms
            )
            partner = models.MeasureActor.Role.PARTNER
            for number, form in enumerate(self.extra_forms):
                if has_lead or number > 0:
                    form.initial["role"] = partner
                    form.fields["role"].initial = partner

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs.update(actors=self.actor_queryset, actor_choices=self.actor_choices)
        return kwargs

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("entfernen")

    def clean(self):
        super().clean()
        for form in self.initial_forms:
            # A row id that is not one of this measure's (deleted meanwhile, or another's).
            if form.instance.pk is None:
                form.add_error(
                    None,
                    _("Diese Zeile gibt es bei dieser Maßnahme nicht mehr. Bitte neu laden."),
                )
        leads, seen = [], set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed() and not form.instance.pk:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            actor = form.cleaned_data.get("actor")
            name = (form.cleaned_data.get("new_actor_name") or "").strip().casefold()
            role = form.cleaned_data.get("role")
            key = (actor.pk if actor else name, role)
            if key in seen:
                form.add_error(
                    "actor", _("Dieser Akteur steht mit dieser Rolle schon in der Liste.")
                )
            seen.add(key)
            if role == models.MeasureActor.Role.LEAD:
                leads.append(form)
        if len(leads) > 1:
            for form in leads[1:]:
                form.add_error("role", one_lead_message())
            raise forms.ValidationError(one_lead_message(), code="two_leads")

    def rows(self):
        """The rows for measure_save_with_actors: changed, new and deleted ones."""
        result = []
        for form in self.forms:
            if not form.has_changed():
                continue
            deleting = bool(form.cleaned_data.get("DELETE"))
            if deleting and not form.instance.pk:
                continue
            result.append(
                ActorRow(
                    involvement=form.instance,
                    new_actor_name=form.cleaned_data.get("new_actor_name", ""),
                    delete=deleting,
                )
            )
        return result


MeasureActorRowFormSet = forms.inlineformset_factory(
    models.Measure,
    models.MeasureActor,
    form=MeasureActorRowForm,
    formset=BaseMeasureActorRowFormSet,
    fields=["actor", "role", "note"],
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)


FORMS = {
    "leitbild": VisionForm,
    "leitsaetze": GuidingPrincipleForm,
    "kapitel": ChapterForm,
    "querschnittsthemen": CrossCuttingThemeForm,
    "handlungsfelder": FieldOfActionForm,
    "unterthemen": SubThemeForm,
    "schwerpunkte": FocusAreaForm,
    "abschnitte": FieldSectionForm,
    "leitziele": StrategicGoalForm,
    "handlungsziele": OperationalGoalForm,
    "massnahmen": MeasureForm,
    "umsetzungsmarker": MilestoneForm,
    "traeger": MeasureActorForm,
}


# The filter's value for "status not known" (the empty value already means "alle").
UNKNOWN = "unbekannt"
FILTER_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class TreeFilterForm(forms.Form):
    """The GET filter of the whole-concept page; choices come from lists already loaded."""

    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False, widget=FILTER_SELECT)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FILTER_SELECT)
    actor = forms.ChoiceField(label=_("Träger/Akteur"), required=False, widget=FILTER_SELECT)
    theme = forms.ChoiceField(label=_("Querschnittsthema"), required=False, widget=FILTER_SELECT)
    year = forms.IntegerField(
        label=_("läuft im Jahr"),
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, fields, actors, themes, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("alle"))]
        self.fields["field"].choices = everything + [(str(f.pk), f.title) for f in fields]
        self.fields["status"].choices = (
            everything + list(models.Measure.Status.choices) + [(UNKNOWN, UNKNOWN_LABEL)]
        )
        self.fields["actor"].choices = everything + [(str(a.pk), a.name) for a in actors]
        self.fields["theme"].choices = everything + [(str(t.pk), t.title) for t in themes]

    @staticmethod
    def parse(data):
        """The filters in `data` as {"field": pk, "status": value, "actor": pk, "theme": pk}.

        Read before the tree is loaded (its choices come from the tree), so nothing here
        queries; an id that is not in the edition simply matches nothing.
        """
        result = {}
        for name in ("field", "actor", "theme"):
            value = (data.get(name) or "").strip()
            if value.isdigit():
                result[name] = int(value)
        status = data.get("status") or ""
        if status in models.Measure.Status.values:
            result["status"] = status
        elif status == UNKNOWN:
            result["status"] = ""
        year = (data.get("year") or "").strip()
        if year.isdigit() and 1900 <= int(year) <= 2100:
            result["year"] = int(year)
        return result


class LegalTextsForm(BaseVersionedFormMixin, forms.ModelForm):
    """The town's Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit."""

    class Meta:
        model = models.Municipality
        fields = ["legal_imprint", "legal_privacy", "legal_accessibility"]
        widgets = {
            "legal_imprint": forms.Textarea(attrs={"rows": 12}),
            "legal_privacy": forms.Textarea(attrs={"rows": 16}),
            "legal_accessibility": forms.Textarea(attrs={"rows": 20}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Rechtliche Angaben speichern")))
