"""Survey results cited in the concept: below a field of action (its Ausgangslage) in the
concept PDF, on the field's page and in the public view, through the `ConceptExtension` hooks
`document_fragments`, `field_page_fragments` and `public_fragments`.

Only aggregates are shown (shares of the answer options, a mean, n), never a free-text answer,
a "Sonstiges" text or a person: a cited result is part of the concept the council adopts and
publishes. A citation whose question has no submitted answer (none yet, or deleted after the
retention period) is left out everywhere.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max
from django.http import HttpRequest
from django.template.loader import render_to_string

from concepts.models import Edition, FieldOfAction
from participation.models import Answer, SurveyCitation
from participation.surveys.results import summary_line, survey_results

TEMPLATE = "participation/pdf/umfrage_zitate.html"


def citations_for(edition: Edition) -> list[SurveyCitation]:
    return list(
        SurveyCitation.objects.filter(field_of_action__edition=edition).select_related(
            "question__section__survey", "field_of_action"
        )
    )


def _items(citations: list[SurveyCitation]) -> dict[int, list[dict]]:
    """{field_id: [item, …]}: one results pass per cited survey, whatever the citations."""
    by_field: dict[int, list[dict]] = defaultdict(list)
    results_by_survey: dict[int, dict] = {}
    for citation in citations:
        survey = citation.question.section.survey
        if survey.pk not in results_by_survey:
            _total, results = survey_results(survey, charts=False)
            results_by_survey[survey.pk] = {r.question.pk: r for r in results}
        result = results_by_survey[survey.pk].get(citation.question_id)
        if result is None or not result.answered:
            continue
        by_field[citation.field_of_action_id].append(
            {"citation": citation, "survey": survey, "result": result, "line": summary_line(result)}
        )
    return by_field


def document_fragments(edition: Edition) -> dict[tuple[str, int], str]:
    return {
        ("field_of_action", field_id): render_to_string(
            TEMPLATE, {"items": items, "field_id": field_id}
        )
        for field_id, items in _items(citations_for(edition)).items()
    }


def _field_citations(field: FieldOfAction) -> list[SurveyCitation]:
    return list(
        SurveyCitation.objects.filter(field_of_action=field).select_related(
            "question__section__survey__municipality", "field_of_action"
        )
    )


def public_fragments(edition: Edition, field: FieldOfAction) -> dict[tuple[str, int], str]:
    """The same box as in the concept PDF (the public view shows a published edition only)."""
    items = _items(_field_citations(field)).get(field.pk)
    if not items:
        return {}
    html = render_to_string(TEMPLATE, {"items": items, "web": True, "field_id": field.pk})
    return {("field_of_action", field.pk): html}


def field_page_fragments(request: HttpRequest, edition: Edition, field: FieldOfAction) -> list[str]:
    """The box on the field's page; the Stabsstelle also gets the way to the results and,
    while the edition is not adopted, a button that removes the citation."""
    municipality = getattr(request, "municipality", None) or edition.concept.municipality
    can_edit = request.user.has_perm("concepts.edit_concept", municipality)
    citations = _field_citations(field)
    items = _items(citations).get(field.pk, [])
    shown = {item["citation"].pk for item in items}
    waiting = [c for c in citations if c.pk not in shown]
    if not items and not (can_edit and waiting):
        return []
    context = {
        "items": items,
        "web": True,
        "staff": can_edit,
        "waiting": waiting,
        "locked": edition.is_locked,
        "field_id": field.pk,
    }
    return [render_to_string(TEMPLATE, context, request=request)]


def document_stamp(edition: Edition) -> str:
    """Changes whenever a cited result or a citation changes (part of the PDF's fingerprint)."""
    citations = SurveyCitation.objects.filter(field_of_action__edition=edition)
    stamp = citations.aggregate(count=Count("pk"), modified=Max("modified"))
    answers = Answer.objects.filter(
        question__citations__in=citations, response__submitted_at__isnull=False
    ).aggregate(count=Count("pk"), last=Max("pk"))
    return f"{stamp}:{answers}"
