"""The Vorlage PDF of an amended decision, as pictures: to PDF_PICTURES_DIR for a person to look
at (`PDF_PICTURES_DIR=/tmp/pics pytest tests/participation/council/test_pdf_pictures.py`), else
to a temporary folder; either way the pages are checked for the amendment and the decision."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from participation.council import pdf as council_pdf
from participation.council.services import amendment_save, consultation_record_result
from participation.models import Amendment

OUT = os.environ.get("PDF_PICTURES_DIR")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm fehlt (poppler-utils)")
@pytest.mark.slow
def test_write_pictures_of_an_amended_vorlage(council_world, tmp_path):
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
    out = Path(OUT) if OUT else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    (out / "amended.pdf").write_bytes(council_pdf.paper_pdf(council_world.paper))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", out / "amended.pdf", out / "amended"], check=True
    )
    pictures = sorted(out.glob("amended*.png"))
    info = subprocess.run(
        ["pdfinfo", out / "amended.pdf"], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1))
    # One picture per page, none of them blank (a blank page compresses to far less).
    assert pages >= 1 and len(pictures) == pages
    assert all(p.stat().st_size > 5_000 for p in pictures)
    text = subprocess.run(
        ["pdftotext", "-layout", out / "amended.pdf", "-"], capture_output=True, text=True
    ).stdout
    assert "FDP-Fraktion" in text
    assert "erwartet jährlich einen Bericht im Integrationsrat" in " ".join(text.split())
