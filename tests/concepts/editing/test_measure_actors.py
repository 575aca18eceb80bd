"""The Träger of a measure as rows in the measure form, and at most one federführend Träger."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concepts import models
from concepts.services.elements import element_version, measure_actor_save
from tests import factories

ONE_LEAD = (
    "Eine Maßnahme hat höchstens einen federführenden Träger; "
    "weitere bitte als „beteiligt“ eintragen."
)
LEAD, PARTNER, FUNDER = "lead", "partner", "funder"


def edit_url(world, measure=None):
    measure = measure or world.measure
    return reverse(
        "concepts:element_update",
        kwargs={
            "town": world.town.slug,
            "edition": world.edition.pk,
            "kind": "massnahmen",
            "pk": measure.pk,
        },
    )


def create_url(world):
    return reverse(
        "concepts:element_create",
        kwargs={"town": world.town.slug, "edition": world.edition.pk, "kind": "massnahmen"},
    )


def measure_fields(world, title="Sprachkitas"):
    return {
        "field_of_action": world.field.pk,
        "title": title,
        "status": "running",
        "origin": "new",
    }


def rows_data(existing=(), new=()):
    """POST data of the Träger rows: `existing` as (involvement, role, delete), `new` as
    (actor or None, new name, role); unused empty rows are sent as a browser sends them."""
    data = {}
    rows = [("id", inv, role, delete) for inv, role, delete in existing]
    rows += [("new", actor, name, role) for actor, name, role in new]
    rows += [("empty",)] * 2
    for i, row in enumerate(rows):
        p = f"traeger-{i}-"
        if row[0] == "id":
            _kind, inv, role, delete = row
            data.update({p + "id": inv.pk, p + "actor": inv.actor_id, p + "role": role})
            if delete:
                data[p + "DELETE"] = "on"
        elif row[0] == "new":
            _kind, actor, name, role = row
            data.update(
                {
                    p + "actor": actor.pk if actor else "",
                    p + "new_actor_name": name,
                    p + "role": role,
                }
            )
        else:
            data.update({p + "actor": "", p + "new_actor_name": "", p + "role": PARTNER})
    data.update(
        {
            "traeger-TOTAL_FORMS": len(rows),
            "traeger-INITIAL_FORMS": len(existing),
            "traeger-MIN_NUM_FORMS": 0,
            "traeger-MAX_NUM_FORMS": 1000,
        }
    )
    return data


def involvements(measure):
    return sorted(
        (inv.actor.name, inv.role) for inv in measure.involvements.select_related("actor")
    )


@pytest.fixture
def actors(world):
    return [
        factories.ActorFactory(municipality=world.town, name=name)
        for name in ("Caritas Rheine", "VHS Rheine", "Jobcenter Kreis Steinfurt")
    ]


def test_form_shows_the_rows_with_two_empty_ones(world, staff_client):
    page = staff_client.get(edit_url(world)).content.decode()
    assert "Träger und Akteure" in page
    assert 'name="traeger-TOTAL_FORMS" value="3"' in page  # one Träger, two empty rows
    assert 'name="traeger-0-id"' in page and 'name="traeger-2-new_actor_name"' in page
    assert 'name="traeger-0-DELETE"' in page and "entfernen" in page
    assert 'name="traeger-2-DELETE"' not in page  # nothing to remove in an empty row


def test_rows_are_saved_together_with_the_measure(world, staff_client, actors):
    data = {
        **measure_fields(world, "Sprachkitas neu"),
        "version": element_version(world.measure),
        **rows_data(
            existing=[(world.involvement, LEAD, False)],
            new=[(actors[0], "", PARTNER), (actors[1], "", FUNDER)],
        ),
    }
    response = staff_client.post(edit_url(world), data)
    assert response.status_code == 302, response.context["form"].errors
    world.measure.refresh_from_db()
    assert world.measure.title == "Sprachkitas neu"
    assert involvements(world.measure) == sorted(
        [
            (world.involvement.actor.name, LEAD),
            ("Caritas Rheine", PARTNER),
            ("VHS Rheine", FUNDER),
        ]
    )


def test_a_new_measure_gets_its_rows(world, staff_client, actors):
    data = {
        **measure_fields(world, "Elterncafé"),
        **rows_data(new=[(actors[1], "", LEAD), (None, "Moscheegemeinde Rheine", PARTNER)]),
    }
    response = staff_client.post(create_url(world), data)
    assert response.status_code == 302, response.context["form"].errors
    measure = models.Measure.objects.get(title="Elterncafé")
    assert involvements(measure) == [("Moscheegemeinde Rheine", PARTNER), ("VHS Rheine", LEAD)]


def test_a_row_with_a_new_name_creates_the_actor_in_the_town(world, staff_client):
    data = {
        **measure_fields(world),
        "version": element_version(world.measure),
        **rows_data(
            existing=[(world.involvement, LEAD, False)],
            new=[(None, "  Diakonie Rheine  ", PARTNER)],
        ),
    }
    response = staff_client.post(edit_url(world), data)
    assert response.status_code == 302, response.context["form"].errors
    actor = models.Actor.objects.get(name="Diakonie Rheine")
    assert actor.municipality == world.town
    assert world.measure.involvements.filter(actor=actor, role=PARTNER).exists()


def test_a_row_marked_entfernen_is_deleted(world, staff_client, actors):
    other = models.MeasureActor.objects.create(measure=world.measure, actor=actors[0], role=PARTNER)
    data = {
        **measure_fields(world),
        "version": element_version(world.measure),
        **rows_data(existing=[(world.involvement, LEAD, False), (other, PARTNER, True)]),
    }
    response = staff_client.post(edit_url(world), data)
    assert response.status_code == 302, response.context["form"].errors
    assert not models.MeasureActor.objects.filter(pk=other.pk).exists()
    assert models.MeasureActor.objects.filter(pk=world.involvement.pk).exists()
    assert models.Actor.objects.filter(pk=actors[0].pk).exists()  # the Akteur stays


def test_two_leads_are_refused_at_the_row_and_nothing_is_saved(world, staff_client, actors):
    before = involvements(world.measure)
    data = {
        **measure_fields(world, "Darf nicht gespeichert werden"),
        "version": element_version(world.measure),
        **rows_data(
            existing=[(world.involvement, LEAD, False)],
            new=[(actors[0], "", LEAD), (None, "Neuer Verein", PARTNER)],
        ),
    }
    response = staff_client.post(edit_url(world), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(ONE_LEAD) >= 2  # in the summary above the form and at the row
    rows = response.context["form"].actors
    assert ONE_LEAD in rows.forms[1].errors["role"]
    assert ONE_LEAD in response.context["form"].non_field_errors()
    world.measure.refresh_from_db()
    assert world.measure.title != "Darf nicht gespeichert werden"
    assert involvements(world.measure) == before
    assert not models.Actor.objects.filter(name="Neuer Verein").exists()


def test_an_invalid_row_saves_nothing(world, staff_client, actors):
    away = factories.ActorFactory()  # another town's Akteur
    data = {
        **measure_fields(world, "Darf nicht gespeichert werden"),
        "version": element_version(world.measure),
        **rows_data(
            existing=[(world.involvement, LEAD, True)],
            new=[(away, "", PARTNER), (None, "Neuer Verein", PARTNER)],
        ),
    }
    response = staff_client.post(edit_url(world), data)
    assert response.status_code == 200
    assert "Bitte die markierten Zeilen bei „Träger und Akteure“ prüfen." in (
        response.content.decode()
    )
    world.measure.refresh_from_db()
    assert world.measure.title != "Darf nicht gespeichert werden"
    assert models.MeasureActor.objects.filter(pk=world.involvement.pk).exists()
    assert not models.Actor.objects.filter(name="Neuer Verein").exists()


def test_a_row_naming_another_measures_traeger_changes_nothing(world, staff_client):
    other = factories.MeasureActorFactory(
        measure=factories.MeasureFactory(field_of_action=world.field, position=2), role=PARTNER
    )
    for delete in (False, True):
        data = {
            **measure_fields(world),
            "version": element_version(world.measure),
            **rows_data(existing=[(other, FUNDER, delete)]),
        }
        response = staff_client.post(edit_url(world), data)
        if not delete:
            assert response.status_code == 200
            assert "Diese Zeile gibt es bei dieser Maßnahme nicht mehr." in (
                response.content.decode()
            )
        other.refresh_from_db()  # still there, unchanged
        assert other.role == PARTNER
        assert world.measure.involvements.count() == 1


def test_a_row_without_actor_or_name_is_refused(world, staff_client):
    data = {
        **measure_fields(world),
        "version": element_version(world.measure),
        **rows_data(existing=[(world.involvement, LEAD, False)]),
        "traeger-0-actor": "",
    }
    response = staff_client.post(edit_url(world), data)
    assert response.status_code == 200
    assert "Bitte einen Akteur wählen oder einen neuen Namen eingeben." in (
        response.content.decode()
    )


def test_swapping_the_lead_in_one_save_is_accepted(world, staff_client, actors):
    other = models.MeasureActor.objects.create(measure=world.measure, actor=actors[0], role=PARTNER)
    data = {
        **measure_fields(world),
        "version": element_version(world.measure),
        **rows_data(existing=[(world.involvement, PARTNER, False), (other, LEAD, False)]),
    }
    response = staff_client.post(edit_url(world), data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(world.measure.involvements.filter(role=LEAD).values_list("pk", flat=True)) == [
        other.pk
    ]


def test_a_post_without_rows_leaves_the_traeger_alone(world, staff_client):
    data = {**measure_fields(world, "Nur der Titel"), "version": element_version(world.measure)}
    response = staff_client.post(edit_url(world), data)
    assert response.status_code == 302
    assert world.measure.involvements.filter(pk=world.involvement.pk).exists()


def test_separate_traeger_page_refuses_a_second_lead(world, staff_client, actors):
    url = reverse(
        "concepts:element_create",
        kwargs={"town": world.town.slug, "edition": world.edition.pk, "kind": "traeger"},
    )
    response = staff_client.post(
        url, {"measure": world.measure.pk, "actor": actors[0].pk, "role": LEAD}
    )
    assert response.status_code == 200
    assert ONE_LEAD in response.content.decode()
    assert world.measure.involvements.count() == 1
    response = staff_client.post(
        url, {"measure": world.measure.pk, "actor": actors[0].pk, "role": PARTNER}
    )
    assert response.status_code == 302


def test_service_refuses_a_second_lead_and_creates_no_actor(world):
    involvement = models.MeasureActor(measure=world.measure, role=LEAD)
    with pytest.raises(ValidationError) as refused:
        measure_actor_save(
            involvement=involvement, edition=world.edition, new_actor_name="Neuer Verein"
        )
    assert refused.value.message_dict == {"role": [ONE_LEAD]}
    assert world.measure.involvements.count() == 1
    assert not models.Actor.objects.filter(name="Neuer Verein").exists()


def test_edit_page_has_a_fixed_query_budget(
    world, staff_client, actors, django_assert_max_num_queries
):
    for actor in actors:
        models.MeasureActor.objects.create(measure=world.measure, actor=actor, role=PARTNER)
    for n in range(20):
        factories.ActorFactory(municipality=world.town, name=f"Verein {n}")
    with django_assert_max_num_queries(18) as captured:
        response = staff_client.get(edit_url(world))
    assert response.status_code == 200
    small = len(captured)
    for n in range(5):
        models.MeasureActor.objects.create(
            measure=world.measure,
            actor=models.Actor.objects.get(name=f"Verein {n}"),
            role=FUNDER,
        )
    with django_assert_max_num_queries(small) as captured:
        response = staff_client.get(edit_url(world))
    assert response.status_code == 200
    assert 'name="traeger-TOTAL_FORMS" value="11"' in response.content.decode()


def test_an_exchange_file_with_two_leads_still_imports(world, staff_client, actors):
    """Files written before the rule keep loading; editing such a measure asks to fix it."""
    from concepts.exchange.export import edition_export
    from concepts.exchange.load import edition_import

    models.MeasureActor.objects.create(measure=world.measure, actor=actors[0], role=LEAD)
    document = edition_export(world.edition)
    imported = edition_import(municipality=world.town, data=document)
    measure = models.Measure.objects.for_edition(imported).get(title=world.measure.title)
    assert measure.involvements.filter(role=LEAD).count() == 2

    rows = list(measure.involvements.select_related("actor"))
    data = {
        **measure_fields(world, "Titel geändert"),
        "field_of_action": measure.field_of_action_id,
        "version": element_version(measure),
        **rows_data(existing=[(row, row.role, False) for row in rows]),
    }
    url = reverse(
        "concepts:element_update",
        kwargs={
            "town": world.town.slug,
            "edition": imported.pk,
            "kind": "massnahmen",
            "pk": measure.pk,
        },
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200 and ONE_LEAD in response.content.decode()
    data["traeger-1-role"] = PARTNER
    assert staff_client.post(url, data).status_code == 302
    assert measure.involvements.filter(role=LEAD).count() == 1
