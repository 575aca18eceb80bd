"""Untidy concepts as real ones are written (issue 14): unknowns, notes, sub-themes, shared goals.

The extensions are left out, as in tests/concepts/document: these tests describe the core.
"""

import shutil
import subprocess

import pytest

from concepts.models import (
    Actor,
    FieldOfAction,
    Measure,
    MeasureActor,
    OperationalGoal,
    StrategicGoal,
)


@pytest.fixture(autouse=True)
def _core_alone(monkeypatch):
    from concepts import extensions

    monkeypatch.setattr(extensions, "_extensions", {})


def pdf_flat(pdf, tmp_path):
    """The PDF's text on one line (pdftotext), or a skip where poppler is missing."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils fehlt")
    path = tmp_path / "konzept.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def untidy(world):
    """A field written like a real concept: a measure whose source says neither status nor
    origin, one with a status only, an actor of unknown kind named with a note in brackets."""
    edition = world.edition
    field = FieldOfAction.objects.create(edition=edition, position=1, title="Bildung")
    goal = StrategicGoal.objects.create(
        field_of_action=field, position=1, title="Bildungschancen verbessern"
    )
    op = OperationalGoal.objects.create(
        field_of_action=field, strategic_goal=goal, position=1, title="Mehr Kita-Plätze"
    )
    silent = Measure.objects.create(
        field_of_action=field, position=1, title="Sprachcafé im Stadtteil"
    )
    silent.operational_goals.add(op)
    said = Measure.objects.create(
        field_of_action=field,
        position=2,
        title="Elternlotsen",
        status=Measure.Status.RUNNING,
    )
    said.operational_goals.add(op)
    office = Actor.objects.create(municipality=world.town, name="Büro für Integration")
    MeasureActor.objects.create(measure=silent, actor=office, role="lead", note="Zuschuss bis 2016")
    MeasureActor.objects.create(measure=said, actor=office, role="partner", note="Leitung")
    world.field, world.goal, world.op = field, goal, op
    world.silent, world.said, world.office = silent, said, office
    return world
