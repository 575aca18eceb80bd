"""The public transparency view: a town's published editions, readable without login.

Only editions the Stabsstelle published (`Edition.objects.published()`: opted in, adopted or
kept as an archive once superseded) are found; anything else answers 404, so that nobody learns
whether a draft exists. The pages show the concept itself — Leitbild, fields, goals, measures
with status and Träger organisations, and what other apps contribute through their
`ConceptExtension.public_fragments` (indicators with charts) — and nothing of the work around
it: no persons, review rounds, comments, meetings or internal fields. Which fields are shown is
decided here, field by field (docs/oeffentliche-ansicht.md lists them).

Each page costs a fixed number of queries whatever the concept's size.
"""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from concepts.document import concept_filename
from concepts.extensions import edition_links, public_field_fragments, public_stylesheets
from concepts.models import (
    Chapter,
    CrossCuttingTheme,
    Edition,
    FieldOfAction,
    GuidingPrinciple,
    Measure,
    Municipality,
)
from concepts.tree import build_tree
from integration_site.background.pdfs import pdf_download


class PublicMixin:
    """The town from the URL; no login, no role."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.municipality = get_object_or_404(Municipality, slug=kwargs["town"])

    def published_editions(self):
        return (
            Edition.objects.for_municipality(self.municipality)
            .published()
            .select_related("concept")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(municipality=self.municipality, extra_stylesheets=public_stylesheets())
        return context


class PublicEditionMixin(PublicMixin):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.edition = get_object_or_404(self.published_editions(), pk=kwargs["edition"])
        self.edition.concept.municipality = self.municipality  # the fragments name the town

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edition"] = self.edition
        if self.edition.status == Edition.Status.SUPERSEDED:
            # Point an archived edition's readers to the one in force, if that is public too.
            context["current"] = (
                self.published_editions()
                .filter(concept_id=self.edition.concept_id, status=Edition.Status.ADOPTED)
                .first()
            )
        return context


class PublicIndexView(PublicMixin, TemplateView):
    """The town's published concepts, the adopted ones first, newest first."""

    template_name = "concepts/public/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editions = list(self.published_editions())
        if not editions:
            raise Http404(_("Keine veröffentlichte Fassung."))
        context["adopted"] = [e for e in editions if e.status == Edition.Status.ADOPTED]
        context["archived"] = [e for e in editions if e.status != Edition.Status.ADOPTED]
        return context


class PublicEditionView(PublicEditionMixin, TemplateView):
    """One edition: Leitbild with Leitsätze, the fields of action, the Querschnittsthemen."""

    template_name = "concepts/public/edition.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition
        context.update(
            vision=getattr(edition, "vision", None),
            principles=list(
                GuidingPrinciple.objects.filter(edition=edition, field_of_action__isnull=True)
            ),
            fields=list(
                FieldOfAction.objects.for_edition(edition)
                .only("pk", "edition_id", "position", "title", "short_title")
                .annotate(
                    strategic_count=Count("strategic_goals", distinct=True),
                    measure_count=Count("measures", distinct=True),
                )
            ),
            themes=list(CrossCuttingTheme.objects.filter(edition=edition)),
            edition_links=edition_links(edition, public=True),
            chapters=list(
                Chapter.objects.filter(edition=edition, part=Chapter.Part.A).only(
                    "pk", "edition_id", "part", "position", "title"
                )
            ),
        )
        return context


class PublicChapterView(PublicEditionMixin, TemplateView):
    """One Teil-A chapter (Ausgangslage, Zielgruppen, Methodik …) as the council adopted it."""

    template_name = "concepts/public/chapter.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chapter"] = get_object_or_404(
            Chapter.objects.filter(edition=self.edition, part=Chapter.Part.A), pk=kwargs["pk"]
        )
        return context


class PublicEditionPdfView(PublicEditionMixin, View):
    """The published edition as the concept PDF, without the persons named in it."""

    def get(self, request, *args, **kwargs):
        return pdf_download(
            request,
            "concept",
            {"edition": self.edition.pk, "public": True},
            filename=concept_filename(self.edition),
            municipality=self.municipality,
        )


class PublicFieldView(PublicEditionMixin, TemplateView):
    """One field of action: situation, Kernaussagen, goals with measures and indicators."""

    template_name = "concepts/public/field.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.field = get_object_or_404(
            FieldOfAction.objects.for_edition(self.edition), pk=kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree = build_tree(self.edition, field_id=self.field.pk)
        node = tree.fields[0]
        # build_tree defers these (the staff tree does not show them); one query for all.
        extra = {
            pk: (target_groups, social_area)
            for pk, target_groups, social_area in Measure.objects.filter(
                field_of_action=self.field
            ).values_list("pk", "target_groups", "social_area")
        }
        fragments = public_field_fragments(self.edition, self.field)
        measures = list(node.unassigned)
        for sg in node.strategic:
            sg.fragments = fragments.get(("strategic_goal", sg.goal.pk), [])
            measures.extend(sg.measures)
            for op in sg.operational:
                key = ("operational_goal", op.goal.pk)
                op.fragments = [] if op.shared else fragments.get(key, [])
                measures.extend(op.measures)
        for op in node.operational:
            op.fragments = fragments.get(("operational_goal", op.goal.pk), [])
            measures.extend(op.measures)
        for m in measures:
            m.target_groups, m.social_area = extra.get(m.pk, ("", ""))
        context.update(
            field=self.field,
            node=node,
            field_fragments=fragments.get(("field_of_action", self.field.pk), []),
            principles=list(GuidingPrinciple.objects.filter(field_of_action=self.field)),
            fields=tree.all_fields,
        )
        return context
