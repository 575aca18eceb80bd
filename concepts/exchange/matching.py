"""Matching an imported edition to its predecessor (docs/fassungen.md, „Zuordnung“).

An edition copied in the app knows where each element came from (`CopyLink`); an edition read
from an exchange file only names its predecessor. Here the predecessor's fields, goals and
measures are paired with the new edition's by text similarity (rapidfuzz) and number, for the
staff to confirm (`concepts.views.compare.PredecessorMatchView`) or, on the command line,
above a threshold. `link(...)` then writes the same `CopyLink`s a copy writes, so the edition
comparison and the Bewertung work across imported editions as across copied ones.

The score (0–100): 80 % the similarity of the texts, 20 % the context – the same number, and
(for goals and measures) a field that is itself paired with the other's field. Pairs are
taken best first; each element of either edition is in at most one pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz, process, utils

from concepts import schema
from concepts.exchange import natural_key
from concepts.models import (
    CopyLink,
    Edition,
    FieldOfAction,
    Measure,
    OperationalGoal,
    StrategicGoal,
)

# Pairs scoring below this are not proposed (and not linked by the command line). An unrelated
# goal with the same number in the paired field scores about 50, a reworded one 65 and more.
THRESHOLD = 60
TEXT_WEIGHT = 0.8


@dataclass(frozen=True)
class Kind:
    key: str  # the prefix of the form fields
    title: str
    model: type


KINDS = (
    Kind("hf", gettext_lazy("Handlungsfelder"), FieldOfAction),
    Kind("lz", gettext_lazy("Leitziele"), StrategicGoal),
    Kind("hz", gettext_lazy("Handlungsziele"), OperationalGoal),
    Kind("m", gettext_lazy("Maßnahmen"), Measure),
)


@dataclass
class Item:
    """An element as the matching sees it."""

    pk: int
    number: str
    title: str
    description: str = ""
    field_pk: int | None = None  # its field (None for a field itself)
    obj: object = None

    @property
    def label(self) -> str:
        text = self.title or self.description
        if len(text) > 90:
            text = text[:89].rstrip() + "…"
        return f"{self.number} {text}"


@dataclass
class Proposal:
    new: Item
    old: Item | None
    score: int


@dataclass
class KindItems:
    kind: Kind
    old: list[Item] = field(default_factory=list)
    new: list[Item] = field(default_factory=list)


def _text(item: Item) -> str:
    return item.title or item.description[:300]


def _similarity(old: list[str], new: list[str]):
    """Matrix [new][old] of text similarity 0–100: the mean of two token scorers, so reordered
    words ("Schuleintritt" / "Eintritt in die Schule") and added words both count."""
    kwargs = {"processor": utils.default_process, "workers": 1, "dtype": np.float32}
    return (
        process.cdist(new, old, scorer=fuzz.token_sort_ratio, **kwargs)
        + process.cdist(new, old, scorer=fuzz.token_set_ratio, **kwargs)
    ) / 2


def propose(
    old: list[Item],
    new: list[Item],
    *,
    field_pairs: dict[int, int] | None = None,
    threshold: int = THRESHOLD,
) -> dict[int, tuple[Item, int]]:
    """{new pk: (old item, score)} for the pairs at or above `threshold`, best first.

    `field_pairs` ({new field pk: old field pk}) lets a goal or measure in the field paired
    with the other's score higher; without it (fields themselves) only the number counts.
    """
    if not old or not new:
        return {}
    text = _similarity([_text(o) for o in old], [_text(n) for n in new])
    new_full = np.array([bool(n.title and n.description.strip()) for n in new])
    old_full = np.array([bool(o.title and o.description.strip()) for o in old])
    if new_full.any() and old_full.any():
        # Title and description on both sides: the description counts 30 %.
        both = new_full[:, None] & old_full[None, :]
        descriptions = process.cdist(
            [n.description for n in new],
            [o.description for o in old],
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            workers=1,
            dtype=np.float32,
        )
        text = np.where(both, 0.7 * text + 0.3 * descriptions, text)
    same_number = (
        np.array([n.number for n in new])[:, None] == np.array([o.number for o in old])[None, :]
    )
    if field_pairs is None:
        context = 100.0 * same_number
    else:
        paired_field = (
            np.array([field_pairs.get(n.field_pk, -1) for n in new])[:, None]
            == (np.array([o.field_pk for o in old])[None, :])
        )
        context = 50.0 * same_number + 50.0 * paired_field
    scores = np.rint(TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * context).astype(int)
    rows, columns = np.nonzero(scores >= threshold)
    order = np.lexsort((columns, rows, -scores[rows, columns]))
    pairs, used = {}, set()
    most = min(len(old), len(new))
    for index in order:
        if len(pairs) == most:
            break
        i, j = int(rows[index]), int(columns[index])
        if new[i].pk in pairs or old[j].pk in used:
            continue
        pairs[new[i].pk] = (old[j], int(scores[i, j]))
        used.add(old[j].pk)
    return pairs


def _items(kind: Kind, edition_id: int) -> list[Item]:
    """The edition's elements of a kind in the order of the concept, one query."""
    model = kind.model
    qs = schema.rows(model, edition_id)
    if model is FieldOfAction:
        return [
            Item(f.pk, str(f.position), f.title, f.description, None, f)
            for f in qs.order_by("position", "pk")
        ]
    related = ["field_of_action"]
    if model is OperationalGoal:
        related.append("strategic_goal__field_of_action")
    items = []
    for obj in qs.select_related(*related).order_by("field_of_action__position", "position", "pk"):
        if model is Measure:
            number = f"{obj.field_of_action.position}.{obj.position}"
        else:
            number = obj.number
        items.append(Item(obj.pk, number, obj.title, obj.description, obj.field_of_action_id, obj))
    # Handlungsziele by their number (under their Leitziel), the others keep the query's order.
    items.sort(key=lambda item: natural_key(item.number))
    return items


