"""Whatever a concept writes on an indicator or Träger line, the Word import builds an exchange
document the exchange format accepts (schema and references), so an odd line can only ever
give a German message at its line, never a crash or an invalid element."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concepts.exchange.check import check
from concepts.word.details import parse_actors
from concepts.word.document import exchange_document
from concepts.word.reader import Line

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# words concepts use near indicators and Träger, mixed with any text
WORDS = st.sampled_from(
    [
        "Zielwert:",
        "Ziel:",
        "Ausgangswert",
        "Einheit:",
        "bis",
        "2027",
        "1.200",
        "12,5",
        "%",
        "Plätze",
        "(",
        ")",
        "Federführung",
        "Leitung",
        "Förderer",
        ",",
        ";",
        "und",
        "-",
        "je 1.000",
        "99999999999999999",
        "0,00001",
        "Indikator 1.2:",
        "\n",
    ]
)
# what a .docx can hold: XML has no NUL or other control characters (line breaks are in WORDS)
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
TEXT = st.lists(WORDS | XML_TEXT, max_size=12).map(" ".join)


def lines_with(indicator: str, traeger: str, cells: list[str]) -> list[Line]:
    return [
        Line(id=0, kind="heading", text="Handlungsfeld 1: Sprache", level=1),
        Line(id=1, kind="heading", text="Leitziel 1.1: Alle sprechen Deutsch.", level=2),
        Line(id=2, kind="paragraph", text=f"Indikator: {indicator}"),
        Line(id=3, kind="paragraph", text="Maßnahme: Sprachcafé"),
        Line(id=4, kind="paragraph", text=f"Träger: {traeger}"),
        Line(
            id=5,
            kind="row",
            text=" | ".join(cells),
            cells=cells,
            header=["Maßnahme", "Träger", "Indikator", "Zielwert", "Einheit"],
            table=0,
        ),
    ]


@FUZZ
@given(indicator=TEXT, traeger=TEXT, cells=st.lists(TEXT, min_size=5, max_size=5))
def test_indicator_and_traeger_text_always_gives_a_valid_exchange_document(
    indicator, traeger, cells
):
    cells = [f"Projekt {cells[0]}", *cells[1:]]  # a measure without a title is another matter
    roles = ["field", "strategic_goal", "indicator", "measure", "text", "measure"]
    built = exchange_document(lines_with(indicator, traeger, cells), roles)
    assert built.problems == []
    assert check(built.data) == []
    assert built.data["extensions"]["indicators"]


@FUZZ
@given(text=TEXT, label=st.sampled_from(["", "Federführung", "Beteiligte"]))
def test_parse_actors_gives_one_lead_at_most_and_fitting_fields(text, label):
    found = parse_actors(text, label=label)
    assert sum(i.role == "lead" for i in found) <= 1
    assert len({i.name.casefold() for i in found}) == len(found)
    for involvement in found:
        assert involvement.role in ("lead", "partner", "funder")
        assert 0 < len(involvement.name) <= 250 and len(involvement.note) <= 200


class Rollback(Exception):
    pass


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(indicator=TEXT, traeger=TEXT, cells=st.lists(TEXT, min_size=5, max_size=5))
def test_the_import_takes_every_such_document(world, indicator, traeger, cells):
    """Through the models' own checks too (Einheit „andere“ needs its word, Zielwert needs its
    Zieljahr, one lead per measure …): the import never refuses what the text gave."""
    from django.db import transaction

    from concepts.word.document import import_word
    from indicators.models import Indicator

    cells = [f"Projekt {cells[0]}", *cells[1:]]
    roles = ["field", "strategic_goal", "indicator", "measure", "text", "measure"]
    try:
        with transaction.atomic():
            edition = import_word(
                municipality=world.town,
                lines=lines_with(indicator, traeger, cells),
                roles=roles,
            )
            assert Indicator.objects.filter(edition=edition).exists()
            raise Rollback
    except Rollback:
        pass
