"""Issue 14, point 4: measure times as concepts write them, stored as EDTF with the wording,
shown as written, filterable, and "im Verzug" only from what is known."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concepts import document
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from concepts.models import FieldOfAction, Measure
from concepts.tree import build_tree
from indicators.rounds.report import measures_behind_schedule
from tests.concepts.untidy.conftest import pdf_flat

WORDINGS = {
    "seit 2012": (datetime.date(2012, 1, 1), None),
    "Herbst 2017 bis Dezember 2020": (None, datetime.date(2020, 12, 31)),
    "laufend": (None, None),
    "ab 2025": (datetime.date(2025, 1, 1), None),
    "2. Halbjahr 2026": (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
}


@pytest.fixture
def timed(world):
    field = FieldOfAction.objects.create(edition=world.edition, position=1, title="Bildung")
    measures = {}
    for n, wording in enumerate(WORDINGS, start=1):
        measure = Measure(
            field_of_action=field,
            position=n,
            title=f"Maßnahme {wording}",
            status=Measure.Status.RUNNING,
            period_wording=wording,
        )
        measure.full_clean()
        measure.save()
        measures[wording] = measure
    Measure.objects.create(field_of_action=field, position=9, title="Ohne Zeitangabe")
    world.measures = measures
    return world


def test_wordings_are_stored_as_edtf_with_known_bounds_only(timed):
    for wording, (start, end) in WORDINGS.items():
        measure = timed.measures[wording]
        assert measure.period_edtf, wording
        assert measure.ends_on == end, wording
        if start is not None:
            assert measure.starts_on == start, wording
    assert timed.measures["Herbst 2017 bis Dezember 2020"].starts_on.year == 2017
    assert timed.measures["laufend"].is_ongoing
    assert timed.measures["seit 2012"].period.is_open


def test_an_unreadable_wording_is_a_german_error(world):
    field = FieldOfAction.objects.create(edition=world.edition, position=1, title="Bildung")
    measure = Measure(field_of_action=field, title="x", period_wording="irgendwann bald")
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "period_wording" in error.value.message_dict


def test_pdf_shows_the_time_as_written(timed, tmp_path):
    flat = pdf_flat(document.concept_pdf(timed.edition), tmp_path)
    for wording in WORDINGS:
        assert f"Zeitraum {wording}" in flat, wording


def test_tree_filters_by_year_from_what_is_known(timed, staff_client):
    shown = {
        m.title
        for node in build_tree(timed.edition, filters={"year": 2019}).fields
        for m in node.unassigned
    }
    assert shown == {
        "Maßnahme seit 2012",
        "Maßnahme Herbst 2017 bis Dezember 2020",
        "Maßnahme laufend",
    }
    page = staff_client.get(
        reverse("concepts:tree", args=[timed.town.slug, timed.edition.pk]), {"year": "2026"}
    ).content.decode()
    assert "Maßnahme 2. Halbjahr 2026" in page and "Ohne Zeitangabe" not in page


def test_overdue_only_where_the_end_is_known_and_the_status_given(timed):
    late = timed.measures["Herbst 2017 bis Dezember 2020"]
    unsaid = Measure.objects.create(
        field_of_action=late.field_of_action,
        position=10,
        title="Status unbekannt",
        ends_on=datetime.date(2019, 12, 31),
    )
    rows = measures_behind_schedule(timed.edition, datetime.date(2024, 6, 30))
    behind = {row["measure"].title for field_rows in rows.values() for row in field_rows}
    assert behind == {late.title}
    assert unsaid.title not in behind


def test_measure_form_takes_the_wording(timed, staff_client):
    from concepts.services.elements import element_version

    measure = timed.measures["laufend"]
    url = reverse(
        "concepts:element_update",
        kwargs={
            "town": timed.town.slug,
            "edition": timed.edition.pk,
            "kind": "massnahmen",
            "pk": measure.pk,
        },
    )
    data = {
        "field_of_action": measure.field_of_action_id,
        "title": measure.title,
        "status": "running",
        "period_wording": "01.03.2015–31.12.2016",
        "version": element_version(measure),
    }
    assert staff_client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert (measure.starts_on, measure.ends_on) == (
        datetime.date(2015, 3, 1),
        datetime.date(2016, 12, 31),
    )
    data.update(period_wording="irgendwann bald", version=element_version(measure))
    response = staff_client.post(url, data)
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.period_wording == "01.03.2015–31.12.2016"


def test_exchange_round_trips_measure_times(timed):
    data = json.loads(dumps(edition_export(timed.edition)))
    first = data["fields_of_action"][0]["measures"][0]
    assert (first["period_wording"], first["period_edtf"]) == ("seit 2012", "2012/..")
    imported = edition_import(municipality=timed.other_town, data=data)
    assert json.loads(dumps(edition_export(imported))) == data
    data["fields_of_action"][0]["measures"][0]["period_wording"] = "irgendwann bald"
    from concepts.exchange import ImportProblems

    with pytest.raises(ImportProblems) as error:
        edition_import(municipality=timed.other_town, data=data)
    path, message = error.value.problems[0]
    assert path == "$.fields_of_action[0].measures[0].period_wording"
    assert message
