"""`demo --towns N`: the generated towns of a Rechenzentrum's installation (issue 17, point 6),
and a town's pages cost the same queries whether it is alone or one of several."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concepts.demo.towns import MEDIUM, TOWN_PASSWORD, town_slug
from concepts.models import Edition, Measure, Membership, Municipality
from indicators.models import Indicator, Measurement
from participation.models import Meeting, Paper, WorkingGroup

User = get_user_model()


def pages(slug):
    edition = Edition.objects.get(concept__municipality__slug=slug)
    field = edition.fields_of_action.order_by("position").first()
    measure = Measure.objects.filter(field_of_action=field).order_by("position", "pk").first()
    indicator = Indicator.objects.for_edition(edition).order_by("pk").first()
    group = WorkingGroup.objects.get(municipality__slug=slug)
    paper = Paper.objects.get(municipality__slug=slug)
    number = slug.rsplit("-", 1)[1]
    t, e = {"town": slug}, {"town": slug, "edition": edition.pk}
    staff, member, council = (f"k{number}-{key}" for key in ("stab", "mitglied", "rat"))
    return [
        (reverse("town_home", kwargs=t), member),
        (reverse("concepts:tree", kwargs=e), staff),
        (reverse("concepts:field_detail", kwargs={**e, "pk": field.pk}), staff),
        (reverse("concepts:measure_detail", kwargs={**e, "pk": measure.pk}), staff),
        (reverse("indicators:index", kwargs=t), staff),
        (reverse("indicators:indicator_detail", kwargs={**t, "pk": indicator.pk}), staff),
        (reverse("participation:group_detail", kwargs={**t, "group": group.pk}), member),
        (reverse("participation:meeting_list", kwargs=t), member),
        (reverse("council:paper_list", kwargs=t), council),
        (reverse("council:paper_detail", kwargs={**t, "paper": paper.pk}), council),
        (reverse("oparl:body_papers", kwargs=t), None),
    ]


def query_counts(slug):
    counts = {}
    for url, username in pages(slug):
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        assert client.get(url).status_code == 200, url
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured.captured_queries)
    return counts


@pytest.mark.slow
def test_towns_are_generated_once_and_cost_the_same_queries_as_one_town(db, demo_db):
    # The demo town is there already (demo_db): the command only adds the generated towns.
    out = io.StringIO()
    call_command("demo", "--towns", "1", stdout=out)
    alone = query_counts(town_slug(1))

    call_command("demo", "--towns", "3", stdout=out)
    assert "2 Kommunen" in out.getvalue()
    assert query_counts(town_slug(1)) == alone

    for number in (1, 2, 3):
        town = Municipality.objects.get(slug=town_slug(number))
        edition = Edition.objects.get(concept__municipality=town)
        measures = Measure.objects.for_edition(edition)
        assert measures.filter(operational_goals__isnull=False).count() == 6 * 3 * 3 * 3
        indicators = Indicator.objects.for_edition(edition)
        assert indicators.count() == MEDIUM["indicators"]
        assert Measurement.objects.filter(indicator__in=indicators).count() == 20 * 10
        assert Meeting.objects.filter(municipality=town).count() == 5
        assert Paper.objects.filter(municipality=town, edition=edition).exists()
        assert set(Membership.objects.filter(municipality=town).values_list("role", flat=True)) == {
            Membership.Role.STAFF,
            Membership.Role.MEMBER,
            Membership.Role.COUNCIL,
        }
    assert User.objects.get(username="k003-rat").check_password(TOWN_PASSWORD)

    # A second call leaves the towns as they are.
    before = Measure.objects.count()
    call_command("demo", "--towns", "3", stdout=io.StringIO())
    assert Measure.objects.count() == before
    assert Municipality.objects.filter(slug__startswith="kommune-").count() == 3


def test_a_negative_number_of_towns_is_refused_in_german(db):
    with pytest.raises(CommandError, match="--towns braucht eine Zahl ab 0"):
        call_command("demo", "--towns", "-1", stdout=io.StringIO())
    assert not Municipality.objects.filter(slug__startswith="kommune-").exists()
