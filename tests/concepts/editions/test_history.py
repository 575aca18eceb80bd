import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concepts.models import Measure
from concepts.services.editions import element_restore
from concepts.services.history import history_entries, measure_status_timeline
from tests.concepts.editions.conftest import adopt
from tests.factories import MeasureFactory


@pytest.fixture
def measure(world):
    measure = MeasureFactory(
        field_of_action__edition=world.edition, title="Sprachcafé", status="planned"
    )
    measure._history_user = world.users["staff"]
    measure.status = Measure.Status.RUNNING
    measure.starts_on = datetime.date(2026, 3, 1)
    measure.staff_fte = Decimal("0.75")
    measure.save()
    return measure


def history_url(world, kind, pk):
    return reverse(
        "concepts:history",
        kwargs={"town": world.town.slug, "edition": world.edition.pk, "kind": kind, "pk": pk},
    )


def test_history_lists_field_changes_with_german_labels_and_values(measure):
    newest, created = history_entries(measure)
    assert created.kind == "created"
    assert newest.kind == "changed"
    changes = {c.label: (c.old, c.new) for c in newest.changes}
    assert changes["Status"] == ("geplant", "laufend")
    assert changes["Beginn"] == ("—", "01.03.2026")
    assert changes["Personal (VZÄ)"] == ("—", "0,75")
    assert newest.user.username == "stab"


