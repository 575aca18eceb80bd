import datetime

from django.urls import reverse
from django.utils import timezone

from participation.models import Meeting
from tests.factories import MeetingFactory, WorkingGroupFactory


def test_member_start_page_lists_next_meetings_of_own_groups_only(pworld, client_for):
    other_group = WorkingGroupFactory(municipality=pworld.town, name="AG Wohnen")
    MeetingFactory(
        municipality=pworld.town,
        group=other_group,
        title="Sitzung AG Wohnen",
        kind=Meeting.Kind.GROUP_SESSION,
    )
    MeetingFactory(
        municipality=pworld.town,
        group=pworld.group,
        title="Vergangene Sitzung",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    url = reverse("town_home", kwargs={"town": pworld.town.slug})
    member_page = client_for("member").get(url).content.decode()
    assert "Nächste Treffen" in member_page
    assert pworld.meeting.title in member_page
    assert "Sitzung AG Wohnen" not in member_page
    assert "Vergangene Sitzung" not in member_page
    staff_page = client_for("staff").get(url).content.decode()
    assert "Sitzung AG Wohnen" in staff_page


def test_start_page_query_count_does_not_grow_with_meetings(
    pworld, client_for, django_assert_max_num_queries
):
    for n in range(30):
        MeetingFactory(municipality=pworld.town, group=pworld.group, title=f"Sitzung {n}")
    client = client_for("member")
    url = reverse("town_home", kwargs={"town": pworld.town.slug})
    with django_assert_max_num_queries(40):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Uhr") >= 5
