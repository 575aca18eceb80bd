"""A crawler over the public view finds nothing of drafts, the participation or persons.

The town has a published adopted edition and, around it, everything that must stay internal:
a draft Fortschreibung and an edition "in Beratung", a review round with comments, working
group members, contact persons, committee members, non-public meetings, and internal fields of
the published edition itself (responsible persons, resources, notes). Every one of these carries
a marker containing "GEHEIM". The crawler starts at /<town>/oeffentlich/ as an anonymous
visitor, follows every same-origin link of the public area (and the town's legal pages, if the
installation has them), fetches every page and asset, and finds no marker anywhere, while the
published concept's titles are all there.
"""

import datetime
import re
import uuid
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from concepts.models import (
    Actor,
    Chapter,
    Edition,
    FieldOfAction,
    GoalAssessment,
    Measure,
    MeasureActor,
    Milestone,
    StrategicGoal,
    Vision,
)
from concepts.services.editions import edition_copy
from concepts.services.legal import PAGES
from indicators.importers.parsing import year_period
from indicators.models import Indicator, Measurement
from indicators.rounds import services
from participation.council import pdf as council_pdf
from participation.models import (
    AgendaItem,
    Amendment,
    Committee,
    CommitteeMeeting,
    Consultation,
    ContactPerson,
    GroupMembership,
    Meeting,
    PaperAttachment,
    WorkingGroup,
)
from participation.review import services as review_services
from tests import factories
from tests.concepts.public.conftest import add_indicators, published_edition
from tests.crawler import Crawl, pdf_text
from tests.factories import PaperFactory

MARKER = re.compile("geheim", re.IGNORECASE)
COMMITTEE_MEMBER = "Hans Gremienmann"
# Votes of non-public steps: numbers no real vote has.
SECRET_VOTES = {"votes_yes": 9871, "votes_no": 6542, "votes_abstain": 3213}
SECRETS = [
    "ENTWURFSGEHEIMNIS-1",
    "ENTWURFSGEHEIMNIS-2",
    "ENTWURFSGEHEIMNIS-3",
    "ENTWURFSGEHEIMNIS-4",
    "ENTWURFSGEHEIMNIS-5",
    "ENTWURFSGEHEIMNIS-6",
    "BERATUNGSGEHEIMNIS-1",
    "PRUEFRUNDENGEHEIMNIS",
    "KOMMENTARGEHEIMNIS",
    "AG Gruppengeheim",
    "TREFFENGEHEIMNIS",
    "SITZUNGSGEHEIMNIS",
    "VORLAGENGEHEIMNIS",
    "INTERNGEHEIMNIS-FINANZIERUNG",
    "INTERNGEHEIMNIS-MEILENSTEIN",
    "INTERNGEHEIMNIS-ANSCHRIFT",
    "GEHEIMCODE-9",
    "Erika Mustergeheim",
    "erika.mustergeheim@example.org",
    "Otto Zahlengeheim",
    "Sabine Stabgeheim",
    "Dieter Mitgliedgeheim",
    "Rita Ratgeheim",
    "Carla Kontaktgeheim",
]
# Public in OParl (Person, Membership), but the public view of the concept shows no persons.
NOT_IN_PUBLIC_VIEW = [COMMITTEE_MEMBER]
# Legal pages the installation may have (a11y part of issue 8): followed when linked.
LEGAL = re.compile(r"^/[\w-]+/(impressum|datenschutz|barrierefreiheit)/$")
PAGE_LIMIT = 60


def user(username, first, last, town, role):
    person = factories.UserFactory(
        username=username, first_name=first, last_name=last, email=f"{username}@geheim.example"
    )
    factories.MembershipFactory(user=person, municipality=town, role=role, organisation=last)
    return person


