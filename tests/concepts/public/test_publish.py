"""Publishing an edition in the public view: only adopted ones, by the Stabsstelle, recorded."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from concepts.models import Edition
from concepts.services.editions import edition_publish
from participation.council.services import edition_adopt


def test_publishing_an_adopted_edition_is_recorded_in_its_history(world):
    edition = world.unpublished
    edition_publish(edition=edition, public=True, user=world.users["staff"])
    edition.refresh_from_db()
    assert edition.is_public and edition.published_at is not None
    record = edition.history.latest("history_date")
    assert record.history_user == world.users["staff"]
    assert record.history_change_reason == "in der öffentlichen Ansicht veröffentlicht"

    edition_publish(edition=edition, public=False, user=world.users["staff"])
    edition.refresh_from_db()
    assert not edition.is_public and edition.published_at is None
    assert edition.history.latest("history_date").history_change_reason == (
        "Veröffentlichung zurückgenommen"
    )


@pytest.mark.parametrize("status", [Edition.Status.DRAFT, Edition.Status.IN_CONSULTATION])
def test_an_edition_not_adopted_is_refused_and_nothing_changes(world, status):
    edition = world.edition
    edition.status = status
    edition.save()
    records = edition.history.count()
    with pytest.raises(ValidationError) as error:
        edition_publish(edition=edition, public=True, user=world.users["staff"])
    assert "Veröffentlicht wird nur eine beschlossene Fassung" in error.value.messages[0]
    edition.refresh_from_db()
    assert not edition.is_public and edition.published_at is None
    assert edition.history.count() == records


def test_a_superseded_edition_stays_public_as_an_archive_but_is_not_published_anew(world, client):
    newer = world.edition
    newer.status = Edition.Status.IN_CONSULTATION
    newer.save()
    edition_adopt(edition=newer, adopted_on=datetime.date(2026, 3, 1), user=world.users["staff"])
    world.published.refresh_from_db()
    assert world.published.status == Edition.Status.SUPERSEDED and world.published.is_public

    page = client.get(f"/{world.town.slug}/oeffentlich/{world.published.pk}/").content.decode()
    assert "abgelöst" in page and "sie bleibt als Archiv lesbar" in page
    assert "Geltend ist" not in page  # the newer edition is not public (yet)
    edition_publish(edition=newer, public=True, user=world.users["staff"])
    page = client.get(f"/{world.town.slug}/oeffentlich/{world.published.pk}/").content.decode()
    assert f'href="/{world.town.slug}/oeffentlich/{newer.pk}/"' in page
    index = client.get(f"/{world.town.slug}/oeffentlich/").content.decode()
    assert index.index(newer.title) < index.index("Frühere Fassungen (Archiv)")

    world.unpublished.status = Edition.Status.SUPERSEDED
    world.unpublished.save()
    with pytest.raises(ValidationError):
        edition_publish(edition=world.unpublished, public=True, user=world.users["staff"])
    # Withdrawing the archive is always possible.
    edition_publish(edition=world.published, public=False, user=world.users["staff"])
    assert client.get(f"/{world.town.slug}/oeffentlich/{world.published.pk}/").status_code == 404


def test_the_database_refuses_a_public_draft(world):
    world.edition.is_public = True
    with pytest.raises(ValidationError):
        world.edition.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        world.edition.save()


def test_staff_publish_and_withdraw_with_the_button(world, staff_client, client):
    url = f"/{world.town.slug}/konzept/{world.unpublished.pk}/"
    page = staff_client.get(url).content.decode()
    assert "Öffentlich zeigen" in page and "data-confirm=" in page
    response = staff_client.post(url + "veroeffentlichen/", {"public": "1"}, follow=True)
    assert "„Alt“ ist jetzt öffentlich" in response.content.decode()
    assert "Veröffentlichung zurücknehmen" in response.content.decode()
    assert client.get(f"/{world.town.slug}/oeffentlich/{world.unpublished.pk}/").status_code == 200

    response = staff_client.post(url + "veroeffentlichen/", {"public": "0"}, follow=True)
    assert "„Alt“ ist nicht mehr öffentlich" in response.content.decode()
    assert client.get(f"/{world.town.slug}/oeffentlich/{world.unpublished.pk}/").status_code == 404


def test_the_button_refuses_a_draft_with_a_german_message(world, staff_client):
    url = f"/{world.town.slug}/konzept/{world.edition.pk}/"
    assert "Öffentlich zeigen" not in staff_client.get(url).content.decode()
    response = staff_client.post(url + "veroeffentlichen/", {"public": "1"}, follow=True)
    assert "Veröffentlicht wird nur eine beschlossene Fassung" in response.content.decode()
    world.edition.refresh_from_db()
    assert not world.edition.is_public


def test_members_see_the_link_but_no_button(world, member_client):
    page = member_client.get(f"/{world.town.slug}/konzept/{world.published.pk}/").content.decode()
    assert f'href="/{world.town.slug}/oeffentlich/{world.published.pk}/"' in page
    assert "Veröffentlichung zurücknehmen" not in page
    unpublished = member_client.get(f"/{world.town.slug}/konzept/{world.unpublished.pk}/")
    assert "Öffentlich zeigen" not in unpublished.content.decode()


def test_the_town_page_links_the_public_view_once_something_is_published(world, member_client):
    page = member_client.get(f"/{world.town.slug}/").content.decode()
    assert f'href="/{world.town.slug}/oeffentlich/"' in page
    edition_publish(edition=world.published, public=False, user=world.users["staff"])
    page = member_client.get(f"/{world.town.slug}/").content.decode()
    assert "/oeffentlich/" not in page


@pytest.mark.django_db
def test_the_demo_publishes_the_adopted_edition_of_rheine(client, capsys, demo_db):
    call_command("demo")  # idempotent: a second load changes nothing
    edition = Edition.objects.published().get(concept__municipality__slug="rheine")
    assert edition.title == "2. Fortschreibung" and edition.status == Edition.Status.ADOPTED
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/rheine/oeffentlich/" in out
    # The second demo town publishes its adopted edition too, never its draft.
    velsburg = Edition.objects.published().get(concept__municipality__slug="velsburg")
    assert velsburg.status == Edition.Status.ADOPTED
    assert "http://127.0.0.1:8000/velsburg/oeffentlich/" in out
    assert client.get("/rheine/oeffentlich/").status_code == 200
    draft = Edition.objects.get(title="3. Fortschreibung")
    assert client.get(f"/rheine/oeffentlich/{draft.pk}/").status_code == 404
