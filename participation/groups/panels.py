"""The start page's "Nächste Treffen" panel: the meetings this person may see, soonest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from participation.models import Meeting

if TYPE_CHECKING:
    from django.http import HttpRequest

    from concepts.models import Municipality

PANEL_SIZE = 5


def meeting_panels(
    request: HttpRequest, municipality: Municipality, role: str | None
) -> list[dict[str, Any]]:
    if role is None and not request.user.is_superuser:
        return []
    meetings = (
        Meeting.objects.for_municipality(municipality)
        .visible_to(request.user, municipality)
        .upcoming()[:PANEL_SIZE]
    )
    return [
        {
            "template": "participation/panels/meetings.html",
            "meetings": list(meetings),
            "municipality": municipality,
        }
    ]
