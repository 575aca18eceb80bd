"""Issue 17, point 5: the import writes its rows with multi-row INSERTs of its own
(concepts/exchange/bulk.py) and checks a valid file with jsonschema-rs; the rows, the history rows
and the problems of a bad file are those of Django's and simple-history's bulk_create and of
jsonschema."""

import copy
import datetime

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import AutoField, DateTimeField

from concepts.exchange import ImportProblems
from concepts.exchange import bulk as exchange_bulk
from concepts.exchange import check as exchange_check
from concepts.exchange.load import edition_import
from tests.exchange_sample import sample_export


def rich_export(world):
    """The sample export with more of every part: a vision, a chapter, milestones,
    Querschnittsthemen on every level, costs."""
    document = sample_export(world)
    document["vision"] = {"title": "Leitbild", "motto": "Miteinander", "text": "Text."}
    document["cross_cutting_themes"] += [
        {"key": "QT1", "title": "Gender", "description": ""},
        {"key": "QT2", "title": "Inklusion", "description": "Alle."},
    ]
    field = document["fields_of_action"][0]
    field["themes"] = ["QT1"]
    field["strategic_goals"][0]["themes"] = ["QT2"]
    field["operational_goals"][0]["themes"] = ["QT1", "QT2"]
    measure = field["measures"][0]
    measure["themes"] = ["QT2"]
    measure["milestones"] = [
        {"title": "Start", "due_on": "2025-03-01", "done": True, "done_on": "2025-02-27"},
        {"title": "Bericht", "due_on": "2026-01-31", "done": False, "done_on": None},
    ]
    measure["staff_fte"] = "0.50"
    measure["material_costs"] = "1200.00"
    document["chapters"].append(
        {"part": "B", "title": "Vorwort", "body": "Text.", "field_of_action": None}
    )
    return document


def models_written():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]


def new_rows(watermarks):
    """{model: [row as a dict, by primary key]} of the rows above each table's watermark."""
    result = {}
    for model in models_written():
        pk = model._meta.pk.attname
        rows = list(
            model._default_manager.filter(**{f"{pk}__gt": watermarks[model]})
            .order_by(pk)
            .values(*[f.attname for f in model._meta.concrete_fields])
        )
        if rows:
            result[model] = rows
    return result


def highest_keys():
    watermarks = {}
    for model in models_written():
        pk = model._meta.pk.attname
        last = model._default_manager.order_by(f"-{pk}").values_list(pk, flat=True).first()
        watermarks[model] = last or 0
    return watermarks


def canonical(rows):
    """The rows with every key of a new row replaced by (model, its place among the new rows
    of its model) and every time stamp by "time": what two imports of one file share."""
    places = {
        model: {row[model._meta.pk.attname]: i for i, row in enumerate(model_rows)}
        for model, model_rows in rows.items()
    }
    result = {}
    for model, model_rows in rows.items():
        # the element a history row belongs to: its "id" refers to the element's model
        element = getattr(model, "instance_type", None)
        converted = []
        for row in model_rows:
            values = {}
            for field in model._meta.concrete_fields:
                value = row[field.attname]
                target = None
                if isinstance(field, AutoField):
                    target = model
                elif field.is_relation:
                    target = field.related_model
                elif element is not None and field.attname == element._meta.pk.attname:
                    target = element
                if target is not None and value in places.get(target, {}):
                    value = (target._meta.label, places[target][value])
                elif isinstance(field, DateTimeField) and isinstance(value, datetime.datetime):
                    value = "time"
                values[field.attname] = value
            converted.append(values)
        result[model._meta.label] = converted
    return result


class Rollback(Exception):
    pass


def rows_of_import(world, document, *, django):
    """The canonical rows one import writes, rolled back afterwards."""
    watermarks = highest_keys()
    try:
        with transaction.atomic():
            if django:
                with exchange_bulk.django_inserts():
                    edition_import(
                        municipality=world.town, data=document, user=world.users["staff"]
                    )
            else:
                edition_import(municipality=world.town, data=document, user=world.users["staff"])
            raise Rollback(new_rows(watermarks))
    except Rollback as done:
        return canonical(done.args[0])


@pytest.mark.django_db(transaction=False)
def test_the_rows_are_those_of_djangos_bulk_create(world):
    document = rich_export(world)
    expected = rows_of_import(world, document, django=True)
    written = rows_of_import(world, document, django=False)
    assert written == expected
    # every kind of row the import writes is compared
    for label in (
        "concepts.Measure",
        "concepts.HistoricalMeasure",
        "concepts.MeasureActor",
        "concepts.HistoricalMeasureActor",
        "concepts.Milestone",
        "concepts.Vision",
        "concepts.Chapter",
        "concepts.Measure_themes",
        "concepts.OperationalGoal_themes",
        "indicators.Indicator",
        "indicators.HistoricalIndicator",
        "indicators.Measurement",
        "indicators.HistoricalMeasurement",
    ):
        assert written.get(label), label
    history = written["concepts.HistoricalMeasure"][0]
    assert history["history_type"] == "+"
    assert history["history_change_reason"] == "importiert aus einer Austauschdatei"
    assert history["history_user_id"] == world.users["staff"].pk
    measure = written["concepts.Measure"][0]
    assert {k: v for k, v in history.items() if k in measure} == {
        **measure,
        "id": ("concepts.Measure", 0),
    }


