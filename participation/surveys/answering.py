"""The respondent's side: the pages of a survey, which questions show, and the form of a page.

Works without JavaScript: a condition ("shown only if an earlier answer matches") refers to a
question of an earlier page, so it is decided on the server from the saved answers before the
page is drawn. The preview uses the same code with nothing saved.

Answer values (`Answer.value`):
single {"choice": str, "other": str} · multiple {"choices": [str], "other": str} · scale int ·
matrix {row: level} · number float · date "YYYY-MM-DD" · text str · ranking [item, …] (rank 1 first)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concepts.models import FieldOfAction
from participation.models import Question, Survey, SurveySection
from participation.models.surveys import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT

OTHER = "__other__"
OTHER_LABEL = gettext_lazy("Sonstiges")
# The honeypot: a field people do not see (hidden by CSS and from screen readers); bots fill it.
HONEYPOT = "website"
Kind = Question.Kind


@dataclass
class Structure:
    """A survey's sections with their questions and the ranking items, read in two queries."""

    survey: Survey
    sections: list[SurveySection]
    questions: dict[int, list[Question]]  # section id → questions
    ranking_items: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, survey: Survey) -> Structure:
        sections = list(survey.sections.all())
        questions: dict[int, list[Question]] = {s.pk: [] for s in sections}
        for question in Question.objects.filter(section__survey=survey).select_related("section"):
            questions[question.section_id].append(question)
        fields = list(survey.fields_of_action.order_by("position"))
        if not fields:
            fields = list(FieldOfAction.objects.filter(edition_id=survey.edition_id))
        return cls(survey, sections, questions, [f.title for f in fields])

    def all_questions(self) -> list[Question]:
        return [q for s in self.sections for q in self.questions[s.pk]]


def matches(question: Question, values: dict[int, Any]) -> bool:
    """Whether `question` is shown, given the saved answers {question_id: value}."""
    if question.condition_question_id is None:
        return True
    value = values.get(question.condition_question_id)
    if value is None:
        return False
    if isinstance(value, dict) and "choice" in value:
        chosen = {value["choice"]}
    elif isinstance(value, dict) and "choices" in value:
        chosen = set(value["choices"])
    else:
        chosen = {str(value)}
    return bool(chosen & set(question.condition_list))


def visible_questions(structure: Structure, section: SurveySection, values) -> list[Question]:
    return [q for q in structure.questions[section.pk] if matches(q, values)]


def pages(structure: Structure, values: dict[int, Any]) -> list[SurveySection]:
    """The sections that show at least one question with these answers."""
    return [s for s in structure.sections if visible_questions(structure, s, values)]


def hidden_question_ids(structure: Structure, values: dict[int, Any]) -> list[int]:
    return [q.pk for q in structure.all_questions() if not matches(q, values)]


