"""Demo participation for Rheine: contact persons, four working groups (one per cluster of
Handlungsfelder, each led by a Tandem of Fachstelle and expert), the Steuerungsgruppe, the
Netzwerk, and meetings before and after today with agendas and minutes.

Called by `ParticipationConfig.load_demo`; does nothing if the Steuerungsgruppe exists.
"""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from concepts.demo.workdays import next_working_day, season
from concepts.models import Actor, Edition, FieldOfAction, Measure, Membership, OperationalGoal
from participation.models import (
    Attachment,
    ContactPerson,
    GroupMembership,
    Meeting,
    WorkingGroup,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
STEERING_GROUP = "Steuerungsgruppe Integration"

CONTACTS = [
    # actor short name, name, function, e-mail, phone
    (
        "Caritas",
        "Murat Yılmaz",
        "Migrationsdienst",
        "m.yilmaz@caritas-rheine.example",
        "05971 862-40",
    ),
    (
        "Caritas",
        "Petra Lange",
        "Fachbereichsleitung Soziale Dienste",
        "p.lange@caritas-rheine.example",
        "05971 862-10",
    ),
    (
        "VHS",
        "Lena Hoffmann",
        "Fachbereich Deutsch als Fremdsprache",
        "l.hoffmann@vhs-rheine.example",
        "05971 939-120",
    ),
    (
        "Jobcenter",
        "Klaus Schulte",
        "Teamleitung Markt und Integration",
        "k.schulte@jobcenter-st.example",
        "05971 4004-200",
    ),
    ("DITIB", "Elif Demir", "Vorstand, Frauenarbeit", "e.demir@ditib-rheine.example", ""),
    ("Syrische Gemeinschaft", "Ahmad Nasser", "Vorsitzender", "a.nasser@syrer-rheine.example", ""),
    (
        "Gesundheitsamt",
        "Dr. Maria Wagner",
        "Sozialpsychiatrischer Dienst",
        "m.wagner@kreis-st.example",
        "02551 69-2100",
    ),
    (
        "Integrationslotsen",
        "Jana Kowalski",
        "Koordination Ehrenamt",
        "j.kowalski@lotsen-rheine.example",
        "0151 2345 678",
    ),
    (
        "FMI",
        "Sabine Krüger",
        "Leitung Fachstelle Migration & Integration",
        "s.krueger@rheine.example",
        "05971 939-450",
    ),
]

# username, first, last, e-mail, organisation (Arbeitsgruppen-Mitglieder without demo login)
PEOPLE = [
    ("l.hoffmann", "Lena", "Hoffmann", "l.hoffmann@vhs-rheine.example", "Volkshochschule Rheine"),
    (
        "k.schulte",
        "Klaus",
        "Schulte",
        "k.schulte@jobcenter-st.example",
        "Jobcenter Kreis Steinfurt",
    ),
    ("e.demir", "Elif", "Demir", "e.demir@ditib-rheine.example", "DITIB Rheine"),
    ("a.nasser", "Ahmad", "Nasser", "a.nasser@syrer-rheine.example", "Syrische Gemeinschaft"),
    ("m.wagner", "Maria", "Wagner", "m.wagner@kreis-st.example", "Gesundheitsamt Kreis Steinfurt"),
    ("j.kowalski", "Jana", "Kowalski", "j.kowalski@lotsen-rheine.example", "Integrationslotsen"),
    ("t.becker", "Thomas", "Becker", "t.becker@gs-dorenkamp.example", "Grundschule Dorenkamp"),
]

# name, kind, field short titles, actor short names, description,
# members: (username, actor short name, lead?)
GROUPS = [
    (
        "AG Sprache und Bildung",
        WorkingGroup.Kind.WORKING_GROUP,
        ["Sprache", "Bildung"],
        ["VHS", "Caritas", "FB Schule", "Kita Regenbogen", "GS Dorenkamp", "Integrationslotsen"],
        "Die AG begleitet die Handlungsfelder **Sprachförderung** und **Kita, Schule, Bildung** "
        "und schreibt deren Kapitel fort.",
        [
            ("stabsstelle", "FMI", True),
            ("l.hoffmann", "VHS", True),
            ("mitglied", "Caritas", False),
            ("t.becker", "GS Dorenkamp", False),
            ("j.kowalski", "Integrationslotsen", False),
        ],
    ),
    (
        "AG Arbeit und Wohnen",
        WorkingGroup.Kind.WORKING_GROUP,
        ["Arbeit", "Wohnen"],
        ["Jobcenter", "Arbeitsagentur", "Kreishandwerkerschaft", "WBG"],
        "Anerkennung mitgebrachter Qualifikationen, Ausbildung und der Weg aus den "
        "Gemeinschaftsunterkünften in eigene Wohnungen.",
        [
            ("stabsstelle", "FMI", True),
            ("k.schulte", "Jobcenter", True),
            ("a.nasser", "Syrische Gemeinschaft", False),
        ],
    ),
    (
        "AK Engagement und Dialog",
        WorkingGroup.Kind.CIRCLE,
        ["Engagement", "Dialog"],
        ["Integrationslotsen", "DITIB", "Ev. Kirche", "St. Dionysius", "Syrische Gemeinschaft"],
        "Ehrenamt, Migrantenorganisationen in Gremien und der interreligiöse Dialog.",
        [
            ("stabsstelle", "FMI", True),
            ("e.demir", "DITIB", True),
            ("j.kowalski", "Integrationslotsen", False),
            ("a.nasser", "Syrische Gemeinschaft", False),
        ],
    ),
    (
        "AG Gesundheit und interkulturelle Öffnung",
        WorkingGroup.Kind.WORKING_GROUP,
        ["Gesundheit", "Verwaltung"],
        ["Gesundheitsamt", "Caritas", "KI"],
        "Psychologische Unterstützung für Geflüchtete und eine Verwaltung, die die Vielfalt der "
        "Stadt spiegelt.",
        [
            ("stabsstelle", "FMI", True),
            ("m.wagner", "Gesundheitsamt", True),
            ("e.demir", "DITIB", False),
        ],
    ),
    (
        STEERING_GROUP,
        WorkingGroup.Kind.STEERING_GROUP,
        [],
        ["FMI", "Caritas", "Jobcenter", "KI", "Integrationsrat"],
        "Umsetzung der Leitziele, handlungsfeldübergreifende Zusammenarbeit, Monitoring.",
        [
            ("stabsstelle", "FMI", True),
            ("l.hoffmann", "VHS", False),
            ("k.schulte", "Jobcenter", False),
            ("e.demir", "DITIB", False),
            ("m.wagner", "Gesundheitsamt", False),
        ],
    ),
    (
        "Netzwerk Integration Rheine",
        WorkingGroup.Kind.NETWORK,
        [],
        [
            "FMI",
            "Caritas",
            "VHS",
            "Jobcenter",
            "DITIB",
            "Ev. Kirche",
            "St. Dionysius",
            "Syrische Gemeinschaft",
            "Integrationslotsen",
            "WBG",
        ],
        "Transparenz, Umsetzung und Weiterentwicklung der Ziele und Maßnahmen; alle Akteure "
        "der Integrationsarbeit in Rheine.",
        [
            ("stabsstelle", "FMI", True),
            ("mitglied", "Caritas", False),
            ("l.hoffmann", "VHS", False),
            ("k.schulte", "Jobcenter", False),
            ("e.demir", "DITIB", False),
            ("a.nasser", "Syrische Gemeinschaft", False),
            ("j.kowalski", "Integrationslotsen", False),
        ],
    ),
]

MINUTES_LANGUAGE = """## TOP 1 Begrüßung
Frau Krüger begrüßt die Anwesenden. Das Protokoll der letzten Sitzung wird ohne Änderungen
genehmigt.

## TOP 2 Sprachkursbörse: Stand und Erfahrungen
Frau Hoffmann berichtet: Die Börse wird gut genutzt (rund **1.200 Aufrufe** im Monat), die
arabische Fassung am häufigsten.

- Kurse mit Kinderbetreuung sind weiterhin nach wenigen Tagen ausgebucht.
- Die Wartezeit auf einen Integrationskurs liegt bei ca. vier Monaten.

## TOP 3 Kapitelentwurf „Sprachförderung“
Die AG bespricht den Entwurf. Anregungen:

1. Sprachcafés auch in Schotthock am Abend anbieten.
2. Elternarbeit in Kitas stärker mit der Sprachförderung verbinden.

## Vereinbarungen
| Was | Wer | Bis |
|---|---|---|
| Entwurf überarbeiten | Fachstelle | 15.03. |
| Raum für Abend-Sprachcafé klären | Integrationslotsen | nächste Sitzung |
"""

MINUTES_NETWORK = """## Ablauf
Das Netzwerktreffen fand als **World Café** an vier Tischen statt, je einer pro Cluster von
Handlungsfeldern.

## Ergebnisse der Tische
- **Sprache und Bildung**: Übergang Kita–Grundschule braucht Sprachstandsbeobachtung.
- **Arbeit und Wohnen**: Anerkennungsberatung früher ansetzen; Wohnungsmarkt bleibt eng.
- **Engagement und Dialog**: Migrantenorganisationen wollen im Integrationsrat sichtbarer werden.
- **Gesundheit und Öffnung**: Dolmetscherpool für Arztbesuche gewünscht.

Die Arbeitsgruppen greifen die Ergebnisse auf und berichten beim nächsten Netzwerktreffen.
"""

MINUTES_STEERING = """## TOP 1 Stand der Arbeitsgruppen
Alle vier Arbeitsgruppen haben getagt. Die AG Sprache und Bildung legt den ersten
Kapitelentwurf vor.

## TOP 2 Indikatorenbericht
Die Fachstelle stellt den Entwurf des jährlichen Berichts vor. Die Steuerungsgruppe bittet,
bei Kita-Quoten den Bruch in der Statistik zu kennzeichnen.

## TOP 3 Zeitplan
Die Beschlussvorlage geht in den nächsten Wochen an Integrationsrat, Sozialausschuss,
Haupt- und Finanzausschuss und Rat.
"""

MINUTES_WORK = """## Zukunftswerkstatt „Arbeit 2030“
**Kritikphase:** Anerkennungsverfahren dauern zu lange; Praktika scheitern an Fahrtwegen.

**Fantasiephase:** Eine Anlaufstelle für alle Fragen rund um Arbeit und Anerkennung.

**Verwirklichungsphase:** Die AG schlägt eine gemeinsame Sprechstunde von Jobcenter,
Handwerkskammer und Fachstelle vor (Maßnahme für das Kapitel „Arbeit“).
"""

AGENDA_AG = """1. Begrüßung und Protokoll
2. Bericht aus der Steuerungsgruppe
3. Kapitelentwurf: Rückmeldungen aus der Prüfrunde
4. Verschiedenes"""


def _minimal_pdf(title):
    """A one-page PDF with one line of text; enough for a demo Anlage."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _at(days, hour, minute=0):
    # Meetings of the demo take place on working days, never on a public holiday in NRW.
    day = next_working_day(timezone.localdate() + datetime.timedelta(days=days))
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def _network_meeting(starts_at):
    """A Netzwerktreffen is named after its season, so the name matches its date."""
    return f"Netzwerktreffen {season(starts_at.date())}"


@transaction.atomic
def load(town, stdout=None):
    if WorkingGroup.objects.filter(municipality=town, name=STEERING_GROUP).exists():
        return
    User = get_user_model()
    actors = {a.short_name: a for a in Actor.objects.for_municipality(town)}
    for short, name, function, email, phone in CONTACTS:
        if short in actors:
            ContactPerson.objects.create(
                actor=actors[short], name=name, function=function, email=email, phone=phone
            )
    for username, first, last, email, organisation in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        if created:
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(
            user=user,
            municipality=town,
            defaults={"role": Membership.Role.MEMBER, "organisation": organisation},
        )
    users = {u.username: u for u in User.objects.filter(memberships__municipality=town)}
    edition = Edition.objects.for_municipality(town).current()
    fields = (
        {f.short_title: f for f in FieldOfAction.objects.for_edition(edition)} if edition else {}
    )
    groups = {}
    for name, kind, field_names, actor_names, description, members in GROUPS:
        group = WorkingGroup.objects.create(
            municipality=town,
            name=name,
            kind=kind,
            description=description,
            starts_on=datetime.date(2016, 11, 15),
        )
        group.fields_of_action.set([fields[f] for f in field_names if f in fields])
        group.actors.set([actors[a] for a in actor_names if a in actors])
        for username, actor_name, is_lead in members:
            if username in users:
                GroupMembership.objects.create(
                    group=group,
                    user=users[username],
                    actor=actors.get(actor_name),
                    role=GroupMembership.Role.LEAD if is_lead else GroupMembership.Role.MEMBER,
                )
        groups[name] = group
    _load_meetings(town, groups, users, fields)
    if stdout:
        count = Meeting.objects.filter(municipality=town).count()
        stdout.write(f"Beteiligung: {len(groups)} Gremien und {count} Treffen angelegt.")


def _load_meetings(town, groups, users, fields):
    language = groups["AG Sprache und Bildung"]
    network = groups["Netzwerk Integration Rheine"]
    steering = groups[STEERING_GROUP]
    work = groups["AG Arbeit und Wohnen"]
    hall = "Rathaus Rheine, Klosterstraße 14, Sitzungssaal"
    specs = [
        {
            "title": "Auftaktveranstaltung zur 3. Fortschreibung",
            "kind": Meeting.Kind.KICKOFF,
            "starts_at": _at(-240, 17),
            "ends_at": _at(-240, 20),
            "place": "Stadthalle Rheine",
            "method": Meeting.Method.OPEN_SPACE,
            "agenda": "1. Grußwort des Bürgermeisters\n"
            "2. Rückblick auf die 2. Fortschreibung von 2017\n"
            "3. Open Space: Was muss die Fortschreibung leisten?",
            "present_guests": "rund 120 Bürgerinnen und Bürger\nPresse (Münstersche Zeitung)",
            "minutes": "Rund 120 Teilnehmende sammelten in sechs Open-Space-Runden Themen. Die "
            "Themen wurden den acht Handlungsfeldern zugeordnet und an die Arbeitsgruppen "
            "übergeben.",
        },
        {
            "title": _network_meeting(_at(-120, 15)),
            "kind": Meeting.Kind.NETWORK_MEETING,
            "group": network,
            "starts_at": _at(-120, 15),
            "ends_at": _at(-120, 18),
            "place": "Caritas-Haus, Lingener Straße 11",
            "method": Meeting.Method.WORLD_CAFE,
            "agenda": "1. Begrüßung\n2. World Café an vier Tischen\n3. Präsentation der Ergebnisse",
            "minutes": MINUTES_NETWORK,
            "present_guests": "Vertreterin des Kommunalen Integrationszentrums",
        },
        {
            "title": "3. Sitzung der AG Sprache und Bildung",
            "kind": Meeting.Kind.GROUP_SESSION,
            "group": language,
            "starts_at": _at(-60, 14),
            "ends_at": _at(-60, 16),
            "place": "VHS Rheine, Raum 2.04",
            "method": Meeting.Method.MEETING,
            "agenda": AGENDA_AG,
            "minutes": MINUTES_LANGUAGE,
            "results": "Die AG empfiehlt, die Sprachcafés auszuweiten und die Wartezeit auf "
            "Integrationskurse als Indikator zu beobachten.",
            "attachment": "Tischvorlage Sprachkursbörse",
        },
        {
            "title": "Sitzung der Steuerungsgruppe",
            "kind": Meeting.Kind.STEERING_GROUP,
            "group": steering,
            "starts_at": _at(-30, 10),
            "ends_at": _at(-30, 12),
            "place": hall,
            "method": Meeting.Method.MEETING,
            "agenda": "1. Stand der Arbeitsgruppen\n2. Indikatorenbericht\n3. Zeitplan",
            "minutes": MINUTES_STEERING,
        },
        {
            "title": "Zukunftswerkstatt „Arbeit 2030“",
            "kind": Meeting.Kind.GROUP_SESSION,
            "group": work,
            "starts_at": _at(-20, 9),
            "ends_at": _at(-20, 15),
            "place": "Jobcenter Rheine, Schulungsraum",
            "method": Meeting.Method.FUTURE_WORKSHOP,
            "agenda": "Kritikphase · Fantasiephase · Verwirklichungsphase",
            "minutes": MINUTES_WORK,
            "present_guests": "Handwerkskammer Münster",
        },
        {
            "title": "4. Sitzung der AG Sprache und Bildung",
            "kind": Meeting.Kind.GROUP_SESSION,
            "group": language,
            "starts_at": _at(10, 14),
            "ends_at": _at(10, 16),
            "place": "VHS Rheine, Raum 2.04",
            "method": Meeting.Method.MEETING,
            "agenda": AGENDA_AG,
        },
        {
            "title": "Dialogforum „Migration und Integration“",
            "kind": Meeting.Kind.DIALOGUE_FORUM,
            "starts_at": _at(21, 18),
            "ends_at": _at(21, 21),
            "place": "Stadthalle Rheine, Großer Saal",
            "method": Meeting.Method.FISHBOWL,
            "agenda": "1. Begrüßung\n2. Bericht der Fachstelle: Stand der Umsetzung\n"
            "3. Fishbowl-Diskussion „Wie gelingt Nachbarschaft?“\n4. Ausklang mit Imbiss",
            "invited_guests": "Bürgerschaft (öffentliche Einladung)\nIntegrationsrat\nPresse",
            "attachment": "Einladung Dialogforum",
        },
        {
            "title": _network_meeting(_at(45, 15)),
            "kind": Meeting.Kind.NETWORK_MEETING,
            "group": network,
            "starts_at": _at(45, 15),
            "ends_at": _at(45, 18),
            "place": hall,
            "method": Meeting.Method.WORLD_CAFE,
            "agenda": "1. Berichte aus den Arbeitsgruppen\n2. Entwurf der 3. Fortschreibung",
        },
    ]
    staff = users.get("stabsstelle")
    for spec in specs:
        attachment = spec.pop("attachment", None)
        meeting = Meeting.objects.create(municipality=town, **spec)
        group = spec.get("group")
        if group:
            people = [m.user for m in group.memberships.all()]
            meeting.invited_users.set(people)
            if meeting.starts_at < timezone.now():
                meeting.present_users.set(people[:-1] or people)
        if attachment:
            Attachment.objects.create(
                meeting=meeting,
                file=ContentFile(_minimal_pdf(attachment), name="demo.pdf"),
                original_name=f"{attachment}.pdf",
                extension="pdf",
                content_type="application/pdf",
                size=len(_minimal_pdf(attachment)),
                uploaded_by=staff,
            )
    language_session = Meeting.objects.get(municipality=town, title__startswith="3. Sitzung")
    if "Sprache" in fields:
        field = fields["Sprache"]
        language_session.strategic_goals.set(field.strategic_goals.all()[:1])
        language_session.operational_goals.set(
            OperationalGoal.objects.filter(field_of_action=field)[:2]
        )
        language_session.measures.set(Measure.objects.filter(field_of_action=field)[:2])
