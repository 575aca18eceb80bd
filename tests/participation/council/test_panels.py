from django.template.loader import render_to_string
from django.test import RequestFactory

from participation.council.panels import council_start_panels


def panels_for(world, role):
    request = RequestFactory().get("/rheine/")
    request.user = world.users[role]
    return council_start_panels(request, world.town, role)


def test_council_members_get_a_panel_with_the_open_vorlage(council_world):
    (panel,) = panels_for(council_world, "council")
    html = render_to_string(panel["template"], {"panel": panel})
    assert "BV/0120/2017" in html
    assert "Vorberatung im Sozialausschuss am 09.05.2017" in html


def test_working_group_members_get_no_council_panel(council_world):
    assert panels_for(council_world, "member") == []
