"""Demo data of the council path in Rheine: the bodies, the 2017 Vorlage for the
2. Fortschreibung (Sozialausschuss 09.05.2017 vorberaten → Rat beschlossen) and an open Vorlage
for a 2026 Fortschreibung with its Gremienweg still ahead.

Recording the Rat's decision adopts (and so locks) the 2017 edition; load this after demo data
that writes into that edition.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from concepts.demo.workdays import next_working_day
from concepts.models import Edition, Membership, Municipality
from participation.council import services
from participation.models import (
    Committee,
    CommitteeMeeting,
    CommitteeMembership,
    Consultation,
    LegislativeTerm,
    Paper,
    PaperNumbering,
)

LOCATION = "Rathaus Rheine, Klosterstraße 14, Ratssaal"

COMMITTEES = [
    # name, short, kind, seats
    ("Rat der Stadt Rheine", "Rat", Committee.Kind.COUNCIL, 53),
    ("Haupt- und Finanzausschuss", "HFA", Committee.Kind.COMMITTEE, 19),
    ("Sozialausschuss", "SozA", Committee.Kind.COMMITTEE, 15),
    ("Integrationsrat", "IR", Committee.Kind.INTEGRATION_COUNCIL, 17),
]

MEETINGS_2017 = [
    ("Integrationsrat", (2017, 4, 27, 18, 0)),
    ("Sozialausschuss", (2017, 3, 14, 17, 0)),
    ("Sozialausschuss", (2017, 5, 9, 17, 0)),
    ("Haupt- und Finanzausschuss", (2017, 5, 16, 17, 0)),
    ("Rat der Stadt Rheine", (2017, 5, 30, 17, 0)),
]

REASONING_2017 = """\
Das Migrations- und Integrationskonzept der Stadt Rheine wurde zuletzt 2011 fortgeschrieben.
Mit der Einrichtung der Fachstelle Migration & Integration zum 01.05.2016 wurden
Ausländerbehörde, Sozialarbeit und Leistungssachbearbeitung nach dem AsylbLG zusammengeführt.
Seit August 2016 hat die Fachstelle die 2. Fortschreibung gemeinsam mit den Akteuren der
Integrationsarbeit erarbeitet:

- Bestandsaufnahme der Angebote und Strukturen,
- Entwicklung einer Kommunikations- und Steuerungsstruktur,
- Entwicklung eines gemeinsamen Integrationsverständnisses mit neun Leitsätzen,
- Definition von Handlungsfeldern, Zielen und Maßnahmen in Arbeitsgruppen.

Das Konzept gliedert sich in Teil A (Grundlagen) und Teil B (Handlungsfelder). Teil B
entwickelt sich fortlaufend weiter; über den Stand wird den politischen Gremien
(Sozialausschuss, Integrationsrat, Rat der Stadt Rheine) regelmäßig berichtet.
"""

REASONING_2026 = """\
Der Rat der Stadt Rheine hat die 2. Fortschreibung des Migrations- und Integrationskonzepts
am 30.05.2017 beschlossen. Seitdem wurden die Handlungsfelder jährlich im Dialogforum
überprüft. Die 3. Fortschreibung stellt je Handlungsfeld die Ausgangslage, wenige
Kernindikatoren und Leitprojekte dar und bewertet die Ziele der 2. Fortschreibung
(erreicht / nicht erreicht / nicht beurteilbar).

