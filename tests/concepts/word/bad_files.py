"""The unsuitable files of issue 18, point 5, each as (bytes, the German message it gets), for
the reader, the browser view and `manage.py import_docx` alike (test_bad_input.py).

Real files where a tool can write them: the .doc is saved by LibreOffice, the encrypted document
is encrypted by msoffcrypto-tool (Agile encryption, as Word does with a password). A case whose
tool is missing is skipped.
"""

from __future__ import annotations

import functools
import io
import zipfile

import pytest

from tests.concepts.word import shapes
from tests.libreoffice import SOFFICE, convert_bytes


def rezipped(raw: bytes, replace: dict[str, bytes] | None = None, add: dict | None = None) -> bytes:
    """The .docx with some entries replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (add or {}).items():
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@functools.cache
def not_a_docx() -> bytes:
    return b"%PDF-1.7 kein Word-Dokument\n" + b"x" * 500


@functools.cache
def old_doc() -> bytes:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) fehlt")
    return convert_bytes(shapes.keywords_only(), "konzept.docx", "doc:MS Word 97")


@functools.cache
def docm_with_macros() -> bytes:
    raw = shapes.keywords_only()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return rezipped(raw, {"[Content_Types].xml": types}, {"word/vbaProject.bin": b"\x00" * 64})


@functools.cache
def encrypted() -> bytes:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(shapes.keywords_only())).encrypt("geheim", out)
    return out.getvalue()


@functools.cache
def zip_bomb() -> bytes:
    """160 parts of 1 MB of zeros each (each under the ratio check), 160 MB unpacked from well
    under 1 MB."""
    out = io.BytesIO()
    zeros = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(160):
            archive.writestr(f"word/media/leer{n}.bin", zeros)
    return out.getvalue()


@functools.cache
def zip_bomb_in_one_part() -> bytes:
    """160 MB of zeros in word/document.xml, under 1 MB packed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(160):
                entry.write(chunk)
    return out.getvalue()


@functools.cache
def zip_bomb_by_ratio() -> bytes:
    """A real document with a 20 MB part that packs a thousandfold (under the size limit)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/filler.bin", b"\x00" * (20 * 1024 * 1024))
    with zipfile.ZipFile(out) as archive:
        filler = archive.read("word/media/filler.bin")
    return rezipped(shapes.keywords_only(), add={"word/media/filler.bin": filler})


@functools.cache
def too_many_parts() -> bytes:
    """A real document with 3,000 extra (empty) parts."""
    return rezipped(
        shapes.keywords_only(), add={f"word/media/bild{n}.png": b"" for n in range(3000)}
    )


@functools.cache
def pages_500() -> bytes:
    """A document that says (docProps/app.xml, as Word writes it) it has 500 pages."""
    raw = shapes.keywords_only()
    app = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties"><Pages>500</Pages></Properties>'
    )
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = archive.namelist()
    if "docProps/app.xml" in names:
        return rezipped(raw, {"docProps/app.xml": app})
    return rezipped(raw, add={"docProps/app.xml": app})


@functools.cache
def pages_500_of_text() -> bytes:
    """About 500 pages of text (~1.8 million characters) without a page count (python-docx
    writes none)."""
    return shapes.numbered_headings(fields=4, pages=160)


# (name, maker, part of the German message)
CASES = [
    ("keine-docx", not_a_docx, "Die Datei ist kein Word-Dokument (.docx)."),
    ("doc", old_doc, "Die Datei ist ein älteres Word-Dokument (.doc)."),
    ("docm", docm_with_macros, "Die Datei enthält Makros (.docm)."),
    ("verschluesselt", encrypted, "Die Datei ist mit einem Kennwort verschlüsselt."),
    ("zip-bombe", zip_bomb, "Die Datei würde entpackt ungewöhnlich groß (mehr als 150 MB)"),
    ("zip-bombe-ein-teil", zip_bomb_in_one_part, "Die Datei ist ungewöhnlich stark gepackt"),
    ("zip-bombe-verhaeltnis", zip_bomb_by_ratio, "Die Datei ist ungewöhnlich stark gepackt"),
    ("viele-teile", too_many_parts, "ungewöhnlich vielen Teilen (mehr als 2.000)"),
    ("500-seiten", pages_500, "Das Dokument ist zu lang (mehr als 300 Seiten"),
    ("500-seiten-text", pages_500_of_text, "Das Dokument ist zu lang (mehr als 300 Seiten"),
]
