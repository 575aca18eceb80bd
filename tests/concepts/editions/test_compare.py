import pytest
from django.urls import reverse

from concepts.models import Edition, FieldOfAction, Measure, OperationalGoal, StrategicGoal
from concepts.services.compare import compare_editions
from concepts.services.editions import edition_copy
from tests.concepts.editions.conftest import adopt
from tests.factories import build_concept


@pytest.fixture
def changed_copy(adopted, world):
    copy = edition_copy(source=adopted, user=world.users["staff"], title="Neu", year=2026)
    measures = list(Measure.objects.for_edition(copy).order_by("pk"))
    measures[0].status = Measure.Status.COMPLETED
    measures[0].title = "Umbenannte Maßnahme"
    measures[0].save()
    measures[1].delete()
    field = FieldOfAction.objects.for_edition(copy).order_by("position").first()
    Measure.objects.create(field_of_action=field, title="Ganz neue Maßnahme", position=99)
    goal = StrategicGoal.objects.for_edition(copy).order_by("pk").first()
    goal.title = "Neu gefasstes Leitziel"
    goal.save()
    return copy


def section(results, key):
    return next(r for r in results if r.section.key == key)


def test_diff_finds_added_removed_and_changed(adopted, changed_copy):
    results = compare_editions(adopted, changed_copy)
    measures = section(results, "massnahmen")
    assert [m.title for m in measures.added] == ["Ganz neue Maßnahme"]
    assert len(measures.removed) == 1
    assert len(measures.changed) == 1
    old, new, changes = measures.changed[0]
    assert {c.label: (c.old, c.new) for c in changes}["Status"] == ("laufend", "abgeschlossen")
    assert new.title == "Umbenannte Maßnahme"
    goals = section(results, "leitziele")
    assert [c.new for c in goals.changed[0][2]] == ["Neu gefasstes Leitziel"]
    assert section(results, "handlungsfelder").is_empty


def test_diff_follows_the_lineage_over_two_generations(adopted, changed_copy, world):
    adopt(changed_copy, on=changed_copy.created.date())
    grandchild = edition_copy(
        source=changed_copy, user=world.users["staff"], title="Dritte", year=2030
    )
    results = compare_editions(adopted, grandchild)
    measures = section(results, "massnahmen")
    assert [m.title for m in measures.added] == ["Ganz neue Maßnahme"]
    assert len(measures.removed) == 1 and len(measures.changed) == 1


def test_unrelated_editions_share_nothing(adopted, world):
    other = Edition.objects.create(concept=adopted.concept, title="Frisch", year=2030)
    build_concept(other, fields=1, strategic=1, operational=1, measures=1)
    results = compare_editions(adopted, other)
    assert len(section(results, "handlungsfelder").added) == 1
    assert len(section(results, "handlungsfelder").removed) == 2


def test_moving_a_goal_to_another_field_counts_as_a_change(adopted, world):
    copy = edition_copy(source=adopted, user=world.users["staff"], title="Neu", year=2026)
    first, second = FieldOfAction.objects.for_edition(copy).order_by("position")
    goal = OperationalGoal.objects.filter(field_of_action=first).first()
    goal.field_of_action = second
    goal.strategic_goal = None
    goal.save()
    changed = section(compare_editions(adopted, copy), "handlungsziele").changed
    assert [c.label for c in changed[0][2]] == ["Handlungsfeld"]


def test_compare_page_shows_the_changes(world, adopted, changed_copy, client_for):
    url = reverse(
        "concepts:edition_compare", kwargs={"town": world.town.slug, "edition": changed_copy.pk}
    )
    html = client_for("council").get(url).content.decode()
    assert "Ganz neue Maßnahme" in html
    assert "Umbenannte Maßnahme" in html
    assert "laufend" in html and "abgeschlossen" in html
    assert "Neu gefasstes Leitziel" in html
    # Choose the direction explicitly, too.
    html = client_for("council").get(url, {"mit": adopted.pk}).content.decode()
    assert "Ganz neue Maßnahme" in html


def test_compare_page_query_count_is_fixed(world, client_for, django_assert_max_num_queries):
    source = Edition.objects.create(concept=world.edition.concept, title="Groß", year=2020)
    build_concept(source, fields=8, strategic=4, operational=4, measures=5)
    adopt(source)
    copy = edition_copy(source=source, user=world.users["staff"], title="Neu", year=2026)
    client = client_for("staff")
    url = reverse("concepts:edition_compare", kwargs={"town": world.town.slug, "edition": copy.pk})
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.status_code == 200
    assert "Vergleich der Fassungen" in response.content.decode()


def test_a_new_lead_counts_as_a_change(adopted, world):
    from concepts.models import MeasureActor

    copy = edition_copy(source=adopted, user=world.users["staff"], title="Neu", year=2026)
    measure = Measure.objects.for_edition(copy).order_by("pk").first()
    MeasureActor.objects.filter(measure=measure, role="partner").delete()
    changed = section(compare_editions(adopted, copy), "massnahmen").changed
    (change,) = changed[0][2]
    assert change.label == "Träger und Akteure"
    assert change.old == "Caritasverband (federführend), Volkshochschule (beteiligt)"
    assert change.new == "Caritasverband (federführend)"
