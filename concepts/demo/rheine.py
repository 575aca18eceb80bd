"""The demo town Rheine: what its exchange file does not hold, and the loading of the file.

The concept itself (Rheine's 2. Fortschreibung of 2017 with its Leitbild, Handlungsfelder,
goals, measures, Träger, and the indicators with their values) is `rheine.json` beside this
module, in the product's exchange format; `load` imports it through `edition_import`, the same
code path a town's upload takes. Here stays what the format does not carry: the town and its
legal texts, the demo's people and their roles, the adoption of the 2017 edition and the draft
3. Fortschreibung made from it (with changes and Bewertungen), and the publication.
Loaded by `python manage.py demo`; idempotent through the town's slug.
"""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from concepts.demo.sections import with_extension_sections
from concepts.exchange import load as exchange_load
from concepts.models import (
    Actor,
    Concept,
    Edition,
    FieldOfAction,
    Measure,
    MeasureActor,
    Membership,
    Municipality,
    OperationalGoal,
    StrategicGoal,
)

EXCHANGE_FILE = Path(__file__).with_name("rheine.json")

TOWN_SLUG = "rheine"

DEMO_USERS = [
    # username, password, first, last, e-mail, role, organisation
    (
        "stabsstelle",
        "demo-stab-2026",
        "Sabine",
        "Krüger",
        "s.krueger@rheine.example",
        Membership.Role.STAFF,
        "Fachstelle Migration & Integration",
    ),
    (
        "mitglied",
        "demo-ag-2026",
        "Murat",
        "Yılmaz",
        "m.yilmaz@caritas-rheine.example",
        Membership.Role.MEMBER,
        "Caritasverband Rheine",
    ),
    (
        "ratsmitglied",
        "demo-rat-2026",
        "Heinz",
        "Brüggemann",
        "h.brueggemann@rat-rheine.example",
        Membership.Role.COUNCIL,
        "Integrationsrat",
    ),
]
ADMIN_USER = ("admin", "demo-admin-2026")


def rheine_data(today=None):
    """The demo concept's exchange file as data, the extensions' sections prepared by them."""
    data = json.loads(EXCHANGE_FILE.read_text(encoding="utf-8"))
    return with_extension_sections(data, today=today)


@transaction.atomic
def load(*, stdout=None):
    """Create the demo town and import its concept; on a second call only top up; idempotent."""
    existing = Municipality.objects.filter(slug=TOWN_SLUG).first()
    if existing is not None:
        if load_legal_texts(existing) and stdout:
            stdout.write("Rechtliche Angaben der Demo-Kommune ergänzt.")
        publish_adopted(existing, stdout=stdout)
        return None
    town = Municipality.objects.create(
        name="Rheine",
        slug=TOWN_SLUG,
        kind=Municipality.Kind.CITY,
        ags="05566076",
        office="Fachstelle Migration & Integration",
        website="https://www.rheine.de",
        legal_imprint=LEGAL_IMPRINT,
        legal_privacy=LEGAL_PRIVACY,
        legal_accessibility=LEGAL_ACCESSIBILITY,
    )
    users = _load_users(town)
    edition = exchange_load.edition_import(
        municipality=town, data=rheine_data(), user=users[DEMO_USERS[0][0]]
    )
    if stdout:
        stdout.write(
            f"Demo-Kommune {town} mit Konzept „{edition.concept}“ angelegt "
            f"(aus der Austauschdatei {EXCHANGE_FILE.name})."
        )
    load_editions(town, stdout=stdout)
    publish_adopted(town, stdout=stdout)
    return town


