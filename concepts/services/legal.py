"""The three legal pages a town publishes: Impressum, Datenschutzerklärung and Erklärung zur
Barrierefreiheit (BITV 2.0, EU model statement of Durchführungsbeschluss (EU) 2018/1523).

The town's staff write the texts in Markdown (Municipality.legal_*); a new town starts with
the model structure of the accessibility statement so that nothing required is forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from concepts.models import Municipality


@dataclass(frozen=True)
class LegalPage:
    key: str  # URL name and Municipality field: legal_<key>
    title: str
    path: str  # the German word in the address

    @property
    def field(self):
        return f"legal_{self.key}"

    @property
    def url_name(self):
        return f"legal_{self.key}"

    @property
    def site_url_name(self):
        return f"site_legal_{self.key}"


PAGES = [
    LegalPage("imprint", _("Impressum"), "impressum"),
    LegalPage("privacy", _("Datenschutzerklärung"), "datenschutz"),
    LegalPage("accessibility", _("Erklärung zur Barrierefreiheit"), "barrierefreiheit"),
]
PAGES_BY_KEY = {page.key: page for page in PAGES}

ACCESSIBILITY_TEMPLATE = """\
{name} ist bemüht, diese Anwendung zum Integrationskonzept im Einklang mit der
Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und den landesrechtlichen Vorschriften
zur Umsetzung der Richtlinie (EU) 2016/2102 barrierefrei zugänglich zu machen.

Diese Erklärung zur Barrierefreiheit gilt für die Anwendung unter [Adresse der Anwendung].

## Stand der Vereinbarkeit mit den Anforderungen

Diese Anwendung ist mit den Anforderungen der BITV 2.0 und der Norm EN 301 549 (WCAG 2.1,
Konformitätsstufe AA) [vollständig / teilweise] vereinbar.

## Nicht barrierefreie Inhalte

Die nachstehend aufgeführten Inhalte sind nicht oder nur eingeschränkt barrierefrei:

- [Inhalt, z. B. hochgeladene Anlagen von Dritten: Sie werden nicht auf Barrierefreiheit
  geprüft.] Begründung: [unverhältnismäßige Belastung / nicht in den Anwendungsbereich
  fallend]. Barrierefreie Alternative: [z. B. Zusendung auf Anfrage].

## Erstellung dieser Erklärung

Diese Erklärung wurde am [Datum] erstellt. Sie beruht auf einer Selbstbewertung; die Seiten
der Anwendung werden zusätzlich bei jeder neuen Version automatisch mit axe-core auf die
Kriterien der WCAG 2.1 (Stufen A und AA) geprüft. Die Erklärung wurde zuletzt am [Datum]
überprüft.

## Feedback und Kontakt

Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten aufgefallen, oder benötigen Sie
Informationen in einer barrierefreien Form? Dann wenden Sie sich bitte an:

- {office}
- Anschrift: [Straße, Postleitzahl, Ort]
- E-Mail: [E-Mail-Adresse]
- Telefon: [Telefonnummer]

Wir beantworten Ihre Anfrage innerhalb von [zwei Wochen].

## Durchsetzungsverfahren

Wenn Sie auf Ihre Rückmeldung innerhalb von sechs Wochen keine zufriedenstellende Antwort
erhalten haben, können Sie sich an die für Ihr Land zuständige Durchsetzungs- oder
Schlichtungsstelle wenden: [Name, Anschrift und Webseite der Stelle nach Landesrecht].
Bei Stellen des Bundes ist dies die Schlichtungsstelle nach § 16 des
Behindertengleichstellungsgesetzes (<https://www.schlichtungsstelle-bgg.de>). Das Verfahren
ist kostenlos; Sie brauchen keinen Rechtsbeistand.
"""


# A building block for the town's Datenschutzerklärung when it runs online surveys
# (docs/umfragen.md); the legal page's edit form offers it to copy. Placeholders in [brackets].
PRIVACY_SURVEY_SECTION = """\
## Online-Umfragen

{name} führt Online-Umfragen durch, zum Beispiel unter den Akteuren der Integrationsarbeit
oder unter Einwohnerinnen und Einwohnern, um das Integrationskonzept fortzuschreiben.

- **Verantwortlich:** {office}, [Anschrift, E-Mail].
- **Zweck und Rechtsgrundlage:** Ermittlung von Bedarfen für das Integrationskonzept
  (Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit [Landesrecht]); die Teilnahme ist freiwillig.
- **Welche Daten:** Ihre Antworten. Wir speichern **keine IP-Adresse und keine Angaben zu Ihrem
  Gerät oder Browser**. Bei persönlichen Einladungen speichern wir Ihre E-Mail-Adresse und die
  Organisation, für die Sie angeschrieben wurden, um Ihnen den Link und Erinnerungen zu senden.
  Bei anonymen Umfragen wird die Verbindung zwischen Antwort und Person oder Link beim Absenden
  gelöscht.
- **Cookies:** Bei offenen Umfragen merkt sich ein technisch notwendiges Sitzungs-Cookie Ihren
  Fortschritt, bis Sie absenden.
- **Auswertung:** Ergebnisse werden nur zusammengefasst (Anzahlen und Anteile) veröffentlicht.
  Freitext-Antworten liest nur die Stabsstelle.
- **Speicherdauer:** Die Antworten werden [365] Tage nach dem Ende der Umfrage gelöscht; die
  zusammengefassten Ergebnisse bleiben Teil des Integrationskonzepts.
- **Ihre Rechte:** Auskunft, Berichtigung, Löschung, Einschränkung und Widerspruch (Art. 15–21
  DSGVO) sowie Beschwerde bei der Aufsichtsbehörde [Name der Landesdatenschutzbehörde].
"""


def privacy_survey_section(municipality: Municipality) -> str:
    """The survey section of the Datenschutzerklärung, addressed to the town."""
    return PRIVACY_SURVEY_SECTION.format(
        name=str(municipality), office=municipality.office or "[Zuständige Stelle]"
    )


def accessibility_statement_default(municipality: Municipality) -> str:
    """The model statement, addressed to the town; placeholders in [brackets] remain."""
    return ACCESSIBILITY_TEMPLATE.format(
        name=str(municipality), office=municipality.office or "[Zuständige Stelle]"
    )
