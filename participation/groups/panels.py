"""The start page's "Nächste Treffen" panel: the meetings this person may see, soonest first."""

from participation.models import Meeting

PANEL_SIZE = 5


def meeting_panels(request, municipality, role):
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
