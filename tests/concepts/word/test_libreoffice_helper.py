"""The shared LibreOffice helper (tests/libreoffice.py): conversions running at the same time do
not collide (each has its own profile), and a conversion that hangs is stopped in time."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests import libreoffice
from tests.concepts.word import shapes
from tests.libreoffice import ConversionFailed, convert, convert_bytes, needs_pdftotext, pdf_text


@needs_pdftotext
def test_parallel_conversions_each_with_their_own_profile(tmp_path):
    sources = []
    for n in range(3):
        folder = tmp_path / f"w{n}"
        folder.mkdir()
        (folder / "konzept.docx").write_bytes(shapes.keywords_only())
        sources.append(folder / "konzept.docx")
    with ThreadPoolExecutor(3) as pool:
        pdfs = list(pool.map(lambda source: convert(source, "pdf"), sources))
    for pdf in pdfs:
        assert "Begegnungsfest Zusammenleben" in pdf_text(pdf)
    # the profiles are gone afterwards
    assert not list(tmp_path.glob("**/lo-profile-*"))


@needs_pdftotext
def test_a_conversion_that_takes_too_long_is_stopped(tmp_path):
    (tmp_path / "konzept.docx").write_bytes(shapes.keywords_only())
    started = time.perf_counter()
    with pytest.raises(ConversionFailed, match="länger als 0.2 s"):
        convert(tmp_path / "konzept.docx", "pdf", timeout=0.2)
    assert time.perf_counter() - started < 10
    assert not (tmp_path / "konzept.pdf").exists()


@needs_pdftotext
def test_convert_bytes_and_a_failed_conversion():
    raw = convert_bytes(shapes.keywords_only(), "k.docx", "odt:writer8")
    assert raw.startswith(b"PK")
    with pytest.raises(ConversionFailed, match="nicht nach"):
        convert_bytes(b"", "leer.docx", "kein-filter-xyz")
    assert libreoffice.SOFFICE
