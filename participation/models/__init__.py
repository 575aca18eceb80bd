"""Participation (working groups, meetings, review of draft chapters) and the council path.

Arbeitsgruppe/Arbeitskreis → WorkingGroup · Mitglied einer Arbeitsgruppe → GroupMembership ·
Ansprechperson eines Akteurs → ContactPerson · Treffen → Meeting · Anlage → Attachment ·
Einladung → Invitation · Prüfrunde → ReviewRound · Kommentar → Comment · Gremium → Committee ·
Sitzung eines Gremiums → CommitteeMeeting · TOP → AgendaItem · Vorlage → Paper ·
Beratung → Consultation · Änderungsantrag → Amendment · Anlage einer Vorlage → PaperAttachment ·
Wahlperiode → LegislativeTerm · Nummernkreis → PaperNumbering ·
Benachrichtigungseinstellungen → NotificationSettings · Ratsinformationssystem → CouncilSystem ·
veröffentlichtes OParl-Objekt (Grabstein nach dem Löschen) → OParlRecord · Umfrage → Survey ·
Frage → Question · Antwort → Response (eines Menschen) / Answer (auf eine Frage)

One module per topic; this package re-exports the models.
"""

from participation.models.contacts import ContactPerson
from participation.models.council import (
    AgendaItem,
    Amendment,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    LegislativeTerm,
    Paper,
    PaperAttachment,
    PaperKind,
    PaperNumbering,
)
from participation.models.groups import GroupMembership, WorkingGroup
from participation.models.invitations import Invitation
from participation.models.meetings import Attachment, Meeting
from participation.models.oparl import OParlRecord
from participation.models.review import Comment, NotificationSettings, ReviewRound
from participation.models.ris import (
    ConsultationLink,
    CouncilSystem,
    MeetingLink,
    OrganizationMapping,
    PaperLink,
)
from participation.models.surveys import (
    Answer,
    Question,
    Response,
    Survey,
    SurveyCitation,
    SurveyLink,
    SurveySection,
)

__all__ = [
    "AgendaItem",
    "Amendment",
    "Answer",
    "Attachment",
    "Comment",
    "Committee",
    "CommitteeMeeting",
    "CommitteeMembership",
    "Consultation",
    "ContactPerson",
    "ConsultationLink",
    "CouncilSystem",
    "GroupMembership",
    "Invitation",
    "LegislativeTerm",
    "Meeting",
    "MeetingLink",
    "NotificationSettings",
    "OParlRecord",
    "OrganizationMapping",
    "Paper",
    "PaperAttachment",
    "PaperKind",
    "PaperLink",
    "PaperNumbering",
    "Question",
    "Response",
    "ReviewRound",
    "Survey",
    "SurveyCitation",
    "SurveyLink",
    "SurveySection",
    "WorkingGroup",
]
