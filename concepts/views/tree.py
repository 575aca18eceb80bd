"""Reading the concept: the whole-concept tree, the gap view and the element pages."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from concepts.forms import TreeFilterForm
from concepts.gaps import find_gaps
from concepts.models import FieldOfAction, GuidingPrinciple, Measure
from concepts.scoping import EditionMixin
from concepts.tree import build_tree


class TreeView(EditionMixin, TemplateView):
    """Gesamtansicht: fields → Leitziele → Handlungsziele → Maßnahmen, filterable."""

    template_name = "concepts/tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = TreeFilterForm.parse(self.request.GET)
        tree = build_tree(self.edition, filters=filters)
        form = TreeFilterForm(
            {name: str(value) for name, value in filters.items()},
            fields=tree.all_fields,
            actors=tree.actors,
            themes=tree.themes,
        )
        context.update(tree=tree, filter_form=form, filters=filters)
        return context


class GapView(EditionMixin, TemplateView):
    """Handlungsbedarf: goals without measures or indicators, measures that need attention."""

    template_name = "concepts/gaps.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["gaps"] = find_gaps(self.edition)
        return context


class FieldDetailView(EditionMixin, TemplateView):
    """One Handlungsfeld: its chapter, Kernaussagen, goals and measures."""

    template_name = "concepts/field_detail.html"

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
