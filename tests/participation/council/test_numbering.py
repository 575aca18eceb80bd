"""Vorlagen-Nummern: per-town pattern, yearly counter, never twice (also under concurrency)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from participation.council.services import paper_create
from participation.models import Paper, PaperNumbering
from tests import factories
from tests.factories import PaperFactory


def create(town, day, kind=Paper.Kind.RESOLUTION, **extra):
    fields = {
        "kind": kind,
        "date": day,
        "subject": "Fortschreibung Integrationskonzept",
        "author_office": "31-Ordnungsamt",
        "party_group": "CDU-Fraktion" if kind == Paper.Kind.MOTION else "",
    }
    return paper_create(municipality=town, **(fields | extra))


@pytest.fixture
def town(db):
    return factories.MunicipalityFactory(name="Koblenz", slug="koblenz")


def test_first_paper_creates_the_default_numbering(town):
    paper = create(town, datetime.date(2018, 6, 12))
    assert paper.number == "BV/0001/2018"
    numbering = PaperNumbering.objects.get(municipality=town)
    assert numbering.kind == "" and numbering.counters == {"2018": 1}


def test_counter_continues_from_the_last_number_given_outside(town):
    PaperNumbering.objects.create(municipality=town, counters={"2018": 545})
    assert create(town, datetime.date(2018, 6, 12)).number == "BV/0546/2018"
    assert create(town, datetime.date(2018, 6, 13)).number == "BV/0547/2018"


def test_counter_starts_again_each_year_and_keeps_the_old_year(town):
    assert create(town, datetime.date(2018, 12, 20)).number == "BV/0001/2018"
    assert create(town, datetime.date(2019, 1, 3)).number == "BV/0001/2019"
    # a paper dated back into last year continues last year's counter
    assert create(town, datetime.date(2018, 12, 28)).number == "BV/0002/2018"
    assert create(town, datetime.date(2019, 1, 4)).number == "BV/0002/2019"


def test_rostock_pattern_with_year_first_and_kind_code(town):
    PaperNumbering.objects.create(
        municipality=town, pattern="{jahr}/{art}/{nr}", counters={"2011": 2284}
    )
    assert create(town, datetime.date(2011, 5, 2)).number == "2011/BV/2285"
    # one shared counter for all kinds; the code tells the kind
    assert create(town, datetime.date(2011, 5, 3), kind=Paper.Kind.MOTION).number == (
        "2011/AN/2286"
    )


def test_a_kind_may_have_its_own_numbering(town):
    PaperNumbering.objects.create(municipality=town, pattern="BV/{nr:04d}/{jahr}")
    PaperNumbering.objects.create(
        municipality=town, kind=Paper.Kind.MOTION, pattern="A {nr:03d}/{jahr_kurz}"
    )
    assert create(town, datetime.date(2018, 6, 12), kind=Paper.Kind.MOTION).number == "A 001/18"
    assert create(town, datetime.date(2018, 6, 12)).number == "BV/0001/2018"


def test_numbers_typed_in_by_hand_are_skipped(town):
    PaperFactory(municipality=town, number="BV/0001/2018")
    assert create(town, datetime.date(2018, 6, 12)).number == "BV/0002/2018"


def test_towns_number_independently(town):
    other = factories.MunicipalityFactory(name="Rostock", slug="rostock")
    assert create(town, datetime.date(2018, 1, 5)).number == "BV/0001/2018"
    assert create(other, datetime.date(2018, 1, 5)).number == "BV/0001/2018"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("BV/{jahr}", "{nr}"),
        ("BV/{nummer}/{jahr}", "Unbekannter Platzhalter {nummer}"),
        ("BV/{nr:04x/{jahr}", "Klammer"),
        ("BV/{nr:.2f}/{jahr}", None),
    ],
)
def test_bad_patterns_are_refused_in_german(town, pattern, message):
    numbering = PaperNumbering(municipality=town, pattern=pattern)
    if message is None:  # a float format is odd but formats an int: allowed
        numbering.full_clean()
        return
    with pytest.raises(ValidationError) as error:
        numbering.full_clean()
    assert message in " ".join(error.value.message_dict["pattern"])


def test_a_failed_paper_does_not_use_up_a_number(town):
    with pytest.raises(ValidationError):
        create(town, datetime.date(2018, 6, 12), subject="")  # Betreff missing
    assert create(town, datetime.date(2018, 6, 12)).number == "BV/0001/2018"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks; it lets one writer in at a time (see council/services.py)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_never_gives_a_number_twice():
    town = factories.MunicipalityFactory(name="Rheine", slug="rheine")
    barrier = threading.Barrier(8)
    numbers, errors = [], []

    def worker(i):
        try:
            barrier.wait()
            numbers.append(create(town, datetime.date(2018, 6, 12), subject=f"Vorlage {i}").number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"BV/{n:04d}/2018" for n in range(1, 9)]
    assert PaperNumbering.objects.get(municipality=town).counters == {"2018": 8}
