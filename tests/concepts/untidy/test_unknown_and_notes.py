"""Issue 14, points 5 and 8: "unbekannt / nicht angegeben" is an answer, nothing is invented;
a Träger carries a note after its name."""

import json

from django.urls import reverse

from concepts import document
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from concepts.models import Actor, Edition, Measure, MeasureActor
from concepts.services.editions import edition_publish
from concepts.services.elements import element_version
from concepts.tree import build_tree
from tests.concepts.untidy.conftest import pdf_flat


def test_new_measure_and_actor_claim_no_status_origin_or_kind(world):
    measure = Measure(title="x")
    actor = Actor(name="y")
    assert (measure.status, measure.origin, actor.kind) == ("", "", "")


def test_measure_form_offers_unknown_and_saves_it(untidy, staff_client):
    world = untidy
    url = reverse(
        "concepts:element_update",
        kwargs={
            "town": world.town.slug,
            "edition": world.edition.pk,
            "kind": "massnahmen",
            "pk": world.said.pk,
        },
    )
    html = staff_client.get(url).content.decode()
    assert html.count("unbekannt / nicht angegeben</option>") == 2  # status and origin
    response = staff_client.post(
        url,
        {
            "field_of_action": world.field.pk,
            "operational_goals": [world.op.pk],
            "title": "Elternlotsen",
            "status": "",
            "origin": "",
            "version": element_version(world.said),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.said.refresh_from_db()
    assert (world.said.status, world.said.origin) == ("", "")


def test_actor_form_offers_unknown_kind(world, staff_client):
    html = staff_client.get(reverse("participation:actor_create", args=[world.town.slug]))
    text = html.content.decode()
    assert "unbekannt / nicht angegeben" in text
    assert "---------" not in text


def test_pdf_prints_no_invented_status_or_origin(untidy, tmp_path):
    flat = pdf_flat(document.concept_pdf(untidy.edition), tmp_path)
    assert "Sprachcafé im Stadtteil" in flat and "Elternlotsen" in flat
    # Only what was entered: "laufend" for one, nothing for the other; no invented origin.
    assert flat.count("laufend") == 1
    assert "geplant" not in flat
    assert "neue Maßnahme" not in flat and "bestehende Maßnahme" not in flat


def test_pdf_and_tree_show_the_traeger_note_after_the_name(untidy, tmp_path, staff_client):
    flat = pdf_flat(document.concept_pdf(untidy.edition), tmp_path)
    assert "federführend: Büro für Integration (Zuschuss bis 2016)" in flat
    assert "beteiligt: Büro für Integration (Leitung)" in flat
    page = staff_client.get(
        reverse("concepts:tree", args=[untidy.town.slug, untidy.edition.pk])
    ).content.decode()
    assert "Büro für Integration (Zuschuss bis 2016)" in page
    # One organisation stays one Akteur, however it is involved.
    assert Actor.objects.filter(municipality=untidy.town).count() == 1


def test_tree_counts_unknown_status_and_filters_by_it(untidy, staff_client):
    tree = build_tree(untidy.edition)
    assert "1 laufend" in tree.fields[0].progress.text
    assert "1 ohne Statusangabe" in tree.fields[0].progress.text
    page = staff_client.get(
        reverse("concepts:tree", args=[untidy.town.slug, untidy.edition.pk]),
        {"status": "unbekannt"},
    ).content.decode()
    assert "Sprachcafé im Stadtteil" in page and "Elternlotsen" not in page


def test_public_view_shows_no_status_that_was_not_entered(untidy, client):
    edition = untidy.edition
    Edition.objects.filter(pk=edition.pk).update(status="adopted", adopted_on="2021-06-01")
    edition.refresh_from_db()
    edition_publish(edition=edition, public=True, user=untidy.users["staff"])
    html = client.get(
        f"/{untidy.town.slug}/oeffentlich/{edition.pk}/handlungsfelder/{untidy.field.pk}/"
    ).content.decode()
    assert '<span class="badge status-badge status-running">laufend</span>' in html
    assert 'status-badge status-"' not in html and 'status-badge status-">' not in html
    assert "Büro für Integration (Zuschuss bis 2016)" in html


def test_a_traeger_note_is_entered_in_the_measure_form(untidy, staff_client):
    world = untidy
    inv = MeasureActor.objects.get(measure=world.said)
    url = reverse(
        "concepts:element_update",
        kwargs={
            "town": world.town.slug,
            "edition": world.edition.pk,
            "kind": "massnahmen",
            "pk": world.said.pk,
        },
    )
    data = {
        "field_of_action": world.field.pk,
        "operational_goals": [world.op.pk],
        "title": "Elternlotsen",
        "status": "running",
        "origin": "",
        "traeger-TOTAL_FORMS": 1,
        "traeger-INITIAL_FORMS": 1,
        "traeger-MIN_NUM_FORMS": 0,
        "traeger-MAX_NUM_FORMS": 1000,
        "traeger-0-id": inv.pk,
        "traeger-0-actor": inv.actor_id,
        "traeger-0-role": "partner",
        "traeger-0-note": "Federführung bis 2019",
        "version": element_version(world.said),
    }
    assert "traeger-0-note" in staff_client.get(url).content.decode()
    response = staff_client.post(url, data)
    assert response.status_code == 302
    inv.refresh_from_db()
    assert inv.note == "Federführung bis 2019"
    assert inv.label == "Büro für Integration (Federführung bis 2019)"


def test_exchange_round_trips_unknowns_and_notes(untidy):
    data = json.loads(dumps(edition_export(untidy.edition)))
    measures = data["fields_of_action"][0]["measures"]
    assert [(m["status"], m["origin"]) for m in measures] == [("", ""), ("running", "")]
    assert data["actors"][0]["kind"] == ""
    assert measures[0]["actors"][0]["note"] == "Zuschuss bis 2016"
    copy = edition_import(municipality=untidy.other_town, data=data)
    involvements = MeasureActor.objects.filter(measure__field_of_action__edition=copy)
    assert involvements.get(measure__title="Sprachcafé im Stadtteil").note == "Zuschuss bis 2016"
    again = json.loads(dumps(edition_export(copy)))
    assert again == data


def test_a_file_without_notes_still_imports(untidy):
    data = json.loads(dumps(edition_export(untidy.edition)))
    for field in data["fields_of_action"]:
        for measure in field["measures"]:
            for involvement in measure["actors"]:
                del involvement["note"]
    copy = edition_import(municipality=untidy.other_town, data=data)
    notes = MeasureActor.objects.filter(measure__field_of_action__edition=copy)
    assert list(notes.values_list("note", flat=True)) == ["", ""]