def publish_adopted(town, *, stdout=None):
    """Show the adopted 2. Fortschreibung in the public transparency view (once)."""
    from concepts.services.editions import edition_publish

    edition = (
        Edition.objects.for_municipality(town)
        .filter(title="2. Fortschreibung", status=Edition.Status.ADOPTED, is_public=False)
        .first()
    )
    if edition is None:
        return None
    staff = get_user_model().objects.filter(username=DEMO_USERS[0][0]).first()
    edition = edition_publish(edition=edition, public=True, user=staff)
    if stdout:
        stdout.write(f"„{edition.title}“ in der öffentlichen Ansicht veröffentlicht.")
    return edition


def load_people(town, rows):
    """The demo's people of a town with their roles, from rows like DEMO_USERS; idempotent.
    Returns {username: user}."""
    User = get_user_model()
    users = {}
    for username, password, first, last, email, role, organisation in rows:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        if created:
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(
            user=user, municipality=town, defaults={"role": role, "organisation": organisation}
        )
        users[username] = user
    return users


def _load_users(town):
    User = get_user_model()
    users = load_people(town, DEMO_USERS)
    if not User.objects.filter(username=ADMIN_USER[0]).exists():
        User.objects.create_superuser(ADMIN_USER[0], "admin@rheine.example", ADMIN_USER[1])
    return users


# --- Fassungen: the adopted 2. Fortschreibung and the draft 3. Fortschreibung made from it ---

ADOPTED_ON = datetime.date(2017, 5, 30)  # the Rat of the council demo
NEXT_TITLE = "3. Fortschreibung"
DEADLINE = " – bis 2030."
RENEWED_GOALS = {
    "Bis 2020 gibt es eine zentrale, mehrsprachige Übersicht aller Sprachkurse.": (
        "Bis 2028 gibt es die Übersicht aller Sprachkurse auch in Leichter Sprache."
    ),
}
YEAR = re.compile(r"\b(19|20)\d{2}\b")

ASSESSMENT_TEXTS = {
    "reached": "Das Ziel ist erreicht; die Angebote sind fest eingerichtet und gut nachgefragt.",
    "partly": "Teilweise erreicht: Die Angebote laufen, erreichen aber noch nicht alle "
    "Zielgruppen (vor allem Frauen mit kleinen Kindern).",
    "not_reached": "Nicht erreicht: Personal und Fördermittel fehlten; das Ziel wird in der "
    "3. Fortschreibung neu gefasst.",
    "not_assessable": "Nicht beurteilbar, weil keine belastbaren Daten vorliegen; ein Indikator "
    "wird ergänzt.",
}
GRADE_CYCLE = ["reached", "partly", "partly", "not_reached", "reached", "not_assessable"]


