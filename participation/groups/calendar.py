"""One meeting as an iCalendar file (RFC 5545), in the town's time zone."""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

if TYPE_CHECKING:
    from django.http import HttpRequest

    from participation.models import Meeting

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def meeting_ics(meeting: Meeting, request: HttpRequest | None = None) -> bytes:
    path = reverse("participation:meeting_detail", args=[meeting.municipality.slug, meeting.pk])
    url = request.build_absolute_uri(path) if request else settings.SITE_URL.rstrip("/") + path
    calendar = Calendar()
    calendar.add("prodid", "-//Integrationskonzept//Treffen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = url.split("/")[2] if "://" in url else "integrationskonzept"
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.modified)
    event.add("dtstart", meeting.starts_at.astimezone(BERLIN))
    if meeting.ends_at:
        event.add("dtend", meeting.ends_at.astimezone(BERLIN))
    event.add("summary", f"{meeting.get_kind_display()}: {meeting.title}")
    if meeting.place:
        event.add("location", meeting.place)
    description = [meeting.get_kind_display()]
    if meeting.group:
        description.append(str(meeting.group))
    if meeting.agenda:
        description += ["", "Tagesordnung:", meeting.agenda]
    event.add("description", "\n".join(description))
    event.add("url", url)
    calendar.add_component(event)
    if hasattr(calendar, "add_missing_timezones"):
        calendar.add_missing_timezones()
    return calendar.to_ical()
