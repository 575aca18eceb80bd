"""Issue 14, point 9: an imported edition whose predecessor is already in the town is matched to
it (proposals by number and text similarity, confirmed by the staff), and then the comparison
and the Bewertung work across the two imported editions as across a copy made in the app."""

import io
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from concepts import document
from concepts.exchange import matching
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from concepts.models import CopyLink, Edition, GoalAssessment, StrategicGoal
from concepts.services.assessments import assessment_rows
from concepts.services.compare import compare_editions
from tests.concepts.exchange.predecessor_files import EXPECTED, files


@pytest.fixture
def imported(world):
    """Both files of the untidy pair (built in the other town) imported into the town."""
    old_data, new_data = files(world.other_town)
    world.old_data, world.new_data = old_data, new_data
    world.old = edition_import(municipality=world.town, data=old_data)
    world.new = edition_import(municipality=world.town, data=new_data)
    return world


def _by_number(edition):
    """{kind key: {pk: number}} of the edition's elements."""
    return {
        group.kind.key: {item.pk: item.number for item in group.new}
        for group in matching.edition_items(edition)
    }


def _numbers(world, pairs):
    """{kind: {pk: pk}} → {kind: {new number: old number or None}} over all new elements."""
    new = _by_number(world.new)
    old = _by_number(world.old)
    return {
        kind: {
            number: (old[kind][pairs[kind][pk]] if pk in pairs[kind] else None)
            for pk, number in new[kind].items()
        }
        for kind in new
    }


def _url(world):
    return reverse(
        "concepts:predecessor_match", kwargs={"town": world.town.slug, "edition": world.new.pk}
    )


def test_the_new_edition_is_linked_to_its_predecessor_with_status_and_adoption(imported):
    new = imported.new
    assert new.based_on == imported.old
    assert (new.status, str(new.adopted_on), new.adopted_by) == (
        "adopted",
        "2018-03-20",
        "Rat der Stadt, Sitzung vom 20.03.2018",
    )
    # Nothing is linked before the staff confirm.
    assert not CopyLink.objects.filter(edition=new).exists()


def test_the_preview_proposes_the_right_pairs(imported, client_for):
    response = client_for("staff").get(_url(imported))
    assert response.status_code == 200
    form = response.context["form"]
    initial = {}
    for kind, item, name in form.rows:
        initial.setdefault(kind.key, {})
        if form.initial[name]:
            initial[kind.key][item.pk] = int(form.initial[name])
    assert _numbers(imported, initial) == EXPECTED
    html = response.content.decode()
    assert "Ähnlichkeit" in html and "Vorschlag: keiner (neu)" in html
    assert "Noch ist nichts gespeichert" in html


def test_confirming_links_them_and_the_comparison_shows_changed(imported, client_for):
    staff = client_for("staff")
    before = compare_editions(imported.old, imported.new)
    leitziele = before[1]
    assert len(leitziele.added) == 4 and len(leitziele.removed) == 4  # nothing matched yet

    form = staff.get(_url(imported)).context["form"]
    response = staff.post(_url(imported), {name: form.initial[name] for _k, _i, name in form.rows})
    assert response.status_code == 302
    assert response.url.endswith(f"/konzept/{imported.new.pk}/vergleich/")
    assert CopyLink.objects.filter(edition=imported.new).count() == 12

    results = {r.section.key: r for r in compare_editions(imported.old, imported.new)}
    lz = results["leitziele"]
    assert [g.title for g in lz.added] == ["Digitale Teilhabe für Neuzugewanderte"]
    assert [g.title for g in lz.removed] == ["Eltern werden an der Bildung ihrer Kinder beteiligt"]
    changed = {(old.title, new.title) for old, new, _changes in lz.changed}
    assert (
        "Erwachsene erreichen das Sprachniveau B1",
        "Erwachsene Zugewanderte erreichen das Sprachniveau B1",
    ) in changed
    assert lz.unchanged == 1
    # The renamed field is changed, not added and removed; its goals are not "moved".
    fields = results["handlungsfelder"]
    assert not fields.added and not fields.removed and len(fields.changed) == 1
    assert all("Handlungsfeld" not in [c.label for c in changes] for _o, _n, changes in lz.changed)
    assert [m.title for m in results["massnahmen"].added] == [
        "Digitalwerkstatt in der Stadtbibliothek"
    ]
    assert [m.title for m in results["massnahmen"].removed] == ["Elternlotsen"]

    page = staff.get(response.url).content.decode()
    assert "1 neu, 1 entfallen, 2 geändert" in page  # Leitziele
    # The page now shows the saved links.
    assert "Angezeigt wird die gespeicherte Zuordnung" in staff.get(_url(imported)).content.decode()


