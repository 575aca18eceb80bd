"""Survey downloads: raw answers (CSV, XLSX), the summary (XLSX) and the results PDF.

Every spreadsheet goes through `integration_site.spreadsheets` (answers are user text and never
become formulas). The PDF is rendered like the other PDFs of the product: `render_pdf` (WeasyPrint,
PDF/UA) behind `cached_pdf` under a fingerprint of everything it shows.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from concepts.models import Actor
from integration_site import spreadsheets
from integration_site.background.models import StoredPdf
from integration_site.background.pdfs import (
    PdfKind,
    PdfRenderError,
    params_key,
    stored_pdfs_delete,
)
from integration_site.rendering.pdf import cached_pdf, render_pdf
from participation.models import Answer, Question, Survey
from participation.surveys.answering import OTHER, OTHER_LABEL, Structure
from participation.surveys.results import Filters, submitted_responses, survey_results

Kind = Question.Kind


def filename(survey: Survey) -> str:
    return f"umfrage-{survey.pk}"


def _columns(structure: Structure) -> list[tuple[Question, str | None, str]]:
    """(question, matrix row or None, column heading) for every column of the raw table."""
    columns = []
    for number, question in enumerate(structure.all_questions(), start=1):
        if question.kind == Kind.MATRIX:
            for row in question.row_list:
                columns.append((question, row, f"F{number} {question.text} – {row}"))
        else:
            columns.append((question, None, f"F{number} {question.text}"))
    return columns


def _choice_text(choice: str, other: str) -> str:
    if choice == OTHER:
        return f"{OTHER_LABEL}: {other}"
    return choice


def _cell(question: Question, row: str | None, value: Any) -> Any:
    if value is None:
        return ""
    kind = question.kind
    if kind == Kind.SINGLE:
        return _choice_text(value.get("choice", ""), value.get("other", ""))
    if kind == Kind.MULTIPLE:
        return "; ".join(_choice_text(c, value.get("other", "")) for c in value.get("choices", []))
    if kind == Kind.MATRIX:
        return value.get(row, "")
    if kind == Kind.RANKING:
        return " > ".join(value)
    if kind == Kind.DATE:
        return datetime.date.fromisoformat(value)
    if kind == Kind.NUMBER:
        return value
    return value


def raw_table(survey: Survey) -> tuple[list[str], list[list[Any]]]:
    """Header and one row per submitted response, in three queries."""
    structure = Structure.load(survey)
    columns = _columns(structure)
    responses = list(
        submitted_responses(survey, Filters()).values_list("pk", "actor_kind", "submitted_at")
    )
    by_response: dict[int, dict[int, Any]] = {pk: {} for pk, _k, _s in responses}
    answers = Answer.objects.filter(response__survey=survey, response__submitted_at__isnull=False)
    for response_id, question_id, value in answers.values_list(
        "response_id", "question_id", "value"
    ):
        by_response[response_id][question_id] = value
    kinds = dict(Actor.Kind.choices)
    header = [_("Nr."), _("Art des Akteurs"), _("abgesendet am")] + [c[2] for c in columns]
    rows = []
    for number, (pk, actor_kind, submitted_at) in enumerate(responses, start=1):
        answered = by_response[pk]
        rows.append(
            [number, str(kinds.get(actor_kind, "")), timezone.localdate(submitted_at)]
            + [_cell(q, row, answered.get(q.pk)) for q, row, _h in columns]
        )
    return header, rows


def _format(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def raw_csv(survey: Survey) -> bytes:
    header, rows = raw_table(survey)
    return spreadsheets.csv_bytes(header, rows, format_value=_format)


def raw_xlsx(survey: Survey) -> bytes:
    header, rows = raw_table(survey)
    workbook, sheet = spreadsheets.new_workbook(_("Antworten"))
    spreadsheets.append_row(sheet, header)
    for row in rows:
        spreadsheets.append_row(sheet, row)
    sheet.freeze_panes = "B2"
    return spreadsheets.xlsx_bytes(workbook)


def summary_xlsx(survey: Survey) -> bytes:
    total, results = survey_results(survey, charts=False)
    workbook, sheet = spreadsheets.new_workbook(_("Zusammenfassung"))
    spreadsheets.append_row(sheet, [survey.title])
    spreadsheets.append_row(sheet, [_("abgesendete Antworten"), total])
    spreadsheets.append_row(sheet, [])
    spreadsheets.append_row(
        sheet, [_("Frage"), _("Aussage"), _("Antwort"), _("Anzahl"), _("Anteil in %")]
    )
    for result in results:
        text = result.question.text
        for row in result.rows:
            spreadsheets.append_row(sheet, [text, "", row.label, row.count, round(row.percent, 1)])
        for statement, rows in result.matrix:
            for row in rows:
                spreadsheets.append_row(
                    sheet, [text, statement, row.label, row.count, round(row.percent, 1)]
                )
        for other in result.others:
            spreadsheets.append_row(sheet, [text, "", f"{OTHER_LABEL}: {other}", 1, ""])
        if result.is_text:
            spreadsheets.append_row(sheet, [text, "", _("Freitext-Antworten"), result.answered, ""])
        for key, value in result.stats.items():
            if key != "ranking":
                spreadsheets.append_row(sheet, [text, "", key, value, ""])
    return spreadsheets.xlsx_bytes(workbook)


def results_fingerprint(survey: Survey) -> str:
    stamp = Answer.objects.filter(response__survey=survey).aggregate(
        count=Count("pk"), last=Max("pk")
    )
    questions = Question.objects.filter(section__survey=survey).aggregate(
        count=Count("pk"), modified=Max("modified")
    )
    sections = survey.sections.aggregate(count=Count("pk"), modified=Max("modified"))
    submitted = submitted_responses(survey, Filters()).aggregate(
        count=Count("pk"), last=Max("submitted_at")
    )
    # No date: the PDF's "Stand" is the day it was rendered, and stays true while nothing changes.
    return f"{survey.pk}:{survey.modified.isoformat()}:{stamp}:{questions}:{sections}:{submitted}"


def results_context(survey: Survey) -> dict[str, Any]:
    total, results = survey_results(survey)
    return {
        "survey": survey,
        "municipality": survey.municipality,
        "total": total,
        "results": results,
        "today": timezone.localdate(),
    }


def results_pdf(survey: Survey) -> bytes:
    """The results PDF rendered in the calling process (the benchmark, the archive); the
    download goes through the background renders (`RESULTS_PDF`)."""

    def build():
        return render_pdf("participation/pdf/umfrage.html", results_context(survey))

    return cached_pdf("umfrage", results_fingerprint(survey), build)


def _survey(params: dict) -> Survey:
    return Survey.objects.select_related("municipality").get(pk=params["survey"])


def render_results_pdf(params: dict, progress) -> bytes:
    survey = _survey(params)
    progress(5, _("Die Antworten werden ausgezählt"))
    if survey.answers_deleted_at is not None:
        raise PdfRenderError(
            _(
                "Die Antworten dieser Umfrage sind nach Ablauf der Aufbewahrungsfrist gelöscht; "
                "es gibt keine Ergebnisse mehr zum Drucken."
            )
        )
    return render_pdf("participation/pdf/umfrage.html", results_context(survey), progress)


# The kind of the background render (integration_site/background/pdfs.py); registered in
# ParticipationConfig.ready(). Not kept ready ahead: a running survey changes with every answer.
RESULTS_PDF = PdfKind(
    name="umfrage",
    fingerprint=lambda params: results_fingerprint(_survey(params)),
    render=render_results_pdf,
    ahead=False,
)


def stored_results_pdf_delete(survey: Survey) -> None:
    """Remove the stored results PDF (it holds "Sonstiges" texts) with the answers."""
    stored_pdfs_delete(
        StoredPdf.objects.filter(kind=RESULTS_PDF.name, key=params_key(_params(survey)))
    )


def _params(survey: Survey) -> dict:
    return {"survey": survey.pk}
