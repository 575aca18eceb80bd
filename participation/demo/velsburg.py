"""Velsburg's council part: the Beschlussvorlage of 2016 as found in the archive, with date,
author and finance statement unknown, so that the Vorlage and its PDF are seen printing nothing
that was not entered (issue 14). Idempotent through the Vorlage's number."""

from django.db import transaction

from concepts.demo.velsburg import TOWN_SLUG, velsburg_editions
from participation.models import Committee, Paper

PAPER_NUMBER = "BV/0415/2016"


@transaction.atomic
def load(*, stdout=None):
    editions = velsburg_editions()
    if not editions:
        return None
    town = editions[0].concept.municipality
    if Paper.objects.filter(municipality=town, number=PAPER_NUMBER).exists():
        return None
    Committee.objects.get_or_create(
        municipality=town,
        name="Rat der Stadt Velsburg",
        defaults={"short_name": "Rat", "kind": Committee.Kind.COUNCIL, "seats": 82, "position": 1},
    )
    paper = Paper(
        municipality=town,
        kind=Paper.Kind.RESOLUTION,
        number=PAPER_NUMBER,
        subject="Integrationskonzept der Stadt Velsburg",
        proposal_points=[
            "Der Rat der Stadt Velsburg beschließt das Integrationskonzept 2016 (Anlage 01).",
            "Die Verwaltung berichtet dem Integrationsrat jährlich über die Umsetzung.",
        ],
        reasoning="Aus dem Ratsarchiv übernommen; Datum, Verfasser und Angaben zu den "
        "finanziellen Auswirkungen sind in der überlieferten Fassung nicht erhalten.",
        edition=editions[0],
    )
    paper.full_clean()
    paper.save()
    if stdout:
        stdout.write(f"Vorlage {PAPER_NUMBER} ({TOWN_SLUG}) ohne Datum und Verfasser angelegt.")
    return paper
