"""The controlling report as PDF, checked through pdftotext and pdftoppm."""

import datetime
import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.exports import COLUMNS
from indicators.importers.parsing import parse_number, parse_period
from indicators.importers.values import parse_upload, preview
from indicators.rounds import services
from indicators.rounds.report import controlling_report_pdf, render_controlling_report
from tests.indicators.rounds.conftest import REFERENCE_DATE


@pytest.fixture(autouse=True)
def _fresh_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(pdf, tmp_path, *args):
    path = tmp_path / "bericht.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


def pages(pdf, tmp_path):
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages")).split()[-1]
    )


def test_report_contains_summary_fields_indicators_values_and_headers(world, controlling, tmp_path):
    pdf = render_controlling_report(edition=controlling.edition, reference_date=REFERENCE_DATE)
    text = pdf_text(pdf, tmp_path)
    flat = " ".join(text.split())
    assert pdf.startswith(b"%PDF")
    # Summary page and headers.
    assert "Controllingbericht zum 31.12.2024" in flat
    assert "Indikatoren nach Status je Handlungsfeld" in flat
    assert "Maßnahmen nach Umsetzungsstand je Handlungsfeld" in flat
    assert "Rheine · " in flat and "Stichtag 31.12.2024" in flat
    n = pages(pdf, tmp_path)
    assert n >= 3  # summary + one page per field
    assert f"Seite 1 von {n}" in flat and f"Seite {n} von {n}" in flat
    # Per field: goals, measure counts, indicators with status and values in German format.
    assert "1. Frühkindliche Bildung und Schule" in flat
    assert "Alle Kinder starten mit guten Chancen in die Schule." in flat
    assert "Kita-Besuchsquote unter 6-Jähriger mit Migrationshintergrund" in flat
    assert "SGB-II-Quote nach Staatsangehörigkeit" in flat
    assert "ca. 1.234,5 Tsd. Stunden" in flat  # thousands separator, decimal comma, ca.
    assert "1.102,2" in flat or "1.102,3" in flat
    assert "63,4 %" in flat
    assert "Staatsangehörigkeit: nichtdeutsch" in flat
    assert "26,3 %" in flat  # the breakdown's value
    assert "auf Kurs" in flat and "ohne Status" in flat


def test_values_after_the_stichtag_are_left_out(world, controlling, tmp_path):
    pdf = render_controlling_report(
        edition=controlling.edition, reference_date=datetime.date(2021, 12, 31)
    )
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "65,2 %" in flat  # 2021
    assert "67,9 %" not in flat  # 2022


def test_chart_is_in_the_pdf_as_vectors_with_text(world, controlling, tmp_path):
    pdf = render_controlling_report(edition=controlling.edition, reference_date=REFERENCE_DATE)
    # The SVG is inlined, not an embedded raster image.
    path = tmp_path / "bericht.pdf"
    path.write_bytes(pdf)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    assert len(images.stdout.strip().splitlines()) <= 2  # only the header lines
    # The chart's axis and legend text comes out of pdftotext: it is vector text.
    page_two = " ".join(pdf_text(pdf, tmp_path, "-f", "2", "-l", "2").split())
    assert "Zielwert" in page_two or "Ziel" in page_two
    assert "2020" in page_two and "2023" in page_two


def test_report_pages_render_to_png(world, controlling, tmp_path):
    pdf = render_controlling_report(edition=controlling.edition, reference_date=REFERENCE_DATE)
    path = tmp_path / "bericht.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "seite")], check=True)
    assert len(list(tmp_path.glob("seite-*.png"))) == pages(pdf, tmp_path)


def test_report_pdf_is_cached_until_a_value_changes(world, controlling, django_assert_num_queries):
    first = controlling_report_pdf(edition=controlling.edition, reference_date=REFERENCE_DATE)
    second = controlling_report_pdf(edition=controlling.edition, reference_date=REFERENCE_DATE)
    assert first == second
    from tests.indicators.rounds.conftest import add_value

    add_value(controlling.kita, 2024, 71.2)
    third = controlling_report_pdf(edition=controlling.edition, reference_date=REFERENCE_DATE)
    assert third != first


