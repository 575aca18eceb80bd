"""Fuzzing the JSON exchange import (security issue 12): random and mutated files.

Every file either imports or is refused with ImportProblems (the German list the import view
shows); a refused file changes no row of any table.
"""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concepts.exchange import FORMAT, ImportProblems
from concepts.exchange.load import edition_import
from tests.exchange_sample import other_town_rows, sample_export
from tests.row_counts import row_counts

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
dangerous_names = st.sampled_from(["id", "pk", "indicator_id", "entered_by_id", "edition_id"])


def import_or_refuse(world, data):
    before = row_counts()
    try:
        edition_import(municipality=world.town, data=data, user=world.users["staff"])
    except ImportProblems as error:
        assert error.problems
        assert all(isinstance(p, str) and isinstance(m, str) for p, m in error.problems)
        assert row_counts() == before


def locations(value, path=()):
    """Every (container path, key or index) in the document."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield path, key
            yield from locations(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield path, index
            yield from locations(sub, (*path, index))


def container(document, path):
    for step in path:
        document = document[step]
    return document


@FUZZ
@given(raw=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_random_files_import_or_are_refused_in_german(world, raw):
    import_or_refuse(world, raw)


@FUZZ
@given(
    top=st.fixed_dictionaries({"format": st.just(FORMAT)}, optional={"concept": json_values}),
)
def test_random_documents_in_the_format_are_refused_in_german(world, top):
    import_or_refuse(world, top)


@FUZZ
@given(data=st.data())
def test_mutated_exports_import_or_are_refused_in_german(world, data):
    if not hasattr(world, "sample"):
        other_town_rows(world)
        world.sample = sample_export(world)
        world.places = list(locations(world.sample))
    document = copy.deepcopy(world.sample)
    for _ in range(data.draw(st.integers(1, 3))):
        path, key = data.draw(st.sampled_from(world.places))
        try:
            parent = container(document, path)
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        action = data.draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if action == "replace":
            parent[key] = data.draw(json_values)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(dangerous_names | st.text(max_size=8))] = data.draw(json_values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    import_or_refuse(world, document)
