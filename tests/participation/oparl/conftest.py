"""A town with a council path for the OParl tests: two bodies, members, meetings, a paper."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.models import (
    AgendaItem,
    Amendment,
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    LegislativeTerm,
    Paper,
    PaperAttachment,
)

PDF_BYTES = b"%PDF-1.4\n% Stellungnahme des Integrationsrats\n%%EOF\n"


def at(*parts):
    return timezone.make_aware(datetime.datetime(*parts))


def published_paper(town, committee, meeting, number, subject, **kwargs):
    paper = Paper.objects.create(
        municipality=town,
        number=number,
        date=datetime.date(2026, 2, 10),
        author_office="Fachstelle Migration & Integration",
        subject=subject,
        proposal_points=["Der Rat beschließt die 2. Fortschreibung."],
        **kwargs,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, number=str(paper.pk), position=paper.pk, name=subject
    )
    Consultation.objects.create(
        paper=paper, position=1, committee=committee, meeting=meeting, agenda_item=item
    )
    return paper


@pytest.fixture
def world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    town = world.town
    term = LegislativeTerm.objects.create(
        municipality=town,
        name="2025–2030",
        starts_on=datetime.date(2025, 11, 1),
        ends_on=datetime.date(2030, 10, 31),
    )
    council = Committee.objects.create(
        municipality=town, name="Rat der Stadt Rheine", short_name="Rat", kind="council"
    )
    hfa = Committee.objects.create(
        municipality=town,
        name="Haupt- und Finanzausschuss",
        short_name="HFA",
        kind="committee",
        position=2,
    )
    chair = CommitteeMembership.objects.create(
        committee=council,
        person_name="Heinz Brüggemann",
        role="chair",
        party_group="CDU-Fraktion",
        starts_on=datetime.date(2025, 11, 1),
    )
    CommitteeMembership.objects.create(
        committee=hfa, person_name="Heinz Brüggemann", party_group="CDU-Fraktion"
    )
    CommitteeMembership.objects.create(
        committee=hfa, person_name="Ayşe Demir", party_group="SPD-Fraktion"
    )
    hfa_meeting = CommitteeMeeting.objects.create(
        committee=hfa, starts_at=at(2026, 3, 2, 17), location="Rathaus, Raum 136"
    )
    council_meeting = CommitteeMeeting.objects.create(
        committee=council,
        name="12. Sitzung des Rates",
        starts_at=at(2026, 3, 19, 17),
        ends_at=at(2026, 3, 19, 21, 30),
        location="Rathaus, Ratssaal",
    )
    closed_meeting = CommitteeMeeting.objects.create(
        committee=hfa, starts_at=at(2026, 4, 1, 17), is_public=False
    )
    hfa_item = AgendaItem.objects.create(
        meeting=hfa_meeting, number="5", position=5, name="Integrationskonzept Rheine"
    )
    council_item = AgendaItem.objects.create(
        meeting=council_meeting, number="7", position=7, name="Integrationskonzept Rheine"
    )
    secret_item = AgendaItem.objects.create(
        meeting=hfa_meeting,
        number="12",
        position=12,
        name="Grundstücksgeschäft Musterweg",
        is_public=False,
    )
    closed_item = AgendaItem.objects.create(
        meeting=closed_meeting, number="1", position=1, name="Personalangelegenheit Müller"
    )
    paper = Paper.objects.create(
        municipality=town,
        number="BV/0546/2026",
        date=datetime.date(2026, 2, 10),
        author_office="Fachstelle Migration & Integration",
        subject="Integrationskonzept der Stadt Rheine – 2. Fortschreibung",
        proposal_points=["Der Rat beschließt die 2. Fortschreibung.", "Die Verwaltung berichtet."],
        edition=world.edition,
    )
    preliminary = Consultation.objects.create(
        paper=paper,
        position=1,
        committee=hfa,
        meeting=hfa_meeting,
        agenda_item=hfa_item,
        role="preliminary",
        result="deliberated",
    )
    decision = Consultation.objects.create(
        paper=paper,
        position=2,
        committee=council,
        meeting=council_meeting,
        agenda_item=council_item,
        role="decision",
        result="adopted_unchanged",
        votes_yes=38,
        votes_no=2,
        votes_abstain=None,
    )
    Amendment.objects.create(
        consultation=decision,
        position=1,
        proposer="Fraktion Bündnis 90/Die Grünen",
        text="Ein Handlungsfeld Klima ergänzen.",
        result="rejected",
        votes_yes=8,
        votes_no=30,
        votes_abstain=2,
    )
    hidden_consultation = Consultation.objects.create(
        paper=paper, position=3, committee=hfa, meeting=closed_meeting, is_public=False
    )
    attachment = PaperAttachment.objects.create(
        paper=paper,
        position=1,
        title="Stellungnahme des Integrationsrats",
        file=SimpleUploadedFile("stellungnahme.pdf", PDF_BYTES),
        mime_type="application/pdf",
        size=len(PDF_BYTES),
    )
    draft = Paper.objects.create(
        municipality=town,
        number="BV/0547/2026",
        date=datetime.date(2026, 2, 11),
        author_office="Fachstelle Migration & Integration",
        subject="Entwurf: noch nicht im Gremienweg",
    )
    draft_attachment = PaperAttachment.objects.create(
        paper=draft,
        title="Interner Entwurf",
        file=SimpleUploadedFile("entwurf.pdf", PDF_BYTES),
        mime_type="application/pdf",
    )
    world.oparl = SimpleNamespace(
        term=term,
        council=council,
        hfa=hfa,
        chair=chair,
        hfa_meeting=hfa_meeting,
        council_meeting=council_meeting,
        closed_meeting=closed_meeting,
        hfa_item=hfa_item,
        council_item=council_item,
        secret_item=secret_item,
        closed_item=closed_item,
        paper=paper,
        preliminary=preliminary,
        decision=decision,
        hidden_consultation=hidden_consultation,
        attachment=attachment,
        draft=draft,
        draft_attachment=draft_attachment,
    )
    return world