Der Integrationsrat und der Sozialausschuss beraten die Fortschreibung vor; wegen der
zusätzlichen Personalressourcen (0,5 VZÄ Integrationsmonitoring) berät auch der Haupt- und
Finanzausschuss.
"""


def load(town=None, stdout=None):
    """Create the council demo for Rheine; idempotent (skips when its bodies exist)."""
    from concepts.demo.rheine import TOWN_SLUG

    town = town or Municipality.objects.filter(slug=TOWN_SLUG).first()
    if town is None or Committee.objects.filter(municipality=town).exists():
        return None
    with transaction.atomic():
        _load(town)
    if stdout:
        stdout.write(f"Gremien, Sitzungen und Vorlagen für {town} angelegt.")
    return town


def _aware(parts):
    return timezone.make_aware(datetime.datetime(*parts))


def _load(town):
    LegislativeTerm.objects.create(
        municipality=town,
        name="2014–2020",
        starts_on=datetime.date(2014, 6, 1),
        ends_on=datetime.date(2020, 10, 31),
    )
    LegislativeTerm.objects.create(
        municipality=town,
        name="2020–2025",
        starts_on=datetime.date(2020, 11, 1),
        ends_on=datetime.date(2025, 10, 31),
    )
    LegislativeTerm.objects.create(
        municipality=town, name="2025–2030", starts_on=datetime.date(2025, 11, 1)
    )
    committees = {
        name: Committee.objects.create(
            municipality=town, name=name, short_name=short, kind=kind, seats=seats, position=pos
        )
        for pos, (name, short, kind, seats) in enumerate(COMMITTEES, start=1)
    }
    _memberships(town, committees)
    meetings = {}
    for name, parts in MEETINGS_2017:
        meetings[(name, parts[:3])] = CommitteeMeeting.objects.create(
            committee=committees[name],
            starts_at=_aware(parts),
            ends_at=_aware((*parts[:3], parts[3] + 2, 30)),
            location=LOCATION,
        )
    PaperNumbering.objects.create(
        municipality=town,
        pattern="{nr}/{jahr_kurz}",
        counters={"2017": 168, str(timezone.localdate().year): 211},
    )

    edition_2017 = Edition.objects.filter(concept__municipality=town, year=2017).first()
    paper = services.paper_create(
        municipality=town,
        kind=Paper.Kind.RESOLUTION,
        date=datetime.date(2017, 4, 20),
        reference="50.1-Integr.",
        author_office="Fachstelle Migration & Integration",
        subject="Migrations- und Integrationskonzept der Stadt Rheine – 2. Fortschreibung",
        proposal_points=[
            "Der Rat der Stadt Rheine beschließt die 2. Fortschreibung des Migrations- und "
            "Integrationskonzepts der Stadt Rheine (Anlage 01).",
            "Die Verwaltung wird beauftragt, die Handlungsfelder in Teil B mit den Akteuren "
            "fortlaufend weiterzuentwickeln und dem Sozialausschuss sowie dem Integrationsrat "
            "jährlich zu berichten.",
        ],
        reasoning=REASONING_2017,
        financial_effect=Paper.FinancialEffect.NONE,
        financial_impact="Keine unmittelbaren. Maßnahmen mit zusätzlichem Mittelbedarf werden "
        "den zuständigen Gremien gesondert zur Entscheidung vorgelegt.",
        legal_basis="§ 41 Abs. 1 GO NRW",
        previous_decisions="Ratsbeschluss vom 13.12.2011 zur 1. Fortschreibung des "
        "Integrationskonzepts.",
        vision_reference="Das Konzept konkretisiert das Leitbild „Rheine 2030“, Leitziel "
        "„Rheine – eine Stadt für alle Generationen und Kulturen“.",
        signature="Der Bürgermeister",
        signatory="Dr. Peter Lüttmann",
        edition=edition_2017,
    )
    social = services.consultation_save(
        consultation=Consultation(
            paper=paper,
            committee=committees["Sozialausschuss"],
            meeting=meetings[("Sozialausschuss", (2017, 5, 9))],
            role=Consultation.Role.PRELIMINARY,
        ),
        agenda_number="4",
    )
    council = services.consultation_save(
        consultation=Consultation(
            paper=paper,
            committee=committees["Rat der Stadt Rheine"],
            meeting=meetings[("Rat der Stadt Rheine", (2017, 5, 30))],
            role=Consultation.Role.DECISION,
        ),
        agenda_number="9",
    )
    services.consultation_record_result(
        consultation=social, result=Consultation.Result.DELIBERATED, unanimous=True
    )
    services.consultation_record_result(
        consultation=council,
        result=Consultation.Result.ADOPTED,
        votes_yes=47,
        votes_no=2,
        votes_abstain=3,
    )
    _open_paper(town, committees, edition_2017)


def _open_paper(town, committees, edition_2017):
    """A 2026 Fortschreibung on its way: Vorberatungen in the coming weeks, then the Rat."""
    today = timezone.localdate()
    edition = (
        Edition.objects.filter(concept__municipality=town, status=Edition.Status.DRAFT)
        .order_by("-year")
        .first()
    )
    if edition is None and edition_2017 is not None:
        edition = Edition.objects.create(
            concept=edition_2017.concept,
            title="3. Fortschreibung",
            year=today.year,
            based_on=edition_2017,
        )
    paper = services.paper_create(
        municipality=town,
        kind=Paper.Kind.RESOLUTION,
        date=next_working_day(
            max(today - datetime.timedelta(days=8), today.replace(month=1, day=1))
        ),
        reference="50.1-Integr.",
        author_office="Fachstelle Migration & Integration",
        subject="Migrations- und Integrationskonzept der Stadt Rheine – 3. Fortschreibung",
        proposal_points=[
            "Der Rat der Stadt Rheine beschließt die 3. Fortschreibung des Migrations- und "
            "Integrationskonzepts (Anlage 01); sie löst die 2. Fortschreibung von 2017 ab.",
            "Für das Integrationsmonitoring wird ab dem Haushaltsjahr 2027 eine halbe Stelle "
            "(0,5 VZÄ, EG 10 TVöD) im Stellenplan der Fachstelle Migration & Integration "
            "eingerichtet.",
            "Die Verwaltung legt dem Sozialausschuss und dem Integrationsrat jährlich einen "
            "Bericht zu den Kernindikatoren vor.",
        ],
        reasoning=REASONING_2026,
        financial_effect=Paper.FinancialEffect.YES,
        budget_product="05.01.02 Integration und Teilhabe",
        budget_year=2027,
        amount=Decimal("38000"),
        funds_available=Paper.FundsAvailable.YES,
        financial_impact="Personalkosten von rund 38.000 € jährlich ab 2027 (0,5 VZÄ, EG 10). "
        "Die Mittel sind im Entwurf des Haushalts 2027 veranschlagt.",
        legal_basis="§ 41 Abs. 1 GO NRW; § 27 GO NRW (Integrationsrat)",
        previous_decisions="Ratsbeschluss vom 30.05.2017 zur 2. Fortschreibung (Vorlage 169/17).",
        vision_reference="Leitsatz 1 „Rheine sagt Willkommen“ und Leitsatz 9 „Es ist normal, "
        "verschieden zu sein“.",
        signature="Der Bürgermeister",
        signatory="Dr. Peter Lüttmann",
        edition=edition,
    )
    steps = [
        ("Integrationsrat", 8, "3", Consultation.Role.PRELIMINARY),
        ("Sozialausschuss", 14, "6", Consultation.Role.PRELIMINARY),
        ("Haupt- und Finanzausschuss", 20, "", Consultation.Role.PRELIMINARY),
        ("Rat der Stadt Rheine", 27, "", Consultation.Role.DECISION),
    ]
    for name, days, top, role in steps:
        day = next_working_day(today + datetime.timedelta(days=days))
        meeting = CommitteeMeeting.objects.create(
            committee=committees[name],
            starts_at=_aware((day.year, day.month, day.day, 17, 0)),
            location=LOCATION,
        )
        services.consultation_save(
            consultation=Consultation(
                paper=paper, committee=committees[name], meeting=meeting, role=role
            ),
            agenda_number=top,
        )


def _memberships(town, committees):
    """A few named seats of the Integrationsrat and the demo Ratsmitglied's seat in the Rat."""
    integration_council = committees["Integrationsrat"]
    for name, role, group in [
        ("Ayşe Demir", CommitteeMembership.Role.CHAIR, "Liste Vielfalt"),
        ("Nikola Petrović", CommitteeMembership.Role.DEPUTY_CHAIR, "Internationale Liste"),
        ("Maria Schulte", CommitteeMembership.Role.MEMBER, "CDU-Fraktion"),
        ("Thomas Brink", CommitteeMembership.Role.MEMBER, "SPD-Fraktion"),
    ]:
        CommitteeMembership.objects.create(
            committee=integration_council,
            person_name=name,
            role=role,
            party_group=group,
            starts_on=datetime.date(2025, 11, 1),
        )
    council_users = get_user_model().objects.filter(
        memberships__municipality=town, memberships__role=Membership.Role.COUNCIL
    )
    for user in council_users:
        CommitteeMembership.objects.create(
            committee=committees["Rat der Stadt Rheine"],
            user=user,
            person_name=user.get_full_name() or user.username,
            party_group="Fraktion Bündnis 90/Die Grünen",
            starts_on=datetime.date(2025, 11, 1),
        )
