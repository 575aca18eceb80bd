"""The edition's models, declared once: what hangs off an edition, under which parent, in which
order, and in which order a Fortschreibung copies them.

Every row of a concept belongs to one edition (Fassung), directly (`edition`) or through its
parent (a Maßnahme through its Handlungsfeld). Each `Part` names its model and the foreign key
to the row it hangs under; the lookup from a row to its edition follows from the chain
(`Measure` → `field_of_action` → `edition` gives "field_of_action__edition"). The copy
(`concepts.services.editions`), the stamps (`integration_site.rendering.stamps`), the element
kinds (`concepts.elements`), the exchange format and the tree read this module instead of
keeping lists of their own.

Other apps declare the parts they hang off the edition (the indicators under their
Handlungsfeld) in their `ConceptExtension.parts` (`concepts.extensions`); they are known here
once registered, for lookups and stamps, and are copied by the extension's own copy hook.

    schema.path_to_edition(Measure)          # "field_of_action__edition"
    schema.in_edition(Measure, edition)      # Q(field_of_action__edition=edition)
    schema.rows(Measure, edition)            # Measure.objects.filter(<that Q>)
    schema.copied_parts()                    # the copy plan, parents before children
    schema.links()                           # many-to-many links between the parts
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from concepts.models import (
    Actor,
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

EDITION = "edition"
# From an edition to its town: actors belong to the town and serve every edition of it.
TOWN = "concept__municipality"


@dataclass(frozen=True)
class Part:
    """One model of the edition.

    `parent` is the foreign key to the row the part hangs under ("edition" at the top, or
    "municipality" for the town's rows that every edition shares); `order` the fields its rows
    are listed by; `copied` whether the Fortschreibung copies it (in the order of `PARTS`);
    `history_slug` the German word for it in the address of its history page ("massnahme"), empty
    where a part has no history page of its own.
    """

    model: type[Model]
    parent: str
    order: tuple[str, ...] = ("position", "pk")
    copied: bool = True
    history_slug: str = ""

    @property
    def in_town(self) -> bool:
        return self.parent == "municipality"

    @property
    def parent_model(self) -> type[Model]:
        return self.model._meta.get_field(self.parent).related_model

    @property
    def name(self) -> str:
        return self.model._meta.label_lower


@dataclass(frozen=True)
class Link:
    """A many-to-many link between two parts (through model without a timestamp)."""

    model: type[Model]
    field: str

    @property
    def through(self) -> type[Model]:
        return self.model._meta.get_field(self.field).remote_field.through

    @property
    def path(self) -> str:
        """Lookup from a row of the through table to the edition."""
        own = self.model._meta.get_field(self.field).m2m_field_name()
        return f"{own}__{path_to_edition(self.model)}"

    @property
    def name(self) -> str:
        return f"{self.model._meta.model_name}_{self.field}"

    @property
    def columns(self) -> tuple[str, str]:
        """(own id, other id) columns of the through table."""
        m2m = self.model._meta.get_field(self.field)
        return f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"

    def pairs(self, edition):
        """(own pk, other pk) of every link in the edition, as a values_list queryset."""
        return self.through.objects.filter(**{self.path: edition}).values_list(*self.columns)


# In copy order: every foreign key points to a part copied before it.
PARTS: list[Part] = [
    Part(Vision, EDITION, order=("pk",), history_slug="leitbild"),
    Part(CrossCuttingTheme, EDITION, history_slug="querschnittsthema"),
    Part(FieldOfAction, EDITION, history_slug="handlungsfeld"),
    Part(FieldSection, "field_of_action", history_slug="abschnitt"),
    Part(FocusArea, "field_of_action", history_slug="schwerpunkt"),
    Part(SubTheme, "field_of_action", history_slug="unterthema"),
    Part(StrategicGoal, "field_of_action", history_slug="leitziel"),
    Part(OperationalGoal, "field_of_action", history_slug="handlungsziel"),
    Part(Measure, "field_of_action", history_slug="massnahme"),
    Part(MeasureActor, "measure", order=("role", "actor__name", "pk")),
    Part(Milestone, "measure", history_slug="umsetzungsmarker"),
    Part(GuidingPrinciple, EDITION, history_slug="leitsatz"),
    Part(Chapter, EDITION, order=("part", "position", "pk"), history_slug="kapitel"),
    # Bewertungen grade the predecessor's goals; a Fortschreibung starts without them.
    Part(GoalAssessment, EDITION, order=("pk",), copied=False),
    # The town's actors: shared by every edition, never copied.
    Part(Actor, "municipality", order=("name", "pk"), copied=False),
]

# In copy order too: copied after every row.
LINKS: list[Link] = [
    Link(FieldOfAction, "themes"),
    Link(StrategicGoal, "themes"),
    Link(OperationalGoal, "themes"),
    Link(OperationalGoal, "also_serves"),
    Link(Measure, "themes"),
    Link(Measure, "operational_goals"),
    Link(Measure, "strategic_goals"),
]

_by_model: dict[type[Model], Part] = {p.model: p for p in PARTS}


def register_part(part: Part) -> Part:
    """A dependant's model under the edition (called by `concepts.extensions.register`)."""
    if part.model not in _by_model:
        PARTS.append(part)
        _by_model[part.model] = part
    return part


def part(model: type[Model]) -> Part:
    try:
        return _by_model[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not part of the edition schema") from None


def path_to_edition(model: type[Model]) -> str:
    """The lookup from a row of `model` to its edition, e.g. "measure__field_of_action__edition"."""
    if model is Edition:
        raise LookupError("Edition is the root of the schema")
    declared = part(model)
    if declared.in_town:
        raise LookupError(f"{model.__name__} belongs to the town, not to an edition")
    if declared.parent == EDITION:
        return EDITION
    return f"{declared.parent}__{path_to_edition(declared.parent_model)}"


def path_to_town(model: type[Model]) -> str:
    """The lookup from a row of `model` to its town (Kommune)."""
    declared = part(model)
    if declared.in_town:
        return declared.parent
    return f"{path_to_edition(model)}__{TOWN}"


def in_edition(model: type[Model], edition: Edition | int, *, via: str = "") -> Q:
    """The filter "rows of `model` in `edition`"; `via` prefixes the lookup for a related model
    (`in_edition(Measure, e, via="measure")` filters rows whose `measure` is in `e`)."""
    path = path_to_edition(model)
    return Q(**{f"{via}__{path}" if via else path: edition})


def rows(model: type[Model], edition: Edition | int) -> QuerySet:
    """Every row of `model` in `edition` (the default manager, unordered)."""
    return model._default_manager.filter(in_edition(model, edition))


def parts(*models: type[Model]) -> list[Part]:
    return [part(model) for model in models]


def copied_parts() -> list[Part]:
    return [p for p in PARTS if p.copied]


def copy_foreign_keys(declared: Part) -> dict[str, type[Model]]:
    """{FK attname: model} of the keys a copy points to their copied rows (or the new edition)."""
    copied = {Edition} | {p.model for p in copied_parts()}
    return {
        field.attname: field.related_model
        for field in declared.model._meta.concrete_fields
        if (field.many_to_one or field.one_to_one) and field.related_model in copied
    }


def links() -> list[Link]:
    return list(LINKS)


def link(model: type[Model], field: str) -> Link:
    for declared in LINKS:
        if declared.model is model and declared.field == field:
            return declared
    raise LookupError(f"{model.__name__}.{field} is not a link of the edition schema")
