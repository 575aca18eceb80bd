"""Survey results cited in the concept: below a field of action (its Ausgangslage) in the
concept PDF, through the `document_fragments` hook of the `ConceptExtension`.

Only aggregates are printed (counts and percentages), never a free-text answer or a person.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max
from django.template.loader import render_to_string

from concepts.models import Edition
from participation.models import Answer, SurveyCitation
from participation.surveys.results import summary_line, survey_results


def citations_for(edition: Edition) -> list[SurveyCitation]:
    return list(
        SurveyCitation.objects.filter(field_of_action__edition=edition).select_related(
            "question__section__survey", "field_of_action"
        )
    )


def document_fragments(edition: Edition) -> dict[tuple[str, int], str]:
    by_field: dict[int, list[dict]] = defaultdict(list)
    results_by_survey: dict[int, dict] = {}
    for citation in citations_for(edition):
        survey = citation.question.section.survey
        if survey.pk not in results_by_survey:
            _total, results = survey_results(survey, charts=False)
            results_by_survey[survey.pk] = {r.question.pk: r for r in results}
        result = results_by_survey[survey.pk].get(citation.question_id)
        if result is None:
            continue
        by_field[citation.field_of_action_id].append(
            {"citation": citation, "survey": survey, "result": result, "line": summary_line(result)}
        )
    return {
        ("field_of_action", field_id): render_to_string(
            "participation/pdf/umfrage_zitate.html", {"items": items}
        )
        for field_id, items in by_field.items()
    }


def document_stamp(edition: Edition) -> str:
    """Changes whenever a cited result or a citation changes (part of the PDF's fingerprint)."""
    citations = SurveyCitation.objects.filter(field_of_action__edition=edition)
    stamp = citations.aggregate(count=Count("pk"), modified=Max("modified"))
    answers = Answer.objects.filter(
        question__citations__in=citations, response__submitted_at__isnull=False
    ).aggregate(count=Count("pk"), last=Max("pk"))
    return f"{stamp}:{answers}"
