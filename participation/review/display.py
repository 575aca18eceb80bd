"""What the round page, the Synopse and the start panels show, built in a bounded number of
queries: all comments in one query, the authors' organisations in two more.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from concepts.models import Membership
from participation.models import Comment, GroupMembership
from participation.models.review import split_paragraphs

if TYPE_CHECKING:
    from participation.models import ReviewRound

ACCEPTING = {Comment.Disposition.ACCEPTED, Comment.Disposition.PARTLY_ACCEPTED}


def author_organisations(round_: ReviewRound, user_ids: Iterable[int]) -> dict[int, str]:
    """user id → the organisation to name: Membership.organisation, else the group's actor."""
    user_ids = set(user_ids)
    if not user_ids:
        return {}
    organisations = {}
    for user_id, actor_name, short_name in GroupMembership.objects.filter(
        group__review_rounds=round_, user_id__in=user_ids, actor__isnull=False
    ).values_list("user_id", "actor__name", "actor__short_name"):
        organisations.setdefault(user_id, actor_name or short_name)
    for user_id, organisation in (
        Membership.objects.filter(municipality=round_.municipality, user_id__in=user_ids)
        .exclude(organisation="")
        .values_list("user_id", "organisation")
    ):
        organisations[user_id] = organisation
    return organisations


def load_comments(round_: ReviewRound) -> list[Comment]:
    """All comments of the round, numbered in order, with `organisation` and `thread`."""
    comments = list(
        Comment.objects.filter(round=round_).select_related("author").order_by("created", "pk")
    )
    organisations = author_organisations(round_, {c.author_id for c in comments})
    by_id = {}
    for number, comment in enumerate(comments, start=1):
        # Strings, not ints: the page prints them ~10 times per comment, and every int
        # would go through number localisation.
        comment.number = str(number)
        comment.key = str(comment.pk)
        comment.author_name = comment.author.get_full_name() or comment.author.username
        comment.created_label = timezone.localtime(comment.created).strftime("%d.%m.%Y %H:%M")
        comment.organisation = organisations.get(comment.author_id, "")
        comment.thread = []
        by_id[comment.pk] = comment
    for comment in comments:
        if comment.parent_id:
            parent = by_id.get(comment.parent_id)
            comment.parent_number = parent.number if parent else None
            if parent:
                parent.thread.append(comment)
    return comments


@dataclass
class Change:
    """How one frozen paragraph fared in the chapter's current text."""

    kind: str  # "changed", "removed"
    diff: str = ""
    inserted_after: list = field(default_factory=list)


def word_diff(old: str, new: str) -> SafeString:
    """Inline HTML of the words removed (<del>) and added (<ins>); text is escaped."""
    old_words = re.findall(r"\S+\s*", old)
    new_words = re.findall(r"\S+\s*", new)
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old_words[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old_words[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new_words[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of user text is escaped above


def paragraph_changes(frozen_text: str, current_text: str) -> dict[int, Change]:
    """paragraph number → Change, for the paragraphs the chapter changed since the round.

    New paragraphs are reported on the frozen paragraph they follow (`inserted_after`; key 0
    for paragraphs before the first one).
    """
    old = split_paragraphs(frozen_text)
    new = split_paragraphs(current_text)
    changes = {}
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        for i, j in pairs:
            changes[i + 1] = Change("changed", word_diff(old[i], new[j]))
        for i in range(i1 + len(pairs), i2):
            changes[i + 1] = Change("removed", word_diff(old[i], ""))
        inserted = new[j1 + len(pairs) : j2]
        if inserted:
            anchor = i2  # after the last frozen paragraph of this block
            change = changes.setdefault(anchor, Change("unchanged"))
            change.inserted_after.extend(inserted)
    return changes


@dataclass
class ParagraphView:
    number: int
    text: str
    comments: list
    change: Change | None = None

    @property
    def accepted(self):
        return [c for c in self.comments if c.disposition in ACCEPTING]


def chapter_edits(round_: ReviewRound) -> list:
    """The chapter's history entries that changed its text after the round was opened."""
    edits = []
    previous = round_.text
    for record in (
        round_.chapter.history.filter(history_date__gt=round_.created)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        if record.body != previous:
            edits.append(record)
            previous = record.body
    return edits


def round_page(round_: ReviewRound, current_text: str) -> dict[str, Any]:
    """Paragraphs with their threads, the whole-chapter threads and the changes since."""
    comments = load_comments(round_)
    roots = {}
    for comment in comments:
        if not comment.parent_id:
            roots.setdefault(comment.paragraph, []).append(comment)
    changes = paragraph_changes(round_.text, current_text) if current_text != round_.text else {}
    paragraphs = [
        ParagraphView(number, text, roots.get(number, []), changes.get(number))
        for number, text in round_.paragraphs
    ]
    return {
        "chapter_edits": chapter_edits(round_) if changes else [],
        "comments": comments,
        "paragraphs": paragraphs,
        "chapter_comments": roots.get(None, []),
        "inserted_at_start": changes.get(0).inserted_after if 0 in changes else [],
        "changed_count": sum(1 for c in changes.values() if c.kind in ("changed", "removed")),
        "inserted_count": sum(len(c.inserted_after) for c in changes.values()),
    }
