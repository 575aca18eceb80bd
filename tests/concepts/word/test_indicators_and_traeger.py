"""Indicators and Träger from the text of a concept (issue 18, point 2): a line or row the
preview calls "Indikator" becomes an Indicator on the goal, sub-theme or field above it, through
the exchange format's `extensions.indicators`; the Träger of a measure — in a Träger column or
on a "Träger:" line — become Akteure of the town with the role their brackets name."""

import pytest

from concepts.models import Actor, Measure, MeasureActor
from concepts.word.details import parse_actors, parse_indicator
from concepts.word.document import exchange_document, outline
from concepts.word.reader import read_docx
from concepts.word.roles import propose
from indicators.models import Indicator
from tests.concepts.word import shapes
from tests.concepts.word.test_shapes import imported


def test_the_preview_proposes_the_indicator_lines_and_rows():
    document = read_docx(shapes.indicators_and_traeger())
    roles = propose(document.lines)

    def role_of(start):
        return next(
            role
            for line, role in zip(document.lines, roles, strict=True)
            if line.text.startswith(start)
        )

    assert role_of("Indikator: Anteil") == "indicator"
    assert role_of("Indikator 1.1.1") == "indicator"
    assert role_of("Beschäftigungsquote") == "indicator"  # under the heading "Indikatoren"
    assert role_of("Träger:") == "text"
    assert role_of("Beteiligte:") == "text"
    built = exchange_document(document.lines, roles)
    rows = outline(built.data)
    # indicators below what they hang on, the Träger below the measure
    assert (
        2,
        "Indikator",
        "Anteil der Kinder mit Sprachförderbedarf – Zielwert 20 (2027)",
    ) in rows
    index = rows.index((1, "Maßnahme", "Sprachcafé"))
    assert rows[index + 1 : index + 4] == [
        (2, "Träger", "Büro für Integration (federführend)"),
        (2, "Träger", "Jobcenter (beteiligt)"),
        (2, "Träger", "VHS (beteiligt, Räume)"),
    ]


def test_indicators_become_indicator_rows_in_the_right_place(world):
    _document, edition = imported(world, shapes.indicators_and_traeger())
    indicators = {
        i.name: i
        for i in Indicator.objects.filter(edition=edition).select_related(
            "strategic_goal", "operational_goal", "sub_theme", "field_of_action"
        )
    }
    assert len(indicators) == 7
    share = indicators["Anteil der Kinder mit Sprachförderbedarf"]
    assert share.strategic_goal.title == "Alle sprechen Deutsch."
    assert (share.unit, str(share.target_value), share.target_year) == ("percent", "20.0000", 2027)
    assert (str(share.baseline_value), str(share.baseline_date)) == ("31.0000", "2023-12-31")
    assert share.direction == "lower"
    places = indicators["Zahl der Kursplätze"]
    assert places.operational_goal.title == "Mehr Sprachkurse"
    assert (places.code, places.unit, places.unit_other) == ("I1.1.1", "other", "Plätze")
    assert (str(places.target_value), places.target_year) == ("400.0000", 2026)
    # below a measure: on the measure's goal (indicators have no measure), named by the measure
    visits = indicators["Zahl der Besuche"]
    assert visits.operational_goal.title == "Mehr Sprachkurse"
    assert visits.unit == "count"
    cafe = Measure.objects.for_edition(edition).get(title="Sprachcafé")
    assert "**Indikator:** Zahl der Besuche" in cafe.description
    assert "Träger" not in cafe.description  # read into its Träger, not kept as text
    # the "Indikatoren" section of a field: context indicators of the field, without target
    quota = indicators["Arbeitslosenquote der Ausländerinnen und Ausländer"]
    assert (quota.field_of_action.title, quota.is_context) == ("Arbeit", True)
    employment = indicators["Beschäftigungsquote"]
    assert employment.is_context and employment.target_value is None
    assert employment.definition == "Zielwert: 60 % bis 2028"  # the words are kept
    # the Indikator column of a goal table, with its target columns
    duration = indicators["Dauer der Anerkennungsverfahren"]
    assert duration.operational_goal.title == "Anerkennung geht schneller."
    assert (duration.unit, duration.unit_other) == ("other", "Monate")
    assert (str(duration.target_value), duration.target_year) == ("3.0000", 2027)
    # the Indikator column of a measure table: the field's, as the measure has no goal
    placements = indicators["Zahl der Vermittlungen"]
    assert placements.field_of_action.title == "Arbeit" and placements.is_context
    assert len({i.code for i in indicators.values()}) == 7


