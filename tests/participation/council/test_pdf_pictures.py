"""Writes the Vorlage PDF of an amended decision to PDF_PICTURES_DIR for a person to look at."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from participation import pdf_council
from participation.models import Amendment
from participation.services_council import amendment_save, consultation_record_result

OUT = os.environ.get("PDF_PICTURES_DIR")


@pytest.mark.skipif(not OUT or shutil.which("pdftoppm") is None, reason="nur auf Wunsch")
def test_write_pictures_of_an_amended_vorlage(council_world):
    consultation_record_result(
        consultation=council_world.consultation, result="deliberated", unanimous=True
    )
    amendment_save(
        amendment=Amendment(
            consultation=council_world.decision,
            proposer="FDP-Fraktion",
            text="Der Bericht geht jährlich auch an den Integrationsrat.",
            result=Amendment.Result.ACCEPTED,
            votes_yes=27,
            votes_no=14,
        )
    )
    consultation_record_result(
        consultation=council_world.decision,
        result="adopted_amended",
        votes_yes=41,
        votes_no=3,
        votes_abstain=1,
        decision_text="Der Rat beschließt die 2. Fortschreibung des Integrationskonzepts und "
        "erwartet jährlich einen Bericht im Integrationsrat.",
    )
    out = Path(OUT)
    out.mkdir(parents=True, exist_ok=True)
    (out / "amended.pdf").write_bytes(pdf_council.paper_pdf(council_world.paper))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", out / "amended.pdf", out / "amended"], check=True
    )