@pytest.fixture
def town(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    town = factories.MunicipalityFactory(name="Offenbach", slug="offenbach")
    staff = user("stab-geheim", "Sabine", "Stabgeheim", town, "staff")
    member = user("ag-geheim", "Dieter", "Mitgliedgeheim", town, "member")
    user("rat-geheim", "Rita", "Ratgeheim", town, "council")
    concept = factories.ConceptFactory(municipality=town, title="Integrationskonzept Offenbach")

    # The published edition, with internal fields that must stay internal.
    published = published_edition(concept, size={"fields": 3, "strategic": 2}, user=staff)
    fields = list(FieldOfAction.objects.for_edition(published).order_by("position"))
    indicators = [i for f in fields for i in add_indicators(f, name="Anteil")]
    measure = Measure.objects.for_edition(published).exclude(title="").order_by("pk").first()
    Measure.objects.filter(pk=measure.pk).update(
        responsible_person="Erika Mustergeheim",
        responsible_email="erika.mustergeheim@example.org",
        funding="INTERNGEHEIMNIS-FINANZIERUNG",
        staff_fte=Decimal("3.75"),
        material_costs=Decimal("98765.43"),
        needs_council_decision=True,
    )
    Milestone.objects.create(measure=measure, position=1, title="INTERNGEHEIMNIS-MEILENSTEIN")
    actor = MeasureActor.objects.filter(measure=measure).first().actor
    Actor.objects.filter(pk=actor.pk).update(
        email="traeger@geheim.example", phone="0599 9876", address="INTERNGEHEIMNIS-ANSCHRIFT"
    )
    ContactPerson.objects.create(
        actor=actor, name="Carla Kontaktgeheim", email="carla@geheim.example"
    )
    Indicator.objects.filter(pk=indicators[0].pk).update(
        code="GEHEIMCODE-9",
        responsible_person="Otto Zahlengeheim",
        responsible_email="otto@geheim.example",
    )
    Measurement.objects.filter(indicator__in=indicators).update(entered_by=staff)

    # The draft Fortschreibung made from it, changed in every part.
    draft = edition_copy(source=published, user=staff, title="3. Fortschreibung", year=2026)
    draft_field = FieldOfAction.objects.for_edition(draft).order_by("position").first()
    draft_field.title = "ENTWURFSGEHEIMNIS-2 Handlungsfeld"
    draft_field.save()
    Measure.objects.create(field_of_action=draft_field, title="ENTWURFSGEHEIMNIS-1 Maßnahme")
    Vision.objects.filter(edition=draft).update(motto="ENTWURFSGEHEIMNIS-3")
    GoalAssessment.objects.create(
        edition=draft,
        strategic_goal=StrategicGoal.objects.filter(field_of_action__edition=published).first(),
        grade=GoalAssessment.Grade.REACHED,
        text="ENTWURFSGEHEIMNIS-4",
    )
    draft_indicator = Indicator.objects.for_edition(draft).order_by("pk").first()
    draft_indicator.name = "ENTWURFSGEHEIMNIS-5"
    draft_indicator.save()
    Measurement.objects.create(
        indicator=draft_indicator,
        period_kind=Measurement.PeriodKind.YEAR,
        period_start=year_period(2025).start,
        period_end=year_period(2025).end,
        period_label="2025",
        value=Decimal("42"),
        source_note="ENTWURFSGEHEIMNIS-6",
    )
    consultation = Edition.objects.create(
        concept=factories.ConceptFactory(municipality=town, title="Zweites Konzept"),
        title="Entwurf",
        year=2026,
        status=Edition.Status.IN_CONSULTATION,
    )
    FieldOfAction.objects.create(
        edition=consultation, position=1, title="BERATUNGSGEHEIMNIS-1 Handlungsfeld"
    )

    # The participation around it.
    group = WorkingGroup.objects.create(municipality=town, name="AG Gruppengeheim")
    GroupMembership.objects.create(group=group, user=member)
    chapter = Chapter.objects.create(
        edition=draft, position=1, title="Sprache", body="PRUEFRUNDENGEHEIMNIS im Entwurf."
    )
    round_ = review_services.review_round_open(
        chapter=chapter,
        groups=[group],
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        user=staff,
    )
    review_services.comment_create(round_=round_, author=member, text="KOMMENTARGEHEIMNIS")
    Meeting.objects.create(
        municipality=town,
        group=group,
        title="TREFFENGEHEIMNIS",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    committee = Committee.objects.create(
        municipality=town, name="Integrationsrat", kind=Committee.Kind.INTEGRATION_COUNCIL
    )
    # Committee members are public in OParl (Person, Membership), not in the public view.
    committee.memberships.create(person_name=COMMITTEE_MEMBER, party_group="Liste")
    closed_meeting = CommitteeMeeting.objects.create(
        committee=committee,
        name="SITZUNGSGEHEIMNIS",
        location=secret("Ort der nichtöffentlichen Sitzung"),
        starts_at=timezone.now() + datetime.timedelta(days=5),
        is_public=False,
    )
    PaperFactory(municipality=town, edition=draft, subject="VORLAGENGEHEIMNIS")
    council = add_council_path(town, committee, closed_meeting, published)
    report = add_reporting_round(town, published, indicators[1], staff)
    return {
        **council,
        "report": report,
        "town": town,
        "published": published,
        "draft": draft,
        "draft_field": draft_field,
        "consultation": consultation,
        "fields": fields,
        "measures": list(Measure.objects.for_edition(published).exclude(title="")),
        "indicators": indicators,
    }


def secret(what):
    """A unique marker for something the public must never see."""
    return f"GEHEIM-{uuid.uuid4().hex[:10]} {what}"


def add_council_path(town, integration_council, closed_meeting, edition):
    """A published Vorlage whose Gremienweg also runs through non-public steps, and Vorlagen
    that only seem public: a public step in a non-public meeting or agenda item (data from
    before the model refused it)."""
    council = Committee.objects.create(
        municipality=town, name="Rat der Stadt Offenbach", kind=Committee.Kind.COUNCIL
    )
    meeting = CommitteeMeeting.objects.create(
        committee=council,
        name="7. Sitzung des Rates",
        location="Rathaus, Ratssaal",
        starts_at=timezone.now() - datetime.timedelta(days=20),
    )
    paper = PaperFactory(
        municipality=town,
        edition=edition,
        subject="Fortschreibung des Integrationskonzepts",
        reasoning="Die Fortschreibung wurde mit den Trägern erarbeitet.",
    )
    Consultation.objects.create(
        paper=paper,
        position=1,
        committee=council,
        meeting=meeting,
        agenda_item=AgendaItem.objects.create(meeting=meeting, number="4", name=paper.subject),
        role=Consultation.Role.DECISION,
        result=Consultation.Result.ADOPTED_UNCHANGED,
        votes_yes=30,
        votes_no=2,
    )
    # A public agenda item of the public meeting that is not about the paper.
    AgendaItem.objects.create(meeting=meeting, number="5", name="Bericht der Verwaltung")
    secret_item = AgendaItem.objects.create(
        meeting=meeting, number="9", name=secret("Tagesordnungspunkt"), is_public=False
    )
    hidden = Consultation.objects.create(
        paper=paper,
        position=2,
        committee=integration_council,
        meeting=closed_meeting,
        agenda_item=AgendaItem.objects.create(
            meeting=closed_meeting, number="2", name=secret("TOP der nichtöffentlichen Sitzung")
        ),
        is_public=False,
        result=Consultation.Result.ADOPTED_AMENDED,
        decision_text=secret("Beschlusstext"),
        note=secret("Bemerkung zur Beratung"),
        **SECRET_VOTES,
    )
    Amendment.objects.create(
        consultation=hidden,
        proposer=secret("Antragsteller"),
        text=secret("Änderungsantrag"),
        result=Amendment.Result.ACCEPTED,
        **SECRET_VOTES,
    )
    # Saved without clean(): a "public" step in a non-public meeting, in a non-public item.
    legacy = Consultation.objects.create(
        paper=paper,
        position=3,
        committee=integration_council,
        meeting=closed_meeting,
        agenda_item=AgendaItem.objects.create(meeting=closed_meeting, number="3", name="x"),
        result=Consultation.Result.REJECTED,
        decision_text=secret("Beschluss einer als öffentlich markierten Beratung"),
    )
    Amendment.objects.create(consultation=legacy, proposer="Liste", text=secret("Antrag"))
    only_closed = PaperFactory(municipality=town, subject=secret("Vorlage nur nichtöffentlich"))
    Consultation.objects.create(
        paper=only_closed,
        committee=integration_council,
        meeting=closed_meeting,
        agenda_item=AgendaItem.objects.create(meeting=closed_meeting, number="4", name="y"),
    )
    only_secret_item = PaperFactory(municipality=town, subject=secret("Vorlage im nö. TOP"))
    Consultation.objects.create(
        paper=only_secret_item, committee=council, meeting=meeting, agenda_item=secret_item
    )
    for target, title in ((paper, "Stellungnahme"), (only_closed, secret("Anlage"))):
        PaperAttachment.objects.create(
            paper=target,
            title=title,
            file=SimpleUploadedFile("anlage.pdf", b"%PDF-1.4\n% Anlage\n%%EOF\n"),
            mime_type="application/pdf",
        )
    return {
        "paper": paper,
        "closed_meeting": closed_meeting,
        "hidden_consultation": hidden,
        "unpublished_papers": [only_closed, only_secret_item],
    }


def add_reporting_round(town, edition, indicator, staff):
    """A Berichtsrunde in which someone reports a value through their link."""
    reporter = f"melderin.{secret('x').split()[0].lower()}@example.org"
    Indicator.objects.filter(pk=indicator.pk).update(
        responsible_person="Melderin", responsible_email=reporter
    )
    round_ = services.round_start(
        edition=edition,
        title="Berichtsrunde 2025",
        reference_date=datetime.date(2025, 12, 31),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        user=staff,
    )
    task = round_.tasks.get(email=reporter)
    services.task_submit(
        task=task,
        report=services.Report(
            values={indicator.pk: (Decimal("55"), "", False)}, note=secret("Anmerkung")
        ),
    )
    return {"task": task, "indicator": indicator, "email": reporter}


def crawl(client, start):
    """The public area from `start` (and the legal pages): {url: text} and links outside."""

    def inside(path):
        return path.startswith(start) or bool(LEGAL.match(urlsplit(path).path))

    found = Crawl(client, follow=inside, limit=PAGE_LIMIT).run([start])
    fetched = {url: text for url, text in found.fetched.items() if url not in found.outside}
    for url in fetched:
        assert found.statuses[url] == 200, f"{url}: {found.statuses[url]}"
    return fetched, found.outside


def test_crawler_finds_no_draft_participation_or_person_on_the_public_pages(town):
    client = Client()
    start = f"/{town['town'].slug}/oeffentlich/"
    fetched, outside = crawl(client, start)

    pages = [url for url in fetched if url.startswith(start)]
    assets = [url for url in fetched if url.startswith(settings.STATIC_URL)]
    # Not vacuous: the entry page, the edition and its three fields, and their stylesheets.
    assert len(pages) >= 5, pages
    assert any(url.endswith(".css") for url in assets), assets
    everything = "\n".join(fetched.values())
    for field in town["fields"]:
        assert field.title in everything
    for measure in town["measures"]:
        assert measure.title in everything
    for indicator in town["indicators"]:
        assert indicator.name in everything
    assert "Vielfalt ist unsere Stärke." in everything

    for url, text in fetched.items():
        for secret_text in SECRETS + NOT_IN_PUBLIC_VIEW:
            assert secret_text not in text, f"{secret_text!r} on {url}"
        assert not MARKER.search(text), f"{MARKER.search(text).group()!r} on {url}"
        assert "mailto:" not in text, url
        # The resources of the published measure (3,75 VZÄ; 98.765,43 €) are internal too.
        assert "98.765" not in text and "98765" not in text and "3,75" not in text, url

    # No public page links into the login-only area; none of those links would answer 200.
    for path, page in outside.items():
        status = client.get(path).status_code
        assert status != 200, f"{path} (linked from {page}) answers 200 without login"
    assert not outside, f"public pages link outside the public area: {outside}"


def test_the_public_urls_of_drafts_and_editions_in_consultation_are_not_found(town):
    client = Client()
    slug = town["town"].slug
    for edition in (town["draft"], town["consultation"]):
        assert client.get(f"/{slug}/oeffentlich/{edition.pk}/").status_code == 404
    draft_field = town["draft_field"]
    for edition in (town["draft"], town["published"]):
        url = f"/{slug}/oeffentlich/{edition.pk}/handlungsfelder/{draft_field.pk}/"
        assert client.get(url).status_code == 404
    # The staff pages of the very same published edition still want a login.
    response = client.get(f"/{slug}/konzept/{town['published'].pk}/")
    assert response.status_code == 302 and "login/" in response["Location"]


def test_the_crawler_follows_the_legal_pages_the_installation_has(town, settings):
    settings.ROOT_URLCONF = "tests.concepts.public.legal_urlconf"
    start = f"/{town['town'].slug}/oeffentlich/"
    fetched, outside = crawl(Client(), start)
    slug = town["town"].slug
    assert f"/{slug}/impressum/" in fetched and f"/{slug}/datenschutz/" in fetched
    assert not outside


def council_urls(town):
    """The council pages and their files: for the town's roles only, never for anonymous."""
    slug = town["town"].slug
    base = f"/{slug}/gremien"
    urls = [f"{base}/", f"{base}/gremien/", f"{base}/vorlagen/"]
    for paper in [town["paper"], *town["unpublished_papers"]]:
        urls += [
            f"{base}/vorlagen/{paper.pk}/",
            f"{base}/vorlagen/{paper.pk}/vorlage.pdf",
            f"{base}/vorlagen/{paper.pk}/ratspaket.pdf",
        ]
    urls += [f"{base}/anlagen/{a.pk}/" for a in PaperAttachment.objects.all()]
    urls.append(f"{base}/sitzungen/{town['closed_meeting'].pk}/")
    return urls


def test_no_secret_marker_in_any_anonymous_response(town):
    """Every URL an anonymous visitor reaches — the start pages, the public view, the legal
    pages, the whole OParl API with every page of every list, every PDF and file linked from
    them, the council pages — shows nothing that is not public: no marker of non-public
    meetings, agenda items, consultations, decisions, votes, amendments, unpublished Vorlagen,
    drafts, internal notes or of the e-mail of a Berichtsrunde reporter."""
    slug = town["town"].slug
    areas = (f"/{slug}/oeffentlich/", "/oparl/v1/")
    homes = ("/", f"/{slug}/")
    legal = [f"/{slug}/{page.path}/" for page in PAGES] + [f"/{page.path}/" for page in PAGES]

    def inside(path):
        return path.startswith(areas) or path in homes or urlsplit(path).path in legal

    starts = [*homes, *areas, *legal, "/oparl/v1/body/", *council_urls(town)]
    found = Crawl(Client(), follow=inside).run(starts)

    # Not vacuous: every kind of answer was read, the published Vorlage and its PDF among them.
    paper = town["paper"]
    main_file = f"/oparl/v1/paper/{paper.pk}/mainfile/access/"
    assert found.statuses[main_file] == 200
    assert "Fortschreibung des Integrationskonzepts" in found.fetched[main_file]
    assert "Rat der Stadt Offenbach" in found.fetched[main_file]
    assert {"html", "json", "pdf", "asset"} <= set(found.kinds.values())
    assert any("limit=1&page=2" in url for url in found.fetched), "OParl paging not walked"
    oparl_papers = [u for u in found.fetched if u.startswith(f"/oparl/v1/paper/{paper.pk}/")]
    assert oparl_papers
    # … and the secrets are there to be found: the town's staff see them in the full Vorlage.
    full = pdf_text(council_pdf.paper_pdf(paper))
    assert str(town["hidden_consultation"].decision_text) in full

    for url in found.fetched:
        if found.statuses[url] == 200 and inside(url) or url.startswith(settings.STATIC_URL):
            continue
        assert found.statuses[url] in (302, 404), f"{url}: {found.statuses[url]}"
    for url in council_urls(town):
        assert found.statuses[url] == 302, f"{url} answers {found.statuses[url]} anonymously"

    leaks = []
    for url, text in found.fetched.items():
        for match in MARKER.finditer(text):
            context = text[max(0, match.start() - 60) : match.end() + 60]
            leaks.append(f"{found.kinds[url]} {url}: …{' '.join(context.split())}…")
        if found.kinds[url] in ("html", "json", "pdf"):
            leaks += [f"votes {v} in {url}" for v in SECRET_VOTES.values() if str(v) in text]
        leaks += [f"{secret_text!r} in {url}" for secret_text in SECRETS if secret_text in text]
    assert not leaks, "\n".join(leaks)
    # The reporter is recorded, internally.
    assert Measurement.objects.filter(reporter_email=town["report"]["email"]).exists()


def test_a_public_consultation_cannot_sit_in_a_non_public_meeting(town):
    paper = town["paper"]
    consultation = Consultation(
        paper=paper,
        committee=town["closed_meeting"].committee,
        meeting=town["closed_meeting"],
        is_public=True,
    )
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "nichtöffentlich" in str(error.value.message_dict["is_public"])
    consultation.is_public = False
    consultation.full_clean()
