"""Participation (working groups, meetings, review of draft chapters) and the council path.

Arbeitsgruppe → WorkingGroup · Treffen → Meeting · Anlage → Attachment · Einladung → Invitation ·
Prüfrunde → ReviewRound · Kommentar → Comment · Gremium → Committee ·
Sitzung eines Gremiums → CommitteeMeeting · TOP → AgendaItem · Vorlage → Paper ·
Beratung → Consultation
"""
