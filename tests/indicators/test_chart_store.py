"""Charts are drawn by the worker when the values change; a cold indicator page reads them."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators import chart_store, charts
from indicators.models import Measurement, StoredChart
from indicators.overview import indicator_rows
from integration_site.background import worker
from tests.factories import IndicatorFactory, MeasurementFactory


@pytest.fixture
def with_worker(monkeypatch):
    """As in production: tasks wait for a worker (the immediate backend then runs them)."""
    monkeypatch.setattr(worker, "needs_worker", lambda: True)


def detail_url(world):
    return reverse("indicators:indicator_detail", args=[world.town.slug, world.indicator.pk])


def keys(indicator):
    return set(StoredChart.objects.filter(indicator=indicator).values_list("key", flat=True))


def test_a_new_value_has_its_charts_drawn_after_the_commit(
    world, with_worker, django_capture_on_commit_callbacks, monkeypatch
):
    before = keys(world.indicator)
    enqueued = []
    task = chart_store.prerender_charts
    monkeypatch.setattr(
        chart_store,
        "prerender_charts",
        SimpleNamespace(enqueue=lambda ids: enqueued.append(ids) or task.enqueue(ids)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementFactory(indicator=world.indicator, year=2024, value=Decimal("14"))
        MeasurementFactory(indicator=world.indicator, year=2025, value=Decimal("16"))
    assert enqueued == [[world.indicator.pk]]  # one task for both values
    after = keys(world.indicator)
    # Large and small, German and English; the charts of the older values are gone.
    assert len(after) == 4 and not after & before
    svg = StoredChart.objects.filter(indicator=world.indicator).first().svg
    assert svg.startswith("<svg") and "2025" in svg


def test_the_cold_page_reads_the_stored_chart_and_draws_nothing(
    world, staff_client, with_worker, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementFactory(indicator=world.indicator, year=2024, value=Decimal("14"))
    cache.clear()

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn in the request")

    monkeypatch.setattr(charts, "_render", no_drawing)
    response = staff_client.get(detail_url(world))
    assert response.status_code == 200
    stored = StoredChart.objects.filter(indicator=world.indicator).values_list("svg", flat=True)
    assert any(svg in response.content.decode() for svg in stored)


def test_a_changed_value_replaces_the_charts(
    world, with_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementFactory(indicator=world.indicator, year=2024, value=Decimal("14"))
    first = keys(world.indicator)
    with django_capture_on_commit_callbacks(execute=True):
        Measurement.objects.filter(pk=world.measurement.pk).first().delete()
    assert keys(world.indicator) and not keys(world.indicator) & first


def test_without_a_worker_nothing_is_drawn_ahead(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementFactory(indicator=world.indicator, year=2024)
    assert not StoredChart.objects.exists()
    # The page still draws its chart itself.
    cache.clear()
    assert chart_store.stored_svg("indicator-chart:none") is None


def test_a_page_with_many_charts_looks_them_up_in_one_query(
    world, with_worker, django_capture_on_commit_callbacks, django_assert_num_queries
):
    others = [
        IndicatorFactory(operational_goal=world.goal, code=f"X{n}", name=f"Weitere {n}")
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for n, indicator in enumerate([world.indicator, *others]):
            MeasurementFactory(indicator=indicator, year=2024, value=Decimal(10 + n))
    rows = indicator_rows([world.indicator, *others])
    cache.clear()
    charts_of = [(row.indicator, row.series, row.status.status, "large") for row in rows]
    with django_assert_num_queries(1):
        charts.cache_stored_charts(charts_of)
    with django_assert_num_queries(0):
        svgs = [charts.indicator_chart_svg(*chart[:3], stored=False) for chart in charts_of]
    assert all(svg.startswith("<svg") for svg in svgs)
