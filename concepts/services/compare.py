"""Comparing two editions of a concept: what was added, removed and changed.

Elements are matched along the copy lineage: every copy made by `edition_copy` has a
`CopyLink` to its original, so following the links back gives each element its *root* (the
element it descends from in the oldest edition); two elements of any two editions of the same
concept are "the same" when their roots are equal. Each section costs three queries whatever
the size of the concept.

Other apps add sections (indicators …) through their `ConceptExtension.comparison_sections`;
the sections' models and their path to the edition come from `concepts.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from concepts import schema
from concepts.extensions import comparison_sections
from concepts.models import (
    CopyLink,
    Edition,
    FieldOfAction,
    Measure,
    OperationalGoal,
    StrategicGoal,
)
from concepts.services.history import Change, display_value, field_label


@dataclass
class Section:
    key: str
    title: str
    model: type
    fields: list
    parent: str = ""  # FK name whose change counts as "moved"
    order_by: tuple = ("position", "pk")
    select_related: tuple = ()
    prefetch_related: tuple = ()
    derived: tuple = ()  # (label, function of the element → comparable text)

    def queryset(self, edition):
        qs = schema.rows(self.model, edition)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs.order_by(*self.order_by)


@dataclass
class SectionResult:
    section: Section
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (old, new, [Change])
    unchanged: int = 0

    @property
    def is_empty(self):
        return not (self.added or self.removed or self.changed)


CHILD_ORDER = ("field_of_action__position", "position", "pk")


def _involvements(measure):
    return ", ".join(
        sorted(f"{i.actor} ({i.get_role_display()})" for i in measure.involvements.all())
    )


SECTIONS = [
    Section(
        "handlungsfelder",
        gettext_lazy("Handlungsfelder"),
        FieldOfAction,
        ["title", "short_title", "description"],
    ),
    Section(
        "leitziele",
        gettext_lazy("Leitziele"),
        StrategicGoal,
        ["title", "description"],
        parent="field_of_action",
        order_by=CHILD_ORDER,
        select_related=("field_of_action",),
    ),
    Section(
        "handlungsziele",
        gettext_lazy("Handlungsziele"),
        OperationalGoal,
        ["title", "description"],
        parent="field_of_action",
        order_by=CHILD_ORDER,
        select_related=("field_of_action", "strategic_goal"),
    ),
    Section(
        "massnahmen",
        gettext_lazy("Maßnahmen"),
        Measure,
        [
            "title",
            "description",
            "status",
            "origin",
            "is_flagship",
            "responsible_person",
            "starts_on",
            "ends_on",
            "target_groups",
            "social_area",
            "staff_fte",
            "material_costs",
            "funding",
            "needs_council_decision",
        ],
        parent="field_of_action",
        order_by=CHILD_ORDER,
        select_related=("field_of_action",),
        prefetch_related=("involvements__actor",),
        derived=((gettext_lazy("Träger und Akteure"), _involvements),),
    ),
]


def sections() -> list[Section]:
    """The core's sections, then those of the extensions (e.g. "Indikatoren")."""
    return [*SECTIONS, *comparison_sections()]


def lineage(edition: Edition) -> list[int]:
    """Pks of the edition and its ancestors along `based_on` (one query for the concept)."""
    parents = dict(
        Edition.objects.filter(concept_id=edition.concept_id).values_list("pk", "based_on_id")
    )
    chain, current = [], edition.pk
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


class Roots:
    """Maps an element's pk to the pk of the element it descends from in the oldest edition."""

    def __init__(self, editions):
        self.edition_ids = editions
        self._links = {}

    def links(self, model):
        label = model._meta.label_lower
        if label not in self._links:
            self._links[label] = dict(
                CopyLink.objects.filter(edition_id__in=self.edition_ids, model=label).values_list(
                    "target_id", "source_id"
                )
            )
        return self._links[label]

    def root(self, model, pk):
        links = self.links(model)
        seen = 0
        while pk in links and seen < 1000:
            pk = links[pk]
            seen += 1
        return pk


def compare_editions(old: Edition, new: Edition) -> list[SectionResult]:
    """Differences from `old` to `new`, one SectionResult per section."""
    roots = Roots(sorted(set(lineage(old)) | set(lineage(new))))
    results = []
    for section in sections():
        result = SectionResult(section)
        model = section.model
        old_by_root = {roots.root(model, obj.pk): obj for obj in section.queryset(old)}
        new_objs = list(section.queryset(new))
        matched = set()
        fields = [model._meta.get_field(name) for name in section.fields]
        parent_field = model._meta.get_field(section.parent) if section.parent else None
        for obj in new_objs:
            root = roots.root(model, obj.pk)
            before = old_by_root.get(root)
            if before is None:
                result.added.append(obj)
                continue
            matched.add(root)
            changes = [
                Change(
                    field_label(f),
                    display_value(f, getattr(before, f.attname)),
                    display_value(f, getattr(obj, f.attname)),
                )
                for f in fields
                if getattr(before, f.attname) != getattr(obj, f.attname)
            ]
            for label, value_of in section.derived:
                old_value, new_value = value_of(before), value_of(obj)
                if old_value != new_value:
                    changes.append(Change(label, old_value or "—", new_value or "—"))
            if parent_field is not None:
                old_parent = getattr(before, parent_field.attname)
                new_parent = getattr(obj, parent_field.attname)
                related = parent_field.related_model
                if (old_parent is None) != (new_parent is None) or (
                    old_parent is not None
                    and roots.root(related, old_parent) != roots.root(related, new_parent)
                ):
                    changes.append(
                        Change(
                            field_label(parent_field),
                            str(getattr(before, parent_field.name) or "—"),
                            str(getattr(obj, parent_field.name) or "—"),
                        )
                    )
            if changes:
                result.changed.append((before, obj, changes))
            else:
                result.unchanged += 1
        result.removed = [obj for root, obj in old_by_root.items() if root not in matched]
        results.append(result)
    return results
