"""The indicators' part of the exchange format with the new elements (issue 14, point 9):
context indicators, uncertain periods, areas, groups, sources and qualifiers travel and round-trip
byte for byte; version-1 files still import; every invalid value is a German problem with its
JSON path, never a traceback."""

import copy
import json

import pytest

from concepts.exchange import ImportProblems
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from concepts.models import Edition
from indicators.models import Indicator, Measurement
from tests.factories import build_concept
from tests.indicators.untidy import untidy_indicators
from tests.row_counts import row_counts


@pytest.fixture
def untidy(world):
    build_concept(world.edition, fields=2, strategic=1, operational=1, measures=1)
    return untidy_indicators(world.edition, world.users["staff"])


def indicators_of(data):
    return {item["code"]: item for item in data["extensions"]["indicators"]}


def test_new_elements_round_trip_byte_identical(untidy, world):
    first = dumps(edition_export(world.edition))
    data = json.loads(first)
    by_code = indicators_of(data)
    assert by_code["ARBL"]["goal"] and by_code["AUSL"]["field_of_action"] == "HF1"
    assert by_code["KITA-U3"]["sub_theme"] == "HF1-U1"
    assert (by_code["SGB2"]["goal"], by_code["SGB2"]["field_of_action"]) == (None, None)
    values = {
        (m["period_label"], m["area"], m["group"], m["source"]): m
        for m in by_code["AUSL"]["measurements"]
    }
    assert values[("Ende 2016", "NRW", "", "")]["period_edtf"] == "2016-12~"
    assert {values[("Juni 2016", "", "", s)]["value"] for s in ("IT.NRW", "Einwohnermeldeamt")} == {
        "12.4000",
        "12.0000",
    }
    goal_values = {(m["period_label"], m["group"]): m for m in by_code["ARBL"]["measurements"]}
    assert goal_values[("Nov 23", "Frauen")]["qualifier"] == "more_than"
    assert goal_values[("Nov 23", "unter 18 Jahren")]["qualifier"] == "less_than"
    assert goal_values[("Feb 23", "")]["is_approximate"] is True
    imported = edition_import(municipality=world.other_town, data=first.encode())
    second = dumps(edition_export(imported))
    assert second == first
    assert Indicator.objects.for_edition(imported).context().count() == 3
    original = Measurement.objects.for_edition(world.edition).count()
    assert original >= untidy["count"]
    assert Measurement.objects.for_edition(imported).count() == original


def test_version_1_file_without_the_new_fields_still_imports(untidy, world):
    data = json.loads(dumps(edition_export(world.edition)))
    # A version-1 file: every indicator on a goal, measurements with the tidy fields only.
    data["extensions"]["indicators"] = [indicators_of(data)["ARBL"]]
    item = data["extensions"]["indicators"][0]
    del item["sub_theme"], item["field_of_action"]
    item["measurements"] = [
        {
            k: v
            for k, v in m.items()
            if k not in {"period_edtf", "area", "group", "source", "qualifier"}
        }
        for m in item["measurements"]
        if not m["group"]
    ]
    for m in item["measurements"]:
        m["period_kind"], m["period_label"] = (
            "month",
            m["period_start"][5:7] + "/" + m["period_start"][:4],
        )
    imported = edition_import(municipality=world.other_town, data=data)
    stored = Measurement.objects.for_edition(imported).order_by("period_start")
    assert [m.period_edtf for m in stored] == ["2023-01", "2023-02", "2023-11"]
    assert {(m.area, m.group, m.source, m.qualifier) for m in stored} == {("", "", "", "")}


SAMPLE_BAD = [None, "", "x" * 400, -1, 10**20, 1.5, True, [], {}, "2023-02-30", "..", "2016-99"]
INDICATOR_FIELDS = [
    "goal",
    "sub_theme",
    "field_of_action",
    "code",
    "unit",
    "decimal_places",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_year",
    "manual_status",
    "position",
]
MEASUREMENT_FIELDS = [
    "period_kind",
    "period_edtf",
    "period_start",
    "period_end",
    "period_label",
    "area",
    "group",
    "breakdown",
    "value",
    "qualifier",
    "source",
    "is_approximate",
]


def _every_mutation():
    for name in INDICATOR_FIELDS:
        for bad in SAMPLE_BAD:
            yield ("indicator", name, bad)
    for name in MEASUREMENT_FIELDS:
        for bad in SAMPLE_BAD:
            yield ("measurement", name, bad)


def test_every_invalid_value_is_a_german_problem_with_its_path(untidy, world):
    """Each field of an indicator and a measurement set to odd values: the import either takes it
    (a valid value) or refuses it with German problems under $.extensions.indicators, and then
    writes nothing; never another exception."""
    data = json.loads(dumps(edition_export(world.edition)))
    codes = [item["code"] for item in data["extensions"]["indicators"]]
    target = codes.index("AUSL")
    refused = 0
    for kind, name, bad in _every_mutation():
        editions = Edition.objects.count()
        document = copy.deepcopy(data)
        item = document["extensions"]["indicators"][target]
        where = item if kind == "indicator" else item["measurements"][0]
        where[name] = bad
        try:
            with pytest.raises(ImportProblems) as caught:
                edition_import(municipality=world.other_town, data=document)
        except pytest.fail.Exception:
            continue  # a valid value: imported (checked below that bad ones are refused)
        refused += 1
        for path, message in caught.value.problems:
            assert path.startswith("$"), (kind, name, bad, path)
            assert message and "Traceback" not in message
        assert Edition.objects.count() == editions, (kind, name, bad)
    assert refused > 200


@pytest.mark.parametrize(
    ("kind", "name", "bad", "path", "words"),
    [
        ("indicator", "goal", "HF1", ".goal", "kein Leit- oder Handlungsziel"),
        ("indicator", "sub_theme", "HF1-LZ1", ".sub_theme", "kein Unterthema"),
        ("indicator", "field_of_action", "HF1-U1", ".field_of_action", "kein Handlungsfeld"),
        ("indicator", "target_value", "12.0000", ".target_value", "Kontextindikator"),
        ("measurement", "period_edtf", "2016-99", ".measurements[0].period_edtf", "Zeitraum"),
        ("measurement", "period_edtf", "2030", ".measurements[0].period_edtf", "passt nicht"),
        ("measurement", "qualifier", "ungefähr", ".measurements[0].qualifier", "nicht erlaubt"),
        ("measurement", "area", "x" * 121, ".measurements[0].area", "120 Zeichen"),
    ],
)
def test_invalid_new_fields_name_their_path_in_german(untidy, world, kind, name, bad, path, words):
    data = json.loads(dumps(edition_export(world.edition)))
    codes = [item["code"] for item in data["extensions"]["indicators"]]
    index = codes.index("AUSL")
    item = data["extensions"]["indicators"][index]
    (item if kind == "indicator" else item["measurements"][0])[name] = bad
    before = row_counts()
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.other_town, data=data)
    problems = dict(caught.value.problems)
    full = f"$.extensions.indicators[{index}]{path}"
    assert full in problems, caught.value.problems
    assert words in problems[full]
    assert row_counts() == before
