"""The council path's panel on the town start page (the participation extension's
`start_panels`, participation/apps.py).

Ratsmitglieder and the Stabsstelle see the next meetings with Vorlagen and what is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from concepts.models import Membership
from participation.council.status import papers_with_path
from participation.models import CommitteeMeeting, Consultation, Paper

if TYPE_CHECKING:
    from django.http import HttpRequest

    from concepts.models import Municipality

PANEL_ROLES = (Membership.Role.COUNCIL, Membership.Role.STAFF)


def council_start_panels(
    request: HttpRequest, municipality: Municipality, role: str | None
) -> list[dict[str, Any]]:
    if role not in PANEL_ROLES and not request.user.is_superuser:
        return []
    papers = [
        p
        for p in papers_with_path(Paper.objects.for_municipality(municipality)[:20])
        if not p.path_done
    ][:3]
    meetings = (
        CommitteeMeeting.objects.for_municipality(municipality)
        .upcoming()
        .filter(consultations__isnull=False)
        .distinct()
        .select_related("committee")
        .prefetch_related(
            Prefetch("consultations", queryset=Consultation.objects.select_related("paper"))
        )[:3]
    )
    return [
        {
            "template": "participation/panels/council.html",
            "papers": papers,
            "meetings": meetings,
            "municipality": municipality,
        }
    ]
