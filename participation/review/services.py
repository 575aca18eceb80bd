"""Writes of the review of draft chapters (Prüfrunden). Mails go out after the commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concepts.services.elements import edition_ensure_editable
from participation.models import Comment, ReviewRound
from participation.models.review import split_paragraphs
from participation.review import notifications as notify

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from concepts.models import Chapter
    from participation.models import WorkingGroup


def _refuse_unless_open(round_):
    if not round_.is_open:
        raise ValidationError(
            _("Die Prüfrunde ist abgeschlossen; sie kann nicht mehr geändert werden.")
        )


def _refuse_unless_accepting(round_):
    _refuse_unless_open(round_)
    if round_.deadline_passed:
        raise ValidationError(
            _("Die Frist ist am %(date)s abgelaufen; Kommentare sind nicht mehr möglich.")
            % {"date": f"{round_.deadline:%d.%m.%Y}"}
        )


def review_round_open(
    *,
    chapter: Chapter,
    groups: Iterable[WorkingGroup],
    deadline: datetime.date,
    user: User,
    note: str = "",
) -> ReviewRound:
    """Freeze the chapter's current text and ask the groups for comments."""
    groups = list(groups)
    edition_ensure_editable(
        chapter.edition,
        message=_(
            "Diese Fassung ist beschlossen oder abgelöst; ihre Kapitel können nicht mehr "
            "in eine Prüfrunde gegeben werden."
        ),
    )
    if not split_paragraphs(chapter.body):
        raise ValidationError(
            _("Das Kapitel hat noch keinen Text, zu dem man Stellung nehmen kann.")
        )
    if not groups:
        raise ValidationError(_("Bitte mindestens eine Arbeitsgruppe auswählen."))
    municipality = chapter.edition.concept.municipality
    if any(group.municipality_id != municipality.pk for group in groups):
        raise ValidationError(_("Bitte nur Arbeitsgruppen dieser Kommune auswählen."))
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Die Frist darf nicht in der Vergangenheit liegen.")})
    with transaction.atomic():
        round_ = ReviewRound(
            chapter=chapter,
            title=chapter.title,
            text=chapter.body,
            note=note,
            deadline=deadline,
            opened_by=user,
        )
        round_.full_clean()
        round_.save()
        round_.groups.set(groups)
        transaction.on_commit(lambda: notify.round_opened(round_))
    return round_


def comment_create(
    *,
    round_: ReviewRound,
    author: User,
    text: str,
    paragraph: int | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment on a paragraph (or the whole chapter), or a reply in a thread."""
    _refuse_unless_accepting(round_)
    if parent is not None:
        if parent.round_id != round_.pk:
            raise ValidationError(_("Die Antwort gehört zu einer anderen Prüfrunde."))
        # Threads are one level deep: a reply to a reply joins the thread of its root.
        if parent.parent_id:
            parent = parent.parent
        paragraph = parent.paragraph
    elif paragraph is not None and not 1 <= paragraph <= len(round_.paragraphs):
        raise ValidationError({"paragraph": _("Diesen Absatz gibt es im Entwurf nicht.")})
    with transaction.atomic():
        comment = Comment(
            round=round_, author=author, text=text, paragraph=paragraph, parent=parent
        )
        comment.full_clean()
        comment.save()
        if parent is not None and parent.author_id != author.pk:
            transaction.on_commit(lambda: notify.reply_posted(comment))
    return comment


def _refuse_unless_author(comment, user):
    if comment.author_id != user.pk:
        raise ValidationError(
            _("Nur die Verfasserin oder der Verfasser kann den Kommentar ändern.")
        )
    if comment.is_withdrawn:
        raise ValidationError(_("Der Kommentar ist zurückgezogen."))


def comment_update(*, comment: Comment, user: User, text: str) -> Comment:
    _refuse_unless_accepting(comment.round)
    _refuse_unless_author(comment, user)
    with transaction.atomic():
        comment.text = text
        comment.edited_at = timezone.now()
        comment.full_clean()
        comment.save()
    return comment


def comment_withdraw(*, comment: Comment, user: User) -> Comment:
    _refuse_unless_accepting(comment.round)
    _refuse_unless_author(comment, user)
    with transaction.atomic():
        comment.withdrawn_at = timezone.now()
        comment.full_clean()
        comment.save()
    return comment


def comment_answer(*, comment: Comment, user: User, disposition: str, answer: str) -> Comment:
    """The Stabsstelle's decision on a comment and its answer, until the round is closed."""
    _refuse_unless_open(comment.round)
    if comment.is_withdrawn:
        raise ValidationError(_("Ein zurückgezogener Kommentar wird nicht beantwortet."))
    with transaction.atomic():
        comment.disposition = disposition
        comment.answer = answer
        comment.answered_by = user
        comment.answered_at = timezone.now()
        comment.full_clean()
        comment.save()
    return comment


def review_round_close(*, round_: ReviewRound, user: User) -> ReviewRound:
    """Freeze the round: no more comments, edits or answers; tell the groups the answers."""
    _refuse_unless_open(round_)
    with transaction.atomic():
        round_.status = ReviewRound.Status.CLOSED
        round_.closed_at = timezone.now()
        round_.closed_by = user
        round_.full_clean()
        round_.save()
        transaction.on_commit(lambda: notify.round_closed(round_))
    return round_
