"""Fuzzing the read-back: a paper of the council system with random values anywhere.

Every answer either becomes a preview or is refused with a CouncilSystemError or a
ValidationError (German, naming what failed); a refused take-over changes no row of any table.
"""

import copy

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.ris import services
from participation.ris.client import CouncilSystemError, OParlClient
from tests.row_counts import row_counts

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PAPER = "/public/oparl/papers?id=1001737"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.text(max_size=20)
    | st.sampled_from(["N/A", "", "2025-13-45T99:00:00", "einstimmig beschlossen", "vertagt"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def locations(value, path=()):
    if isinstance(value, dict):
        for key, sub in value.items():
            yield path, key
            yield from locations(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield path, index
            yield from locations(sub, (*path, index))


def embedded_paper(server):
    """The ALLRIS paper with its meetings and agenda items embedded, so every value is in it."""
    paper = server.data(PAPER)
    for consultation in paper["consultation"]:
        for key in ("meeting", "agendaItem"):
            if key in consultation:
                route = consultation[key].replace(server.base, "")
                consultation[key] = server.data(route)
    return paper


@pytest.fixture
def fuzz_world(allris_town, ris_server):
    allris_town.document = embedded_paper(ris_server)
    return allris_town


@FUZZ
@given(data=st.data())
def test_a_mutated_paper_is_previewed_or_refused_by_name(fuzz_world, ris_server, data):
    document = copy.deepcopy(fuzz_world.document)
    for _round in range(data.draw(st.integers(1, 3))):
        places = list(locations(document))  # again: a mutation may have removed some
        if not places:
            break
        path, key = data.draw(st.sampled_from(places))
        target = document
        for step in path:
            target = target[step]
        target[key] = data.draw(json_values)
    ris_server.set(PAPER, document)
    before = row_counts()
    with OParlClient() as client:
        try:
            plan = services.paper_plan(link=fuzz_world.link, client=client)
        except CouncilSystemError as error:
            assert str(error).startswith(("Die ", "Der ", "Das ")), str(error)
            assert row_counts() == before
            return
        except ValidationError as error:
            assert error.messages
            assert row_counts() == before
            return
    try:
        services.plan_apply(plan=plan, confirm_adoption=True)
    except ValidationError as error:
        assert error.messages and all(isinstance(m, str) for m in error.messages)
        assert row_counts() == before
