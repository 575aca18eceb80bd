"""LibreOffice conversions for the tests: `convert(source, "pdf")` → the converted file's path.

Every test that converts (.html → .odt, .odt → .docx, .docx → .pdf or .doc) goes through here.
Each call runs its own `soffice --headless --convert-to` with its own user profile directory
(`-env:UserInstallation=file:///tmp/…`, removed afterwards): LibreOffice locks its profile, so
parallel test workers sharing one would wait for each other or fail. A conversion that takes
longer than `timeout` seconds is stopped (its whole process group) and fails the test with
LibreOffice's output.

    pytestmark = needs_libreoffice            # or @needs_libreoffice on a test
    pdf = convert(tmp_path / "konzept.docx", "pdf")
    text = pdf_text(pdf)
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TIMEOUT = 120

needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) fehlt")
needs_pdftotext = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) oder pdftotext fehlt",
)


class ConversionFailed(AssertionError):
    pass


def convert(
    source: Path, target: str, outdir: Path | None = None, timeout: float = TIMEOUT
) -> Path:
    """Convert `source` with LibreOffice to `target` ("pdf", "docx:MS Word 2007 XML",
    "doc:MS Word 97", "odt:writer8" …) into `outdir` (default: beside the source); the path of
    the new file. Its own profile per call; stopped after `timeout` seconds."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) fehlt")
    source = Path(source)
    outdir = Path(outdir or source.parent)
    outdir.mkdir(parents=True, exist_ok=True)
    extension = target.split(":", 1)[0]
    expected = outdir / f"{source.stem}.{extension}"
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(source),
    ]
    # its own process group: a timeout stops soffice.bin too, not only the launcher
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        raise ConversionFailed(
            f"LibreOffice brauchte länger als {timeout} s für {source.name} → {target}"
        ) from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if process.returncode != 0 or not expected.exists():
        raise ConversionFailed(
            f"LibreOffice hat {source.name} nicht nach {target} umgewandelt "
            f"(Exit {process.returncode}): {out.decode(errors='replace')} "
            f"{err.decode(errors='replace')}"
        )
    return expected


def convert_bytes(raw: bytes, name: str, target: str, timeout: float = TIMEOUT) -> bytes:
    """`convert` for content in memory: `raw` saved as `name`, the converted file's bytes."""
    with tempfile.TemporaryDirectory(prefix="lo-convert-") as folder:
        source = Path(folder) / name
        source.write_bytes(raw)
        return convert(source, target, Path(folder) / "out", timeout=timeout).read_bytes()


def pdf_text(pdf: Path) -> str:
    """The text of a PDF (pdftotext), whitespace collapsed (table cells wrap)."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return " ".join(text.split())
