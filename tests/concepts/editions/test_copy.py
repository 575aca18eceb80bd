import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concepts.exchange.export import dumps, edition_export
from concepts.extensions import ConceptExtension, register, unregister
from concepts.models import (
    Chapter,
    CopyLink,
    Edition,
    FieldOfAction,
    GuidingPrinciple,
    Measure,
    MeasureActor,
    Milestone,
    OperationalGoal,
    StrategicGoal,
    SubTheme,
)
from concepts.services.editions import edition_copy
from tests.concepts.editions.conftest import adopt
from tests.factories import build_concept

COUNTED = [
    (FieldOfAction, "edition"),
    (SubTheme, "field_of_action__edition"),
    (StrategicGoal, "field_of_action__edition"),
    (OperationalGoal, "field_of_action__edition"),
    (Measure, "field_of_action__edition"),
    (MeasureActor, "measure__field_of_action__edition"),
    (Milestone, "measure__field_of_action__edition"),
    (Chapter, "edition"),
    (GuidingPrinciple, "edition"),
]


def counts(edition):
    return {m.__name__: m.objects.filter(**{p: edition}).count() for m, p in COUNTED}


def test_copy_is_deep_and_remembers_its_source(adopted, world):
    copy = edition_copy(
        source=adopted, user=world.users["staff"], title="2. Fortschreibung", year=2026
    )
    assert copy.status == Edition.Status.DRAFT
    assert copy.based_on == adopted
    assert counts(copy) == counts(adopted)
    assert copy.vision.motto == adopted.vision.motto
    # The tree is re-wired inside the copy, never pointing back into the source.
    for goal in OperationalGoal.objects.for_edition(copy):
        assert goal.strategic_goal.field_of_action.edition_id == copy.pk
        assert goal.field_of_action.edition_id == copy.pk
    for measure in Measure.objects.for_edition(copy).prefetch_related("operational_goals"):
        assert [g.field_of_action.edition_id for g in measure.operational_goals.all()] == [copy.pk]
        assert measure.themes.get().edition_id == copy.pk
    shared = OperationalGoal.objects.for_edition(copy).filter(also_serves__isnull=False).get()
    assert shared.also_serves.get().field_of_action.edition_id == copy.pk
    field_chapter = Chapter.objects.filter(edition=copy, field_of_action__isnull=False).first()
    assert field_chapter.field_of_action.edition_id == copy.pk
    assert FieldOfAction.objects.for_edition(copy).first().themes.get().edition_id == copy.pk
    assert (
        CopyLink.objects.filter(edition=copy, model="concepts.measure").count()
        == Measure.objects.for_edition(copy).count()
    )


def test_copy_leaves_the_source_unchanged(adopted, world):
    before = dumps(edition_export(adopted))
    copy = edition_copy(source=adopted, user=world.users["staff"], title="Neu", year=2026)
    assert dumps(edition_export(adopted)) == before
    # The copy says the same, apart from its own title and year.
    after = edition_export(copy)
    after["edition"] = edition_export(adopted)["edition"]
    assert dumps(after) == before


def test_copies_carry_a_history_entry_with_the_reason(adopted, world):
    copy = edition_copy(source=adopted, user=world.users["staff"], title="Neu", year=2026)
    measure = Measure.objects.for_edition(copy).first()
    record = measure.history.get()
    assert record.history_type == "+"
    assert record.history_user == world.users["staff"]
    assert "Fortschreibung aus" in record.history_change_reason


def test_a_draft_cannot_be_copied(world):
    with pytest.raises(ValidationError, match="beschlossene"):
        edition_copy(source=world.edition, user=world.users["staff"], title="x", year=2026)


def test_copy_hook_gives_other_apps_the_mapping(adopted, world):
    received = {}

    def receiver(*, source, target, mapping, user):
        received.update(source=source, target=target, mapping=mapping)

    register(ConceptExtension(name="test-copy", copy=receiver))
    try:
        copy = edition_copy(source=adopted, user=world.users["staff"], title="Neu", year=2026)
    finally:
        unregister("test-copy")
    assert received["target"] == copy
    goals = received["mapping"][OperationalGoal]
    assert set(goals) == set(
        OperationalGoal.objects.for_edition(adopted).values_list("pk", flat=True)
    )
    assert set(goals.values()) == set(
        OperationalGoal.objects.for_edition(copy).values_list("pk", flat=True)
    )


SMALL = {"fields": 1, "strategic": 1, "operational": 1, "measures": 1}
LARGE = {"fields": 8, "strategic": 4, "operational": 4, "measures": 5}


def _copy_queries(world, size):
    edition = Edition.objects.create(concept=world.edition.concept, title="Quelle", year=2020)
    build_concept(edition, **size)
    adopt(edition)
    with CaptureQueriesContext(connection) as ctx:
        copy = edition_copy(source=edition, user=world.users["staff"], title="Kopie", year=2026)
    return len(ctx.captured_queries), CopyLink.objects.filter(edition=copy).count()


@pytest.mark.django_db
def test_copy_runs_a_fixed_number_of_queries(world):
    small, _rows = _copy_queries(world, SMALL)
    large, rows = _copy_queries(world, LARGE)
    # One read, one insert and one history insert per model, one read and insert per M2M
    # link table. Inserts go in batches: 500 rows on PostgreSQL, but only as many as fit
    # SQLite's 999 parameters (about 40 rows of a measure), so the count grows by one query
    # per batch, never per element (3,400 rows copied here: 50 → 69 queries on PostgreSQL,
    # 50 → 139 on SQLite).
    assert small <= 60
    per_batch = 100 if connection.vendor == "postgresql" else 30
    assert large <= small + rows // per_batch, (small, large, rows)


def test_fortschreibung_from_the_browser(adopted, world, client_for):
    from django.urls import reverse

    client = client_for("staff")
    url = reverse("concepts:edition_copy", kwargs={"town": world.town.slug, "edition": adopted.pk})
    from django.utils import timezone

    page = client.get(url)
    # The year it is written in (not the year after a 2021 predecessor).
    assert page.context["form"].initial["year"] == max(timezone.localdate().year, adopted.year + 1)
    # A draft is already in work: the page names it, and a second one needs a confirmation.
    assert world.edition.title in page.content.decode()
    response = client.post(url, {"title": "2. Fortschreibung", "year": "2026"})
    assert response.status_code == 200
    assert "Es gibt schon einen Entwurf in Arbeit" in response.content.decode()
    assert not Edition.objects.filter(title="2. Fortschreibung").exists()
    response = client.post(url, {"title": "2. Fortschreibung", "year": "2026", "parallel": "on"})
    copy = Edition.objects.get(title="2. Fortschreibung")
    assert response.status_code == 302 and response["Location"].endswith(f"/{copy.pk}/")
    assert copy.based_on == adopted
    draft_url = reverse(
        "concepts:edition_copy", kwargs={"town": world.town.slug, "edition": world.edition.pk}
    )
    response = client.post(draft_url, {"title": "Kopie", "year": "2026"})
    assert response.status_code == 200
    assert "beschlossene" in response.content.decode()
    assert not Edition.objects.filter(title="Kopie").exists()


def test_without_a_draft_in_work_no_confirmation_is_asked():
    from concepts.forms.editions import EditionCopyForm

    form = EditionCopyForm({"title": "3. Fortschreibung", "year": "2026"})
    assert "parallel" not in form.fields and form.is_valid()
