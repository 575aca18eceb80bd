"""The warm-up at start (integration_site/warmup.py): what the first request would pay for is
done before a worker serves."""

import gc
import io
import logging

import pytest
from django.core.management import call_command
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from integration_site import warmup


def cached_loader():
    loaders = engines["django"].engine.template_loaders
    return next((loader for loader in loaders if isinstance(loader, CachedLoader)), None)


@pytest.fixture(autouse=True)
def _unfrozen():
    """The test process goes on collecting what the warm-up froze."""
    yield
    gc.unfreeze()


def test_every_step_runs_without_an_error(db, caplog):
    loader = cached_loader()
    if loader is not None:
        loader.reset()
    with caplog.at_level(logging.ERROR, logger="integration_site.warmup"):
        steps = warmup.warm_up()
    assert set(steps) == {
        "urls",
        "templates",
        "translations",
        "cache",
        "database",
        "release",
        "gc",
    }
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    if loader is not None:
        # The pages' templates are compiled and kept: the first request compiles none.
        assert "concepts/tree.html" in loader.get_template_cache
        assert "concepts/includes/tree_body.html" in loader.get_template_cache


def test_the_warm_objects_are_kept_out_of_the_garbage_collectors_full_runs(db):
    gc.unfreeze()
    warmup.warm_up()
    # Modules, templates and URL tables are frozen: a full collection no longer walks them.
    assert gc.get_freeze_count() > 50_000
    started = len(gc.get_objects())
    assert started < gc.get_freeze_count()


def test_the_project_templates_are_all_found():
    names = warmup.template_names()
    assert "base.html" in names and "concepts/tree.html" in names
    assert all(not name.startswith("/") for name in names)


def test_a_failing_step_is_logged_and_the_others_still_run(db, monkeypatch, caplog):
    def broken():
        raise RuntimeError("kaputt")

    monkeypatch.setattr(warmup, "_cache", broken)
    with caplog.at_level(logging.ERROR, logger="integration_site.warmup"):
        steps = warmup.warm_up()
    assert "database" in steps and "translations" in steps
    assert any("cache" in r.getMessage() for r in caplog.records)


def test_the_command_prints_the_steps(db):
    out = io.StringIO()
    call_command("warmup", stdout=out)
    assert "templates" in out.getvalue() and "gesamt" in out.getvalue()