def test_history_page_shows_who_changed_what(world, measure, client_for):
    response = client_for("member").get(history_url(world, "massnahme", measure.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Status" in html and "geplant" in html and "laufend" in html
    assert "Erika Muster" in html  # the staff user's full name
    # Readers see the history but no restore button.
    assert "wiederherstellen" not in html


def test_restoring_an_earlier_state_is_recorded(world, measure, client_for):
    first = measure.history.earliest("history_date")
    url = reverse(
        "concepts:history_restore",
        kwargs={
            "town": world.town.slug,
            "edition": world.edition.pk,
            "kind": "massnahme",
            "pk": measure.pk,
            "history_id": first.history_id,
        },
    )
    response = client_for("staff").post(url)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == Measure.Status.PLANNED
    assert measure.starts_on is None
    latest = measure.history.latest("history_date")
    assert latest.history_change_reason.startswith("wiederhergestellt aus Stand vom ")
    assert latest.history_user == world.users["staff"]
    assert measure.history.count() == 3
    entry = history_entries(measure)[0]
    assert {c.label: c.new for c in entry.changes}["Status"] == "geplant"


def test_locked_edition_refuses_restore(world, measure, client_for):
    first = measure.history.earliest("history_date")
    adopt(world.edition)
    with pytest.raises(ValidationError, match="beschlossen"):
        element_restore(
            element=measure, record=first, edition=world.edition, user=world.users["staff"]
        )
    url = reverse(
        "concepts:history_restore",
        kwargs={
            "town": world.town.slug,
            "edition": world.edition.pk,
            "kind": "massnahme",
            "pk": measure.pk,
            "history_id": first.history_id,
        },
    )
    response = client_for("staff").post(url, follow=True)
    assert "kann nicht mehr geändert werden" in response.content.decode()
    measure.refresh_from_db()
    assert measure.status == Measure.Status.RUNNING


def test_every_kind_of_element_has_a_history_page(world, client_for, adopted):
    from concepts import schema
    from concepts.models import Edition
    from concepts.services.history import history_kinds

    client = client_for("staff")
    for kind, model in history_kinds().items():
        obj = adopted if model is Edition else schema.rows(model, adopted).order_by("pk").first()
        if obj is None:
            continue
        url = reverse(
            "concepts:history",
            kwargs={"town": world.town.slug, "edition": adopted.pk, "kind": kind, "pk": obj.pk},
        )
        assert client.get(url).status_code == 200, kind


def test_element_of_another_edition_or_unknown_kind_is_not_found(world, measure, client_for):
    client = client_for("staff")
    assert client.get(history_url(world, "unsinn", measure.pk)).status_code == 404
    assert client.get(history_url(world, "leitziel", measure.pk)).status_code == 404
    foreign = MeasureFactory(field_of_action__edition=world.other_edition)
    assert client.get(history_url(world, "massnahme", foreign.pk)).status_code == 404


def test_history_page_query_count_does_not_grow_with_entries(
    world, measure, client_for, django_assert_max_num_queries
):
    for n in range(20):
        measure.title = f"Sprachcafé {n}"
        measure.save()
    client = client_for("staff")
    url = history_url(world, "massnahme", measure.pk)
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "Sprachcafé 19" in response.content.decode()


def test_measure_status_timeline(world, measure):
    measure.title = "Nur der Titel"
    measure.save()
    measure.status = Measure.Status.COMPLETED
    measure.save()
    timeline = measure_status_timeline(measure)
    assert [(s["old"], s["new"]) for s in timeline] == [
        (None, "geplant"),
        ("geplant", "laufend"),
        ("laufend", "abgeschlossen"),
    ]
    assert timeline[1]["user"] == world.users["staff"]


def test_status_timeline_include_renders(world, measure):
    from django.template.loader import render_to_string

    html = render_to_string(
        "concepts/includes/status_timeline.html", {"timeline": measure_status_timeline(measure)}
    )
    assert "Statusverlauf" in html and "geplant → " in html and "laufend" in html


def test_measure_history_shows_lead_and_partners(world, measure):
    from concepts.models import MeasureActor
    from tests.factories import ActorFactory

    caritas = ActorFactory(municipality=world.town, name="Caritas")
    involvement = MeasureActor.objects.create(measure=measure, actor=caritas, role="lead")
    involvement.role = "partner"
    involvement.save()
    involvement.delete()
    changes = [e.changes[0] for e in history_entries(measure) if e.kind == "involvement"]
    assert [(c.old, c.new) for c in changes] == [
        ("Caritas (beteiligt)", "—"),
        ("Caritas (federführend)", "Caritas (beteiligt)"),
        ("—", "Caritas (federführend)"),
    ]
    assert changes[0].label == "Träger und Akteure"
    current = [e for e in history_entries(measure) if e.current]
    assert len(current) == 1 and current[0].kind == "changed"


def test_history_url_tag(world, measure):
    from django.template import Context, Template

    html = Template("{% load concept_history %}{% history_url measure %}").render(
        Context({"measure": measure, "edition": world.edition, "municipality": world.town})
    )
    assert html == history_url(world, "massnahme", measure.pk)


def restore_url(world, kind, element, record):
    return reverse(
        "concepts:history_restore",
        kwargs={
            "town": world.town.slug,
            "edition": world.edition.pk,
            "kind": kind,
            "pk": element.pk,
            "history_id": record.history_id,
        },
    )


def test_restore_after_a_move_keeps_the_position_and_the_numbers_unique(world, client_for):
    from concepts.models import StrategicGoal
    from concepts.services.elements import element_move
    from tests.factories import FieldOfActionFactory, StrategicGoalFactory

    field = FieldOfActionFactory(edition=world.edition, position=1)
    first = StrategicGoalFactory(field_of_action=field, position=1, title="Deutsch lernen")
    second = StrategicGoalFactory(field_of_action=field, position=2, title="Kita für alle")
    original = first.history.earliest("history_date")
    first.title = "Deutsch lernen von Anfang an"
    first.save()
    element_move(obj=first, direction="down")  # now 1.2; "Kita für alle" is 1.1

    staff = client_for("staff")
    response = staff.post(restore_url(world, "leitziel", first, original))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title == "Deutsch lernen"  # the content is back …
    assert (first.position, second.position) == (2, 1)  # … its place is not
    numbers = [g.number for g in StrategicGoal.objects.filter(field_of_action=field)]
    assert sorted(numbers) == ["1.1", "1.2"]
    assert first.number == "1.2"
    page = staff.get(
        reverse("concepts:field_detail", args=[world.town.slug, world.edition.pk, field.pk])
    ).content.decode()
    labels = re.findall(r'<span class="tree-label">(Leitziel [\d.]+)</span>', page)
    assert labels == ["Leitziel 1.1", "Leitziel 1.2"]
    assert page.index("Kita für alle") < page.index("Deutsch lernen")


def test_restore_of_a_state_under_another_parent_renumbers_both(world):
    from concepts.models import OperationalGoal
    from tests.factories import (
        FieldOfActionFactory,
        OperationalGoalFactory,
        StrategicGoalFactory,
    )

    field = FieldOfActionFactory(edition=world.edition, position=1)
    one = StrategicGoalFactory(field_of_action=field, position=1)
    two = StrategicGoalFactory(field_of_action=field, position=2)
    a = OperationalGoalFactory(strategic_goal=one, position=1)
    b = OperationalGoalFactory(strategic_goal=one, position=2)
    c = OperationalGoalFactory(strategic_goal=two, position=1)
    original = a.history.earliest("history_date")
    # moved to Leitziel 1.2 through the form (element_save renumbers the old group)
    from concepts.services.elements import element_save
    from integration_site.versions import version_of

    a.strategic_goal = two
    element_save(obj=a, edition=world.edition, version=version_of(a))
    element_restore(element=a, record=original, edition=world.edition, user=None)

    def positions(goal):
        return sorted(
            OperationalGoal.objects.filter(strategic_goal=goal).values_list("pk", "position")
        )

    a.refresh_from_db()
    assert a.strategic_goal_id == one.pk
    assert positions(one) == sorted([(b.pk, 1), (a.pk, 2)])
    assert positions(two) == [(c.pk, 1)]


def test_restore_asks_for_confirmation_and_get_changes_nothing(world, measure, client_for):
    first = measure.history.earliest("history_date")
    url = restore_url(world, "massnahme", measure, first)
    staff = client_for("staff")
    history_page = staff.get(history_url(world, "massnahme", measure.pk)).content.decode()
    assert f'href="{url}"' in history_page  # a link to the confirmation, no direct POST
    response = staff.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Früheren Stand wiederherstellen" in page
    assert "Status" in page and "laufend" in page and "geplant" in page
    assert "Die Stelle in der Reihenfolge und damit die Nummer bleiben" in page
    assert '<form method="post">' in page
    measure.refresh_from_db()
    assert measure.status == Measure.Status.RUNNING and measure.history.count() == 2
    assert client_for("member").get(url).status_code == 403


def test_every_element_page_links_its_history(world, client_for):
    from tests.factories import ChapterFactory, build_concept

    build_concept(world.edition)
    chapter = ChapterFactory(edition=world.edition, part="A", title="Integrationsverständnis")
    field = world.edition.fields_of_action.first()
    goal = field.strategic_goals.first()
    operational = field.operational_goals.filter(strategic_goal=goal).first()
    measure = Measure.objects.filter(field_of_action=field).first()
    client = client_for("council")  # every reader, not only the Stabsstelle

    def links(url):
        return client.get(url).content.decode()

    def href(kind, element):
        return f'href="{history_url(world, kind, element.pk)}"'

    town, edition = world.town.slug, world.edition.pk
    edition_page = links(reverse("concepts:edition_detail", args=[town, edition]))
    assert href("kapitel", chapter) in edition_page
    field_page = links(reverse("concepts:field_detail", args=[town, edition, field.pk]))
    assert href("handlungsfeld", field) in field_page
    assert href("leitziel", goal) in field_page
    assert href("handlungsziel", operational) in field_page
    measure_page = links(reverse("concepts:measure_detail", args=[town, edition, measure.pk]))
    assert href("massnahme", measure) in measure_page


def test_the_editions_history_lists_its_elements_changes(world, measure, client_for):
    page = (
        client_for("member").get(history_url(world, "fassung", world.edition.pk)).content.decode()
    )
    assert "Änderungen an den Elementen der Fassung" in page
    assert f'href="{history_url(world, "massnahme", measure.pk)}">Sprachcafé</a>' in page
    assert "Erika Muster" in page