def test_traeger_get_their_role_and_note_and_one_actor_per_organisation(world):
    jobcenter = Actor.objects.create(municipality=world.town, name="Jobcenter")
    before = Actor.objects.filter(municipality=world.town).count()
    _document, edition = imported(world, shapes.indicators_and_traeger())
    involvements = {
        m.title: sorted((i.actor.name, i.role, i.note) for i in m.involvements.all())
        for m in Measure.objects.for_edition(edition).prefetch_related("involvements__actor")
    }
    assert involvements["Sprachcafé"] == [
        ("Büro für Integration", "lead", ""),
        ("Jobcenter", "partner", ""),
        ("VHS", "partner", "Räume"),
    ]
    assert involvements["Jobbörse"] == [
        # a second "Federführung" takes part: one measure, one lead; the words stay as the note
        ("Büro für Integration", "partner", "Federführung, bis 2019"),
        ("Jobcenter", "lead", ""),
        ("VHS", "partner", ""),
    ]
    # the town's Jobcenter is reused; Büro für Integration and VHS are new, once each
    assert MeasureActor.objects.filter(actor=jobcenter).count() == 2
    assert Actor.objects.filter(municipality=world.town).count() == before + 2
    assert Actor.objects.filter(municipality=world.town, name="Büro für Integration").count() == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Büro für Integration (Federführung)", [("Büro für Integration", "lead", "")]),
        ("Jobcenter (Leitung), VHS", [("Jobcenter", "lead", ""), ("VHS", "partner", "")]),
        (
            "Stadt (Zuschuss bis 2016) und Caritas e. V. (federführend, ab 2020)",
            [("Stadt", "partner", "Zuschuss bis 2016"), ("Caritas e. V.", "lead", "ab 2020")],
        ),
        ("Land NRW (Förderer); Kommune", [("Land NRW", "funder", ""), ("Kommune", "partner", "")]),
        (
            "Amt für Schule und Bildung, Kinder- und Jugendhilfe",
            [
                ("Amt für Schule und Bildung", "partner", ""),
                ("Kinder- und Jugendhilfe", "partner", ""),
            ],
        ),
        ("VHS, VHS (Leitung)", [("VHS", "partner", "")]),  # one organisation, first mention
    ],
)
def test_parse_actors(text, expected):
    assert [(i.name, i.role, i.note) for i in parse_actors(text)] == expected


def test_a_federfuehrung_label_or_column_makes_the_first_name_the_lead():
    assert [(i.name, i.role) for i in parse_actors("Stadt, VHS", label="Federführung")] == [
        ("Stadt", "lead"),
        ("VHS", "partner"),
    ]
    assert parse_actors("Stadt", header="Federführung")[0].role == "lead"
    assert parse_actors("Stadt; VHS", label="Verantwortlich")[0].role == "lead"
    assert parse_actors("Stadt", label="Beteiligte")[0].role == "partner"
    assert parse_actors("Stadt", header="Träger")[0].role == "partner"


def test_parse_indicator_reads_german_numbers_and_units():
    parsed = parse_indicator("Plätze in Sprachkursen, Zielwert 2028: 1.200 Plätze")
    assert (parsed["name"], parsed["target_value"], parsed["target_year"]) == (
        "Plätze in Sprachkursen",
        "1200",
        2028,
    )
    assert (parsed["unit"], parsed["unit_other"]) == ("other", "Plätze")
    parsed = parse_indicator("Quote der Abschlüsse; Ziel: 12,5 % (2030)")
    assert (parsed["unit"], parsed["target_value"], parsed["target_year"]) == (
        "percent",
        "12.5",
        2030,
    )
    # "Ziel 2.1" is a goal's number, not a target
    assert parse_indicator("Teilnahme an Ziel 2.1 gemessen")["target_value"] is None


def test_the_preview_page_shows_indicators_and_traeger_in_the_tree(world, staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    staff_client.post(
        reverse("concepts:word_upload", kwargs={"town": world.town.slug}),
        {"file": SimpleUploadedFile("konzept.docx", shapes.indicators_and_traeger())},
    )
    page = staff_client.get(
        reverse("concepts:word_preview", kwargs={"town": world.town.slug})
    ).content.decode()
    tree = page.split('id="word-tree"')[1]
    assert 'class="ps-5 ms-4"><span class="badge text-bg-light border">Indikator</span> ' in tree
    assert "Zahl der Kursplätze – Zielwert 400 (2026)" in tree
    assert "Träger</span> Büro für Integration (federführend)" in tree
    assert "Träger</span> VHS (beteiligt, Räume)" in tree
