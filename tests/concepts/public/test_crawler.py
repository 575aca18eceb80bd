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
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.conf import settings
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
from concepts.services_editions import edition_copy
from indicators.models import Indicator, Measurement
from indicators.parsing import year_period
from participation import services_review
from participation.models import (
    Committee,
    CommitteeMeeting,
    ContactPerson,
    GroupMembership,
    Meeting,
    WorkingGroup,
)
from tests import factories
from tests.concepts.public.conftest import add_indicators, published_edition
from tests.crawler import Crawl
from tests.participation.council.factories import PaperFactory

MARKER = re.compile("geheim", re.IGNORECASE)
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
    "Hans Gremiengeheim",
]
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
def town(db):
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
    round_ = services_review.review_round_open(
        chapter=chapter,
        groups=[group],
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        user=staff,
    )
    services_review.comment_create(round_=round_, author=member, text="KOMMENTARGEHEIMNIS")
    Meeting.objects.create(
        municipality=town,
        group=group,
        title="TREFFENGEHEIMNIS",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    committee = Committee.objects.create(
        municipality=town, name="Integrationsrat", kind=Committee.Kind.INTEGRATION_COUNCIL
    )
    committee.memberships.create(person_name="Hans Gremiengeheim", party_group="Liste")
    CommitteeMeeting.objects.create(
        committee=committee,
        name="SITZUNGSGEHEIMNIS",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        is_public=False,
    )
    PaperFactory(municipality=town, edition=draft, subject="VORLAGENGEHEIMNIS")
    return {
        "town": town,
        "published": published,
        "draft": draft,
        "draft_field": draft_field,
        "consultation": consultation,
        "fields": fields,
        "measures": list(Measure.objects.for_edition(published).exclude(title="")),
        "indicators": indicators,
    }


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
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} on {url}"
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
    settings.ROOT_URLCONF = "tests.concepts.public.urls_with_legal"
    start = f"/{town['town'].slug}/oeffentlich/"
    fetched, outside = crawl(Client(), start)
    slug = town["town"].slug
    assert f"/{slug}/impressum/" in fetched and f"/{slug}/datenschutz/" in fetched
    assert not outside
