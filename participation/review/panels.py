"""Start-page panels of the review: open rounds with their deadlines, my comments and answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q

from participation.models import Comment, ReviewRound

if TYPE_CHECKING:
    from django.http import HttpRequest

    from concepts.models import Municipality

MY_COMMENTS_SHOWN = 8


def review_panels(
    request: HttpRequest, municipality: Municipality, role: str | None
) -> list[dict[str, Any]]:
    user = request.user
    staff = role == "staff" or user.is_superuser
    if not staff and role != "member":
        return []
    rounds = list(
        ReviewRound.objects.for_municipality(municipality)
        .visible_to(user, municipality)
        .open()
        .annotate(
            comment_count=Count("comments", filter=Q(comments__withdrawn_at__isnull=True)),
            open_count=Count(
                "comments", filter=Q(comments__withdrawn_at__isnull=True, comments__disposition="")
            ),
        )
        .order_by("deadline", "pk")
    )
    panels = [
        {
            "template": "participation/review/panels/open_rounds.html",
            "rounds": rounds,
            "staff": staff,
        }
    ]
    if not staff:
        comments = (
            Comment.objects.by(user)
            .active()
            .filter(
                round__in=ReviewRound.objects.for_municipality(municipality).visible_to(
                    user, municipality
                )
            )
            .select_related("round")
            .order_by(F("answered_at").desc(nulls_last=True), "-created")[:MY_COMMENTS_SHOWN]
        )
        panels.append(
            {"template": "participation/review/panels/my_comments.html", "comments": list(comments)}
        )
    return panels
