"""The kinds of element the Stabsstelle edits in the browser, one table for all of them.

Each kind says which model it is, the German word in its URLs, which siblings it is ordered
among and where a person goes after saving it; how to find its edition comes from
`concepts.schema`. The editing views, the
services and the permission tests read this table, so a new kind is one entry here plus a form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from django.urls import reverse

from concepts import models, schema

if TYPE_CHECKING:
    from django.db.models import Model


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    # Fields that, together, name the group of siblings an element is ordered in; empty when
    # the kind has no order.
    sibling_fields: tuple = ()
    # Query parameters a "neu" link may carry to preselect a parent: {param: form field}.
    parent_params: dict = None
    # Where to go after saving or deleting (the element itself may be gone then).
    back: Callable = None

    @property
    def edition_path(self):
        """Lookup from the element to its edition (for scoping querysets)."""
        return schema.path_to_edition(self.model)

    @property
    def ordered(self):
        return bool(self.sibling_fields)

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    def queryset(self, edition):
        return schema.rows(self.model, edition)

    def edition_of(self, obj):
        target = obj
        for step in self.edition_path.split("__"):
            target = getattr(target, step)
        return target

    def siblings(self, obj):
        return self.model._default_manager.filter(
            **{name: getattr(obj, name) for name in self.sibling_fields}
        )


def _edition_url(obj, edition, anchor=""):
    town = edition.concept.municipality.slug
    return reverse("concepts:edition_detail", args=[town, edition.pk]) + anchor


def _field_url(field, edition, anchor=""):
    town = edition.concept.municipality.slug
    return reverse("concepts:field_detail", args=[town, edition.pk, field.pk]) + anchor


def _measure_url(measure, edition, anchor=""):
    town = edition.concept.municipality.slug
    return reverse("concepts:measure_detail", args=[town, edition.pk, measure.pk]) + anchor


def _back_principle(obj, edition):
    if obj.field_of_action_id:
        return _field_url(obj.field_of_action, edition, "#kernaussagen")
    return _edition_url(obj, edition, "#leitbild")


def _back_chapter(obj, edition):
    if obj.field_of_action_id:
        return _field_url(obj.field_of_action, edition)
    return _edition_url(obj, edition, "#kapitel")


KINDS = {
    kind.slug: kind
    for kind in [
        Kind(
            "leitbild",
            models.Vision,
            back=lambda obj, e: _edition_url(obj, e, "#leitbild"),
        ),
        Kind(
            "leitsaetze",
            models.GuidingPrinciple,
            ("edition_id", "field_of_action_id"),
            {"handlungsfeld": "field_of_action"},
            back=_back_principle,
        ),
        Kind(
            "kapitel",
            models.Chapter,
            ("edition_id", "part"),
            {"handlungsfeld": "field_of_action", "teil": "part"},
            back=_back_chapter,
        ),
        Kind(
            "querschnittsthemen",
            models.CrossCuttingTheme,
            ("edition_id",),
            back=lambda obj, e: _edition_url(obj, e, "#querschnittsthemen"),
        ),
        Kind(
            "handlungsfelder",
            models.FieldOfAction,
            ("edition_id",),
            back=lambda obj, e: (
                _field_url(obj, e) if obj.pk else _edition_url(obj, e, "#handlungsfelder")
            ),
        ),
        Kind(
            "unterthemen",
            models.SubTheme,
            ("field_of_action_id",),
            {"handlungsfeld": "field_of_action"},
            back=lambda obj, e: _field_url(obj.field_of_action, e, "#unterthemen"),
        ),
        Kind(
            "schwerpunkte",
            models.FocusArea,
            ("field_of_action_id",),
            {"handlungsfeld": "field_of_action"},
            back=lambda obj, e: _field_url(obj.field_of_action, e, "#schwerpunkte"),
        ),
        Kind(
            "abschnitte",
            models.FieldSection,
            ("field_of_action_id",),
            {"handlungsfeld": "field_of_action"},
            back=lambda obj, e: _field_url(obj.field_of_action, e, "#abschnitte"),
        ),
        Kind(
            "leitziele",
            models.StrategicGoal,
            ("field_of_action_id",),
            {"handlungsfeld": "field_of_action", "unterthema": "sub_theme"},
            back=lambda obj, e: _field_url(
                obj.field_of_action, e, f"#leitziel-{obj.pk}" if obj.pk else "#ziele"
            ),
        ),
        Kind(
            "handlungsziele",
            models.OperationalGoal,
            ("field_of_action_id", "strategic_goal_id"),
            {"handlungsfeld": "field_of_action", "leitziel": "strategic_goal"},
            back=lambda obj, e: _field_url(
                obj.field_of_action, e, f"#handlungsziel-{obj.pk}" if obj.pk else "#ziele"
            ),
        ),
        Kind(
            "massnahmen",
            models.Measure,
            ("field_of_action_id",),
            {
                "handlungsfeld": "field_of_action",
                "handlungsziel": "operational_goals",
                "leitziel": "strategic_goals",
                "unterthema": "sub_theme",
            },
            back=lambda obj, e: (
                _measure_url(obj, e) if obj.pk else _field_url(obj.field_of_action, e, "#ziele")
            ),
        ),
        Kind(
            "umsetzungsmarker",
            models.Milestone,
            ("measure_id",),
            {"massnahme": "measure"},
            back=lambda obj, e: _measure_url(obj.measure, e, "#umsetzungsmarker"),
        ),
        Kind(
            "traeger",
            models.MeasureActor,
            (),
            {"massnahme": "measure"},
            back=lambda obj, e: _measure_url(obj.measure, e, "#traeger"),
        ),
    ]
}

KIND_SLUGS = "|".join(KINDS)


def kind_of(obj: Model) -> Kind:
    for kind in KINDS.values():
        if isinstance(obj, kind.model):
            return kind
    raise LookupError(type(obj).__name__)


class KindConverter:
    """URL converter: only the German words of KINDS match."""

    regex = KIND_SLUGS

    def to_python(self, value):
        return KINDS[value]

    def to_url(self, value):
        return value.slug if isinstance(value, Kind) else value
