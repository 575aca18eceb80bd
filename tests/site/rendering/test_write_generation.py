"""Fingerprints remembered until the next write (integration_site/rendering/generation.py):
reused without a query while nothing changed, recomputed after every kind of committed write
(a save, a queryset update, a bulk insert, a delete), never remembered inside a transaction, not
cleared by the worker's progress reports, and keyed by the release."""

from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.urls import reverse

from concepts.models import Measure
from concepts.tree import tree_fingerprint
from integration_site.background import pdfs
from integration_site.background.models import StoredPdf
from integration_site.rendering import generation
from tests import factories
from tests.crawler import pdf_text

# The generation is raised after commits, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def remembering(settings):
    """Remembering on, and this test's connection counting its writes (as every connection of
    a production process does from its start)."""
    settings.REMEMBER_FINGERPRINTS = True
    connection.ensure_connection()
    generation.install(None, connection)
    yield
    connection.execute_wrappers.remove(generation.count_writes)


@pytest.fixture
def edition(world):
    factories.build_concept(world.edition)
    return world.edition


def first_measure(edition):
    return Measure.objects.filter(field_of_action__edition=edition).order_by("pk").first()


def test_a_fingerprint_is_computed_once_until_something_is_written(
    remembering, edition, django_assert_num_queries
):
    first = tree_fingerprint(edition)
    with django_assert_num_queries(0):
        assert tree_fingerprint(edition) == first
    measure = first_measure(edition)
    measure.title = "Sprachcafé im Stadtteilzentrum"
    measure.save()
    with django_assert_num_queries(1):
        changed = tree_fingerprint(edition)
    assert changed != first


@pytest.mark.parametrize("write", ["queryset_update", "bulk_create", "delete"])
def test_every_kind_of_write_gives_the_new_fingerprint(remembering, settings, edition, write):
    before = tree_fingerprint(edition)
    measure = first_measure(edition)
    if write == "queryset_update":
        # A move saves the position alone, with QuerySet.update: no model signal is sent.
        Measure.objects.filter(pk=measure.pk).update(position=measure.position + 100)
    elif write == "bulk_create":
        Measure.objects.bulk_create(
            [Measure(field_of_action=measure.field_of_action, title="Neu", position=999)]
        )
    else:
        measure.delete()
    after = tree_fingerprint(edition)
    assert after != before
    settings.REMEMBER_FINGERPRINTS = False
    assert after == tree_fingerprint(edition)  # what a fresh computation gives


