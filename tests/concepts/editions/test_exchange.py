import copy as copy_module
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from concepts import exchange
from concepts.exchange import FORMAT, ExchangeSection, ImportProblems
from concepts.exchange import check as exchange_check
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from concepts.extensions import ConceptExtension, register, unregister
from concepts.models import Edition, Measure, MeasureActor
from tests.factories import build_concept


@pytest.fixture
def filled(world):
    build_concept(world.edition)
    measure = Measure.objects.for_edition(world.edition).first()
    measure.description = "Mehrzeilig\n\nmit „Anführungszeichen“ und Umlauten: äöüß"
    measure.save()
    return world.edition


def count_editions():
    return Edition.objects.count()


def test_export_import_export_is_byte_identical(filled, world):
    first = dumps(edition_export(filled))
    imported = edition_import(municipality=world.other_town, data=first.encode())
    assert imported.status == Edition.Status.DRAFT
    assert imported.concept.municipality == world.other_town
    second = dumps(edition_export(imported))
    assert second == first
    # …and again into the same town, where the actors exist already.
    again = edition_import(municipality=world.town, data=second)
    assert dumps(edition_export(again)) == first


def test_export_holds_the_whole_edition(filled):
    data = json.loads(dumps(edition_export(filled)))
    assert data["format"] == FORMAT
    assert len(data["fields_of_action"]) == 2
    field = data["fields_of_action"][0]
    assert [g["key"] for g in field["strategic_goals"]] == ["HF1-LZ1", "HF1-LZ2"]
    assert field["operational_goals"][0]["also_serves"] == ["HF1-LZ2"]
    measure = field["measures"][0]
    assert measure["operational_goals"] == ["HF1-HZ1"]
    assert {a["role"] for a in measure["actors"]} == {"lead", "partner"}
    assert len(measure["milestones"]) == 2
    assert measure["staff_fte"] == "0.50"
    assert [c["field_of_action"] for c in data["chapters"]] == [None, "HF1", "HF2"]


def test_export_query_count_is_fixed(world, django_assert_max_num_queries):
    build_concept(world.edition, fields=8, strategic=4, operational=4, measures=5)
    # 24 since issue 14: the fields' named sections and Schwerpunkte, the predecessor and the
    # Bewertungen, one query each.
    with django_assert_max_num_queries(24):
        edition_export(world.edition)


def test_bad_file_reports_each_problem_with_its_path_and_imports_nothing(filled, world):
    data = json.loads(dumps(edition_export(filled)))
    broken = copy_module.deepcopy(data)
    broken["fields_of_action"][0]["measures"][0]["status"] = "fertig"
    broken["fields_of_action"][0]["measures"][1]["starts_on"] = "2026-13-01"
    del broken["fields_of_action"][1]["title"]
    broken["fields_of_action"][0]["unbekannt"] = 1
    before = count_editions()
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=broken)
    problems = dict(caught.value.problems)
    assert "nicht erlaubt" in problems["$.fields_of_action[0].measures[0].status"]
    assert "JJJJ-MM-TT" in problems["$.fields_of_action[0].measures[1].starts_on"]
    assert "fehlt" in problems["$.fields_of_action[1].title"]
    assert problems["$.fields_of_action[0].unbekannt"] == (
        "Unbekanntes Feld „unbekannt“ in $.fields_of_action[0]; bitte entfernen."
    )
    assert count_editions() == before


def test_broken_references_are_reported(filled, world):
    data = json.loads(dumps(edition_export(filled)))
    data["fields_of_action"][0]["measures"][0]["operational_goals"] = ["HF9-HZ9"]
    data["fields_of_action"][0]["measures"][0]["actors"][0]["actor"] = "A99"
    data["fields_of_action"][1]["operational_goals"][0]["strategic_goal"] = "HF1-LZ1"
    data["fields_of_action"][1]["key"] = "HF1"
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=data)
    paths = [p for p, _m in caught.value.problems]
    assert "$.fields_of_action[1].key" in paths  # duplicate key
    assert "$.fields_of_action[0].measures[0].operational_goals[0]" in paths
    assert "$.fields_of_action[0].measures[0].actors[0].actor" in paths


def test_model_validation_errors_roll_everything_back(filled, world):
    data = json.loads(dumps(edition_export(filled)))
    data["fields_of_action"][1]["measures"][-1]["responsible_email"] = "keine-adresse"
    before, measures = count_editions(), Measure.objects.count()
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=data)
    (path, message), *_ = caught.value.problems
    assert path.endswith(".measures[7].responsible_email")
    assert "E-Mail" in message or "gültig" in message
    assert (count_editions(), Measure.objects.count()) == (before, measures)


