import pytest
from django.urls import reverse

from concepts.models import Actor, MeasureActor
from participation.models import ContactPerson, WorkingGroup
from tests.factories import (
    ActorFactory,
    ContactPersonFactory,
    FieldOfActionFactory,
    GroupMembershipFactory,
    MeasureFactory,
    WorkingGroupFactory,
)
from tests.permissions import current_version


def test_actor_list_filters_by_kind(pworld, member_client):
    ActorFactory(municipality=pworld.town, name="Jobcenter Rheine", kind=Actor.Kind.JOBCENTER)
    ActorFactory(municipality=pworld.other_town, name="Caritas Emmerich")
    url = reverse("participation:actor_list", args=[pworld.town.slug])
    everything = member_client.get(url).content.decode()
    assert "Jobcenter Rheine" in everything and "Caritasverband Rheine" in everything
    assert "Caritas Emmerich" not in everything
    jobcenters = member_client.get(url + "?art=jobcenter").content.decode()
    assert "Jobcenter Rheine" in jobcenters and "Caritasverband Rheine" not in jobcenters
    # An unknown kind shows everything instead of failing.
    assert "Jobcenter Rheine" in member_client.get(url + "?art=<b>").content.decode()


def test_actor_detail_shows_measures_with_role_groups_and_contacts(pworld, council_client):
    field = FieldOfActionFactory(edition=pworld.edition, title="Sprachförderung")
    lead = MeasureFactory(field_of_action=field, title="Sprachcafés")
    partner = MeasureFactory(field_of_action=field, title="Kursbörse")
    MeasureActor.objects.create(measure=lead, actor=pworld.actor, role="lead")
    MeasureActor.objects.create(measure=partner, actor=pworld.actor, role="partner")
    pworld.group.actors.add(pworld.actor)
    html = council_client.get(
        reverse("participation:actor_detail", args=[pworld.town.slug, pworld.actor.pk])
    ).content.decode()
    assert "Sprachcafés" in html and "federführend" in html
    assert "Kursbörse" in html and "beteiligt" in html
    assert "AG Sprache" in html
    assert "Anna Becker" in html and "Fachdienstleitung" in html
    assert "Bearbeiten" not in html  # council reads only


def test_staff_creates_edits_and_deletes_an_actor_with_contacts(pworld, staff_client):
    create = reverse("participation:actor_create", args=[pworld.town.slug])
    response = staff_client.post(
        create, {"name": "Türkischer Elternverein", "kind": "migrant_org", "website": ""}
    )
    assert response.status_code == 302
    actor = Actor.objects.get(name="Türkischer Elternverein")
    assert actor.municipality == pworld.town
    duplicate = staff_client.post(create, {"name": "türkischer elternverein", "kind": "other"})
    assert "gibt es schon" in duplicate.content.decode()
    update = reverse("participation:actor_update", args=[pworld.town.slug, actor.pk])
    staff_client.post(
        update,
        {
            "name": "Türkischer Elternverein e. V.",
            "kind": "migrant_org",
            "version": current_version(actor),
        },
    )
    actor.refresh_from_db()
    assert actor.name == "Türkischer Elternverein e. V."
    contact = reverse("participation:contact_create", args=[pworld.town.slug, actor.pk])
    response = staff_client.post(
        contact, {"name": "Ayşe Yıldız", "function": "Vorsitzende", "email": "a@example.org"}
    )
    assert response.status_code == 302
    assert ContactPerson.objects.get(actor=actor).name == "Ayşe Yıldız"
    delete = reverse("participation:actor_delete", args=[pworld.town.slug, actor.pk])
    assert staff_client.post(delete).status_code == 302
    assert not Actor.objects.filter(pk=actor.pk).exists()
    assert not ContactPerson.objects.filter(name="Ayşe Yıldız").exists()


