"""What the public OParl API shows: published papers and the public parts of meetings.

- A Vorlage is published once a public consultation of it is scheduled in a meeting (a council
  information system publishes it with the invitation); before that it is the Stabsstelle's
  draft and stays internal.
- Non-public consultations are left out of their paper; non-public agenda items (and every item
  of a non-public meeting) are shown reduced: number, position and "nichtöffentlich", no title,
  no paper, no result.
- Meetings, bodies, their members and legislative terms are public facts.
"""

from django.db.models import Exists, OuterRef

from participation.models import Consultation, Paper, PaperAttachment


def published_papers():
    public_consultation = Consultation.objects.filter(
        paper=OuterRef("pk"), is_public=True, meeting__isnull=False
    )
    return Paper.objects.filter(Exists(public_consultation))


def published_attachments():
    return PaperAttachment.objects.filter(paper__in=published_papers())


def agenda_item_is_public(item, meeting):
    return item.is_public and meeting.is_public