def load_editions(town, *, stdout=None):
    """Adopt the 2017 edition and write the 3. Fortschreibung (2026) from it, with changes and
    Bewertungen, so that Verlauf, Vergleich and Bewertung have something to show.

    Idempotent: does nothing when the concept has a 3. Fortschreibung already.
    """
    from concepts.models import GoalAssessment
    from concepts.services.editions import edition_copy

    concept = Concept.objects.filter(municipality=town).order_by("pk").first()
    if concept is None or concept.editions.filter(title=NEXT_TITLE).exists():
        return None
    source = concept.editions.filter(year=2017).order_by("pk").first()
    if source is None:
        return None
    staff = get_user_model().objects.filter(username=DEMO_USERS[0][0]).first()
    if source.status != Edition.Status.ADOPTED:
        source.status = Edition.Status.ADOPTED
        source.adopted_on = ADOPTED_ON
        source._history_user = staff
        source._change_reason = f"Beschluss des Rates vom {ADOPTED_ON:%d.%m.%Y}"
        source.save()
    draft = edition_copy(source=source, user=staff, title=NEXT_TITLE, year=2026)

    def save(obj, reason):
        obj._history_user = staff
        obj._change_reason = reason
        obj.full_clean()
        obj.save()

    measures = Measure.objects.for_edition(draft)
    # A measure that was not continued leaves the concept.
    for gone in measures.filter(status=Measure.Status.DISCONTINUED)[:1]:
        gone._history_user = staff
        gone.delete()
    # An idea became a plan, a finished measure is run again.
    for idea in measures.filter(status=Measure.Status.IDEA)[:1]:
        idea.status = Measure.Status.PLANNED
        idea.starts_on = datetime.date(2026, 9, 1)
        save(idea, "Arbeitsgruppe vom 12.03.2026")
    for done in measures.filter(status=Measure.Status.COMPLETED)[:1]:
        done.status = Measure.Status.RUNNING
        done.starts_on = datetime.date(2026, 1, 1)
        done.ends_on = datetime.date(2028, 12, 31)
        done.description += " Neu aufgelegt und um weitere Angebote ergänzt."
        save(done, "neu aufgelegt")
    # Goals whose deadline has passed are renewed; one without a deadline gets one, and a new
    # measure joins the first field.
    for old_title, new_title in RENEWED_GOALS.items():
        for renewed in OperationalGoal.objects.for_edition(draft).filter(title=old_title):
            renewed.title = new_title
            save(renewed, "Ziel erreicht und neu gefasst")
    first_field = FieldOfAction.objects.for_edition(draft).order_by("position").first()
    goals = OperationalGoal.objects.filter(field_of_action=first_field).order_by(
        "strategic_goal__position", "position"
    )
    goal = next((g for g in goals if not YEAR.search(g.title)), None)
    if goal is not None:
        goal.title = goal.title.rstrip(".") + DEADLINE
        save(goal, "Ziel mit Frist versehen")
    if first_field is not None:
        new = Measure(
            field_of_action=first_field,
            position=measures.filter(field_of_action=first_field).count() + 1,
            title="Digitaler Sprachlerntreff",
            description="Wöchentlicher Treff in der Stadtbibliothek: Sprach-Apps gemeinsam "
            "nutzen, mit Ehrenamtlichen als Lernbegleitung.",
            status=Measure.Status.PLANNED,
            origin=Measure.Origin.NEW,
            starts_on=datetime.date(2026, 10, 1),
            target_groups="Erwachsene Zugewanderte mit Grundkenntnissen",
            material_costs=Decimal("4500"),
            funding="Stadtbibliothek, Landesprogramm",
        )
        save(new, "neu in der 3. Fortschreibung")
        if goal is not None:
            new.operational_goals.add(goal)
        vhs = Actor.objects.filter(municipality=town, short_name="VHS").first()
        if vhs is not None:
            save(
                MeasureActor(measure=new, actor=vhs, role=MeasureActor.Role.LEAD),
                "neu in der 3. Fortschreibung",
            )

    # Bewertung: grade the first goals of every field of the 2017 edition.
    assessments = []
    n = 0
    for field in FieldOfAction.objects.for_edition(source).order_by("position"):
        for sg in StrategicGoal.objects.filter(field_of_action=field).order_by("position")[:1]:
            grade = GRADE_CYCLE[n % len(GRADE_CYCLE)]
            assessments.append(
                GoalAssessment(
                    edition=draft, strategic_goal=sg, grade=grade, text=ASSESSMENT_TEXTS[grade]
                )
            )
            n += 1
            for og in sg.operational_goals.order_by("position")[:2]:
                grade = GRADE_CYCLE[n % len(GRADE_CYCLE)]
                assessments.append(
                    GoalAssessment(
                        edition=draft,
                        operational_goal=og,
                        grade=grade,
                        text=ASSESSMENT_TEXTS[grade],
                    )
                )
                n += 1
    for assessment in assessments:
        save(assessment, "Bewertung der 2. Fortschreibung")
    if stdout:
        stdout.write(
            f"„{source.title}“ beschlossen; „{draft.title}“ als Entwurf mit "
            f"{len(assessments)} Bewertungen angelegt."
        )
    return draft


# --- Rechtliche Angaben: what the Stadt Rheine publishes (texts of the demo, not legal advice) ---