def edition_items(edition: Edition) -> list[KindItems]:
    """Both editions' elements of every kind (eight queries)."""
    return [
        KindItems(kind, _items(kind, edition.based_on_id), _items(kind, edition.pk))
        for kind in KINDS
    ]


def proposals(
    edition: Edition, *, threshold: int = THRESHOLD, items: list[KindItems] | None = None
) -> dict[str, dict[int, tuple[Item, int]]]:
    """{kind key: {new pk: (old item, score)}}: the fields first, then goals and measures in the
    light of the paired fields."""
    items = items if items is not None else edition_items(edition)
    result = {}
    field_pairs = None
    for group in items:
        result[group.kind.key] = propose(
            group.old, group.new, field_pairs=field_pairs, threshold=threshold
        )
        if group.kind.model is FieldOfAction:
            field_pairs = {new: old.pk for new, (old, _score) in result[group.kind.key].items()}
    return result


def current_links(edition: Edition) -> dict[str, dict[int, int]]:
    """{kind key: {new pk: old pk}} of the links the edition has (one query)."""
    labels = {kind.model._meta.label_lower: kind.key for kind in KINDS}
    links = {kind.key: {} for kind in KINDS}
    for model, source, target in CopyLink.objects.filter(
        edition=edition, model__in=list(labels)
    ).values_list("model", "source_id", "target_id"):
        links[labels[model]][target] = source
    return links


@transaction.atomic
def link(edition: Edition, pairs: dict[str, dict[int, int]]) -> int:
    """Replace the edition's links to its predecessor's fields, goals and measures with `pairs`
    ({kind key: {new pk: old pk}}); returns how many were written. Every pk must belong to the
    right edition and each element of the predecessor may be paired once."""
    if edition.based_on_id is None:
        raise ValidationError(_("Diese Fassung hat keine Vorfassung."))
    models = {kind.key: kind.model for kind in KINDS}
    rows = []
    for key, kind_pairs in pairs.items():
        model = models[key]
        new_ids = set(schema.rows(model, edition.pk).values_list("pk", flat=True))
        old_ids = set(schema.rows(model, edition.based_on_id).values_list("pk", flat=True))
        if not set(kind_pairs) <= new_ids or not set(kind_pairs.values()) <= old_ids:
            raise ValidationError(_("Die Zuordnung nennt Elemente anderer Fassungen."))
        if len(set(kind_pairs.values())) != len(kind_pairs):
            raise ValidationError(
                _("Jedes Element der Vorfassung kann nur einmal zugeordnet werden.")
            )
        label = model._meta.label_lower
        rows += [
            CopyLink(edition=edition, model=label, source_id=old, target_id=new)
            for new, old in kind_pairs.items()
        ]
    CopyLink.objects.filter(
        edition=edition, model__in=[models[key]._meta.label_lower for key in pairs]
    ).delete()
    CopyLink.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def link_proposals(
    edition: Edition, *, threshold: int = THRESHOLD
) -> list[tuple[Kind, Item, Item, int]]:
    """Link every proposal at or above `threshold` (the command line); returns the pairs."""
    items = edition_items(edition)
    found = proposals(edition, threshold=threshold, items=items)
    link(edition, {key: {new: old.pk for new, (old, _s) in p.items()} for key, p in found.items()})
    result = []
    for group in items:
        kind_pairs = found[group.kind.key]
        result += [
            (group.kind, item, *kind_pairs[item.pk]) for item in group.new if item.pk in kind_pairs
        ]
    return result
