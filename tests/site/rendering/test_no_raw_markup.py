"""No raw markup in what people read outside the browser: every PDF the demo town offers its
staff, and every kind of e-mail (issue 15, "Checks that keep it so").

The browser crawl (tests/browser/test_accessibility.py) checks the pages with the same
patterns; PDFs and e-mail bodies are text, so they are checked here with `pdftotext`.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concepts.demo import rheine as concepts_demo
from concepts.models import Edition, Municipality
from indicators.models import Indicator, ReportingRound
from indicators.rounds import services as round_services
from participation.groups import services as group_services
from participation.models import Paper, ReviewRound, WorkingGroup
from participation.review import notifications
from tests.crawler import pdf_text

# The patterns of RAW_MARKUP in the browser crawl: Markdown emphasis and links, escaped or
# literal HTML tags, template syntax.
RAW = re.compile(
    r"\*\*\S[^*\n]*\*\*|__\w[^_\n]*__|\[[^\]\n]+\]\((https?:|/)[^)\s]*\)"
    r"|</?(p|strong|em|a|ul|li|br|script)\b[^>\n]*>|&lt;/?(p|strong|em|a)\b|\{\{|\{%|%\}|\}\}"
)
MARKDOWN = "Bitte **bis Freitag** melden, siehe [Leitfaden](https://example.org/leitfaden)."


def raw_markup(text):
    return [match.group(0) for match in RAW.finditer(text)]


def test_the_check_finds_raw_markup():
    assert raw_markup(MARKDOWN) == ["**bis Freitag**", "[Leitfaden](https://example.org/leitfaden)"]
    assert raw_markup("Hinweis: {{ title }} und &lt;strong&gt;") == ["{{", "}}", "&lt;strong"]
    assert raw_markup("Die Quote liegt bei 12 % (2024) – siehe Abschnitt 2.1.") == []


@pytest.fixture
def town(db, demo_db):
    return Municipality.objects.get(slug=concepts_demo.TOWN_SLUG)


@pytest.fixture
def staff(town):
    return get_user_model().objects.get(username=concepts_demo.DEMO_USERS[0][0])


def pdf_urls(town):
    """Every PDF the town offers: each edition (also public), each Vorlage and Ratspaket, the
    controlling report, each Berichtsrunde's report and each Prüfrunde's Synopse."""
    editions = Edition.objects.filter(concept__municipality=town)
    town_kw = {"town": town.slug}
    urls = []
    for edition in editions:
        if edition.status == Edition.Status.ADOPTED:
            report = reverse("indicators:report_pdf", kwargs=town_kw)
            urls.append(f"{report}?fassung={edition.pk}&stichtag=2025-12-31")
        urls.append(reverse("concepts:edition_pdf", kwargs={**town_kw, "edition": edition.pk}))
        if edition.is_public:
            urls.append(reverse("public:edition_pdf", kwargs={**town_kw, "edition": edition.pk}))
    for paper in Paper.objects.filter(municipality=town):
        for name in ("council:paper_pdf", "council:paper_package_pdf"):
            urls.append(reverse(name, kwargs={**town_kw, "paper": paper.pk}))
    for round_ in ReportingRound.objects.filter(edition__in=editions):
        urls.append(reverse("indicators:round_report", kwargs={**town_kw, "round": round_.pk}))
    for round_ in ReviewRound.objects.filter(chapter__edition__concept__municipality=town):
        kwargs = {**town_kw, "round": round_.pk}
        urls.append(reverse("participation:review_synopsis_pdf", kwargs=kwargs))
    return urls


@pytest.mark.slow
@pytest.mark.crawl  # what PDFs show is the same on both databases: SQLite pass only
def test_no_pdf_of_the_demo_shows_raw_markup(town, staff):
    client = Client()
    client.force_login(staff)
    texts = {}
    for url in pdf_urls(town):
        response = client.get(url)
        assert response.status_code == 200, url
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert data.startswith(b"%PDF"), url
        texts[url] = pdf_text(data)
    kinds = {url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] for url in texts}
    assert {"vorlage.pdf", "ratspaket.pdf", "controllingbericht.pdf", "synopse.pdf", "pdf"} <= kinds
    assert all(len(text) > 200 for text in texts.values())
    found_raw = {url: raw_markup(text) for url, text in texts.items() if raw_markup(text)}
    assert not found_raw, found_raw


def test_no_e_mail_shows_raw_markup(town, staff, django_capture_on_commit_callbacks):
    edition = Edition.objects.filter(
        concept__municipality=town, status=Edition.Status.ADOPTED
    ).get()
    first_two = list(Indicator.objects.for_edition(edition).values_list("pk", flat=True)[:2])
    Indicator.objects.filter(pk__in=first_two).update(
        responsible_person="Melderin", responsible_email="melderin@example.org"
    )
    round_ = round_services.round_start(
        edition=edition,
        title="Berichtsrunde",
        reference_date=datetime.date(2025, 12, 31),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        message=MARKDOWN,
        user=staff,
    )
    round_services.task_remind(task=round_.tasks.first())
    review_round = ReviewRound.objects.filter(chapter__edition__concept__municipality=town).first()
    ReviewRound.objects.filter(pk=review_round.pk).update(note=MARKDOWN)
    review_round.refresh_from_db()
    notifications.round_opened(review_round)
    notifications.round_closed(review_round)
    group = WorkingGroup.objects.filter(municipality=town).first()
    with django_capture_on_commit_callbacks(execute=True):
        group_services.invitation_create(group=group, email="neu@example.org", invited_by=staff)
    bodies = {message.subject: message.body for message in mail.outbox}
    assert len(bodies) >= 5 and any("bis Freitag" in body for body in bodies.values()), bodies
    assert {subject: raw_markup(body) for subject, body in bodies.items() if raw_markup(body)} == {}


@pytest.mark.slow
@pytest.mark.crawl
def test_no_pdf_of_the_second_demo_town_shows_raw_markup(db, demo_db):
    """Velsburg (issue 14): both editions (one public), the controlling report of the adopted
    one, the archived Vorlage without date and author and its Ratspaket."""
    from concepts.demo import velsburg

    velsburg_town = Municipality.objects.get(slug=velsburg.TOWN_SLUG)
    client = Client()
    client.force_login(get_user_model().objects.get(username=velsburg.VELSBURG_USERS[0][0]))
    urls = pdf_urls(velsburg_town)
    assert len(urls) >= 6
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        data = b"".join(response.streaming_content) if response.streaming else response.content
        assert data.startswith(b"%PDF"), url
        text = pdf_text(data)
        assert len(text) > 200 and not raw_markup(text), (url, raw_markup(text))
        assert "None" not in text, url