def test_actor_carrying_measures_cannot_be_deleted(pworld, staff_client):
    measure = MeasureFactory(field_of_action=FieldOfActionFactory(edition=pworld.edition))
    MeasureActor.objects.create(measure=measure, actor=pworld.actor, role="lead")
    delete = reverse("participation:actor_delete", args=[pworld.town.slug, pworld.actor.pk])
    response = staff_client.post(delete, follow=True)
    assert "kann nicht gelöscht werden" in response.content.decode()
    assert Actor.objects.filter(pk=pworld.actor.pk).exists()


def test_contact_of_another_actor_is_not_found(pworld, staff_client):
    other = ContactPersonFactory(actor=ActorFactory(municipality=pworld.town))
    url = reverse(
        "participation:contact_update", args=[pworld.town.slug, pworld.actor.pk, other.pk]
    )
    assert staff_client.get(url).status_code == 404


def test_staff_creates_a_group_with_fields_actors_and_period(pworld, staff_client):
    field = FieldOfActionFactory(edition=pworld.edition, title="Wohnen")
    foreign_field = FieldOfActionFactory(edition=pworld.other_edition)
    url = reverse("participation:group_create", args=[pworld.town.slug])
    data = {
        "name": "AG Wohnen",
        "kind": "working_group",
        "fields_of_action": [field.pk],
        "actors": [pworld.actor.pk],
        "starts_on": "2026-01-15",
        "ends_on": "2026-12-31",
    }
    assert staff_client.post(url, data).status_code == 302
    group = WorkingGroup.objects.get(name="AG Wohnen")
    assert list(group.fields_of_action.all()) == [field]
    assert group.municipality == pworld.town
    response = staff_client.post(
        url, {**data, "name": "AG Falsch", "fields_of_action": [foreign_field.pk]}
    )
    assert "gültige Auswahl" in response.content.decode()
    response = staff_client.post(
        url, {**data, "name": "AG Rückwärts", "starts_on": "2026-12-31", "ends_on": "2026-01-01"}
    )
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()


def test_group_detail_shows_members_leads_fields_and_meetings(pworld, member_client):
    field = FieldOfActionFactory(edition=pworld.edition, title="Sprachförderung")
    pworld.group.fields_of_action.add(field)
    pworld.group.actors.add(pworld.actor)
    GroupMembershipFactory(
        group=pworld.group, role="lead", user__first_name="Lena", user__last_name="Hoffmann"
    )
    html = member_client.get(
        reverse("participation:group_detail", args=[pworld.town.slug, pworld.group.pk])
    ).content.decode()
    assert "Tandem" in html
    assert "Lena Hoffmann" in html and "Leitung" in html
    assert "Sprachförderung" in html and "Caritasverband Rheine" in html
    assert pworld.meeting.title in html
    assert "Mitglied hinzufügen" not in html  # members do not manage the group


@pytest.mark.parametrize("role", ["member", "council"])
def test_index_page_shows_groups_meetings_and_actors(role, pworld, client_for):
    html = (
        client_for(role)
        .get(reverse("participation:index", args=[pworld.town.slug]))
        .content.decode()
    )
    assert "AG Sprache" in html
    assert pworld.meeting.title in html
    assert "Wohlfahrtsverband" in html
    assert "AG Emmerich" not in html


def test_deleting_a_group_keeps_its_meetings(pworld, staff_client):
    url = reverse("participation:group_delete", args=[pworld.town.slug, pworld.group.pk])
    assert staff_client.post(url).status_code == 302
    pworld.meeting.refresh_from_db()
    assert pworld.meeting.group is None


def test_actor_list_stays_within_query_budget(pworld, member_client, django_assert_max_num_queries):
    for number in range(60):
        actor = ActorFactory(municipality=pworld.town)
        ContactPersonFactory(actor=actor)
        pworld.group.actors.add(actor)
        if number % 2:
            MeasureActor.objects.create(
                measure=MeasureFactory(field_of_action__edition=pworld.edition), actor=actor
            )
    WorkingGroupFactory(municipality=pworld.town).actors.set(Actor.objects.all()[:30])
    url = reverse("participation:actor_list", args=[pworld.town.slug])
    with django_assert_max_num_queries(10):
        response = member_client.get(url)
    assert response.status_code == 200
    assert actor.name in response.content.decode()