def test_not_json_and_wrong_format(world):
    with pytest.raises(ImportProblems, match="1 Probleme") as caught:
        edition_import(municipality=world.town, data=b"{kein json")
    assert "kein gültiges JSON" in caught.value.problems[0][1]
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data={"format": "andere/2"})
    assert caught.value.problems[0][0] == "$.format"


def test_extensions_are_exported_and_imported(filled, world):
    calls = {}

    def export(edition, keys):
        return {"goal_keys": sorted(k for k in keys.values() if "-HZ" in k)[:2]}

    def import_(edition, value, objects, user):
        calls["goals"] = [objects[k] for k in value["goal_keys"]]

    def check(value, known):
        return [("$.extensions.probe", "fehlt")] if "goal_keys" not in value else []

    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"goal_keys": {"type": "array", "items": {"type": "string"}}},
    }
    register(
        ConceptExtension(
            "probe", exchange_sections=(ExchangeSection("probe", export, import_, check, schema),)
        )
    )
    try:
        data = json.loads(dumps(edition_export(filled)))
        assert data["extensions"]["probe"]["goal_keys"] == ["HF1-HZ1", "HF1-HZ2"]
        imported = edition_import(municipality=world.town, data=data)
        assert [g.field_of_action.edition_id for g in calls["goals"]] == [imported.pk] * 2
        data["extensions"]["probe"] = {}
        with pytest.raises(ImportProblems):
            edition_import(municipality=world.town, data=data)
    finally:
        unregister("probe")
    # Once the section is gone, a file that still carries it is refused, not half-imported.
    data["extensions"] = {"probe": {}}
    with pytest.raises(ImportProblems) as caught:
        edition_import(municipality=world.town, data=data)
    assert caught.value.problems[0][0] == "$.extensions.probe"


def test_management_commands_round_trip(filled, world, tmp_path):
    target = tmp_path / "konzept.json"
    call_command("export_concept", "rheine", str(filled.pk), "-o", str(target))
    out = io.StringIO()
    call_command("import_concept", "emmerich", str(target), "--user", "stab", stdout=out)
    assert "Importiert als Entwurf" in out.getvalue()
    imported = Edition.objects.for_municipality(world.other_town).latest("pk")
    again = io.StringIO()
    call_command("export_concept", "emmerich", str(imported.pk), stdout=again)
    assert again.getvalue() == target.read_text(encoding="utf-8")
    assert imported.fields_of_action.first().history.get().history_user == world.users["staff"]


def test_import_command_reports_problems(world, tmp_path):
    bad = tmp_path / "kaputt.json"
    bad.write_text(json.dumps({"format": FORMAT, "concept": {}}), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nichts importiert"):
        call_command("import_concept", "rheine", str(bad), stderr=err)
    assert "$.concept.title: Die Angabe „title“ fehlt." in err.getvalue()


def test_browser_download_and_upload(filled, world, client_for):
    client = client_for("staff")
    export_url = reverse(
        "concepts:edition_export", kwargs={"town": world.town.slug, "edition": filled.pk}
    )
    response = client.get(export_url)
    assert response["Content-Disposition"].startswith("attachment;")
    payload = response.content
    import_url = reverse("concepts:edition_import", kwargs={"town": world.town.slug})
    upload = io.BytesIO(payload)
    upload.name = "konzept.json"
    response = client.post(import_url, {"file": upload}, follow=True)
    # The import ran as a task; the progress page links to the new draft.
    assert response.redirect_chain[0][0].startswith(f"/{world.town.slug}/importe/")
    imported = Edition.objects.for_municipality(world.town).latest("pk")
    assert f'href="/{world.town.slug}/konzept/{imported.pk}/"' in response.content.decode()
    assert MeasureActor.objects.filter(measure__field_of_action__edition=imported).count() == 32


def test_upload_with_errors_lists_them_in_german(world, client_for):
    client = client_for("staff")
    import_url = reverse("concepts:edition_import", kwargs={"town": world.town.slug})
    upload = io.BytesIO(json.dumps({"format": FORMAT}).encode())
    upload.name = "kaputt.json"
    before = count_editions()
    response = client.post(import_url, {"file": upload}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei wurde nicht importiert" in html
    assert "$.concept" in html and "Die Angabe „concept“ fehlt." in html
    assert count_editions() == before


def test_schema_file_is_valid_json_schema():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(exchange_check._schema())


def test_upload_over_the_limit_is_refused_in_german(world, client_for):
    client = client_for("staff")
    import_url = reverse("concepts:edition_import", kwargs={"town": world.town.slug})
    upload = io.BytesIO(b" " * (exchange.MAX_UPLOAD_BYTES + 1))
    upload.name = "gross.json"
    before = count_editions()
    response = client.post(import_url, {"file": upload})
    assert "Die Datei ist größer als 10 MB." in response.content.decode()
    assert count_editions() == before
