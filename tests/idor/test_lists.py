"""Lists and overviews show only what their person may open: every page of a town without an
object id, as each role, shows nothing of the other town and, to the member of group A,
nothing of group B's meetings, attachments and comments."""

import pytest
from django.urls import reverse

from tests.idor.table import sides
from tests.idor.test_idor import body_of
from tests.site.test_permission_coverage import url_kwargs

TOWN_PAGES = sorted(
    name for name, kwargs in url_kwargs() if kwargs == {"town"} and not name.startswith("oparl:")
)
# Group B's things that a member of group A must not see (the group itself is public in town).
GROUP_B_MARKERS = ("B-treffen", "B-protokoll", "B-anlage", "B-kommentar", "B-person")


@pytest.mark.parametrize("role", ["member", "council", "staff", "outsider", "superuser"])
def test_town_pages_show_nothing_of_another_town_or_group(role, idor, idor_client):
    home, away = sides(idor, role)
    client = idor_client(role)
    markers = [away.marker]
    if role == "member":
        markers += [home.mark(what) for what in GROUP_B_MARKERS]
    shown = 0
    seen_own = False
    for name in TOWN_PAGES:
        url = reverse(name, kwargs={"town": home.slug})
        response = client.get(url)
        if response.status_code != 200:
            continue
        shown += 1
        body = body_of(response)
        for marker in markers:
            assert marker not in body, f"{url} zeigt {role} {marker}"
        seen_own = seen_own or home.mark("treffen") in body
    assert shown >= 10, f"nur {shown} Seiten gelesen"
    # The lists do list: the own group's meeting is on one of them.
    assert seen_own
