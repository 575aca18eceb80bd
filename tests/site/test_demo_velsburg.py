"""The second demo town, Velsburg (issue 14, point 10): a big city's untidy concept — sub-themes
with measures, shared Handlungsziele, context figures with NRW and Deutschland beside them,
periods and values as sources write them, unknown codes — exercised on every page, in the
public view, the PDFs and the export, as its staff and as a visitor."""

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from concepts import document
from concepts.demo.velsburg import FILES, TOWN_SLUG, velsburg_data, velsburg_editions
from concepts.models import Edition, GoalAssessment, Measure, MeasureActor
from indicators.models import Indicator, Measurement
from participation.council.pdf import paper_pdf
from participation.models import Paper
from tests.crawler import links_of, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.crawl]

# "None" as a word in a page is Python leaking through; "nan"/"undefined" likewise.
LEAKS = re.compile(r"\b(None|nan|undefined)\b")
# Links a GET must not follow: logging out, and downloads other tests render (PDF tasks).
SKIP = re.compile(r"/konto/logout/|/abmelden/|\.docx$|/loeschen/|/pdf/status/")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html.split())


def crawl(client, start, area, limit=400):
    """Every page under `area` reachable from `start`: {url: response}."""
    seen, queue, pages = set(), [start], {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        pages[url] = response
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_of(response.content.decode()):
            parts = urlsplit(urljoin(f"http://testserver{url}", link))
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(area) and not SKIP.search(path) and path not in seen:
                queue.append(path)
    return pages


def test_the_demo_holds_velsburg_with_its_untidy_shape(demo_db):
    adopted, draft = velsburg_editions()
    assert adopted.status == Edition.Status.ADOPTED and adopted.is_public
    assert draft.status == Edition.Status.DRAFT and not draft.is_public
    assert draft.based_on_id == adopted.pk  # the importer linked the predecessor
    assert GoalAssessment.objects.filter(edition=draft).count() == 6
    assert GoalAssessment.objects.filter(edition=draft, grade="").exists()  # prose only
    measures = Measure.objects.for_edition(adopted)
    assert measures.filter(sub_theme__isnull=False).count() >= 5
    assert measures.filter(operational_goals=None, strategic_goals=None).exists()
    assert measures.filter(status="").exists() and measures.filter(origin="").exists()
    assert MeasureActor.objects.filter(measure__in=measures, note="Zuschuss bis 2016").exists()
    context = Indicator.objects.for_edition(adopted).context()
    assert context.filter(field_of_action=None).count() == 3  # Daten und Fakten
    values = Measurement.objects.filter(indicator__edition=adopted)
    assert {"NRW", "Deutschland"} <= set(values.values_list("area", flat=True))
    assert {"Frauen", "Männer"} <= set(values.values_list("group", flat=True))
    assert values.filter(qualifier="less_than").exists()
    assert values.filter(period_label="Juni 2016").exists()
    assert values.filter(period_kind="month").count() >= 11
    paper = Paper.objects.get(municipality__slug=TOWN_SLUG)
    assert paper.date is None and paper.author_office == "" and paper.financial_effect == ""


def test_every_staff_page_of_velsburg_answers_without_leaks(demo_db):
    client = Client()
    client.force_login(get_user_model().objects.get(username="velsburg-stab"))
    pages = crawl(client, f"/{TOWN_SLUG}/", f"/{TOWN_SLUG}/")
    assert len(pages) > 60
    # 405: the action of a POST-only form (moving an element), fetched by GET.
    broken = {
        url: r.status_code for url, r in pages.items() if r.status_code not in (200, 302, 405)
    }
    assert broken == {}
    leaking = [
        url
        for url, r in pages.items()
        if r.status_code == 200
        and "text/html" in r.get("Content-Type", "")
        and LEAKS.search(visible_text(r.content.decode()))
    ]
    assert leaking == []
    visited = " ".join(pages)
    for part in ("/indikatoren/", "/daten-und-fakten/", "/vergleich", "/bewertung"):
        assert part in visited, part


def test_every_public_page_of_velsburg_answers_and_shows_the_untidy_parts(demo_db):
    pages = crawl(Client(), f"/{TOWN_SLUG}/oeffentlich/", f"/{TOWN_SLUG}/oeffentlich/")
    assert all(r.status_code == 200 for r in pages.values()), {
        u: r.status_code for u, r in pages.items() if r.status_code != 200
    }
    html = [r.content.decode() for r in pages.values() if "text/html" in r["Content-Type"]]
    text = " ".join(visible_text(page) for page in html)
    assert not LEAKS.search(text)
    assert "Zuschuss bis 2016" in text  # Träger note
    assert "Juni 2016" in text and "NRW" in text and "Deutschland" in text
    assert "weniger als 5" in text
    assert "Frühkindliche Bildung" in text  # sub-theme
    assert "1. Fortschreibung" not in text  # the draft stays internal


def test_velsburg_pdfs_print_the_concept_and_invent_nothing(demo_db):
    adopted, draft = velsburg_editions()
    for edition in (adopted, draft):
        text = " ".join(pdf_text(document.concept_pdf(edition)).split())
        assert "Sprache und Bildung" in text and "Frühkindliche Bildung" in text
        assert "Daten und Fakten" in text and "SGB-II-Quote" in text
        assert "Zuschuss bis 2016" in text
        assert not LEAKS.search(text)
    paper = Paper.objects.get(municipality__slug=TOWN_SLUG)
    text = " ".join(pdf_text(paper_pdf(paper)).split())
    assert "Integrationskonzept der Stadt Velsburg" in text
    assert "Keine." not in text  # no invented finance statement
    assert not LEAKS.search(text)


@pytest.mark.parametrize("year", ["2016", "2024"])
def test_velsburg_exports_its_file_byte_for_byte(demo_db, year):
    """Import → export gives the demo file back: nothing of the untidy data was lost or
    invented (unknown codes stay "", wordings and qualifiers travel)."""
    edition = {e.year: e for e in velsburg_editions()}[int(year)]
    client = Client()
    client.force_login(get_user_model().objects.get(username="velsburg-stab"))
    answer = client.get(f"/{TOWN_SLUG}/konzept/{edition.pk}/export.json")
    assert answer.status_code == 200
    assert answer.content.decode() == FILES[year].read_text(encoding="utf-8")
    assert json.loads(answer.content) == velsburg_data(year)