def test_a_pair_can_be_changed_and_undone(imported, client_for):
    staff = client_for("staff")
    form = staff.get(_url(imported)).context["form"]
    data = {name: form.initial[name] for _k, _i, name in form.rows}
    names = {(kind.key, item.number): name for kind, item, name in form.rows}
    dropped = StrategicGoal.objects.for_edition(imported.old).get(title__startswith="Eltern")
    data[names[("lz", "1.3")]] = str(dropped.pk)  # "Digitale Teilhabe" continues Leitziel 1.3
    data[names[("m", "1.2")]] = ""  # the Sprachcafé counts as new
    assert staff.post(_url(imported), data).status_code == 302
    links = matching.current_links(imported.new)
    numbers = _numbers(imported, links)
    assert numbers["lz"]["1.3"] == "1.3"
    assert numbers["m"]["1.2"] is None
    assert numbers["hz"] == EXPECTED["hz"]


def test_choosing_one_old_element_twice_is_refused_in_german(imported, client_for):
    staff = client_for("staff")
    form = staff.get(_url(imported)).context["form"]
    data = {name: form.initial[name] for _k, _i, name in form.rows}
    names = {(kind.key, item.number): name for kind, item, name in form.rows}
    data[names[("lz", "1.3")]] = data[names[("lz", "1.1")]]
    response = staff.post(_url(imported), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "kann nur einem Element entsprechen" in html
    assert 'aria-invalid="true"' in html
    assert not CopyLink.objects.filter(edition=imported.new).exists()


def test_an_element_of_another_edition_is_refused(imported, client_for):
    staff = client_for("staff")
    form = staff.get(_url(imported)).context["form"]
    data = {name: form.initial[name] for _k, _i, name in form.rows}
    names = {(kind.key, item.number): name for kind, item, name in form.rows}
    # A Leitziel of the new edition itself, or of the other town's edition, is no choice.
    own = StrategicGoal.objects.for_edition(imported.new).first()
    foreign = StrategicGoal.objects.filter(
        field_of_action__edition__concept__municipality=imported.other_town
    ).first()
    for goal in (own, foreign):
        data[names[("lz", "1.1")]] = str(goal.pk)
        response = staff.post(_url(imported), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Bitte die markierten Angaben prüfen." in html
        assert "ist keine gültige Auswahl" in html
        assert not CopyLink.objects.filter(edition=imported.new).exists()


def test_grading_works_across_the_imported_editions(imported, client_for):
    rows = {row.number: row for row in assessment_rows(imported.new)}
    assert rows["1.3"].grade == "not_reached" and rows["1.3"].goal.title.startswith("Eltern")
    assert rows["1.1.1"].grade == "" and "sagt der Bericht nicht" in rows["1.1.1"].text
    page = client_for("member").get(
        reverse("concepts:assessment", kwargs={"town": "rheine", "edition": imported.new.pk})
    )
    assert "nicht erreicht" in page.content.decode()


def test_grading_a_draft_read_from_a_file(world, client_for):
    """The staff grade the predecessor's goals in a Fortschreibung imported as a draft."""
    old_data, new_data = files(world.other_town)
    new_data["edition"] |= {"status": "draft", "adopted_on": None, "adopted_by": ""}
    old = edition_import(municipality=world.town, data=old_data)
    new = edition_import(municipality=world.town, data=new_data)
    goal = StrategicGoal.objects.for_edition(old).get(title__startswith="Erwachsene")
    url = reverse("concepts:assessment_edit", kwargs={"town": "rheine", "edition": new.pk})
    staff = client_for("staff")
    form_page = staff.get(url)
    assert "Erwachsene erreichen das Sprachniveau B1" in form_page.content.decode()
    data = {}
    for row, form in form_page.context["pairs"]:
        data[f"{row.prefix}-grade"] = form.initial["grade"]
        data[f"{row.prefix}-text"] = form.initial["text"]
        if form["version"].value() is not None:
            data[f"{row.prefix}-version"] = form["version"].value()
    data[f"sg-{goal.pk}-grade"] = "partly"
    data[f"sg-{goal.pk}-text"] = "B1 erreicht gut die Hälfte."
    assert staff.post(url, data).status_code == 302
    assert GoalAssessment.objects.get(edition=new, strategic_goal=goal).grade == "partly"


def test_the_command_line_links_above_the_threshold_and_prints_the_pairs(world, tmp_path):
    old_data, new_data = files(world.other_town)
    (tmp_path / "alt.json").write_text(dumps(old_data), encoding="utf-8")
    (tmp_path / "neu.json").write_text(dumps(new_data), encoding="utf-8")
    call_command("import_concept", "rheine", str(tmp_path / "alt.json"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_concept", "rheine", str(tmp_path / "neu.json"), stdout=out)
    text = out.getvalue()
    assert (
        "Zuordnung zur Vorfassung „Integrationskonzept 2012“ (2012), Schwelle 60: 12 Paar(e)"
        in (text)
    )
    assert (
        "Leitziele: 1.1 Erwachsene Zugewanderte erreichen das Sprachniveau B1 ← "
        "1.2 Erwachsene erreichen das Sprachniveau B1 ("
    ) in text
    assert "Digitale Teilhabe" not in text
    new = Edition.objects.get(concept__municipality=world.town, year=2018)
    old = new.based_on
    lz = next(r for r in compare_editions(old, new) if r.section.key == "leitziele")
    assert len(lz.added) == 1 and len(lz.removed) == 1 and len(lz.changed) == 2


def test_the_command_line_threshold_101_links_nothing(world, tmp_path):
    old_data, new_data = files(world.other_town)
    edition_import(municipality=world.town, data=old_data)
    (tmp_path / "neu.json").write_text(dumps(new_data), encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_concept", "rheine", str(tmp_path / "neu.json"), "--schwelle", "101", stdout=out
    )
    assert "Schwelle 101: 0 Paar(e)" in out.getvalue()
    new = Edition.objects.get(concept__municipality=world.town, year=2018)
    assert not CopyLink.objects.filter(edition=new).exists()


def test_the_browser_import_leads_to_the_preview(world, client_for):
    old_data, new_data = files(world.other_town)
    edition_import(municipality=world.town, data=old_data)
    staff = client_for("staff")
    upload = io.BytesIO(dumps(new_data).encode())
    upload.name = "neu.json"
    response = staff.post(reverse("concepts:edition_import", args=["rheine"]), {"file": upload})
    new = Edition.objects.get(concept__municipality=world.town, year=2018)
    assert response.status_code == 302
    # The import runs as a task; its result page leads to the matching.
    page = staff.get(response.url).content.decode()
    assert "Bitte die vorgeschlagene Zuordnung zur Vorfassung" in page
    match_url = reverse("concepts:predecessor_match", args=["rheine", new.pk])
    assert f'href="{match_url}"' in page
    assert staff.get(match_url).status_code == 200


def test_export_import_export_stays_byte_identical_after_linking(imported, client_for):
    matching.link_proposals(imported.new)
    assert dumps(edition_export(imported.old)) == dumps(imported.old_data)
    assert dumps(edition_export(imported.new)) == dumps(imported.new_data)


def test_the_page_without_a_predecessor_says_so(world, client_for):
    url = reverse("concepts:predecessor_match", args=["rheine", world.edition.pk])
    response = client_for("staff").get(url)
    assert response.status_code == 200
    assert "es gibt keine Vorfassung zuzuordnen" in response.content.decode()


def test_the_preview_query_count_is_fixed(imported, client_for, django_assert_max_num_queries):
    staff = client_for("staff")
    staff.get(_url(imported))
    with django_assert_max_num_queries(15):
        assert staff.get(_url(imported)).status_code == 200


def test_matching_scores_text_above_number():
    """Pure matching: a reworded goal under another number beats an unrelated one under the
    same number; an unrelated goal is not proposed at all."""
    old = [
        matching.Item(1, "1.1", "Alle Kinder sprechen beim Schuleintritt gut Deutsch", field_pk=1),
        matching.Item(2, "1.2", "Eltern werden an der Bildung ihrer Kinder beteiligt", field_pk=1),
    ]
    new = [
        matching.Item(10, "1.1", "Digitale Teilhabe für Neuzugewanderte", field_pk=5),
        matching.Item(
            11, "1.2", "Alle Kinder sprechen beim Eintritt in die Schule gut Deutsch", field_pk=5
        ),
    ]
    pairs = matching.propose(old, new, field_pairs={5: 1})
    assert {new_pk: old.pk for new_pk, (old, _score) in pairs.items()} == {11: 1}
    assert pairs[11][1] >= 70


def test_link_refuses_without_predecessor(world):
    with pytest.raises(ValidationError):
        matching.link(world.edition, {"lz": {}})


def test_status_and_adoption_from_the_file_are_shown(imported, client_for, tmp_path):
    """Pages and the concept PDF show the body that adopted the edition, as the file says."""
    page = client_for("member").get(
        reverse("concepts:edition_detail", args=["rheine", imported.new.pk])
    )
    html = page.content.decode()
    assert "beschlossen am 20.03.2018 (Rat der Stadt, Sitzung vom 20.03.2018)" in html
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils fehlt")
    path = tmp_path / "konzept.pdf"
    path.write_bytes(document.concept_pdf(imported.new))
    text = subprocess.run(
        ["pdftotext", "-l", "1", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Beschlossen am 20.03.2018 (Rat der Stadt, Sitzung vom 20.03.2018)" in flat
    assert "Vom Rat beschlossen" not in flat


def test_a_large_kind_offers_the_paired_fields_elements_and_the_chosen_one():
    """Above ALL_CHOICES elements a select lists the paired field's elements (and the one
    chosen now), so that the largest concept's page stays small."""
    from types import SimpleNamespace

    from concepts.forms.editions import PredecessorMatchForm

    fields = [
        matching.Item(pk, str(pk), title, obj=SimpleNamespace(position=pk, title=title))
        for pk, title in ((1, "Sprache"), (2, "Arbeit"))
    ]
    old = [
        matching.Item(100 + n, f"{1 + n % 2}.{n}", f"Maßnahme {n}", field_pk=1 + n % 2)
        for n in range(PredecessorMatchForm.ALL_CHOICES + 2)
    ]
    groups = [
        matching.KindItems(matching.KINDS[0], fields, [matching.Item(10, "1", "Sprache")]),
        matching.KindItems(
            matching.KINDS[3], old, [matching.Item(20, "1.1", "Neue Maßnahme", field_pk=10)]
        ),
    ]
    form = PredecessorMatchForm(
        groups=groups, field_pairs={10: 1}, initial={"hf-10": "1", "m-20": "101"}
    )
    offered = {
        value for _group, options in form.fields["m-20"].choices[1:] for value, _l in options
    }
    assert offered == {str(o.pk) for o in old if o.field_pk == 1} | {"101"}
    html = str(form["m-20"])
    assert '<optgroup label="1. Sprache">' in html and '<option value="101" selected>' in html
    # Any element of the predecessor may still be sent (the list is short for size, not for
    # safety); anything else is refused.
    sent = PredecessorMatchForm(
        {"hf-10": "1", "m-20": "103"}, groups=groups, field_pairs={10: 1}, initial={}
    )
    assert sent.is_valid() and sent.pairs()["m"] == {20: 103}
    refused = PredecessorMatchForm(
        {"hf-10": "1", "m-20": "999"}, groups=groups, field_pairs={10: 1}, initial={}
    )
    assert not refused.is_valid() and "m-20" in refused.errors
