"""The indicators' part of the concept document (the PDF "Anlage"): under each goal, a small
table of its indicators with baseline, target, latest value and status.

Registered with `concepts.extensions.register_document_extension` in IndicatorsConfig.ready();
the whole edition is handled at once by `edition_overview`, so the document's query count
stays fixed.
"""

from django.db.models import Count, Max
from django.template.loader import render_to_string

from concepts.extensions import DocumentExtension
from indicators.models import Indicator, Measurement
from indicators.overview import edition_overview

GOAL_KEYS = {"operational": "operational_goal", "strategic": "strategic_goal"}


def goal_fragments(edition):
    fragments = {}
    for field_block in edition_overview(edition):
        for goal_block in field_block.goals:
            key = (GOAL_KEYS[goal_block.kind], goal_block.goal.pk)
            fragments[key] = render_to_string(
                "indicators/pdf/concept_goal_indicators.html", {"block": goal_block}
            )
    return fragments


def fingerprint(edition):
    indicators = Indicator.objects.for_edition(edition).aggregate(
        n=Count("pk"), changed=Max("modified")
    )
    values = Measurement.objects.filter(indicator__in=Indicator.objects.for_edition(edition))
    values = values.aggregate(n=Count("pk"), changed=Max("modified"))
    return f"{indicators['n']}:{indicators['changed']}:{values['n']}:{values['changed']}"


EXTENSION = DocumentExtension(
    name="indicators",
    goal_fragments=goal_fragments,
    fingerprint=fingerprint,
    stylesheets=("/static/css/indicators-concept-print.css",),
)