class SectionForm(forms.Form):
    """The fields of one page. Field names: q<pk>, q<pk>_other, q<pk>_r<n>, q<pk>_i<n>."""

    def __init__(self, *args, questions, ranking_items, values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.ranking_items = ranking_items
        values = values or {}
        self.fields[HONEYPOT] = forms.CharField(required=False, label=_("Webseite"))
        for question in questions:
            self._add(question, values.get(question.pk))
        for name, form_field in self.fields.items():
            widget = form_field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif name != HONEYPOT:
                widget.attrs["class"] = "form-control"
                if isinstance(form_field, forms.CharField) and form_field.max_length:
                    widget.attrs["maxlength"] = form_field.max_length
        self.fields[HONEYPOT].widget.attrs.update(autocomplete="off", tabindex="-1")

    def _add(self, question: Question, value):
        name = f"q{question.pk}"
        required_message = _("Bitte beantworten Sie diese Frage.")
        common = {
            "label": question.text,
            "required": question.required,
            "help_text": question.help_text,
            "error_messages": {"required": required_message},
        }
        kind = question.kind
        if kind in (Kind.SINGLE, Kind.MULTIPLE):
            choices = [(o, o) for o in question.option_list]
            if question.allow_other:
                choices.append((OTHER, str(OTHER_LABEL)))
            if kind == Kind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, **common
                )
                if value:
                    self.initial[name] = value.get("choice")
            else:
                self.fields[name] = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, **common
                )
                if value:
                    self.initial[name] = value.get("choices")
            if question.allow_other:
                self.fields[f"{name}_other"] = forms.CharField(
                    label=_("Sonstiges, und zwar"),
                    required=False,
                    max_length=SHORT_TEXT_LIMIT,
                )
                if value:
                    self.initial[f"{name}_other"] = value.get("other", "")
        elif kind == Kind.SCALE:
            self.fields[name] = forms.TypedChoiceField(
                choices=[(o, o) for o in question.option_list],
                coerce=int,
                widget=forms.RadioSelect,
                **common,
            )
            self.initial[name] = value
        elif kind == Kind.MATRIX:
            levels = [(o, o) for o in question.option_list]
            for n, row in enumerate(question.row_list):
                self.fields[f"{name}_r{n}"] = forms.ChoiceField(
                    choices=levels,
                    widget=forms.RadioSelect,
                    label=row,
                    required=question.required,
                    error_messages={"required": required_message},
                )
                if value:
                    self.initial[f"{name}_r{n}"] = value.get(row)
        elif kind == Kind.NUMBER:
            self.fields[name] = forms.DecimalField(
                max_digits=14,
                decimal_places=4,
                localize=True,
                **{
                    **common,
                    "error_messages": {
                        **common["error_messages"],
                        "invalid": _("Bitte eine Zahl eingeben, z. B. 12 oder 3,5."),
                    },
                },
            )
            self.initial[name] = value
        elif kind == Kind.DATE:
            self.fields[name] = forms.DateField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                **{
                    **common,
                    "error_messages": {
                        **common["error_messages"],
                        "invalid": _("Bitte ein Datum im Format TT.MM.JJJJ eingeben."),
                    },
                },
            )
            self.initial[name] = value
        elif kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            limit = SHORT_TEXT_LIMIT if kind == Kind.SHORT_TEXT else LONG_TEXT_LIMIT
            widget = forms.Textarea(attrs={"rows": 5}) if kind == Kind.LONG_TEXT else None
            self.fields[name] = forms.CharField(
                max_length=limit,
                widget=widget,
                **{
                    **common,
                    "error_messages": {
                        **common["error_messages"],
                        "max_length": _(
                            "Bitte höchstens %(limit_value)d Zeichen eingeben "
                            "(jetzt %(show_value)d)."
                        ),
                    },
                },
            )
            self.initial[name] = value
        elif kind == Kind.RANKING:
            ranks = [("", "–")] + [(str(n), str(n)) for n in range(1, len(self.ranking_items) + 1)]
            order = {item: n for n, item in enumerate(value or [], start=1)}
            for n, item in enumerate(self.ranking_items):
                self.fields[f"{name}_i{n}"] = forms.TypedChoiceField(
                    choices=ranks,
                    coerce=int,
                    empty_value=None,
                    label=item,
                    required=question.required,
                    error_messages={"required": _("Bitte jedem Handlungsfeld einen Rang geben.")},
                )
                if item in order:
                    self.initial[f"{name}_i{n}"] = str(order[item])

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = f"q{question.pk}"
            if question.allow_other and question.kind in Question.CHOICE_KINDS:
                chosen = cleaned.get(name)
                picked_other = chosen == OTHER or (isinstance(chosen, list) and OTHER in chosen)
                if picked_other and not cleaned.get(f"{name}_other", "").strip():
                    self.add_error(f"{name}_other", _("Bitte „Sonstiges“ kurz beschreiben."))
            if question.kind == Kind.RANKING:
                ranks = [cleaned.get(f"{name}_i{n}") for n in range(len(self.ranking_items))]
                given = [r for r in ranks if r is not None]
                if len(given) != len(set(given)):
                    self.add_error(f"{name}_i0", _("Jeder Rang darf nur einmal vergeben werden."))
        return cleaned

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def values(self) -> dict[int, Any]:
        """{question_id: value} of the cleaned form, as stored in `Answer.value`."""
        cleaned = self.cleaned_data
        result = {}
        for question in self.questions:
            name = f"q{question.pk}"
            kind = question.kind
            if kind == Kind.SINGLE:
                choice = cleaned.get(name)
                other = cleaned.get(f"{name}_other", "").strip() if choice == OTHER else ""
                result[question.pk] = {"choice": choice, "other": other} if choice else None
            elif kind == Kind.MULTIPLE:
                choices = cleaned.get(name) or []
                other = cleaned.get(f"{name}_other", "").strip() if OTHER in choices else ""
                result[question.pk] = {"choices": choices, "other": other} if choices else None
            elif kind == Kind.MATRIX:
                rows = {
                    row: cleaned.get(f"{name}_r{n}")
                    for n, row in enumerate(question.row_list)
                    if cleaned.get(f"{name}_r{n}")
                }
                result[question.pk] = rows or None
            elif kind == Kind.NUMBER:
                number = cleaned.get(name)
                result[question.pk] = float(number) if number is not None else None
            elif kind == Kind.DATE:
                date = cleaned.get(name)
                result[question.pk] = date.isoformat() if date else None
            elif kind == Kind.RANKING:
                ranked = sorted(
                    (cleaned[f"{name}_i{n}"], item)
                    for n, item in enumerate(self.ranking_items)
                    if cleaned.get(f"{name}_i{n}") is not None
                )
                result[question.pk] = [item for _rank, item in ranked] or None
            elif kind in Question.TEXT_KINDS:
                result[question.pk] = (cleaned.get(name) or "").strip() or None
            else:
                result[question.pk] = cleaned.get(name)
        return result

    def blocks(self) -> list[dict]:
        """For the template: each question with its bound fields, in order."""
        blocks = []
        for number, question in enumerate(self.questions, start=1):
            name = f"q{question.pk}"
            if question.kind == Kind.MATRIX:
                parts = [self[f"{name}_r{n}"] for n in range(len(question.row_list))]
            elif question.kind == Kind.RANKING:
                parts = [self[f"{name}_i{n}"] for n in range(len(self.ranking_items))]
            else:
                parts = [self[name]]
            other = self[f"{name}_other"] if f"{name}_other" in self.fields else None
            errors = [e for p in parts for e in p.errors] + (list(other.errors) if other else [])
            blocks.append(
                {
                    "question": question,
                    "number": number,
                    "anchor": name,
                    "parts": parts,
                    "other": other,
                    "errors": errors,
                }
            )
        return blocks

    def error_links(self) -> list[tuple[str, str]]:
        """[(id of the input to jump to, message)] for the error summary."""
        links = []
        for block in self.blocks():
            for part in block["parts"] + ([block["other"]] if block["other"] else []):
                for error in part.errors:
                    target = part.id_for_label or part.auto_id
                    if isinstance(
                        part.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
                    ):
                        target = f"{part.auto_id}_0"
                    links.append((target, f"{block['question'].text} – {error}"))
        return links