def test_the_elements_get_their_keys_and_a_second_import_its_own_rows(world):
    document = rich_export(world)
    first = edition_import(municipality=world.town, data=document, user=world.users["staff"])
    second = edition_import(
        municipality=world.town, data=copy.deepcopy(document), user=world.users["staff"]
    )
    for edition in (first, second):
        measure = edition.fields_of_action.order_by("position").first().measures.first()
        assert measure.history.get().history_type == "+"
        assert [m.title for m in measure.milestones.order_by("position")] == ["Start", "Bericht"]
        assert "Inklusion" in {t.title for t in measure.themes.all()}
    assert first.fields_of_action.first().pk != second.fields_of_action.first().pk


def invalid_documents(base):
    """Files the schema refuses, one fault each, and one with several."""
    faults = {
        "type": lambda d: d["fields_of_action"][0].update(title=7),
        "required": lambda d: d["fields_of_action"][0]["measures"][0].pop("status"),
        "additional": lambda d: d["edition"].update(id=3),
        "enum": lambda d: d["fields_of_action"][0]["measures"][0].update(status="fertig"),
        "date": lambda d: d["fields_of_action"][0]["measures"][0].update(starts_on="2024-02-30"),
        "pattern": lambda d: d["fields_of_action"][0].update(key="HF 1"),
        "number": lambda d: d["fields_of_action"][0]["measures"][0].update(staff_fte="1,5"),
        "max-length": lambda d: d["edition"].update(title="x" * 1000),
        "unique": lambda d: d["fields_of_action"][0].update(themes=["QT1", "QT1"]),
        "indicator": lambda d: d["extensions"]["indicators"][0].update(direction="seitwärts"),
        "integer": lambda d: d["edition"].update(year=2024.5),
        "boolean": lambda d: d["edition"].update(single_goal_level="ja"),
        "several": lambda d: (
            d["edition"].update(year="2024"),
            d["fields_of_action"][1]["measures"][0].pop("title"),
            d["actors"].append({"key": "A9"}),
        ),
    }
    for name, fault in faults.items():
        document = copy.deepcopy(base)
        fault(document)
        yield name, document


def test_the_fast_check_refuses_what_jsonschema_refuses(world):
    fast, named = exchange_check._validators_now()
    base = sample_export(world)
    assert fast.is_valid(base)
    for name, document in invalid_documents(base):
        assert list(named.iter_errors(document)), name
        assert not fast.is_valid(document), name


@pytest.mark.parametrize(
    "value",
    [
        # jsonschema's "$" also matches before a final line break: valid for it, not for
        # jsonschema-rs, so jsonschema decides
        "HF1\n",
        # more than 64 bits, which jsonschema-rs cannot read
        2**70,
    ],
    ids=["line-break", "big-number"],
)
def test_where_the_fast_check_refuses_jsonschema_decides(world, value):
    document = sample_export(world)
    if isinstance(value, str):
        document["fields_of_action"][0]["title"] = "Titel"
        document["fields_of_action"][0]["key"] = value
    else:
        document["edition"]["year"] = value
    fast, named = exchange_check._validators_now()
    assert not exchange_check._valid(fast, document)
    problems = exchange_check.check_schema(document)
    assert problems == sorted(
        [p for e in named.iter_errors(document) for p in exchange_check._german(e)],
        key=lambda p: exchange_check.natural_key(p[0]),
    )


@pytest.mark.parametrize("name", ["type", "enum", "several", "indicator"])
def test_a_bad_file_gets_the_german_problems_and_writes_nothing(world, name):
    from tests.row_counts import row_counts

    document = dict(invalid_documents(sample_export(world)))[name]
    before = row_counts()
    with pytest.raises(ImportProblems) as refused:
        edition_import(municipality=world.town, data=document, user=world.users["staff"])
    assert row_counts() == before
    assert all(path.startswith("$") for path, _message in refused.value.problems)
    assert refused.value.problems == exchange_check.check(document)
    if name == "enum":
        assert refused.value.problems == [
            (
                "$.fields_of_action[0].measures[0].status",
                "Der Wert „fertig“ ist nicht erlaubt; möglich sind „“, „idea“, „planned“, "
                "„running“, „completed“, „suspended“, „discontinued“.",
            )
        ]


def test_a_problem_found_after_the_first_inserts_rolls_them_back(world):
    from tests.row_counts import row_counts

    document = rich_export(world)
    # valid for the schema and the references; refused by the indicator's own check (a
    # context indicator with a target) only when its level is written
    document["extensions"]["indicators"][0]["baseline_value"] = "3.0"
    document["extensions"]["indicators"][0]["baseline_date"] = None
    before = row_counts()
    with pytest.raises(ImportProblems):
        edition_import(municipality=world.town, data=document, user=world.users["staff"])
    assert row_counts() == before
    assert connection.in_atomic_block  # the test's own transaction, still usable
