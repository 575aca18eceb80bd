"""The concept document (Anlage): what the PDF shows, its pages, tagging and cache."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from concepts import document
from concepts.extensions import ConceptExtension, DocumentSection, register, unregister
from concepts.models import Edition, FieldOfAction, Measure, OperationalGoal
from tests import factories
from tests.factories import DOCUMENT, build_concept
from tests.indicators.untidy import add_context_indicators

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils fehlt")


def pdf_pages(pdf, tmp_path):
    path = tmp_path / "konzept.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:count]
    return info, pages


def test_pdf_shows_title_fields_goals_and_measures_with_traeger_and_resources(concept, tmp_path):
    info, pages = pdf_pages(document.concept_pdf(concept), tmp_path)
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert "Integrationskonzept Rheine" in pages[0]
    assert "1. Fortschreibung · 2026" in pages[0]
    assert "Teil A – Grundlagen" in text and "Teil B – Handlungsfelder" in text
    assert "Rheine sagt Willkommen" in text and "Vorwort und Einführung" in text
    for f in (1, 2):
        assert f"Handlungsfeld Nummer {f}" in text
        assert f"Kernaussage {f}" in text
    assert "Leitziel 1.2" in flat and "Leitziel 1-2 des Konzepts" in flat
    assert "Handlungsziel 2.1.2" in flat and "Handlungsziel 2-1-2 prüfbar" in flat
    assert "M 1.3 Maßnahme 1-3" in flat
    assert "federführend: Volkshochschule Rheine" in flat
    assert "beteiligt: Caritasverband Rheine e. V." in flat
    assert "Förderer: Jobcenter Kreis Steinfurt" in flat
    assert "Personal: 0,5 VZÄ" in flat
    assert "Sachkosten: 18.000 €" in flat
    assert "Finanzierung: ESF Plus" in flat
    assert "Ratsbeschlusses" in flat
    assert "01.01.2025 bis 31.12.2026" in flat
    assert "Kursstandort eröffnet" in flat
    assert "geplant · neue Maßnahme" in flat
    assert "Tagged:          yes" in info
    assert "Integrationskonzept Rheine – 1. Fortschreibung (2026)" in info


def test_every_page_of_a_draft_says_entwurf(concept, tmp_path):
    _, pages = pdf_pages(document.concept_pdf(concept), tmp_path)
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert "ENTWURF" in page.upper(), f"Seite {number} ohne Entwurf-Vermerk"


def test_adopted_edition_has_no_entwurf_and_shows_the_adoption(concept, tmp_path):
    Edition.objects.filter(pk=concept.pk).update(status="adopted", adopted_on="2026-03-12")
    concept.refresh_from_db()
    _, pages = pdf_pages(document.concept_pdf(concept), tmp_path)
    assert "Vom Rat beschlossen am 12.03.2026" in pages[0]
    assert not any("ENTWURF" in page.upper() for page in pages)


def test_table_of_contents_lists_parts_and_fields_with_page_numbers(concept, tmp_path):
    _, pages = pdf_pages(document.concept_pdf(concept), tmp_path)
    toc = pages[1]
    assert "Inhalt" in toc
    entries = {}
    for line in toc.splitlines():
        match = re.match(r"\s*(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries[match.group(1).strip()] = int(match.group(2))
    assert entries["Teil A – Grundlagen"] == 3
    assert "Handlungsfeld Nummer 1" in " ".join(entries)
    field_pages = [p for title, p in entries.items() if "Handlungsfeld Nummer" in title]
    assert field_pages == sorted(field_pages) and len(field_pages) == 2
    # The page number points at the page that really starts the field.
    assert "Handlungsfeld Nummer 2" in pages[field_pages[1] - 1]


def test_running_header_names_town_and_edition_and_footer_counts_pages(concept, tmp_path):
    _, pages = pdf_pages(document.concept_pdf(concept), tmp_path)
    total = len(pages)
    assert "Seite 3 von" in pages[2]
    assert f"Seite {total} von {total}" in pages[-1]
    assert "Rheine · 1. Fortschreibung (2026)" in pages[2]
    assert "Seite 1 von" not in pages[0]  # the title page has neither header nor footer


@pytest.mark.slow
def test_pdf_is_rendered_once_and_again_after_an_edit(concept, monkeypatch):
    calls = []
    render = document.html_to_pdf
    monkeypatch.setattr(document, "html_to_pdf", lambda html: calls.append(1) or render(html))
    first = document.concept_pdf(concept)
    assert document.concept_pdf(concept) == first
    assert len(calls) == 1

    measure = Measure.objects.for_edition(concept).first()
    measure.title = "Neuer Titel der Maßnahme"
    measure.save()
    document.concept_pdf(concept)
    assert len(calls) == 2

    # Links without a timestamp count too: moving a measure to another goal.
    other_goal = OperationalGoal.objects.for_edition(concept).exclude(measures=measure).first()
    measure.operational_goals.set([other_goal])
    document.concept_pdf(concept)
    assert len(calls) == 3

    Measure.objects.filter(pk=measure.pk).delete()
    document.concept_pdf(concept)
    assert len(calls) == 4


def test_fingerprint_ignores_other_editions(concept, world):
    before = document.concept_fingerprint(concept)
    build_concept(
        world.other_edition, fields=1, strategic=1, operational=1, measures=1, recipe=DOCUMENT
    )
    assert document.concept_fingerprint(concept) == before


def test_context_is_built_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    small = build_concept(
        world.edition, fields=1, strategic=1, operational=1, measures=1, recipe=DOCUMENT
    ).edition
    # Context indicators (the field's Ausgangslage, "Daten und Fakten") cost no query per item.
    field = FieldOfAction.objects.for_edition(small).first()
    add_context_indicators(small, field, count=1, years=range(2023, 2025))
    # 15, and since issue 14 the Schwerpunkte, the named sections and the shared Handlungsziele.
    with django_assert_num_queries(18) as captured:
        document.concept_html(small)
    small_count = len(captured.captured_queries)
    big = factories.EditionFactory(concept=world.edition.concept, title="2. Fortschreibung")
    build_concept(big, fields=4, strategic=3, operational=3, measures=3, recipe=DOCUMENT)
    for field in FieldOfAction.objects.for_edition(big):
        add_context_indicators(big, field, count=3, years=range(2015, 2025))
    with django_assert_num_queries(small_count):
        document.concept_html(big)


def test_user_markdown_is_sanitised_in_the_document(world):
    factories.ChapterFactory(
        edition=world.edition,
        part="A",
        title="Kapitel mit Skript",
        body="Text <script>alert(1)</script> und [Link](javascript:alert(1))",
    )
    html = document.concept_html(world.edition)
    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_untitled_measure_prints_its_sentence(world):
    field = factories.FieldOfActionFactory(edition=world.edition, position=1)
    Measure.objects.create(
        field_of_action=field,
        position=1,
        title="",
        description="Elternlotsen begleiten neu zugewanderte Familien (Grundschule, KI).",
    )
    html = document.concept_html(world.edition)
    assert "Weitere Maßnahmen im Handlungsfeld" in html
    assert "Elternlotsen begleiten neu zugewanderte Familien" in html


def test_measure_serving_two_goals_is_printed_once_and_referred_to(world):
    build_concept(world.edition, fields=1, strategic=1, operational=2, measures=1, recipe=DOCUMENT)
    measure = Measure.objects.for_edition(world.edition).first()
    measure.operational_goals.set(OperationalGoal.objects.for_edition(world.edition))
    html = document.concept_html(world.edition)
    assert html.count(f'id="m-{measure.pk}"') == 1
    assert html.count(f'href="#m-{measure.pk}"') == 1


def test_extensions_add_fragments_per_goal_and_sections(concept):
    goal = OperationalGoal.objects.for_edition(concept).first()
    assert "Indikator" not in document.concept_html(concept)
    fingerprint = document.concept_fingerprint(concept)
    register(
        ConceptExtension(
            name="test-indicators",
            document_fragments=lambda e: {("operational_goal", goal.pk): "<p>Indikator: Quote</p>"},
            document_sections=lambda e: [
                DocumentSection(title="Indikatorenübersicht", html="<p>Tabelle</p>", anchor="ind")
            ],
            stamps={"document": (lambda e: "v2",)},
        )
    )
    try:
        html = document.concept_html(concept)
        assert html.count("<p>Indikator: Quote</p>") == 1
        assert 'href="#ind"' in html and "Indikatorenübersicht" in html
        assert document.concept_fingerprint(concept) != fingerprint
    finally:
        unregister("test-indicators")


def test_download_view_sends_the_pdf(concept, council_client, world):
    url = reverse("concepts:edition_pdf", args=[world.town.slug, concept.pk])
    response = council_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "integrationskonzept-rheine-2026" in response["Content-Disposition"]


def test_euro_and_decimal_format_is_german():
    from decimal import Decimal

    assert document.format_euro(Decimal("18000")) == "18.000 €"
    assert document.format_euro(Decimal("1250.5")) == "1.250,50 €"
    assert document.format_decimal(Decimal("0.50")) == "0,5"
    assert document.format_euro(None) == ""


def test_fragment_is_the_body_only_for_joining_into_a_ratspaket(concept):
    fragment = document.concept_html(concept, fragment=True)
    assert "<html" not in fragment and "<head" not in fragment
    assert 'class="concept-document is-draft"' in fragment
    assert "Handlungsfeld Nummer 1" in fragment
    assert document.CONCEPT_STYLESHEETS[-1] == "/static/css/concept_print.css"


def test_edition_in_consultation_is_still_marked_as_draft(concept):
    Edition.objects.filter(pk=concept.pk).update(status="consultation")
    concept.refresh_from_db()
    html = document.concept_html(concept)
    assert "is-draft" in html and "in Beratung, noch nicht beschlossene Fassung" in html