LEGAL_IMPRINT = """\
## Angaben gemäß § 5 DDG

Stadt Rheine, Der Bürgermeister, Klosterstraße 14, 48431 Rheine

Die Stadt Rheine ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch den
Bürgermeister.

## Kontakt

- Telefon: 05971 939-0
- E-Mail: [integration@rheine.example](mailto:integration@rheine.example)

## Verantwortlich für den Inhalt

Sabine Krüger, Fachstelle Migration & Integration, Klosterstraße 14, 48431 Rheine
(verantwortlich nach § 18 Abs. 2 MStV)

## Haftung für Inhalte und Links

Die Inhalte des Integrationskonzepts erstellen die Fachstelle Migration & Integration und die
beteiligten Arbeitsgruppen mit größter Sorgfalt. Für Inhalte externer Seiten, auf die wir
verlinken, sind ausschließlich deren Betreiber verantwortlich.
"""

LEGAL_PRIVACY = """\
## Verantwortliche Stelle

Verantwortlich für die Verarbeitung personenbezogener Daten in dieser Anwendung ist die
Stadt Rheine, vertreten durch den Bürgermeister, Klosterstraße 14, 48431 Rheine,
E-Mail: [datenschutz@rheine.example](mailto:datenschutz@rheine.example).

## Datenschutzbeauftragte

Die behördliche Datenschutzbeauftragte erreichen Sie unter der oben genannten Anschrift mit dem
Zusatz „Datenschutzbeauftragte“ oder per E-Mail an
[dsb@rheine.example](mailto:dsb@rheine.example).

## Welche Daten wir verarbeiten und wozu

- **Anmeldedaten** (Benutzername, Name, E-Mail-Adresse, Rolle, Organisation) der Personen, die
  am Integrationskonzept mitarbeiten: Mitarbeitende der Verwaltung, Mitglieder der
  Arbeitsgruppen und des Integrationsrats. Zweck: Zugang zur Anwendung und Zuordnung von
  Beiträgen.
- **Beiträge**: Kommentare in Prüfrunden, Protokolle, Anwesenheiten bei Treffen. Zweck:
  gemeinsame Erarbeitung und Fortschreibung des Integrationskonzepts.
- **Ansprechpersonen von Akteuren** (z. B. Wohlfahrtsverbände, Migrantenorganisationen).
  Zweck: Einladung zu Netzwerktreffen und Arbeitsgruppen.
- **Technische Daten**: Beim Aufruf speichert der Server für höchstens sieben Tage
  Zeitpunkt, aufgerufene Adresse und Statuscode, ohne IP-Adresse. Ein Sitzungs-Cookie hält Ihre
  Anmeldung; es endet mit der Abmeldung, nach 30 Minuten ohne Aktivität, spätestens nach
  12 Stunden. Es gibt keine Analyse- oder Werbe-Cookies und keine Inhalte von Dritten.

## Rechtsgrundlagen

Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 DSG NRW (Erfüllung einer Aufgabe im
öffentlichen Interesse: kommunale Integrationsarbeit) sowie Art. 6 Abs. 1 lit. a DSGVO, soweit
Sie in eine Mitwirkung eingewilligt haben.

## Empfänger und Speicherdauer

Die Daten werden auf Servern der Stadt Rheine verarbeitet und nicht an Dritte übermittelt.
Vorlagen und Beschlüsse werden nach den Regeln der Aktenführung aufbewahrt; Konten und
Beiträge von Personen, die nicht mehr mitwirken, werden auf Wunsch gelöscht oder anonymisiert.

## Ihre Rechte

Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17),
Einschränkung der Verarbeitung (Art. 18) und Widerspruch (Art. 21). Eine Einwilligung können
Sie jederzeit für die Zukunft widerrufen. Sie können sich bei der Aufsichtsbehörde beschweren:
Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen,
Kavalleriestraße 2–4, 40213 Düsseldorf.
"""

