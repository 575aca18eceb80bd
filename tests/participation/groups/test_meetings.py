import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from participation.models import Meeting
from tests.factories import (
    GroupMembershipFactory,
    MeetingFactory,
    UserFactory,
    WorkingGroupFactory,
)

XSS_CORPUS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klick</a>',
    "[klick](javascript:alert(1))",
    "<svg onload=alert(1)><circle r=10 /></svg>",
    '<svg><script xlink:href="data:text/javascript,alert(1)"></script></svg>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<div onmouseover="alert(1)">fahr drüber</div>',
    '<a href="JaVaScRiPt:alert(1)">gemischt</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    "<body onload=alert(1)>",
]


def meeting_url(name, meeting):
    return reverse(f"participation:{name}", args=[meeting.municipality.slug, meeting.pk])


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_minutes_with_html_and_scripts_render_inert(payload, pworld, member_client):
    meeting = pworld.meeting
    meeting.minutes = f"## Protokoll\n\nVor dem Angriff.\n\n{payload}\n\nNach dem Angriff."
    meeting.agenda = payload
    meeting.results = payload
    meeting.save()
    html = member_client.get(meeting_url("meeting_detail", meeting)).content.decode()
    main = html.split('id="inhalt"', 1)[1]
    lowered = main.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onerror=" not in lowered and "onload=" not in lowered
    assert "onmouseover=" not in lowered
    assert "<svg" not in lowered and "<iframe" not in lowered and "<object" not in lowered
    assert "<h2>Protokoll</h2>" in main
    assert "Vor dem Angriff." in main


def test_minutes_markdown_is_rendered(pworld, member_client):
    pworld.meeting.minutes = "## TOP 1\n\n- **wichtig**\n- [Link](https://rheine.de)"
    pworld.meeting.save()
    html = member_client.get(meeting_url("meeting_detail", pworld.meeting)).content.decode()
    assert "<strong>wichtig</strong>" in html
    assert 'href="https://rheine.de"' in html


def test_member_sees_meetings_of_own_groups_and_open_formats_only(pworld, member_client):
    town = pworld.town
    own = pworld.meeting
    foreign_group = WorkingGroupFactory(municipality=town, name="AG Wohnen")
    foreign = MeetingFactory(municipality=town, group=foreign_group, title="Geheime AG-Sitzung")
    steering = MeetingFactory(
        municipality=town, kind=Meeting.Kind.STEERING_GROUP, title="Steuerungsrunde"
    )
    forum = MeetingFactory(
        municipality=town, kind=Meeting.Kind.DIALOGUE_FORUM, title="Dialogforum 2026"
    )
    network = MeetingFactory(
        municipality=town,
        kind=Meeting.Kind.NETWORK_MEETING,
        group=foreign_group,
        title="Netzwerktreffen",
    )
    conference = MeetingFactory(
        municipality=town, kind=Meeting.Kind.CONFERENCE, title="Integrationskonferenz"
    )
    listing = member_client.get(reverse("participation:meeting_list", args=[town.slug]))
    content = listing.content.decode()
    for visible in (own, forum, network, conference):
        assert visible.title in content
        assert member_client.get(meeting_url("meeting_detail", visible)).status_code == 200
    for hidden in (foreign, steering):
        assert hidden.title not in content
        assert member_client.get(meeting_url("meeting_detail", hidden)).status_code == 403
        assert member_client.get(meeting_url("meeting_ics", hidden)).status_code == 403
    index = member_client.get(reverse("participation:index", args=[town.slug])).content.decode()
    assert foreign.title not in index and steering.title not in index
    group_page = member_client.get(
        reverse("participation:group_detail", args=[town.slug, foreign_group.pk])
    ).content.decode()
    assert foreign.title not in group_page
    assert network.title in group_page


@pytest.mark.parametrize("role", ["staff", "council"])
def test_staff_and_council_see_every_meeting(role, pworld, client_for):
    hidden = MeetingFactory(
        municipality=pworld.town,
        group=WorkingGroupFactory(municipality=pworld.town),
        title="Sitzung einer fremden AG",
    )
    client = client_for(role)
    listing = client.get(reverse("participation:meeting_list", args=[pworld.town.slug]))
    assert hidden.title in listing.content.decode()
    assert client.get(meeting_url("meeting_detail", hidden)).status_code == 200


def test_meeting_list_splits_upcoming_and_past(pworld, staff_client):
    now = timezone.now()
    past = MeetingFactory(
        municipality=pworld.town, title="Vergangen", starts_at=now - datetime.timedelta(days=3)
    )
    html = staff_client.get(
        reverse("participation:meeting_list", args=[pworld.town.slug])
    ).content.decode()
    upcoming_part, past_part = html.split("Vergangene Treffen</h2>")
    assert pworld.meeting.title in upcoming_part
    assert past.title in past_part and past.title not in upcoming_part


