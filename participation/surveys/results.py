"""The results of a survey per question, in a fixed number of queries whatever its size.

Every submitted answer is read once (`values_list`) and counted in Python: one pass over
30,000 answers is faster than one grouped query per question and keeps the page's query count
fixed. Percentages are of the people who answered the question (multiple choice: of the people,
so they may add up to more than 100 %).
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from participation.models import Answer, Question, Response, Survey
from participation.surveys.answering import OTHER, OTHER_LABEL, Structure
from participation.surveys.charts import bar_chart_svg

Kind = Question.Kind


@dataclass
class Row:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[Row] = field(default_factory=list)  # choice, scale, ranking (rank 1 share)
    matrix: list[tuple[str, list[Row]]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)  # number, date, scale, ranking
    others: list[str] = field(default_factory=list)  # "Sonstiges" texts
    chart: str = ""

    @property
    def is_text(self) -> bool:
        return self.question.is_text


@dataclass
class Filters:
    actor_kind: str = ""
    field_of_action: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.actor_kind or self.field_of_action)


def _rows(counter: Counter, labels: list[str], total: int) -> list[Row]:
    return [
        Row(label, counter.get(key, 0), 100 * counter.get(key, 0) / total if total else 0.0)
        for key, label in labels
    ]


def submitted_responses(survey: Survey, filters: Filters):
    responses = Response.objects.filter(survey=survey).submitted()
    if filters.actor_kind:
        responses = responses.filter(actor_kind=filters.actor_kind)
    return responses


def survey_results(
    survey: Survey,
    filters: Filters | None = None,
    *,
    structure: Structure | None = None,
    charts: bool = True,
) -> tuple[int, list[QuestionResult]]:
    """(number of submitted responses, one result per question in survey order)."""
    filters = filters or Filters()
    structure = structure or Structure.load(survey)
    questions = structure.all_questions()
    if filters.field_of_action:
        questions = [q for q in questions if q.field_of_action_id == filters.field_of_action]
    responses = submitted_responses(survey, filters)
    total = responses.count()
    answers = Answer.objects.filter(response__in=responses)
    grouped = _grouped_answers(answers, questions)
    values: dict[int, list] = {q.pk: [] for q in questions}
    decoded = [q.pk for q in questions if q.kind not in GROUPED_KINDS]
    if decoded:
        # Read as text and decoded here: Django's per-row JSON converter costs more than the
        # decoding itself on 30,000 answers.
        raw = (
            answers.filter(question_id__in=decoded)
            .annotate(raw=Cast("value", output_field=TextField()))
            .values_list("question_id", "raw")
        )
        for question_id, text in raw:
            values[question_id].append(json.loads(text))
    results = [
        _result(q, values[q.pk], structure.ranking_items, grouped.get(q.pk)) for q in questions
    ]
    if charts:
        for result in results:
            if result.rows and result.question.kind != Kind.RANKING:
                result.chart = mark_safe(  # noqa: S308 - markup escaped by bar_chart_svg
                    bar_chart_svg(
                        title=result.question.text,
                        rows=result.rows,
                        uid=f"chart-q{result.question.pk}",
                    )
                )
    return total, results


# Counted by the database (GROUP BY): no answer of these kinds is read and decoded one by one.
GROUPED_KINDS = (Kind.SINGLE, Kind.SCALE, Kind.SHORT_TEXT, Kind.LONG_TEXT)


@dataclass
class Grouped:
    counter: Counter = field(default_factory=Counter)
    others: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(self.counter.values())


def _grouped_answers(answers, questions: list[Question]) -> dict[int, Grouped]:
    """{question_id: Grouped} for single choice, scale and text questions, in three queries."""
    grouped: dict[int, Grouped] = {q.pk: Grouped() for q in questions if q.kind in GROUPED_KINDS}

    def ids(*kinds):
        return [q.pk for q in questions if q.kind in kinds]

    single, scale, text = ids(Kind.SINGLE), ids(Kind.SCALE), ids(*Question.TEXT_KINDS)
    if single:
        rows = (
            answers.filter(question_id__in=single)
            .values("question_id", choice=KT("value__choice"))
            .annotate(n=Count("pk"))
            .values_list("question_id", "choice", "n")
        )
        for question_id, choice, n in rows:
            grouped[question_id].counter[choice] += n
        others = answers.filter(question_id__in=single, value__choice=OTHER).values_list(
            "question_id", KT("value__other")
        )
        for question_id, other in others.order_by("pk"):
            if other:
                grouped[question_id].others.append(other)
    if scale:
        rows = (
            answers.filter(question_id__in=scale)
            .values("question_id", level=F("value"))
            .annotate(n=Count("pk"))
            .values_list("question_id", "level", "n")
        )
        for question_id, level, n in rows:
            grouped[question_id].counter[level] += n
    if text:
        rows = (
            answers.filter(question_id__in=text)
            .values("question_id")
            .annotate(n=Count("pk"))
            .values_list("question_id", "n")
        )
        for question_id, n in rows:
            grouped[question_id].counter["text"] += n
    return grouped


def _result(
    question: Question, values: list, ranking_items: list[str], grouped: Grouped | None = None
) -> QuestionResult:
    if grouped is not None:
        return _grouped_result(question, grouped)
    result = QuestionResult(question, answered=len(values))
    n = len(values)
    kind = question.kind
    if kind == Kind.MULTIPLE:
        counter: Counter = Counter()
        for value in values:
            counter.update(value.get("choices", []))
            if value.get("other"):
                result.others.append(value["other"])
        labels = [(o, o) for o in question.option_list]
        if question.allow_other:
            labels.append((OTHER, str(OTHER_LABEL)))
        result.rows = _rows(counter, labels, n)
    elif kind == Kind.MATRIX:
        levels = [(o, o) for o in question.option_list]
        for row in question.row_list:
            row_values = [v[row] for v in values if row in v]
            result.matrix.append((row, _rows(Counter(row_values), levels, len(row_values))))
    elif kind == Kind.NUMBER and values:
        result.stats = {
            "mean": statistics.fmean(values),
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
        }
    elif kind == Kind.DATE and values:
        result.stats = {"min": min(values), "max": max(values)}
    elif kind == Kind.RANKING:
        positions: dict[str, list[int]] = {item: [] for item in ranking_items}
        firsts: Counter = Counter()
        for value in values:
            for rank, item in enumerate(value, start=1):
                positions.setdefault(item, []).append(rank)
            if value:
                firsts[value[0]] += 1
        ranked = sorted(
            ((statistics.fmean(r) if r else None, item) for item, r in positions.items()),
            key=lambda pair: (pair[0] is None, pair[0] or 0),
        )
        result.stats = {"ranking": [(item, mean) for mean, item in ranked]}
        result.rows = _rows(firsts, [(item, item) for _mean, item in ranked], n)
    return result


def _grouped_result(question: Question, grouped: Grouped) -> QuestionResult:
    result = QuestionResult(question, answered=grouped.answered, others=grouped.others)
    n = result.answered
    if question.kind == Kind.SINGLE:
        labels = [(o, o) for o in question.option_list]
        if question.allow_other:
            labels.append((OTHER, str(OTHER_LABEL)))
        result.rows = _rows(grouped.counter, labels, n)
    elif question.kind == Kind.SCALE:
        counter = Counter({int(level): count for level, count in grouped.counter.items()})
        result.rows = _rows(counter, [(int(o), o) for o in question.option_list], n)
        if n:
            levels = list(counter.elements())
            result.stats = {"mean": statistics.fmean(levels), "median": statistics.median(levels)}
    return result


def summary_line(result: QuestionResult) -> str:
    """One sentence for a citation: the two most frequent answers, or the mean."""
    count = result.answered
    if result.rows and result.question.kind != Kind.RANKING:
        top = sorted(result.rows, key=lambda r: -r.count)[:2]
        parts = "; ".join(f"{r.label}: {r.percent:.0f} %" for r in top)
        return _("%(parts)s (n = %(n)d)") % {"parts": parts, "n": count}
    if result.question.kind == Kind.RANKING and result.stats.get("ranking"):
        first = result.stats["ranking"][0][0]
        return _("Rang 1 im Mittel: %(item)s (n = %(n)d)") % {"item": first, "n": count}
    if result.stats.get("mean") is not None:
        mean = f"{result.stats['mean']:.1f}".replace(".", ",")
        return _("Mittelwert %(mean)s (n = %(n)d)") % {"mean": mean, "n": count}
    return _("n = %(n)d") % {"n": count}
