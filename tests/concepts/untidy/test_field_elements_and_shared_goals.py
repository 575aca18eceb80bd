"""Issue 14, points 6 and 7: measures under sub-themes, Schwerpunkte and named sections of a
field, in order on the pages and in the PDF; a shared Handlungsziel in full once and as a
numbered reference under every further Leitziel it serves."""

import copy
import json

import pytest
from django.urls import reverse

from concepts import document
from concepts.exchange import ImportProblems
from concepts.exchange.export import dumps, edition_export
from concepts.exchange.load import edition_import
from concepts.models import (
    Edition,
    FieldOfAction,
    FieldSection,
    FocusArea,
    Measure,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
)
from concepts.services.editions import edition_publish
from tests.concepts.untidy.conftest import pdf_flat


@pytest.fixture
def big_city(world):
    """A field shaped like a big city's concept: a named section, Schwerpunkte, a sub-theme
    with measures but no goals, and one list of Handlungsziele shared by two Leitziele."""
    edition = world.edition
    field = FieldOfAction.objects.create(
        edition=edition, position=1, title="Arbeit und Ausbildung", description="Einleitung."
    )
    FieldSection.objects.create(
        field_of_action=field, position=1, title="Handlungsbedarf", body="Zu wenige Plätze."
    )
    FieldSection.objects.create(
        field_of_action=field, position=2, title="Bestehende Angebote", body="Jobcafé."
    )
    FocusArea.objects.create(field_of_action=field, position=1, title="Ausbildung zuerst")
    FocusArea.objects.create(field_of_action=field, position=2, title="Anerkennung beschleunigen")
    sub = SubTheme.objects.create(field_of_action=field, position=1, title="Übergang Schule–Beruf")
    in_sub = Measure.objects.create(
        field_of_action=field,
        position=1,
        sub_theme=sub,
        description="Patenschaften für Auszubildende, ohne eigenen Titel.",
    )
    sg1 = StrategicGoal.objects.create(
        field_of_action=field, position=1, title="Teilhabe an Arbeit"
    )
    sg2 = StrategicGoal.objects.create(
        field_of_action=field, position=2, title="Fachkräfte sichern"
    )
    sg3 = StrategicGoal.objects.create(field_of_action=field, position=3, title="Selbstständigkeit")
    shared = OperationalGoal.objects.create(
        field_of_action=field, strategic_goal=sg1, position=1, title="Beratung aus einer Hand"
    )
    shared.also_serves.add(sg2, sg3)
    world.field, world.sub, world.in_sub, world.shared = field, sub, in_sub, shared
    world.sg1, world.sg2, world.sg3 = sg1, sg2, sg3
    return world


