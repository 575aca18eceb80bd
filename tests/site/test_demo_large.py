"""`demo --large`: the load test's town, complete, with history, loaded once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from concepts.demo import large as demo_large
from concepts.models import Measure, MeasureActor, Municipality
from indicators.models import Indicator, Measurement
from participation.models import Meeting, Paper

User = get_user_model()


def counts():
    return (
        Municipality.objects.count(),
        Measure.objects.count(),
        Indicator.objects.count(),
        Measurement.objects.count(),
        Meeting.objects.count(),
        Paper.objects.count(),
        Measure.history.count(),
    )


def test_plain_demo_leaves_out_the_large_town(db, demo_db):
    assert not Municipality.objects.filter(slug=demo_large.TOWN_SLUG).exists()


@pytest.mark.slow
def test_large_demo_has_the_size_of_the_load_test_and_loads_once(db):
    out = io.StringIO()
    call_command("demo", "--large", stdout=out)
    edition = demo_large.large_edition()
    town = edition.concept.municipality
    measures = Measure.objects.for_edition(edition)
    with_goal = measures.filter(operational_goals__isnull=False)
    assert with_goal.count() == 8 * 4 * 4 * 5
    assert not measures.exclude(
        pk__in=MeasureActor.objects.filter(role=MeasureActor.Role.LEAD).values("measure")
    ).exists()
    indicators = Indicator.objects.for_edition(edition)
    assert indicators.count() == 100
    assert Measurement.objects.filter(indicator__in=indicators).count() == 100 * 10
    # History rows as for objects made in the UI: every measure's Verlauf starts with it.
    assert Measure.history.filter(field_of_action__edition=edition).count() == measures.count()
    assert Paper.objects.filter(municipality=town, edition=edition).exists()
    for username, password, *_ in demo_large.LARGE_USERS:
        assert username in out.getvalue()
        # The axes backend needs a request; the password check is what matters here.
        assert User.objects.get(username=username).check_password(password)

    member = User.objects.get(username="gross-mitglied")
    client = Client()
    client.force_login(member)
    start = client.get(reverse("town_home", args=[town.slug])).content.decode()
    assert "Sitzung der AG Sprache und Bildung" in start

    before = counts()
    call_command("demo", "--large", stdout=io.StringIO())
    assert counts() == before