def test_a_rolled_back_write_changes_nothing_and_nothing_is_remembered_inside_a_transaction(
    remembering, edition, django_assert_num_queries
):
    before = tree_fingerprint(edition)
    counter = generation.current()
    measure = first_measure(edition)
    with pytest.raises(RuntimeError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(position=measure.position + 100)
        # Inside the transaction its own write is seen: computed, not taken from memory …
        assert tree_fingerprint(edition) != before
        raise RuntimeError
    # … and after the rollback neither the counter nor the remembered value changed.
    assert generation.current() == counter
    with django_assert_num_queries(0):
        assert tree_fingerprint(edition) == before


def test_one_transaction_raises_the_counter_once_after_its_commit(remembering, edition):
    counter = generation.current()
    with transaction.atomic():
        for n, measure in enumerate(Measure.objects.filter(field_of_action__edition=edition)):
            Measure.objects.filter(pk=measure.pk).update(title=f"Maßnahme {n}")
        assert generation.current() == counter  # not before the commit
    assert generation.current() == counter + 1


def test_the_workers_progress_reports_do_not_clear_the_fingerprints(remembering, edition):
    tree_fingerprint(edition)
    counter = generation.current()
    document = pdfs.stored_pdf("concept", {"edition": edition.pk})
    StoredPdf.objects.filter(pk=document.pk).update(progress=50, step="Halbzeit")
    assert generation.current() == counter


def test_the_release_is_part_of_the_key(remembering, edition, monkeypatch):
    first = tree_fingerprint(edition)
    calls = []
    original = generation.remembered

    def counting(parts, compute, using="default"):
        return original(parts, lambda: calls.append(1) or compute(), using)

    monkeypatch.setattr(generation, "remembered", counting)
    tree_fingerprint(edition)
    assert calls == []
    monkeypatch.setattr(generation, "release", lambda: "eine-andere-fassung")
    assert tree_fingerprint(edition) == first
    assert calls == [1]  # computed anew: another release never reads this one's fingerprints


def test_the_release_hash_follows_the_files_content(settings, tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "seite.html"
    page.write_text("<p>eins</p>")
    settings.BASE_DIR = tmp_path
    generation.release.cache_clear()
    try:
        first = generation.release()
        page.write_text("<p>zwei</p>")
        generation.release.cache_clear()
        assert generation.release() != first
    finally:
        generation.release.cache_clear()


def test_a_pdf_download_is_served_from_storage_with_a_remembered_fingerprint(
    remembering, edition, staff_client
):
    url = reverse("concepts:edition_pdf", kwargs={"town": "rheine", "edition": edition.pk})
    assert staff_client.get(url)["Content-Type"] == "application/pdf"  # rendered (immediate)
    staff_client.get(url)
    calls = []
    kind = pdfs.pdf_kind("concept")
    original = kind.fingerprint
    object.__setattr__(kind, "fingerprint", lambda params: calls.append(1) or original(params))
    try:
        response = staff_client.get(url)
    finally:
        object.__setattr__(kind, "fingerprint", original)
    assert response["X-PDF-Cache"] == "hit"
    assert calls == []


@pytest.fixture
def replaced_pdf(edition, staff_client):
    """The concept PDF stored, and a render of newer content marked as under way; then
    `refused()` makes computing its fingerprint fail the test."""
    url = reverse("concepts:edition_pdf", kwargs={"town": "rheine", "edition": edition.pk})
    staff_client.get(url)
    document = StoredPdf.objects.get(kind="concept")

    def under_way(state):
        StoredPdf.objects.filter(pk=document.pk).update(state=state, wanted="neuer-stand")

    kind = pdfs.pdf_kind("concept")
    original = kind.fingerprint

    @contextmanager
    def refused():
        def refuse(params):
            raise AssertionError("computed")

        object.__setattr__(kind, "fingerprint", refuse)
        try:
            yield
        finally:
            object.__setattr__(kind, "fingerprint", original)

    return SimpleNamespace(url=url, document=document, under_way=under_way, refused=refused)


def test_the_previous_version_is_served_without_computing_the_current_one(
    remembering, replaced_pdf, staff_client
):
    replaced_pdf.under_way(StoredPdf.State.RUNNING)
    with replaced_pdf.refused():
        previous = staff_client.get(replaced_pdf.url + "?vorherige=1")
    assert previous["Content-Type"] == "application/pdf"
    assert "vorherige-fassung-" in previous["Content-Disposition"]
    # Not while nothing newer is rendered: then the stored file is the current one.
    StoredPdf.objects.filter(pk=replaced_pdf.document.pk).update(
        state=StoredPdf.State.IDLE, wanted=""
    )
    current = staff_client.get(replaced_pdf.url + "?vorherige=1")
    assert "vorherige-fassung-" not in current["Content-Disposition"]


def test_while_a_newer_version_renders_neither_download_nor_wait_page_needs_a_fingerprint(
    remembering, replaced_pdf, staff_client
):
    replaced_pdf.under_way(StoredPdf.State.QUEUED)
    with replaced_pdf.refused():
        download = staff_client.get(replaced_pdf.url)
        page = staff_client.get(replaced_pdf.url + "?warten=1")
    assert download["X-PDF-Version"] == "previous"
    assert "Vorherige Fassung vom" in pdf_text(download.content)
    assert page["Content-Type"].startswith("text/html")
    assert "Vorherige Version" in page.content.decode()
