"""No PDF runs past its right margin (issue 15): every kind of PDF (the public concept PDF too),
rendered from the demo town with a Gremienweg full of results and an amendment, keeps every
word (`pdftotext -bbox`) inside the page's text area, the page width minus the right margin of
the PDF's @page rule."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from concepts.models import Edition, Municipality
from indicators.rounds.models import ReportingRound
from indicators.rounds.services import round_start
from participation.models import Amendment, Consultation, Paper, ReviewRound, Survey
from tests.pdf_layout import page_margins, words_past_right_margin

ROOT = Path(__file__).resolve().parents[3]
# Where each PDF's @page margin is set: print.css, unless its template sets its own.
MARGINS = {
    "participation:review_synopsis_pdf": ROOT / "templates/participation/pdf/synopse.html",
    "participation:survey_pdf": ROOT / "templates/participation/pdf/umfrage.html",
}
PRINT_CSS = ROOT / "static/css/print.css"


def pdf_url_names(resolver=None, namespace=""):
    """Every URL name whose path serves a PDF (…pdf/ or ….pdf)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from pdf_url_names(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name and "pdf" in str(entry.pattern):
            yield f"{namespace}{entry.name}"


def right_margin(name):
    return page_margins(MARGINS.get(name, PRINT_CSS).read_text())[1]


def crowded_gremienweg(paper):
    """Results, votes and an amendment in every row: the Gremienweg at its widest."""
    for consultation in Consultation.objects.filter(paper=paper):
        consultation.result = Consultation.Result.ADOPTED_AMENDED
        consultation.votes_yes, consultation.votes_no, consultation.votes_abstain = 112, 104, 13
        consultation.save()
    Amendment.objects.create(
        consultation=Consultation.objects.filter(paper=paper).first(),
        proposer="Fraktion Bündnis 90/Die Grünen und Freie Wählergemeinschaft",
        text="Die Integrationsberatungsstellenkoordinierungsstelle wird um eine halbe Stelle "
        "aufgestockt (https://www.rheine.de/integrationskonzept/fortschreibung-2026.pdf).",
        result=Amendment.Result.ACCEPTED,
        votes_yes=20,
        votes_no=10,
        votes_abstain=3,
    )


@pytest.mark.django_db
def test_no_pdf_runs_past_its_right_margin():
    call_command("demo", stdout=io.StringIO())
    town = Municipality.objects.get(slug="rheine")
    staff = town.memberships.get(user__username="stabsstelle").user
    editions = list(Edition.objects.for_municipality(town))
    draft = next(e for e in editions if e.status == Edition.Status.DRAFT)
    if not ReportingRound.objects.for_municipality(town).exists():
        today = datetime.date.today()
        round_start(
            edition=draft,
            title="Controlling",
            reference_date=today,
            deadline=today + datetime.timedelta(days=30),
            user=staff,
        )
    papers = list(Paper.objects.filter(municipality=town))
    for paper in papers:
        crowded_gremienweg(paper)
    town_kw = {"town": town.slug}
    urls = {
        "concepts:edition_pdf": [
            reverse("concepts:edition_pdf", kwargs={**town_kw, "edition": e.pk}) for e in editions
        ],
        "public:edition_pdf": [
            reverse("public:edition_pdf", kwargs={**town_kw, "edition": e.pk})
            for e in editions
            if e.status == Edition.Status.ADOPTED
        ],
        "indicators:report_pdf": [
            reverse("indicators:report_pdf", kwargs=town_kw)
            + f"?fassung={e.pk}&stichtag={datetime.date.today().year - 1}-12-31"
            for e in editions
        ],
        "indicators:round_report": [
            reverse("indicators:round_report", kwargs={**town_kw, "round": r.pk})
            for r in ReportingRound.objects.for_municipality(town)
        ],
        "council:paper_pdf": [
            reverse("council:paper_pdf", kwargs={**town_kw, "paper": p.pk}) for p in papers
        ],
        "council:paper_package_pdf": [
            reverse("council:paper_package_pdf", kwargs={**town_kw, "paper": p.pk}) for p in papers
        ],
        "participation:review_synopsis_pdf": [
            reverse("participation:review_synopsis_pdf", kwargs={**town_kw, "round": r.pk})
            for r in ReviewRound.objects.for_municipality(town)
        ],
        "participation:survey_pdf": [
            reverse("participation:survey_pdf", kwargs={**town_kw, "survey": s.pk})
            for s in Survey.objects.for_municipality(town)
        ],
    }
    assert set(urls) == set(pdf_url_names()), "jede Art von PDF gehört in diese Prüfung"

    client = Client()
    client.force_login(staff)
    problems = []
    for name, paths in urls.items():
        assert paths, f"{name}: die Demo hat nichts, woraus sich dieses PDF machen ließe"
        margin = right_margin(name)
        for path in paths:
            response = client.get(path)
            data = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code == 200 and data.startswith(b"%PDF"), path
            problems += [
                f"{path} S. {page}: „{word}“ endet bei {right} mm, Satzspiegel bis {limit} mm"
                for page, word, right, limit in words_past_right_margin(data, margin)
            ]
    assert problems == [], "\n".join(problems[:30])


def test_the_margin_check_finds_a_line_past_the_margin():
    """The check is not blind: a table wider than the page fails it, text inside passes."""
    from integration_site.rendering.pdf import html_to_pdf

    page = (
        '<html lang="de"><head><link rel="stylesheet" href="/static/css/print.css"></head>'
        "<body><p>Kurzer Absatz.</p>{}</body></html>"
    )
    assert words_past_right_margin(html_to_pdf(page.format("")), 20) == []
    # A table as wide as the paper: its right-aligned last word ends in the margin.
    wide = (
        "<table style='width: 185mm; table-layout: fixed'>"
        "<tr><td>a</td><td style='text-align: right'>Rand</td></tr></table>"
    )
    found = words_past_right_margin(html_to_pdf(page.format(wide)), 20)
    assert [(number, word) for number, word, _right, _limit in found] == [(1, "Rand")]
