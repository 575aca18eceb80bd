import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.council import services
from participation.models import Committee, Consultation, PaperNumbering
from tests.factories import (
    CommitteeFactory,
    CommitteeMeetingFactory,
    ConsultationFactory,
    PaperFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    # The caches are emptied for every test by tests/conftest.py.
    settings.MEDIA_ROOT = tmp_path / "media"


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def council_world(world):
    """The world plus Rheine's council path: two bodies, a Vorlage with its Gremienweg."""
    town = world.town
    social = CommitteeFactory(municipality=town, name="Sozialausschuss", seats=15)
    council = CommitteeFactory(
        municipality=town, name="Rat der Stadt Rheine", kind=Committee.Kind.COUNCIL, seats=45
    )
    social_meeting = CommitteeMeetingFactory(committee=social, starts_at=aware(2017, 5, 9, 17))
    council_meeting = CommitteeMeetingFactory(committee=council, starts_at=aware(2017, 5, 30, 17))
    paper = PaperFactory(municipality=town, edition=world.edition, number="BV/0120/2017")
    preliminary = services.consultation_save(
        consultation=Consultation(
            paper=paper, committee=social, meeting=social_meeting, role="preliminary"
        ),
        agenda_number="5",
    )
    decision = services.consultation_save(
        consultation=Consultation(
            paper=paper, committee=council, meeting=council_meeting, role="decision"
        ),
        agenda_number="7",
    )
    attachment = services.paper_attachment_add(
        paper=paper,
        title="Protokoll Dialogforum",
        file=SimpleUploadedFile("dialogforum.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    numbering = PaperNumbering.objects.create(municipality=town, pattern="BV/{nr:04d}/{jahr}")
    other_paper = PaperFactory(municipality=world.other_town, number="BV/0001/2017")
    other_consultation = ConsultationFactory(paper=other_paper)
    world.committee = social
    world.council_committee = council
    world.meeting = social_meeting
    world.council_meeting = council_meeting
    world.paper = paper
    world.consultation = preliminary
    world.decision = decision
    world.attachment = attachment
    world.numbering = numbering
    world.integration_council = CommitteeFactory(
        municipality=town, name="Integrationsrat", kind=Committee.Kind.INTEGRATION_COUNCIL
    )
    world.membership = world.integration_council.memberships.create(
        person_name="Anna Beispiel", party_group="SPD-Fraktion"
    )
    world.other_paper = other_paper
    world.other_consultation = other_consultation
    return world