def test_report_view_returns_the_pdf_for_the_chosen_stichtag(world, controlling, member_client):
    url = reverse("indicators:report_pdf", kwargs={"town": "rheine"})
    response = member_client.get(url, {"fassung": controlling.edition.pk, "stichtag": "2024-12-31"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "controllingbericht-2024-12-31.pdf" in response["Content-Disposition"]


def test_report_view_refuses_another_towns_edition(world, controlling, member_client):
    url = reverse("indicators:report_pdf", kwargs={"town": "rheine"})
    response = member_client.get(url, {"fassung": world.other_edition.pk, "stichtag": "2024-12-31"})
    assert response.status_code == 400
    assert "Bitte eine Fassung aus der Liste wählen." in response.content.decode()


def test_report_page_query_budget(world, controlling, member_client, django_assert_max_num_queries):
    from indicators.rounds.report import report_context

    with django_assert_max_num_queries(12):
        report_context(
            edition=controlling.edition, reference_date=REFERENCE_DATE, with_charts=False
        )


def test_closing_the_round_stores_the_report_for_its_stichtag(
    started_round, world, staff_client, tmp_path
):
    url = reverse(
        "indicators:round_close", kwargs={"town": "rheine", "round": started_round.round.pk}
    )
    assert staff_client.post(url).status_code == 302
    started_round.round.refresh_from_db()
    assert not started_round.round.is_open
    assert started_round.round.closed_by == world.users["staff"]
    stored = started_round.round.report.read()
    flat = " ".join(pdf_text(stored, tmp_path).split())
    assert "Controllingbericht zum 31.12.2024" in flat
    report_url = reverse(
        "indicators:round_report", kwargs={"town": "rheine", "round": started_round.round.pk}
    )
    response = staff_client.get(report_url)
    assert b"".join(response.streaming_content) == stored
    # A second close is refused with a message, the report stays.
    response = staff_client.post(url, follow=True)
    assert "abgeschlossen" in response.content.decode()


def test_report_is_the_frozen_one_after_closing(started_round, world, tmp_path):
    round_ = services.round_close(round_=started_round.round, user=world.users["staff"])
    before = round_.report.read()
    from tests.indicators.rounds.conftest import add_value

    add_value(started_round.kita, 2024, 99.9)
    round_.refresh_from_db()
    assert round_.report.open("rb").read() == before


def test_export_csv_has_one_row_per_indicator_period_breakdown(world, controlling, member_client):
    url = reverse("indicators:export_csv", kwargs={"town": "rheine"})
    response = member_client.get(url)
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].split(";") == COLUMNS
    assert len(lines) == 1 + 5 + 10 + 3  # Kita, SGB × (total + breakdown), hours
    assert "KITA;Kita-Besuchsquote unter 6-Jähriger mit Migrationshintergrund;%;2023;;69,1" in text
    assert (
        "SGB2;SGB-II-Quote nach Staatsangehörigkeit;%;2021;Staatsangehörigkeit: nichtdeutsch;27,8"
        in text
    )


def test_export_xlsx_reads_back_with_the_import_parsers(world, controlling, member_client):
    url = reverse("indicators:export_xlsx", kwargs={"town": "rheine"})
    response = member_client.get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 19
    kita_2023 = next(r for r in rows[1:] if r[0] == "KITA" and str(r[3]) == "2023")
    assert parse_number(kita_2023[5])[0] == Decimal("69.1")
    assert parse_period(kita_2023[3]).label == "2023"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_again_without_changes(world, controlling, member_client, fmt):
    url = reverse(f"indicators:export_{fmt}", kwargs={"town": "rheine"})
    data = member_client.get(url).content
    parsed = parse_upload(controlling.edition, f"export.{fmt}", data)
    assert parsed.ok, parsed.errors
    rows = preview(parsed.items)
    assert len(rows) == 18
    assert {row.change for row in rows} == {"unchanged"}


def test_export_of_another_towns_edition_is_not_found(world, controlling, member_client):
    url = reverse("indicators:export_csv", kwargs={"town": "rheine"})
    assert member_client.get(url, {"fassung": world.other_edition.pk}).status_code == 404


def test_report_lists_the_measures_in_arrears_on_the_stichtag(world, controlling, tmp_path):
    from concepts.models import Milestone

    controlling.milestone.due_on = datetime.date(2024, 6, 30)
    controlling.milestone.save()
    Milestone.objects.create(  # done in time: not in arrears
        measure=controlling.kita_measure,
        title="Konzept abgestimmt",
        due_on=datetime.date(2024, 3, 1),
        done=True,
        done_on=datetime.date(2024, 2, 20),
    )
    controlling.job_measure.ends_on = datetime.date(2024, 9, 30)
    controlling.job_measure.save()
    controlling.orphan_measure.ends_on = datetime.date(2025, 6, 30)  # after the Stichtag
    controlling.orphan_measure.save()
    flat = " ".join(
        pdf_text(
            render_controlling_report(edition=controlling.edition, reference_date=REFERENCE_DATE),
            tmp_path,
        ).split()
    )
    assert "1 Maßnahme im Verzug zum Stichtag" in flat
    assert "„Drei Kitas gewonnen“ fällig am 30.06.2024" in flat
    assert "Konzept abgestimmt" not in flat
    assert "Ende war für den 30.09.2024 geplant" in flat
    assert "Messe ohne Verantwortliche" not in flat.split("im Verzug zum Stichtag", 2)[-1][:400]
    assert "Summe 1 1 1 0 0 0 3 2" in flat  # 3 measures, 2 of them in arrears

    # A year earlier nothing was due yet.
    earlier = " ".join(
        pdf_text(
            render_controlling_report(
                edition=controlling.edition, reference_date=datetime.date(2023, 12, 31)
            ),
            tmp_path,
        ).split()
    )
    assert "im Verzug zum Stichtag" not in earlier
    assert "Keine Maßnahme ist zum Stichtag im Verzug." in earlier
