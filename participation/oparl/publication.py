"""What the public OParl API shows: published papers and the public parts of meetings.

- A Vorlage is published once a public consultation of it is scheduled in a public agenda item
  of a public meeting (a council information system publishes it with the invitation); before
  that it is the Stabsstelle's draft and stays internal. "Public" is defined once, in
  `Consultation.objects.public()` and `Paper.objects.published()`, for the JSON and the PDF.
- Non-public consultations are left out of their paper, in the JSON and in the Vorlage PDF;
  non-public agenda items (and every item of a non-public meeting) are shown reduced: number,
  position and "nichtöffentlich", no title, no paper, no result.
- Meetings, bodies, their members and legislative terms are public facts; of a non-public
  meeting only its body, date and state are, not its name or place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from participation.models import Consultation, Paper, PaperAttachment

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from participation.models import AgendaItem, CommitteeMeeting


def published_papers() -> QuerySet[Paper]:
    return Paper.objects.published()


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.public()


def published_attachments() -> QuerySet[PaperAttachment]:
    return PaperAttachment.objects.filter(paper__in=published_papers())


def agenda_item_is_public(item: AgendaItem, meeting: CommitteeMeeting) -> bool:
    return item.is_public and meeting.is_public
