"""The whole API against the official OParl 1.1 JSON schemas (vendored in schema/): every list,
every page, every object by its id and every embedded object — 0 violations."""

import pytest

from participation.models import CommitteeMembership, PaperAttachment
from participation.oparl import tombstones, views
from tests.participation.oparl.consumer import API, BODY_LISTS, crawl, fetch, same_object
from tests.participation.oparl.schema_check import problems

OPARL_TYPES = {
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "Location",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def types_of(objects):
    return {obj["type"].rsplit("/", 1)[-1] for obj in objects}


def assert_clean(result):
    assert result.violations == [], "\n".join(result.violations[:30])
    different = [
        where for where, copy in result.copies if not same_object(copy, result.objects[copy["id"]])
    ]
    assert different == [], different[:10]


def test_the_demo_town_has_no_schema_violation(db, media, demo_db, client):
    result = crawl(client)
    assert_clean(result)
    assert types_of(result.objects.values()) == OPARL_TYPES
    assert len(result.objects) > 40 and result.pages > len(result.objects)


def test_small_pages_and_tombstones_have_no_schema_violation(
    world, client, django_capture_on_commit_callbacks, monkeypatch
):
    """Every list paged by 2 (every `next` link followed); then deleted objects, listed with
    modified_since and served by their ids, are valid tombstones too."""
    monkeypatch.setattr(views, "DEFAULT_LIMIT", 2)
    tombstones.reconcile_all()
    result = crawl(client)
    assert_clean(result)
    assert types_of(result.objects.values()) == OPARL_TYPES
    assert sum("page=2" in url for url, _obj in result.copies) > 3
    with django_capture_on_commit_callbacks(execute=True):
        world.oparl.attachment.delete()
        CommitteeMembership.objects.get(pk=world.oparl.chair.pk).delete()
        world.oparl.hfa_item.delete()
        world.oparl.closed_meeting.delete()
    assert not PaperAttachment.objects.filter(pk=world.oparl.attachment.pk).exists()
    body = fetch(client, f"{API}body/{world.town.slug}/")
    deleted = []
    for name in BODY_LISTS:
        url = body[name]
        params = {"modified_since": "2000-01-01T00:00:00+01:00", "limit": 2}
        while url:
            page = fetch(client, url, **params)
            params = {}
            for obj in page["data"]:
                assert problems(obj, where=url) == []
                if obj.get("deleted"):
                    deleted.append(obj)
                    assert fetch(client, obj["id"]) == obj
            url = page["links"].get("next")
    # The chair's membership was Heinz Brüggemann's first: his person id moves to the next one.
    assert types_of(deleted) == {
        "File",
        "Membership",
        "Person",
        "AgendaItem",
        "Meeting",
        "Consultation",
    }
    assert all(set(obj) == {"id", "type", "created", "modified", "deleted"} for obj in deleted)
    assert_clean(crawl(client))  # without modified_since: no tombstone, all still valid