def test_pdf_prints_sections_focus_areas_and_sub_theme_measures_in_order(big_city, tmp_path):
    flat = pdf_flat(document.concept_pdf(big_city.edition), tmp_path)
    order = [
        "Handlungsbedarf",
        "Zu wenige Plätze.",
        "Bestehende Angebote",
        "Schwerpunkte",
        "Ausbildung zuerst",
        "Anerkennung beschleunigen",
        "Übergang Schule–Beruf",
        "Patenschaften für Auszubildende",
        "Leitziel 1.1",
    ]
    positions = [flat.find(text) for text in order]
    assert -1 not in positions, list(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    # Listed under its sub-theme, not under "Weitere Maßnahmen im Handlungsfeld".
    assert "Weitere Maßnahmen im Handlungsfeld" not in flat


def test_pdf_prints_a_shared_goal_once_and_refers_to_it_elsewhere(big_city, tmp_path):
    flat = pdf_flat(document.concept_pdf(big_city.edition), tmp_path)
    assert flat.count("Beratung aus einer Hand") == 3  # in full once, two references
    assert flat.count("siehe 1.1.1") == 2
    after_sg2 = flat.split("Leitziel 1.2")[1]
    assert after_sg2.index("siehe 1.1.1") < after_sg2.index("Leitziel 1.3")
    assert "Noch keine Maßnahme zu diesem Ziel." in flat.split("Leitziel 1.2")[0]


def test_whole_concept_page_shows_the_field_elements(big_city, staff_client):
    page = staff_client.get(
        reverse("concepts:tree", args=[big_city.town.slug, big_city.edition.pk])
    ).content.decode()
    for text in ("Handlungsbedarf", "Ausbildung zuerst", "Übergang Schule–Beruf", "Patenschaften"):
        assert text in page
    assert (
        page.index("Handlungsbedarf")
        < page.index("Ausbildung zuerst")
        < page.index("Maßnahmen im Unterthema „Übergang Schule–Beruf“")
    )
    assert "Maßnahmen ohne Zielzuordnung" not in page


def test_field_page_lets_staff_add_sections_and_focus_areas(big_city, staff_client):
    world = big_city
    page = staff_client.get(
        reverse("concepts:field_detail", args=[world.town.slug, world.edition.pk, world.field.pk])
    ).content.decode()
    assert "Abschnitte und Schwerpunkte" in page
    create = reverse(
        "concepts:element_create",
        kwargs={"town": world.town.slug, "edition": world.edition.pk, "kind": "schwerpunkte"},
    )
    response = staff_client.post(
        create, {"field_of_action": world.field.pk, "title": "Frauen in Arbeit"}
    )
    assert response.status_code == 302
    assert list(world.field.focus_areas.values_list("title", "position")) == [
        ("Ausbildung zuerst", 1),
        ("Anerkennung beschleunigen", 2),
        ("Frauen in Arbeit", 3),
    ]


def test_a_measure_may_only_sit_under_a_sub_theme_of_its_own_field(big_city, staff_client):
    world = big_city
    other = FieldOfAction.objects.create(edition=world.edition, position=2, title="Wohnen")
    foreign = SubTheme.objects.create(field_of_action=other, position=1, title="Quartier")
    create = reverse(
        "concepts:element_create",
        kwargs={"town": world.town.slug, "edition": world.edition.pk, "kind": "massnahmen"},
    )
    response = staff_client.post(
        create, {"field_of_action": world.field.pk, "title": "Neu", "sub_theme": foreign.pk}
    )
    assert response.status_code == 200
    assert not Measure.objects.filter(title="Neu").exists()


def test_public_view_shows_the_field_elements_and_the_shared_reference(big_city, client):
    edition = big_city.edition
    Edition.objects.filter(pk=edition.pk).update(status="adopted", adopted_on="2021-06-01")
    edition.refresh_from_db()
    edition_publish(edition=edition, public=True, user=big_city.users["staff"])
    html = client.get(
        f"/{big_city.town.slug}/oeffentlich/{edition.pk}/handlungsfelder/{big_city.field.pk}/"
    ).content.decode()
    for text in ("Handlungsbedarf", "Ausbildung zuerst", "Unterthema: Übergang Schule–Beruf"):
        assert text in html
    assert "Patenschaften für Auszubildende" in html
    assert html.count("siehe 1.1.1") == 2
    assert html.count('id="handlungsziel-%d"' % big_city.shared.pk) == 1


def test_exchange_carries_sections_focus_areas_and_sub_theme_measures(big_city):
    data = json.loads(dumps(edition_export(big_city.edition)))
    field = data["fields_of_action"][0]
    assert [s["title"] for s in field["sections"]] == ["Handlungsbedarf", "Bestehende Angebote"]
    assert [a["title"] for a in field["focus_areas"]] == [
        "Ausbildung zuerst",
        "Anerkennung beschleunigen",
    ]
    assert field["measures"][0]["sub_theme"] == field["sub_themes"][0]["key"]
    imported = edition_import(municipality=big_city.other_town, data=data)
    assert Measure.objects.for_edition(imported).get().sub_theme.title == "Übergang Schule–Beruf"
    assert json.loads(dumps(edition_export(imported))) == data


def test_version_1_file_without_the_new_elements_still_imports(big_city):
    data = json.loads(dumps(edition_export(big_city.edition)))
    for field in data["fields_of_action"]:
        del field["sections"], field["focus_areas"]
        for measure in field["measures"]:
            del measure["sub_theme"]
    imported = edition_import(municipality=big_city.other_town, data=data)
    assert not FocusArea.objects.for_edition(imported).exists()
    assert Measure.objects.for_edition(imported).get().sub_theme is None


def test_also_serves_a_leitziel_of_another_field_is_refused_like_the_form(big_city):
    other = FieldOfAction.objects.create(edition=big_city.edition, position=2, title="Wohnen")
    StrategicGoal.objects.create(field_of_action=other, position=1, title="Gut wohnen")
    data = json.loads(dumps(edition_export(big_city.edition)))
    bad = copy.deepcopy(data)
    bad["fields_of_action"][0]["operational_goals"][0]["also_serves"].append("HF2-LZ1")
    with pytest.raises(ImportProblems) as error:
        edition_import(municipality=big_city.other_town, data=bad)
    assert error.value.problems == [
        (
            "$.fields_of_action[0].operational_goals[0].also_serves[2]",
            "„HF2-LZ1“ gehört zu einem anderen Handlungsfeld.",
        )
    ]


def test_a_measure_under_another_fields_sub_theme_is_refused(big_city):
    other = FieldOfAction.objects.create(edition=big_city.edition, position=2, title="Wohnen")
    SubTheme.objects.create(field_of_action=other, position=1, title="Quartier")
    data = json.loads(dumps(edition_export(big_city.edition)))
    data["fields_of_action"][0]["measures"][0]["sub_theme"] = "HF2-U1"
    with pytest.raises(ImportProblems) as error:
        edition_import(municipality=big_city.other_town, data=data)
    assert error.value.problems == [
        (
            "$.fields_of_action[0].measures[0].sub_theme",
            "„HF2-U1“ gehört zu einem anderen Handlungsfeld.",
        )
    ]
