"""Editing every element in the browser: create, edit, move, delete; locks and conflicts."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concepts import models
from concepts.elements import kind_of
from concepts.services.elements import (
    EditConflict,
    element_delete,
    element_move,
    element_save,
    element_version,
)
from tests import factories


def url(world, name, kind, obj=None, query=""):
    kwargs = {"town": world.town.slug, "edition": world.edition.pk, "kind": kind}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(f"concepts:{name}", kwargs=kwargs) + query


CREATE_DATA = {
    "leitbild": lambda w: {"title": "Integrationsverständnis", "motto": "Willkommen"},
    "leitsaetze": lambda w: {"title": "Integration braucht Nachbarschaft"},
    "kapitel": lambda w: {"part": "A", "title": "Definitionen", "body": "Text"},
    "querschnittsthemen": lambda w: {"title": "Sozialraumorientierung"},
    "handlungsfelder": lambda w: {"title": "Wohnen", "themes": [w.theme.pk]},
    "unterthemen": lambda w: {"field_of_action": w.field.pk, "title": "Frühe Bildung"},
    "leitziele": lambda w: {"field_of_action": w.field.pk, "title": "Alle Kinder lernen Deutsch"},
    "handlungsziele": lambda w: {
        "strategic_goal": w.strategic_goal.pk,
        "title": "Jede Kita hat eine Sprachfachkraft",
    },
    "massnahmen": lambda w: {
        "operational_goals": [w.operational_goal.pk],
        "title": "Sprachkitas",
        "status": "running",
        "origin": "new",
        "staff_fte": "0,5",
        "material_costs": "12.000",
        "starts_on": "2026-01-01",
    },
    "umsetzungsmarker": lambda w: {"measure": w.measure.pk, "title": "Konzept steht"},
    "traeger": lambda w: {
        "measure": w.measure.pk,
        "new_actor_name": "Caritasverband Rheine e. V.",
        "role": "partner",
    },
}


@pytest.mark.parametrize("kind", list(CREATE_DATA))
def test_staff_creates_every_kind_of_element(kind, world, staff_client):
    model = world.elements[kind].__class__
    if kind == "leitbild":
        world.vision.delete()
    before = model.objects.count()
    form_page = staff_client.get(url(world, "element_create", kind))
    assert form_page.status_code == 200 and 'name="version"' in form_page.content.decode()
    response = staff_client.post(url(world, "element_create", kind), CREATE_DATA[kind](world))
    assert response.status_code == 302, response.context["form"].errors
    assert model.objects.count() == before + 1
    created = model.objects.order_by("-pk").first()
    if hasattr(created, "position"):
        siblings = sorted(s.position for s in kind_of(created).siblings(created))
        assert siblings == list(range(1, len(siblings) + 1))
        assert created.position == len(siblings)


def test_measure_created_for_a_goal_takes_its_field_and_german_numbers(world, staff_client):
    staff_client.post(url(world, "element_create", "massnahmen"), CREATE_DATA["massnahmen"](world))
    measure = models.Measure.objects.get(title="Sprachkitas")
    assert measure.field_of_action == world.field
    assert list(measure.operational_goals.all()) == [world.operational_goal]
    assert str(measure.staff_fte) == "0.50"
    assert measure.material_costs == 12000


def test_new_actor_name_creates_the_actor(world, staff_client):
    staff_client.post(url(world, "element_create", "traeger"), CREATE_DATA["traeger"](world))
    actor = models.Actor.objects.get(name="Caritasverband Rheine e. V.")
    assert actor.municipality == world.town
    assert world.measure.involvements.filter(actor=actor, role="partner").exists()


def test_create_link_preselects_the_parent(world, staff_client):
    response = staff_client.get(
        url(
            world,
            "element_create",
            "massnahmen",
            query=f"?handlungsziel={world.operational_goal.pk}",
        )
    )
    form = response.context["form"]
    assert form.initial["operational_goals"] == [world.operational_goal]
    assert form.initial["field_of_action"] == world.field


def test_measure_with_goal_of_another_field_is_refused(world, staff_client):
    other_field = factories.FieldOfActionFactory(edition=world.edition, position=2)
    other_goal = factories.OperationalGoalFactory(
        strategic_goal=factories.StrategicGoalFactory(field_of_action=other_field)
    )
    response = staff_client.post(
        url(world, "element_create", "massnahmen"),
        {
            "field_of_action": world.field.pk,
            "operational_goals": [other_goal.pk],
            "title": "x",
            "status": "planned",
            "origin": "new",
        },
    )
    assert response.status_code == 200
    assert "Bitte nur Ziele" in response.content.decode() or response.context["form"].errors


def test_invalid_date_gets_a_german_message(world, staff_client):
    data = {**CREATE_DATA["massnahmen"](world), "starts_on": "morgen"}
    response = staff_client.post(url(world, "element_create", "massnahmen"), data)
    assert "Bitte ein Datum im Format TT.MM.JJJJ eingeben." in response.content.decode()


EDIT_DATA = {
    "leitbild": lambda w: {"title": "Leitbild neu"},
    "leitsaetze": lambda w: {"title": "Leitsatz neu"},
    "kapitel": lambda w: {"part": "B", "title": "Kapitel neu", "field_of_action": w.field.pk},
    "querschnittsthemen": lambda w: {"title": "Thema neu"},
    "handlungsfelder": lambda w: {"title": "Feld neu"},
    "unterthemen": lambda w: {"field_of_action": w.field.pk, "title": "Unterthema neu"},
    "leitziele": lambda w: {"field_of_action": w.field.pk, "title": "Leitziel neu"},
    "handlungsziele": lambda w: {"strategic_goal": w.strategic_goal.pk, "title": "HZ neu"},
    "massnahmen": lambda w: {
        "field_of_action": w.field.pk,
        "title": "Maßnahme neu",
        "status": "completed",
        "origin": "existing",
    },
    "umsetzungsmarker": lambda w: {"measure": w.measure.pk, "title": "Marker neu", "done": "on"},
    "traeger": lambda w: {
        "measure": w.measure.pk,
        "actor": w.involvement.actor_id,
        "role": "funder",
    },
}


@pytest.mark.parametrize("kind", list(EDIT_DATA))
def test_staff_edits_every_kind_of_element(kind, world, staff_client):
    obj = world.elements[kind]
    data = {**EDIT_DATA[kind](world), "version": element_version(obj)}
    response = staff_client.post(url(world, "element_update", kind, obj), data)
    assert response.status_code == 302, response.context["form"].errors
    obj.refresh_from_db()
    if kind == "traeger":
        assert obj.role == "funder"
    else:
        assert "neu" in str(obj.title)


@pytest.mark.parametrize("kind", list(EDIT_DATA))
def test_staff_deletes_every_kind_of_element(kind, world, staff_client):
    obj = world.elements[kind]
    page = staff_client.get(url(world, "element_delete", kind, obj))
    assert page.status_code == 200
    assert "löschen?" in page.content.decode()
    response = staff_client.post(url(world, "element_delete", kind, obj))
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_delete_confirmation_lists_what_goes_with_the_field(world, staff_client):
    page = staff_client.get(url(world, "element_delete", "handlungsfelder", world.field))
    text = page.content.decode()
    assert "Mit diesem Element wird auch gelöscht" in text
    for child in (
        world.strategic_goal,
        world.operational_goal,
        world.measure,
        world.milestone,
        world.chapter,
        world.sub_theme,
    ):
        assert str(child) in text, child
    assert "Leitziele (1)" in text and "Umsetzungsmarker (1)" in text


def test_delete_confirmation_of_a_leaf_says_nothing_else_goes(world, staff_client):
    page = staff_client.get(url(world, "element_delete", "umsetzungsmarker", world.milestone))
    assert "Nichts anderes hängt an diesem Element" in page.content.decode()


def test_move_and_delete_keep_positions_dense(world):
    fields = [world.field] + [
        factories.FieldOfActionFactory(edition=world.edition, position=p) for p in (5, 9)
    ]
    element_move(obj=fields[2], direction="up")
    order = list(
        models.FieldOfAction.objects.for_edition(world.edition).values_list("pk", "position")
    )
    assert order == [(fields[0].pk, 1), (fields[2].pk, 2), (fields[1].pk, 3)]
    element_move(obj=fields[0], direction="up")  # already first: nothing changes
    assert models.FieldOfAction.objects.get(pk=fields[0].pk).position == 1
    element_delete(obj=fields[2], edition=world.edition)
    assert list(
        models.FieldOfAction.objects.for_edition(world.edition).values_list("pk", "position")
    ) == [(fields[0].pk, 1), (fields[1].pk, 2)]


def test_move_view_moves_down_and_returns(world, staff_client):
    second = factories.GuidingPrincipleFactory(edition=world.edition, position=2)
    response = staff_client.post(
        url(world, "element_move", "leitsaetze", world.principle),
        {"direction": "down", "next": "/rheine/konzept/"},
    )
    # back at the moved element's buttons, not at the page top
    assert response["Location"] == f"/rheine/konzept/#verschieben-leitsaetze-{world.principle.pk}"
    second.refresh_from_db()
    world.principle.refresh_from_db()
    assert (second.position, world.principle.position) == (1, 2)


def test_goal_moved_to_another_leitziel_goes_last_and_closes_the_gap(world, staff_client):
    other = factories.StrategicGoalFactory(field_of_action=world.field, position=2)
    factories.OperationalGoalFactory(strategic_goal=other, position=1)
    staying = factories.OperationalGoalFactory(strategic_goal=world.strategic_goal, position=2)
    goal = world.operational_goal
    staff_client.post(
        url(world, "element_update", "handlungsziele", goal),
        {"strategic_goal": other.pk, "title": goal.title, "version": element_version(goal)},
    )
    goal.refresh_from_db()
    staying.refresh_from_db()
    assert (goal.strategic_goal, goal.position, staying.position) == (other, 2, 1)


@pytest.mark.parametrize("role", ["member", "council"])
def test_readers_see_everything_without_edit_buttons(role, world, client_for):
    client = client_for(role)
    pages = [
        reverse("concepts:edition_detail", args=[world.town.slug, world.edition.pk]),
        reverse("concepts:tree", args=[world.town.slug, world.edition.pk]),
        reverse("concepts:field_detail", args=[world.town.slug, world.edition.pk, world.field.pk]),
        reverse(
            "concepts:measure_detail", args=[world.town.slug, world.edition.pk, world.measure.pk]
        ),
    ]
    for page in pages:
        text = client.get(page).content.decode()
        assert world.measure.title in text or world.field.title in text
        assert "Bearbeiten" not in text and "Löschen" not in text and "/neu/" not in text
    staff_text = client_for("staff").get(pages[1]).content.decode()
    assert "Bearbeiten" in staff_text and "/neu/" in staff_text


@pytest.mark.parametrize("kind", ["handlungsfelder", "massnahmen", "traeger"])
def test_readers_get_403_on_edit_urls(kind, world, client_for):
    obj = world.elements[kind]
    for role in ("member", "council"):
        client = client_for(role)
        assert client.get(url(world, "element_update", kind, obj)).status_code == 403
        assert client.post(url(world, "element_delete", kind, obj)).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_element_of_another_town_is_not_found(world, staff_client):
    foreign = factories.FieldOfActionFactory(edition=world.other_edition)
    assert (
        staff_client.get(url(world, "element_update", "handlungsfelder", foreign)).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("status", "word"),
    [
        (models.Edition.Status.ADOPTED, "beschlossen"),
        (models.Edition.Status.SUPERSEDED, "abgelöst"),
    ],
)
def test_locked_edition_refuses_edits(status, word, world, staff_client):
    edition = world.edition
    edition.status = status
    edition.adopted_on = "2024-05-01"
    edition.save()
    with pytest.raises(ValidationError) as refused:
        element_save(obj=models.FieldOfAction(edition=edition, title="Neu"), edition=edition)
    assert f"Diese Fassung ist {word}" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        element_delete(obj=world.field, edition=edition)
    with pytest.raises(ValidationError):
        element_move(obj=world.field, direction="down")

    response = staff_client.post(
        url(world, "element_update", "handlungsfelder", world.field),
        {"title": "Geändert", "version": element_version(world.field)},
        follow=True,
    )
    assert (
        f"Diese Fassung ist {word} und kann nicht mehr geändert werden" in response.content.decode()
    )
    world.field.refresh_from_db()
    assert world.field.title != "Geändert"
    response = staff_client.post(url(world, "element_delete", "massnahmen", world.measure))
    assert models.Measure.objects.filter(pk=world.measure.pk).exists()
    tree = staff_client.get(reverse("concepts:tree", args=[world.town.slug, edition.pk]))
    assert "Bearbeiten" not in tree.content.decode()


class TestConcurrentEdits:
    def test_later_save_is_refused_and_shows_the_other_change(self, world, client_for):
        measure = world.measure
        opened = element_version(measure)  # both open the form now
        first = client_for("staff")
        data = {
            "field_of_action": world.field.pk,
            "operational_goals": [world.operational_goal.pk],
            "title": measure.title,
            "status": "running",
            "origin": "new",
            "responsible_person": "Sabine Krüger",
            "version": opened,
        }
        assert (
            first.post(url(world, "element_update", "massnahmen", measure), data).status_code == 302
        )

        second = client_for("staff")  # the same person in a second tab, or a colleague
        second_data = {
            **data,
            "status": "suspended",
            "responsible_person": "",
            "title": "Mein Titel",
        }
        response = second.post(url(world, "element_update", "massnahmen", measure), second_data)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Nicht gespeichert: Jemand anderes hat dieses Element inzwischen geändert" in text
        assert "Inzwischen hat jemand anderes gespeichert" in text
        assert "Status" in text and "laufend" in text  # which field, new value
        assert "Verantwortliche Person" in text and "Sabine Krüger" in text
        assert world.users["staff"].get_full_name() in text  # who
        measure.refresh_from_db()
        assert (measure.status, measure.title) == ("running", data["title"])  # nothing overwritten

        # The refused form now carries the current version: saving again is deliberate.
        version = response.context["form"]["version"].value()
        assert version == element_version(measure)
        again = second.post(
            url(world, "element_update", "massnahmen", measure), {**second_data, "version": version}
        )
        assert again.status_code == 302
        measure.refresh_from_db()
        assert measure.status == "suspended"

    def test_conflict_names_the_other_person(self, world, client_for):
        field = world.field
        opened = element_version(field)
        council_editor = world.users["staff"]
        council_editor.first_name, council_editor.last_name = "Sabine", "Krüger"
        council_editor.save()
        client_for("staff").post(
            url(world, "element_update", "handlungsfelder", field),
            {"title": "Sprache", "version": opened},
        )
        response = client_for("superuser").post(
            url(world, "element_update", "handlungsfelder", field),
            {"title": "Sprachförderung", "version": opened},
        )
        text = response.content.decode()
        assert "<td>Sabine Krüger</td>" in text and "<td>Sprache</td>" in text

    def test_service_refuses_a_stale_version(self, world):
        field = world.field
        stale = element_version(field)
        field.title = "Erste Änderung"
        element_save(obj=field, edition=world.edition, version=stale)
        copy = models.FieldOfAction.objects.get(pk=field.pk)
        copy.title = "Zweite Änderung"
        with pytest.raises(EditConflict) as conflict:
            element_save(obj=copy, edition=world.edition, version=stale)
        assert conflict.value.changes[-1].fields == [("Titel", "Erste Änderung")]
        assert "Ihre Änderungen wurden nicht gespeichert" in conflict.value.messages[0]
        assert models.FieldOfAction.objects.get(pk=field.pk).title == "Erste Änderung"

    def test_every_edit_form_carries_a_version(self, world, staff_client):
        for kind, obj in world.elements.items():
            response = staff_client.get(url(world, "element_update", kind, obj))
            assert f'name="version" value="{element_version(obj)}"' in response.content.decode(), (
                kind
            )


def test_next_must_be_a_page_of_this_site(world, staff_client):
    evil = url(world, "element_create", "leitziele", query="?next=javascript:alert(1)")
    assert "javascript:" not in staff_client.get(evil).content.decode()
    response = staff_client.post(
        url(world, "element_create", "leitziele", query="?next=https://example.org/"),
        {"field_of_action": world.field.pk, "title": "Neu"},
    )
    assert response["Location"].startswith("/rheine/")


def test_ticking_a_milestone_dates_it_today_and_overdue_ones_are_marked(world, staff_client):
    from django.utils import timezone

    milestone = world.milestone
    overdue = factories.MilestoneFactory(measure=world.measure, due_on="2020-01-01", position=2)
    page = staff_client.get(
        reverse(
            "concepts:measure_detail", args=[world.town.slug, world.edition.pk, world.measure.pk]
        )
    ).content.decode()
    assert page.count("überfällig") == 1 and overdue.title in page
    staff_client.post(
        url(world, "element_update", "umsetzungsmarker", milestone),
        {
            "measure": world.measure.pk,
            "title": milestone.title,
            "done": "on",
            "version": element_version(milestone),
        },
    )
    milestone.refresh_from_db()
    assert milestone.done and milestone.done_on == timezone.localdate()


def test_same_actor_in_the_same_role_twice_is_refused_in_german(world, staff_client):
    response = staff_client.post(
        url(world, "element_create", "traeger"),
        {"measure": world.measure.pk, "actor": world.involvement.actor_id, "role": "lead"},
    )
    assert response.status_code == 200
    assert "existiert bereits" in response.content.decode()
    assert world.measure.involvements.count() == 1


def test_a_garbled_version_is_a_conflict_not_an_error(world, staff_client):
    response = staff_client.post(
        url(world, "element_update", "handlungsfelder", world.field),
        {"title": "Neu", "version": "kaputt"},
    )
    assert response.status_code == 200
    assert "Inzwischen hat jemand anderes gespeichert" in response.content.decode()
