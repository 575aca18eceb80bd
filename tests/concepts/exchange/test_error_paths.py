"""Issue 14, point 9: every problem of a file – in the extension sections too – is a German
message with its JSON path, on the command line (no traceback) as in the browser (no 500); a
Handlungsziel that `also_serves` another field's Leitziel is refused by the import as by the
form."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from concepts.forms.elements import OperationalGoalForm
from concepts.models import FieldOfAction, OperationalGoal, StrategicGoal
from tests.exchange_sample import sample_export
from tests.idor.test_idor import row_counts

BAD_INDICATOR = "$.extensions.indicators[0].direction"


def _bad_indicator(world):
    document = sample_export(world)
    document["extensions"]["indicators"][0]["direction"] = "seitwärts"
    return document


def _other_fields_leitziel(world):
    document = sample_export(world)
    document["fields_of_action"][0]["operational_goals"][0]["also_serves"] = ["HF2-LZ1"]
    return document


def _upload(client, document):
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "konzept.json"
    return client.post(reverse("concepts:edition_import", args=["rheine"]), {"file": upload})


def test_an_invalid_indicator_value_on_the_command_line(world, tmp_path):
    target = tmp_path / "konzept.json"
    target.write_text(json.dumps(_bad_indicator(world)), encoding="utf-8")
    before = row_counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nichts importiert: 1 Problem"):
        call_command("import_concept", "rheine", str(target), stderr=err)
    assert err.getvalue().startswith(f"{BAD_INDICATOR}: Der Wert „seitwärts“ ist nicht erlaubt")
    assert "Traceback" not in err.getvalue()
    assert row_counts() == before


@pytest.mark.parametrize(
    ("make", "path", "message"),
    [
        (_bad_indicator, BAD_INDICATOR, "Der Wert „seitwärts“ ist nicht erlaubt"),
        (
            _other_fields_leitziel,
            "$.fields_of_action[0].operational_goals[0].also_serves[0]",
            "„HF2-LZ1“ gehört zu einem anderen Handlungsfeld.",
        ),
    ],
    ids=["indikator", "also-serves"],
)
def test_the_browser_lists_the_problem_with_its_path(world, client_for, make, path, message):
    document = make(world)
    before = row_counts()
    staff = client_for("staff")
    response = _upload(staff, document)
    # The import runs as a task (immediately in the tests); its page lists the problems.
    assert response.status_code == 302
    response = staff.get(response.url)
    assert response.status_code == 200
    problems = response.context["job"].problems
    assert any(p == path and message in m for p, m in problems), problems
    html = response.content.decode()
    assert path in html
    assert row_counts() == before


def test_the_form_refuses_another_fields_leitziel_too(world):
    edition = world.edition
    first = FieldOfAction.objects.create(edition=edition, position=1, title="Sprache")
    second = FieldOfAction.objects.create(edition=edition, position=2, title="Arbeit")
    own = StrategicGoal.objects.create(field_of_action=first, position=1, title="Deutsch")
    other = StrategicGoal.objects.create(field_of_action=second, position=1, title="Arbeit")
    data = {"strategic_goal": own.pk, "title": "Kurse", "also_serves": [other.pk]}
    form = OperationalGoalForm(data, edition=edition, instance=OperationalGoal())
    assert not form.is_valid()
    assert form.errors["also_serves"] == ["Bitte nur Leitziele desselben Handlungsfelds auswählen."]
