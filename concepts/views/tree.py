"""Reading the concept: the whole-concept tree, the gap view and the element pages."""

from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from concepts.extensions import field_page_fragments
from concepts.forms.elements import TreeFilterForm
from concepts.models import FieldOfAction, GuidingPrinciple, Measure
from concepts.scoping import EditionMixin
from concepts.services.gaps import find_gaps
from concepts.tree import build_tree, tree_fingerprint
from concepts.tree_html import TreeHtml
from integration_site.rendering.fragments import cached_html
from integration_site.rendering.htmx import PartialMixin, is_htmx

TREE_BODY_TEMPLATE = "concepts/includes/tree_body.html"
FILTER_NAMES = {"field", "status", "actor", "theme", "year"}


class TreeView(PartialMixin, EditionMixin, TemplateView):
    """Gesamtansicht: fields → Leitziele → Handlungsziele → Maßnahmen, filterable.

    A large concept takes a few hundred milliseconds to assemble and render, so the page body is
    kept in the cache under the edition's content fingerprint (`tree_fingerprint`), whether the
    person may edit (readers see no controls), and the address with its filter. Any edit changes
    the fingerprint, so a stale body is never served; the key names the edition, so another
    town's body never is either.

    htmx (the filter form, the move buttons) gets only the results below the filter form, cached
    the same way.
    """

    template_name = "concepts/tree.html"
    htmx_partial = "results"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["move_target"] = "#gesamtansicht-ergebnis"
        template, kind, key_parts = TREE_BODY_TEMPLATE, "concept-tree", self.cache_key_parts()
        if is_htmx(self.request):
            # The filter form also updates the count and the reset link outside the results.
            trigger = self.request.headers.get("HX-Trigger")
            context["filter_swap"] = trigger == "gesamtansicht-filter"
            template, kind = f"{TREE_BODY_TEMPLATE}#results", "concept-tree-results"
            if key_parts is not None:
                key_parts = [*key_parts, context["filter_swap"]]
        context["tree_html"] = cached_html(
            kind,
            key_parts,
            lambda csrf_token: self.render_body(context, csrf_token, template),
            request=self.request,
        )
        return context

    def render_body(self, context, csrf_token, template=TREE_BODY_TEMPLATE):
        filters = TreeFilterForm.parse(self.request.GET)
        tree = build_tree(self.edition, filters=filters, lean=True)
        form = TreeFilterForm(
            {name: str(value) for name, value in filters.items()},
            fields=tree.all_fields,
            actors=tree.actors,
            themes=tree.themes,
        )
        body_context = {
            **context,
            "tree": tree,
            "filter_form": form,
            "filters": filters,
            "csrf_token": csrf_token,
            "request": self.request,
        }
        # The fields below the filter, the bulk of the page, are written in Python (templates
        # cost ~10× as much at 640 measures); the includes they mirror stay the reference.
        body_context["fields_html"] = mark_safe(TreeHtml(tree, body_context).fields())  # noqa: S308
        return render_to_string(template, body_context, request=self.request)

    def cache_key_parts(self):
        """None when the page must not be cached: odd query strings (they would only fill the
        cache) or an extension's count per goal without a stamp."""
        query = self.request.GET
        if not set(query) <= FILTER_NAMES or any(len(query.getlist(n)) > 1 for n in query):
            return None
        fingerprint = tree_fingerprint(self.edition)
        if fingerprint is None:
            return None
        return [
            self.edition.pk,
            self.role,
            self.can_edit,
            self.request.get_full_path(),
            fingerprint,
        ]


class GapView(EditionMixin, TemplateView):
    """Handlungsbedarf: goals without measures (or an extension's count), measures that need
    attention."""

    template_name = "concepts/gaps.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["gaps"] = find_gaps(self.edition)
        return context


class FieldDetailView(PartialMixin, EditionMixin, TemplateView):
    """One Handlungsfeld: its chapter, Kernaussagen, goals and measures.

    htmx (the goals' move buttons) gets only the goals and measures."""

    template_name = "concepts/field_detail.html"
    htmx_partial = "goals"

    def load_objects(self):
        super().load_objects()
        self.field = get_object_or_404(
            FieldOfAction.objects.for_edition(self.edition), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree = build_tree(self.edition, field_id=self.field.pk)
        context.update(
            field=self.field,
            node=tree.fields[0],
            tree=tree,
            chapter=getattr(self.field, "chapter", None),
            principles=GuidingPrinciple.objects.filter(field_of_action=self.field),
            move_target="#ziele-baum",
            field_fragments=[]
            if is_htmx(self.request)
            else field_page_fragments(self.request, self.edition, self.field),
        )
        return context


class MeasureDetailView(EditionMixin, TemplateView):
    """One Maßnahme with all its fields, Träger/Akteure and Umsetzungsmarker."""

    template_name = "concepts/measure_detail.html"

    def load_objects(self):
        super().load_objects()
        self.measure = get_object_or_404(
            Measure.objects.for_edition(self.edition).select_related("field_of_action"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measure = self.measure
        context.update(
            measure=measure,
            field=measure.field_of_action,
            operational_goals=measure.operational_goals.select_related(
                "strategic_goal__field_of_action", "field_of_action"
            ),
            strategic_goals=measure.strategic_goals.select_related("field_of_action"),
            involvements=measure.involvements.select_related("actor"),
            milestones=measure.milestones.all(),
            today=timezone.localdate(),
            themes=measure.themes.all(),
        )
        return context