def test_ics_download_carries_the_meeting_in_berlin_time(pworld, member_client):
    meeting = pworld.meeting
    meeting.starts_at = datetime.datetime(2026, 7, 1, 14, 30, tzinfo=datetime.UTC)
    meeting.ends_at = datetime.datetime(2026, 7, 1, 16, 0, tzinfo=datetime.UTC)
    meeting.title = "AG Sprache: Sommersitzung"
    meeting.place = "VHS Rheine, Raum 2.04"
    meeting.agenda = "1. Begrüßung\n2. Kapitelentwurf"
    meeting.save()
    response = member_client.get(meeting_url("meeting_ics", meeting))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.ics"')
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Berlin"
    assert (start.hour, start.minute) == (16, 30)  # 14:30 UTC is 16:30 summer time
    assert event.decoded("dtend").hour == 18
    assert "AG Sprache: Sommersitzung" in str(event["summary"])
    assert str(event["location"]) == "VHS Rheine, Raum 2.04"
    assert "Kapitelentwurf" in str(event["description"])
    assert str(event["url"]).endswith(meeting_url("meeting_detail", meeting))
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"TZID:Europe/Berlin" in response.content


def test_staff_creates_a_meeting_with_participants_and_linked_goals(pworld, staff_client):
    from tests.factories import MeasureFactory, OperationalGoalFactory

    goal = OperationalGoalFactory(
        strategic_goal__field_of_action__edition=pworld.edition, title="Wartezeit verkürzen"
    )
    measure = MeasureFactory(field_of_action=goal.field_of_action, title="Sprachcafé")
    foreign_goal = OperationalGoalFactory(
        strategic_goal__field_of_action__edition=pworld.other_edition
    )
    url = reverse("participation:meeting_create", args=[pworld.town.slug])
    data = {
        "title": "AG-Sitzung Mai",
        "kind": "group_session",
        "group": pworld.group.pk,
        "starts_at": "2026-05-12T14:00",
        "ends_at": "2026-05-12T16:00",
        "place": "Rathaus",
        "method": "world_cafe",
        "agenda": "1. Begrüßung",
        "invited_users": [pworld.users["member"].pk],
        "invited_guests": "Frau Kaya (Elternbeirat)",
        "present_users": [pworld.users["member"].pk],
        "minutes": "Alles gut.",
        "operational_goals": [goal.pk],
        "measures": [measure.pk],
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="AG-Sitzung Mai")
    assert meeting.municipality == pworld.town
    assert list(meeting.operational_goals.all()) == [goal]
    assert list(meeting.present_users.all()) == [pworld.users["member"]]
    detail = staff_client.get(response["Location"]).content.decode()
    assert "Wartezeit verkürzen" in detail and "Frau Kaya" in detail and "World Café" in detail
    # A goal of another town's edition cannot be linked.
    data["operational_goals"] = [foreign_goal.pk]
    data["title"] = "Zweiter Versuch"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()
    assert not Meeting.objects.filter(title="Zweiter Versuch").exists()


def test_meeting_end_before_start_is_refused_in_german(pworld, staff_client):
    response = staff_client.post(
        reverse("participation:meeting_create", args=[pworld.town.slug]),
        {
            "title": "Falsch",
            "kind": "kickoff",
            "starts_at": "2026-05-12T14:00",
            "ends_at": "2026-05-12T12:00",
        },
    )
    assert response.status_code == 200
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()


@pytest.fixture
def many_meetings(pworld):
    town = pworld.town
    groups = [WorkingGroupFactory(municipality=town) for _ in range(8)]
    now = timezone.now()
    for number in range(120):
        MeetingFactory(
            municipality=town,
            group=groups[number % 8] if number % 5 else None,
            kind=Meeting.Kind.NETWORK_MEETING if number % 3 == 0 else Meeting.Kind.GROUP_SESSION,
            starts_at=now + datetime.timedelta(days=number - 60),
        )
    for group in groups[:4]:
        GroupMembershipFactory(group=group, user=pworld.users["member"])
    for _ in range(30):
        user = UserFactory()
        for group in groups:
            GroupMembershipFactory(group=group, user=user)
    return pworld


@pytest.mark.parametrize("role", ["staff", "member"])
@pytest.mark.parametrize(
    "name", ["participation:meeting_list", "participation:index", "participation:group_list"]
)
def test_lists_stay_within_query_budget(
    name, role, many_meetings, client_for, django_assert_max_num_queries
):
    client = client_for(role)
    url = reverse(name, args=[many_meetings.town.slug])
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert many_meetings.town.name in response.content.decode()


def test_group_detail_stays_within_query_budget(
    many_meetings, staff_client, django_assert_max_num_queries
):
    group = many_meetings.group
    for _ in range(40):
        GroupMembershipFactory(group=group)
    url = reverse("participation:group_detail", args=[many_meetings.town.slug, group.pk])
    with django_assert_max_num_queries(20):
        response = staff_client.get(url)
    assert response.status_code == 200
    assert group.name in response.content.decode()
