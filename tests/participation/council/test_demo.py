import datetime

import pytest

from concepts.demo import rheine as concepts_demo
from concepts.models import Edition, Municipality
from participation.demo import council as demo_council
from participation.models import Committee, Paper


@pytest.fixture
def demo_town(db, demo_db):
    return Municipality.objects.get(slug=concepts_demo.TOWN_SLUG)


def test_demo_has_rheines_bodies_and_the_adopted_2017_vorlage(demo_town):
    assert set(Committee.objects.filter(municipality=demo_town).values_list("name", flat=True)) == {
        "Rat der Stadt Rheine",
        "Haupt- und Finanzausschuss",
        "Sozialausschuss",
        "Integrationsrat",
    }
    paper = Paper.objects.get(municipality=demo_town, number="169/17")
    path = list(paper.consultations.select_related("committee", "meeting"))
    assert [(c.committee.name, c.date, c.get_result_display()) for c in path] == [
        ("Sozialausschuss", datetime.date(2017, 5, 9), "vorberaten"),
        ("Rat der Stadt Rheine", datetime.date(2017, 5, 30), "beschlossen"),
    ]
    assert (path[1].votes_yes, path[1].votes_no, path[1].votes_abstain) == (47, 2, 3)
    edition = paper.edition
    assert edition.status == Edition.Status.ADOPTED
    assert edition.adopted_on == datetime.date(2017, 5, 30)


def test_demo_has_an_open_vorlage_with_an_upcoming_gremienweg(demo_town):
    paper = Paper.objects.get(municipality=demo_town, number=f"212/{datetime.date.today():%y}")
    assert paper.edition.status == Edition.Status.DRAFT
    path = list(paper.consultations.all())
    assert len(path) == 4 and not any(c.result for c in path)
    assert all(c.date > datetime.date.today() for c in path)
    assert path[-1].authoritative


def test_demo_loads_only_once(demo_town):
    assert demo_council.load(demo_town) is None
    assert Paper.objects.filter(municipality=demo_town).count() == 2