LEGAL_ACCESSIBILITY = """\
Die Stadt Rheine ist bemüht, diese Anwendung zum Integrationskonzept im Einklang mit dem
Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW) und der Barrierefreie-
Informationstechnik-Verordnung NRW (BITVNRW), die auf die BITV 2.0 verweist, barrierefrei
zugänglich zu machen.

Diese Erklärung zur Barrierefreiheit gilt für die Anwendung „Integrationskonzept“ der Stadt
Rheine.

## Stand der Vereinbarkeit mit den Anforderungen

Diese Anwendung ist mit den Anforderungen der BITV 2.0 und der Norm EN 301 549 (WCAG 2.1,
Konformitätsstufe AA) weitgehend vereinbar. Die Seiten lassen sich vollständig mit der Tastatur
bedienen, haben eine sichtbare Fokusmarkierung, Sprungmarken zum Inhalt und ausreichende
Kontraste.

## Nicht barrierefreie Inhalte

Die nachstehend aufgeführten Inhalte sind nicht oder nur eingeschränkt barrierefrei:

- **Hochgeladene Anlagen** (z. B. Protokolle oder Stellungnahmen von Akteuren als PDF oder
  Word-Datei) stammen von Dritten und werden nicht auf Barrierefreiheit geprüft. Begründung:
  unverhältnismäßige Belastung. Auf Anfrage senden wir Ihnen den Inhalt in einer zugänglichen
  Form zu.
- **Diagramme der Indikatoren** sind als Grafik mit Textalternative umgesetzt; die genauen
  Werte stehen zusätzlich in einer Tabelle auf derselben Seite.
- **Erzeugte PDF-Dokumente** (Gesamtkonzept, Beschlussvorlage) sind noch nicht vollständig mit
  PDF/UA-Auszeichnung versehen. Dieselben Inhalte stehen barrierefrei als Webseite bereit.

## Erstellung dieser Erklärung

Diese Erklärung wurde am 2. Dezember 2026 erstellt. Sie beruht auf einer Selbstbewertung der
Fachstelle Migration & Integration. Zusätzlich werden alle Seiten der Anwendung bei jeder neuen
Version automatisch mit axe-core auf die Kriterien der WCAG 2.1 (Stufen A und AA) geprüft, und
die wichtigsten Abläufe werden allein mit der Tastatur getestet. Die Erklärung wurde zuletzt am
2. Dezember 2026 überprüft.

## Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten aufgefallen, oder benötigen Sie
Informationen in einer barrierefreien Form? Dann wenden Sie sich bitte an:

- Stadt Rheine, Fachstelle Migration & Integration, Sabine Krüger
- Anschrift: Klosterstraße 14, 48431 Rheine
- E-Mail: [barrierefreiheit@rheine.example](mailto:barrierefreiheit@rheine.example)
- Telefon: 05971 939-0

Wir beantworten Ihre Anfrage innerhalb von zwei Wochen.

## Durchsetzungsverfahren

Wenn Sie auf Ihre Rückmeldung innerhalb von sechs Wochen keine zufriedenstellende Antwort
erhalten haben, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des
Landes Nordrhein-Westfalen bei der Landesbeauftragten für Menschen mit Behinderung wenden. Sie
vermittelt zwischen Ihnen und der Stadt Rheine mit dem Ziel einer außergerichtlichen Einigung.
Das Verfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand.
"""


def load_legal_texts(town):
    """Fill the legal pages the demo town has not written yet (idempotent, keeps edits)."""
    changed = False
    for field, text in (
        ("legal_imprint", LEGAL_IMPRINT),
        ("legal_privacy", LEGAL_PRIVACY),
        ("legal_accessibility", LEGAL_ACCESSIBILITY),
    ):
        current = getattr(town, field)
        if not current or current.startswith(f"{town} ist bemüht"):
            setattr(town, field, text)
            changed = True
    if changed:
        town.save()
    return changed
