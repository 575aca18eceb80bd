"""`manage.py import_docx` (issue 18, point 5a) and the corrections: by line, style and pattern,
merges and splits, saved as a rules file and reused."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from concepts.exchange import FORMAT, ImportProblems
from concepts.models import Edition
from concepts.word import WordProblem
from concepts.word.document import exchange_document, import_word, positioned
from concepts.word.reader import read_docx
from concepts.word.roles import Rules, apply_edits, pattern_of, propose
from tests.concepts.word import shapes
from tests.concepts.word.tree import edition_tree, tree_of


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_docx", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def docx_file(tmp_path):
    path = tmp_path / "konzept.docx"
    path.write_bytes(shapes.measure_tables())
    return path


def test_the_command_prints_the_tree_and_writes_nothing_without_yes(world, docx_file):
    before = Edition.objects.count()
    out, err = run("rheine", str(docx_file))
    assert Edition.objects.count() == before
    assert (
        "Handlungsfeld: Bildung\n  Indikator: Zahl der Paten\n"
        "  Handlungsziel: Bildung: erstes Ziel\n"
    ) in out
    assert "  Maßnahme: Hausaufgabenhilfe\n    Träger: Diakonie (beteiligt)\n" in out
    assert "Nichts importiert (zum Importieren --yes angeben)." in out
    assert err == ""


def test_the_command_prints_the_exchange_format(world, docx_file):
    out, _err = run("rheine", str(docx_file), "--json")
    data = json.loads(out)
    assert data["format"] == FORMAT
    assert [f["title"] for f in data["fields_of_action"]] == ["Bildung", "Wohnen"]


def test_the_command_imports_with_yes(world, docx_file):
    out, _err = run(
        "rheine", str(docx_file), "--yes", "--user", world.users["staff"].username, "--year", "2024"
    )
    edition = Edition.objects.latest("pk")
    assert f"Importiert als Entwurf: Import aus Word (2024), id {edition.pk}" in out
    assert edition.concept.municipality == world.town
    assert [f["title"] for f in edition_tree(edition)["fields"]] == ["Bildung", "Wohnen"]


def test_the_command_applies_a_rules_file(world, docx_file, tmp_path):
    rules = tmp_path / "regeln.json"
    # "Handlungsziele" lists become Leitziele, the first chapter is dropped
    rules.write_text(
        Rules(styles={"List Number": "strategic_goal"}, lines={0: "skip", 1: "skip"}).dumps()
    )
    out, _err = run("rheine", str(docx_file), "--rules", str(rules), "--json")
    data = json.loads(out)
    assert data["chapters"] == []
    assert [g["title"] for g in data["fields_of_action"][0]["strategic_goals"]] == [
        "Bildung: erstes Ziel",
        "Bildung: zweites Ziel",
    ]
    bad = tmp_path / "kaputt.json"
    bad.write_text('{"format": "etwas anderes"}')
    with pytest.raises(CommandError, match="nicht das Format"):
        run("rheine", str(docx_file), "--rules", str(bad))


def test_import_problems_name_the_line(world):
    document = read_docx(shapes.keywords_only())
    roles = propose(document.lines)
    roles[2] = "skip"  # "Handlungsfelder" heading: harmless
    roles[3] = "text"  # the first field is no longer one: its goals have no field
    with pytest.raises(ImportProblems) as caught:
        import_word(municipality=world.town, lines=document.lines, roles=roles)
    where, message = caught.value.problems[0]
    assert where == "Zeile 6 („Leitziel: Das Zusammenleben gelingt.“)"
    assert message.startswith("Ein Leitziel steht vor dem ersten Handlungsfeld")
    # a problem the exchange import finds is shown at the line its element came from
    built = exchange_document(document.lines, propose(document.lines))
    problems = positioned(
        [("$.fields_of_action[0].measures[0].title", "zu lang"), ("$.edition.year", "falsch")],
        built,
        document.lines,
    )
    assert problems == [
        (
            "Zeile 10 („Maßnahme: Begegnungsfest Zusammenleben“) – "
            "$.fields_of_action[0].measures[0].title",
            "zu lang",
        ),
        ("$.edition.year", "falsch"),
    ]


def test_rules_by_pattern_and_style_and_their_file():
    document = read_docx(shapes.numbered_headings(fields=2))
    lines = document.lines
    heading = next(line for line in lines if line.text.startswith("3.1 "))
    assert pattern_of(heading) == "N.N"
    assert pattern_of(next(line for line in lines if line.text.startswith("Ziel 1.1"))) == (
        "Ziel N.N"
    )
    rules = Rules(patterns={"N.N.N": "sub_theme"})
    data = exchange_document(lines, propose(lines, rules)).data
    # every line of the pattern: also "3.1.2 Maßnahmen", whose list stays the measures
    first = data["fields_of_action"][0]
    assert [s["title"] for s in first["sub_themes"]] == ["Ausgangslage", "Maßnahmen"]
    assert len(first["measures"]) == 3
    # a saved rules file reads back the same
    again = Rules.loads(rules.dumps())
    assert again == rules
    with pytest.raises(WordProblem, match="Unbekannte Rolle „boss“"):
        Rules.loads(
            json.dumps({"format": "integrationskonzept-word-regeln/1", "lines": {"1": "boss"}})
        )
    with pytest.raises(WordProblem, match="kein gültiges JSON"):
        Rules.loads(b"{")


def test_merge_and_split_lines():
    lines = read_docx(shapes.keywords_only()).lines
    maßnahme = next(line for line in lines if line.text.startswith("Maßnahme: Begegnungsfest Z"))
    rules = Rules(merges=[maßnahme.id])
    edited = apply_edits(lines, rules)
    merged = next(line for line in edited if line.id == maßnahme.id)
    assert (
        merged.text == "Maßnahme: Begegnungsfest Zusammenleben Einmal im Jahr auf dem Marktplatz."
    )
    assert len(edited) == len(lines) - 1
    # a split: the heading "Leitziel: Das Gesundheit gelingt." splits into a goal and a text
    goal = next(line for line in lines if line.text == "Leitziel: Das Gesundheit gelingt.")
    rules = Rules(splits={goal.id: "gelingt."})
    edited = apply_edits(lines, rules)
    index = next(i for i, line in enumerate(edited) if line.id == goal.id)
    assert [edited[index].text, edited[index + 1].text] == ["Leitziel: Das Gesundheit", "gelingt."]
    assert edited[index + 1].id == max(line.id for line in lines) + 1
    roles = propose(edited, rules)
    assert roles[index : index + 2] == ["strategic_goal", "text"]
    data = exchange_document(edited, roles).data
    assert tree_of(data)["fields"][1]["goals"][0][0] == "Das Gesundheit"
