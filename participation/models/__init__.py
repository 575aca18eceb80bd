"""Participation (working groups, meetings, review of draft chapters) and the council path.

Arbeitsgruppe/Arbeitskreis → WorkingGroup · Mitglied einer Arbeitsgruppe → GroupMembership ·
Treffen → Meeting · Anlage → Attachment · Einladung → Invitation ·
Prüfrunde → ReviewRound · Kommentar → Comment · Gremium → Committee ·
Sitzung eines Gremiums → CommitteeMeeting · TOP → AgendaItem · Vorlage → Paper ·
Beratung → Consultation · Benachrichtigungseinstellungen → NotificationSettings

One module per topic; this package re-exports the models.
"""

from participation.models.groups import GroupMembership, WorkingGroup
from participation.models.review import Comment, NotificationSettings, ReviewRound

__all__ = [
    "Comment",
    "GroupMembership",
    "NotificationSettings",
    "ReviewRound",
    "WorkingGroup",
]
