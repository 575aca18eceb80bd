"""The demo reads plausibly and exercises the exchange format.

Meetings are on working days (no weekend, no public holiday in NRW), a meeting named after a
season takes place in it, goal texts name one deadline and their indicators do not aim past it,
and the demo concept survives export → import into another town → export unchanged.
"""

import datetime
import io
import re
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from concepts.demo.rheine import EXCHANGE_FILE, TOWN_SLUG, rheine_data
from concepts.demo.workdays import easter_sunday, is_working_day, nrw_holidays, season
from concepts.exchange import check as exchange_check
from concepts.exchange import export as exchange_export
from concepts.exchange import load as exchange_load
from concepts.models import Edition, Municipality, OperationalGoal, StrategicGoal
from indicators.models import Indicator
from participation.models import CommitteeMeeting, Meeting, Paper

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
SEASONS = ("Frühjahr", "Sommer", "Herbst", "Winter")
DEADLINE = re.compile(r"\bbis (?:Ende )?((?:19|20)\d{2})\b", re.IGNORECASE)

# Days whose relative demo dates (today + 8, 14, 20, 27, 45 …) hit Neujahr, Christmas, Easter.
TODAYS = [
    datetime.date(2026, 12, 5),  # + 27 days is Neujahr
    datetime.date(2027, 3, 2),  # + 27 days is Ostermontag, + 24 Karfreitag
    datetime.date(2026, 11, 28),  # + 27 days is the 1. Weihnachtstag
]


def test_nrw_holidays_are_the_statutory_ones():
    assert easter_sunday(2026) == datetime.date(2026, 4, 5)
    assert easter_sunday(2027) == datetime.date(2027, 3, 28)
    holidays = nrw_holidays(2026)
    assert len(holidays) == 11
    assert holidays[datetime.date(2026, 4, 3)] == "Karfreitag"
    assert holidays[datetime.date(2026, 5, 14)] == "Christi Himmelfahrt"
    assert holidays[datetime.date(2026, 6, 4)] == "Fronleichnam"
    assert holidays[datetime.date(2026, 11, 1)] == "Allerheiligen"
    assert not is_working_day(datetime.date(2026, 12, 26))
    assert is_working_day(datetime.date(2026, 12, 28))


@pytest.fixture
def demo_on(db, monkeypatch):
    """Load the whole demo (with the large town) as if today were `day`."""

    def load(day):
        now = datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=BERLIN)
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        monkeypatch.setattr(timezone, "now", lambda: now)
        call_command("demo", "--large", stdout=io.StringIO())

    return load


def _local_day(moment):
    return timezone.localtime(moment, BERLIN).date()


@pytest.mark.parametrize("today", TODAYS, ids=str)
@pytest.mark.slow
def test_meetings_are_on_working_days_and_named_after_their_season(demo_on, today):
    demo_on(today)
    meetings = [(m.title, _local_day(m.starts_at)) for m in Meeting.objects.all()]
    meetings += [
        (str(m), _local_day(m.starts_at)) for m in CommitteeMeeting.objects.select_related()
    ]
    assert len(meetings) > 15
    for title, day in meetings:
        assert is_working_day(day), (title, day, nrw_holidays(day.year).get(day, "Wochenende"))
    # Velsburg's archived Vorlage has no known date (issue 14): nothing to check there.
    for paper in Paper.objects.filter(date__isnull=False):
        assert is_working_day(paper.date), (paper.subject, paper.date)
    assert Paper.objects.filter(date__isnull=True, municipality__slug="velsburg").exists()
    named = [(title, day) for title, day in meetings if any(s in title for s in SEASONS)]
    assert named, "the demo has Netzwerktreffen named after a season"
    for title, day in named:
        assert season(day) in title, (title, day)


@pytest.mark.slow
def test_goals_name_one_deadline_and_their_indicators_do_not_aim_past_it(demo_on):
    demo_on(datetime.date(2026, 12, 5))
    town = Municipality.objects.get(slug=TOWN_SLUG)
    goals = list(StrategicGoal.objects.filter(field_of_action__edition__concept__municipality=town))
    goals += OperationalGoal.objects.filter(field_of_action__edition__concept__municipality=town)
    checked = 0
    for goal in goals:
        years = {int(year) for year in DEADLINE.findall(goal.title + " " + goal.description)}
        assert len(years) <= 1, goal.title
        if not years:
            continue
        checked += 1
        (deadline,) = years
        edition_year = goal.field_of_action.edition.year
        assert deadline > edition_year, (goal.title, edition_year)
        indicators = Indicator.objects.filter(
            **{"operational_goal" if isinstance(goal, OperationalGoal) else "strategic_goal": goal}
        ).exclude(target_year=None)
        for indicator in indicators:
            assert indicator.target_year <= deadline, (goal.title, indicator.name)
    assert checked >= 2  # "Bis 2020 …" of 2017 and the deadline the 3. Fortschreibung adds


def test_demo_concept_round_trips_through_the_exchange_format(db, demo_db):
    adopted = Edition.objects.get(concept__municipality__slug=TOWN_SLUG, year=2017)
    exported = exchange_export.edition_export(adopted)
    # The file itself is what the product's exporter writes (after moving the values' years).
    assert exchange_export.dumps(exported) == exchange_export.dumps(rheine_data())
    other = Municipality.objects.create(name="Andere Stadt", slug="andere-stadt")
    imported = exchange_load.edition_import(municipality=other, data=exported)
    assert imported.concept.municipality == other
    assert exchange_export.edition_export(imported) == exported


def test_demo_file_is_canonical():
    """The checked-in file is in the exporter's canonical text, so diffs stay readable."""
    import json

    text = EXCHANGE_FILE.read_text(encoding="utf-8")
    assert exchange_export.dumps(json.loads(text)) == text
    assert exchange_check.check(json.loads(text)) == []


def test_the_demo_values_stay_current():
    """Regular values move by whole years so the newest is always last year's; election days
    (irregular) stay on their dates."""
    data = rheine_data(today=datetime.date(2028, 6, 1))
    section = data["extensions"]["indicators"]
    regular = [i for i in section if i["rhythm"] != "irregular"]
    newest = max(m["period_end"] for i in regular for m in i["measurements"])
    assert newest[:4] == "2027"
    labels = {m["period_label"] for i in regular for m in i["measurements"]}
    assert {"2027", "2026/27", "31.12.2027"} <= labels
    election = next(i for i in section if i["code"] == "IR-WAHL")
    assert election["measurements"][-1]["period_end"] == "2025-09-14"
