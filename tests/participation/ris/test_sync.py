"""The daily run: re-read what changed (modified_since), apply, or hold back for confirmation."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from concepts.models import Edition
from participation.council import services as council
from participation.models import Committee, Consultation, CouncilSystem, PaperLink
from participation.ris import services
from participation.ris.client import OParlClient
from participation.ris.mapping import suggest_committee
from tests.factories import CommitteeFactory, CommitteeMeetingFactory, PaperFactory
from tests.row_counts import row_counts

REASON = "aus dem Ratsinformationssystem übernommen"


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("sync_council_system", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_an_adoption_waits_for_the_stabsstelle(allris_town):
    before = row_counts()
    code, out, _err = run()
    assert code == 0
    assert "1 Vorlage(n) gelesen, 0 übernommen, 1 warten auf Bestätigung" in out
    link = PaperLink.objects.get(pk=allris_town.link.pk)
    assert link.pending_since is not None
    assert any("ungeändert beschlossen" in line for line in link.pending)
    assert row_counts()["participation.Consultation"] == before["participation.Consultation"]
    assert Edition.objects.get(pk=allris_town.edition.pk).status == Edition.Status.DRAFT


def test_changes_that_adopt_nothing_are_applied(allris_town):
    paper = allris_town.paper
    paper.edition = None
    paper.save()
    code, out, _err = run()
    assert code == 0 and "1 übernommen" in out
    decision = paper.consultations.get(role="decision")
    assert decision.result == Consultation.Result.ADOPTED_UNCHANGED
    assert decision.history.first().history_change_reason == REASON
    assert decision.history.first().history_user is None  # the daily run, not a person


def test_a_change_to_a_paper_of_an_adopted_edition_waits(allris_town, ris_server):
    paper = allris_town.paper
    with OParlClient() as client:
        plan = services.paper_plan(link=allris_town.link, client=client)
    services.plan_apply(plan=plan, confirm_adoption=True)
    assert Edition.objects.get(pk=allris_town.edition.pk).status == Edition.Status.ADOPTED
    data = ris_server.data("/public/oparl/agendaItems?id=1002200")
    data["number"] = "Ö 6"  # the clerk renumbered the agenda afterwards
    ris_server.set("/public/oparl/agendaItems?id=1002200", data)
    code, out, _err = run("--alle")
    assert "1 warten auf Bestätigung" in out
    assert paper.consultations.get(role="preliminary").agenda_item.number == "Ö 5"
    assert PaperLink.objects.get(pk=allris_town.link.pk).pending == [
        "Ausschuss für Soziales, Integration und Gleichstellung: TOP: Ö 6"
    ]


def test_the_next_run_reads_only_what_changed_since(allris_town, ris_server):
    allris_town.paper.edition = None
    allris_town.paper.save()
    run()
    system = CouncilSystem.objects.get(pk=allris_town.council_system.pk)
    assert system.synced_at is not None
    ris_server.set("/public/oparl/papers?body=1", {"data": [], "links": {}})
    ris_server.requests.clear()
    code, out, _err = run()
    assert "0 Vorlage(n) gelesen" in out
    asked = ris_server.requests
    since = (system.synced_at - services.SINCE_MARGIN).astimezone(datetime.UTC)
    stamp = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f"/public/oparl/papers?body=1&modified_since={stamp}" in asked
    assert f"/public/oparl/meetings?body=1&modified_since={stamp}" in asked
    assert "/public/oparl/papers?id=1001737" not in asked
    # a meeting of the paper changed (its result was entered there): the paper is read again
    meeting = ris_server.data("/public/oparl/meetings?id=2825")
    ris_server.set("/public/oparl/meetings?body=1", {"data": [meeting], "links": {}})
    code, out, _err = run()
    assert "1 Vorlage(n) gelesen" in out
    assert "/public/oparl/papers?id=1001737" in ris_server.requests


def test_a_failing_paper_is_reported_and_changes_nothing(allris_town, ris_server):
    ris_server.set("/public/oparl/papers?id=1001737", "{kaputt", content_type="application/json")
    before = row_counts()
    code, out, err = run()
    assert code == 1
    assert "1 fehlgeschlagen" in out
    assert "BV/0546/2018: Die Vorlage http://127.0.0.1" in err
    assert "kein gültiges JSON" in err
    assert "kein gültiges JSON" in PaperLink.objects.get(pk=allris_town.link.pk).error
    assert row_counts()["participation.Consultation"] == before["participation.Consultation"]
    # the next run tries it again, although the system reports no change since
    ris_server.set("/public/oparl/papers?body=1", {"data": [], "links": {}})
    ris_server.set(
        "/public/oparl/papers?id=1001737", ris_server.data("/public/oparl/meetings?id=2801")
    )
    code, out, err = run()
    assert "1 Vorlage(n) gelesen" in out and "Erwartet war ein Objekt vom Typ Paper" in err


# --- our own OParl API, served by a second instance (live_server) ---------------------------


@pytest.fixture
def source_town(world):
    """Emmerich publishes its Gremienweg through our OParl API."""
    town = world.other_town
    social = CommitteeFactory(municipality=town, name="Sozialausschuss", seats=15)
    council_body = CommitteeFactory(
        municipality=town, name="Rat der Stadt", kind=Committee.Kind.COUNCIL, seats=40
    )
    past = timezone.make_aware(datetime.datetime(2025, 9, 2, 17))
    later = timezone.make_aware(datetime.datetime(2025, 9, 30, 17))
    paper = PaperFactory(municipality=town, number="BV/0777/2025", subject="Integrationskonzept")
    preliminary = council.consultation_save(
        consultation=Consultation(
            paper=paper,
            committee=social,
            meeting=CommitteeMeetingFactory(committee=social, starts_at=past),
            role="preliminary",
        ),
        agenda_number="4",
    )
    council.consultation_record_result(
        consultation=preliminary, result="deliberated", votes_yes=11, votes_no=2, votes_abstain=1
    )
    decision = council.consultation_save(
        consultation=Consultation(
            paper=paper,
            committee=council_body,
            meeting=CommitteeMeetingFactory(committee=council_body, starts_at=later),
            role="decision",
        ),
        agenda_number="9",
    )
    world.source_paper = paper
    world.source_decision = decision
    return world


def test_results_are_read_back_from_a_second_instance(source_town, live_server, settings):
    settings.RIS_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
    world = source_town
    town = world.town
    ours = [
        CommitteeFactory(municipality=town, name="Sozialausschuss", seats=15),
        CommitteeFactory(municipality=town, name="Rat der Stadt", kind="council", seats=40),
    ]
    paper = PaperFactory(municipality=town, number="BV/0100/2025")
    body_url = live_server.url + reverse("oparl:body", args=[world.other_town.slug])
    with OParlClient() as client:
        system = services.council_system_connect(
            municipality=town,
            system_url=live_server.url + reverse("oparl:system"),
            body_url=body_url,
            client=client,
        )
        organizations = services.remote_organizations(council_system=system, client=client)
        services.organization_mappings_save(
            council_system=system,
            choices=[(o["id"], o["name"], suggest_committee(o, ours)) for o in organizations],
        )
        found = services.paper_search(council_system=system, query="BV/0777/2025", client=client)
        services.paper_link(paper=paper, remote_url=found[0]["id"], client=client)

    code, out, _err = run()
    assert code == 0 and "1 übernommen" in out
    preliminary = paper.consultations.get(committee=ours[0])
    assert preliminary.result == Consultation.Result.DELIBERATED
    assert (preliminary.votes_yes, preliminary.votes_no, preliminary.votes_abstain) == (11, 2, 1)
    assert preliminary.agenda_item.number == "4"
    decision = paper.consultations.get(committee=ours[1])
    assert decision.result == "" and decision.role == Consultation.Role.DECISION

    # Emmerich's council decides; the next daily run finds the paper by modified_since.
    council.consultation_record_result(
        consultation=world.source_decision, result="adopted_unchanged", unanimous=True
    )
    code, out, _err = run()
    assert "1 Vorlage(n) gelesen, 1 übernommen" in out
    decision.refresh_from_db()
    assert decision.result == Consultation.Result.ADOPTED_UNCHANGED and decision.unanimous
    assert decision.history.first().history_change_reason == REASON

    # Nothing changed since: nothing is read.
    CouncilSystem.objects.filter(pk=system.pk).update(
        synced_at=timezone.now() + datetime.timedelta(hours=1)
    )
    code, out, _err = run()
    assert "0 Vorlage(n) gelesen" in out
