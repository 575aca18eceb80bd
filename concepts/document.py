"""The concept as one printable document: the "Anlage" of the Beschlussvorlage.

`concept_pdf(edition)` returns the PDF (cached until something shown changes),
`concept_html(edition)` the HTML WeasyPrint renders, so that a Ratspaket can join the concept
to a Vorlage (`concept_html(edition, fragment=True)` gives only the body, to be placed inside
another print document that links `CONCEPT_STYLESHEETS`).

The context is built in a fixed number of queries whatever the size of the concept: each kind
of element is fetched once for the whole edition and the tree is assembled in Python. Other apps
add to the document through `concepts.extensions`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from concepts import schema
from concepts.extensions import with_
from concepts.models import (
    Chapter,
    CrossCuttingTheme,
    Edition,
    FieldOfAction,
    FieldSection,
    FocusArea,
    GoalAssessment,
    GuidingPrinciple,
    Measure,
    MeasureActor,
    Milestone,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
    Vision,
)
from concepts.services.assessments import assessment_rows
from integration_site.background.pdfs import PdfKind
from integration_site.rendering.markdown import render_markdown
from integration_site.rendering.pdf import cached_pdf, html_to_pdf
from integration_site.rendering.stamps import Stamp, fingerprint

TEMPLATE = "concepts/pdf/concept.html"
BODY_TEMPLATE = "concepts/pdf/_concept_body.html"
CONCEPT_STYLESHEETS = ("/static/css/print.css", "/static/css/concept_print.css")
# Bump when the layout changes in a way the template files' own stamps would not show.
LAYOUT_VERSION = "1"


# ---------------------------------------------------------------------------------------------
# Public surface


def concept_pdf(edition: Edition, *, public: bool = False) -> bytes:
    """The concept as PDF/UA-1 bytes; rendered again only when its content changed.

    `public=True` is the copy for the public view: the same document without the persons
    named as Ansprechperson (the public view names organisations, never people).
    """
    return cached_pdf(
        "concept-public" if public else "concept",
        concept_fingerprint(edition),
        lambda: html_to_pdf(concept_html(edition, public=public)),
    )


def concept_html(
    edition: Edition, *, fragment: bool = False, annex: str = "", public: bool = False
) -> str:
    """The print HTML of the concept; `fragment=True` leaves out <html>/<head>.

    `annex` labels the title page when the concept is an Anlage, e.g. "Anlage 01".
    """
    with translation.override("de"):
        context = document_context(edition)
        context["annex"] = annex
        context["public"] = public
        return render_to_string(BODY_TEMPLATE if fragment else TEMPLATE, context)


def render_concept_pdf(params: dict, progress) -> bytes:
    """The background render of the concept PDF (kind "concept", params {"edition", "public"})."""
    edition = Edition.objects.get(pk=params["edition"])
    html = concept_html(edition, public=params.get("public", False))
    progress(20, gettext("Die Seiten werden gesetzt"))
    return html_to_pdf(html, progress)


def standing_concept_pdfs(town) -> list[dict]:
    """Kept ready for every town: the concept of each edition not yet superseded, and the
    public copy of the adopted one."""
    editions = Edition.objects.filter(concept__municipality=town).exclude(
        status=Edition.Status.SUPERSEDED
    )
    params = []
    for pk, status in editions.values_list("pk", "status"):
        params.append({"edition": pk, "public": False})
        if status == Edition.Status.ADOPTED:
            params.append({"edition": pk, "public": True})
    return params


CONCEPT_PDF = PdfKind(
    name="concept",
    fingerprint=lambda params: concept_fingerprint(Edition.objects.get(pk=params["edition"])),
    render=render_concept_pdf,
    standing=standing_concept_pdfs,
)


def concept_filename(edition: Edition) -> str:
    town = edition.concept.municipality.slug
    return f"integrationskonzept-{town}-{edition.year}-{edition.pk}.pdf"


# ---------------------------------------------------------------------------------------------
# Fingerprint: one query over every model the document shows


DOCUMENT_STAMP = Stamp(
    "document",
    rows=(
        Vision,
        GuidingPrinciple,
        Chapter,
        CrossCuttingTheme,
        FieldOfAction,
        FieldSection,
        FocusArea,
        SubTheme,
        StrategicGoal,
        OperationalGoal,
        Measure,
        MeasureActor,
        Milestone,
        GoalAssessment,
    ),
    links=(
        schema.link(Measure, "operational_goals"),
        schema.link(Measure, "strategic_goals"),
        schema.link(OperationalGoal, "also_serves"),
        schema.link(FieldOfAction, "themes"),
    ),
    templates=(TEMPLATE, BODY_TEMPLATE),
    static=("css/concept_print.css",),
    version=LAYOUT_VERSION,
)


def concept_fingerprint(edition: Edition) -> str:
    """Changes whenever anything the document shows changes (one query; the extensions'
    "document" stamp sources join it)."""
    return fingerprint(DOCUMENT_STAMP, edition)


# ---------------------------------------------------------------------------------------------
# Context: a fixed number of queries, tree assembled in Python


def document_context(edition: Edition) -> dict:
    edition = Edition.objects.select_related("concept__municipality").filter(pk=edition.pk).get()
    vision = Vision.objects.filter(edition=edition).first()
    principles = list(GuidingPrinciple.objects.filter(edition=edition))
    chapters = list(Chapter.objects.filter(edition=edition))
    themes = {t.pk: t for t in CrossCuttingTheme.objects.filter(edition=edition)}
    for theme in themes.values():
        theme.html = render_markdown(theme.description)
    fields = list(FieldOfAction.objects.for_edition(edition))
    sub_themes = list(SubTheme.objects.for_edition(edition))
    focus_areas = list(FocusArea.objects.for_edition(edition))
    sections_of_fields = list(FieldSection.objects.for_edition(edition))
    strategic = list(StrategicGoal.objects.for_edition(edition))
    operational = list(OperationalGoal.objects.for_edition(edition))
    measures = list(Measure.objects.for_edition(edition))
    involvements = list(
        schema.rows(MeasureActor, edition)
        .select_related("actor")
        .order_by("measure_id", "role", "actor__name")
    )
    milestones = list(schema.rows(Milestone, edition))
    measure_operational = list(schema.link(Measure, "operational_goals").pairs(edition))
    measure_strategic = list(schema.link(Measure, "strategic_goals").pairs(edition))
    field_themes = list(schema.link(FieldOfAction, "themes").pairs(edition))
    also_serves = list(schema.link(OperationalGoal, "also_serves").pairs(edition))

    fragments = {}
    sections = []
    stylesheets = list(CONCEPT_STYLESHEETS)
    for extension in with_("document_fragments"):
        for key, html in extension.document_fragments(edition).items():
            fragments.setdefault(key, []).append(mark_safe(html))  # noqa: S308 - see extensions
    for extension in with_("document_sections"):
        sections.extend(extension.document_sections(edition))
    for extension in with_("document_stylesheets"):
        stylesheets.extend(s for s in extension.document_stylesheets if s not in stylesheets)

    fields_by_pk = {f.pk: f for f in fields}
    for field in fields:
        field.nr = str(field.position)
        field.anchor = f"hf-{field.pk}"
        field.kernaussagen = []
        field.theme_list = []
        field.chapter_html = ""
        field.sub_theme_list = []
        field.goal_groups = []
        field.loose_operational = []
        field.loose_measures = []
        field.focus_area_list = []
        field.section_list = []
        field.extra = fragments.get(("field_of_action", field.pk), [])
    for area in focus_areas:
        area.html = render_markdown(area.description)
        fields_by_pk[area.field_of_action_id].focus_area_list.append(area)
    for section in sections_of_fields:
        section.html = render_markdown(section.body)
        fields_by_pk[section.field_of_action_id].section_list.append(section)
    for fid, tid in field_themes:
        if tid in themes:
            fields_by_pk[fid].theme_list.append(themes[tid])

    part_a, part_b_free = [], []
    for chapter in chapters:
        chapter.html = render_markdown(chapter.body)
        chapter.anchor = f"kap-{chapter.pk}"
        if chapter.field_of_action_id in fields_by_pk:
            fields_by_pk[chapter.field_of_action_id].chapter_html = chapter.html
        elif chapter.part == Chapter.Part.A:
            part_a.append(chapter)
        else:
            part_b_free.append(chapter)

    global_principles = []
    for principle in principles:
        principle.html = render_markdown(principle.text)
        if principle.field_of_action_id in fields_by_pk:
            fields_by_pk[principle.field_of_action_id].kernaussagen.append(principle)
        elif principle.field_of_action_id is None:
            global_principles.append(principle)

    strategic_by_pk = {}
    for goal in strategic:
        field = fields_by_pk[goal.field_of_action_id]
        goal.nr = f"{field.nr}.{goal.position}"
        goal.html = render_markdown(goal.description)
        goal.operational_list = []
        goal.shared_list = []  # Handlungsziele listed under another Leitziel that serve this one
        goal.measure_list = []
        goal.extra = fragments.get(("strategic_goal", goal.pk), [])
        strategic_by_pk[goal.pk] = goal

    operational_by_pk = {}
    for goal in operational:
        field = fields_by_pk[goal.field_of_action_id]
        parent = strategic_by_pk.get(goal.strategic_goal_id)
        goal.nr = f"{parent.nr if parent else field.nr}.{goal.position}"
        goal.html = render_markdown(goal.description)
        goal.measure_list = []
        goal.anchor = f"hz-{goal.pk}"
        goal.extra = fragments.get(("operational_goal", goal.pk), [])
        operational_by_pk[goal.pk] = goal
        if parent:
            parent.operational_list.append(goal)
        else:
            field.loose_operational.append(goal)

    # A shared Handlungsziel is printed in full under its own Leitziel and referred to by its
    # number under every other Leitziel it serves.
    for goal_id, strategic_id in also_serves:
        goal, strategic_goal = operational_by_pk.get(goal_id), strategic_by_pk.get(strategic_id)
        if goal and strategic_goal and goal.strategic_goal_id != strategic_id:
            strategic_goal.shared_list.append(goal)
    for strategic_goal in strategic:
        strategic_goal.shared_list.sort(key=lambda g: [int(n) for n in g.nr.split(".")])

    actors_by_measure = defaultdict(lambda: defaultdict(list))
    for involvement in involvements:
        actors_by_measure[involvement.measure_id][involvement.role].append(involvement)
    milestones_by_measure = defaultdict(list)
    for milestone in milestones:
        milestones_by_measure[milestone.measure_id].append(milestone)

    measures_by_pk = {}
    for measure in measures:
        field = fields_by_pk[measure.field_of_action_id]
        measure.number = f"M {field.nr}.{measure.position}"
        measure.anchor = f"m-{measure.pk}"
        measure.html = render_markdown(measure.description)
        actors = actors_by_measure[measure.pk]
        measure.leads = actors[MeasureActor.Role.LEAD]
        measure.partners = actors[MeasureActor.Role.PARTNER]
        measure.funders = actors[MeasureActor.Role.FUNDER]
        measure.milestone_list = milestones_by_measure[measure.pk]
        measure.costs_display = format_euro(measure.material_costs)
        measure.fte_display = format_decimal(measure.staff_fte)
        measure.has_resources = bool(
            measure.staff_fte is not None
            or measure.material_costs is not None
            or measure.funding
            or measure.needs_council_decision
        )
        measures_by_pk[measure.pk] = measure

    for measure_id, goal_id in measure_operational:
        if goal_id in operational_by_pk:
            operational_by_pk[goal_id].measure_list.append(measures_by_pk[measure_id])
    for measure_id, goal_id in measure_strategic:
        if goal_id in strategic_by_pk:
            strategic_by_pk[goal_id].measure_list.append(measures_by_pk[measure_id])
    sub_by_pk = {}
    for sub in sub_themes:
        sub.html = render_markdown(sub.description)
        sub.goals = []
        sub.measure_list = []
        sub_by_pk[sub.pk] = sub
        fields_by_pk[sub.field_of_action_id].sub_theme_list.append(sub)
    linked = {measure_id for measure_id, _ in measure_operational + measure_strategic}
    for measure in measures_by_pk.values():
        if measure.pk in linked:
            continue
        if measure.sub_theme_id in sub_by_pk:
            sub_by_pk[measure.sub_theme_id].measure_list.append(measure)
        else:
            fields_by_pk[measure.field_of_action_id].loose_measures.append(measure)
    for goal in strategic:
        field = fields_by_pk[goal.field_of_action_id]
        if goal.sub_theme_id in sub_by_pk:
            sub_by_pk[goal.sub_theme_id].goals.append(goal)
        else:
            field.goal_groups.append(goal)

    for field in fields:
        if not field.chapter_html:
            field.chapter_html = render_markdown(field.description)
    _place_measures(fields)

    municipality = edition.concept.municipality
    return {
        "edition": edition,
        "concept": edition.concept,
        "municipality": municipality,
        "town_name": str(municipality),
        "is_draft": not edition.is_locked,
        "vision": vision,
        "vision_html": render_markdown(vision.text) if vision else "",
        "principles": global_principles,
        "part_a": part_a,
        "part_b_chapters": part_b_free,
        "fields": fields,
        "themes": list(themes.values()),
        "extension_sections": sections,
        "stylesheets": stylesheets,
        "has_leitbild": bool(vision or global_principles),
        # The Fortschreibung's report on the previous edition (Bewertung), a chapter of Teil A.
        "assessments": assessment_rows(edition),
    }


def _place_measures(fields):
    """A measure is printed in full where it first appears, referred to afterwards.

    Walks the tree in the order the template prints it and turns each goal's list of measures
    into placements `{"measure", "full"}`.
    """
    placed = set()

    def place(measures):
        result = []
        for measure in sorted(measures, key=lambda m: m.position):
            result.append({"measure": measure, "full": measure.pk not in placed})
            placed.add(measure.pk)
        return result

    def place_strategic(goal):
        for operational in goal.operational_list:
            operational.placements = place(operational.measure_list)
        goal.placements = place(goal.measure_list)

    for field in fields:
        for sub in field.sub_theme_list:
            for goal in sub.goals:
                place_strategic(goal)
            sub.placements = place(sub.measure_list)
        for goal in field.goal_groups:
            place_strategic(goal)
        for operational in field.loose_operational:
            operational.placements = place(operational.measure_list)
        field.loose_placements = place(field.loose_measures)


def format_decimal(value: Decimal | float | int | None) -> str:
    if value is None:
        return ""
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_euro(value: Decimal | float | int | None) -> str:
    """18000 → "18.000 €", 1250.5 → "1.250,50 €" (German grouping and decimal comma)."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)} €"
