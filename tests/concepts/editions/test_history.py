import datetime
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
    from concepts.services.history import KINDS

    client = client_for("staff")
    for kind, model in KINDS.items():
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
