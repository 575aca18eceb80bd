"""Bad input gets a clear German message in bounded time and memory, and nothing is written
(issue 18, point 5)."""

import io
import time
import tracemalloc
import zipfile

import pytest

from concepts.models import Edition
from concepts.word import WordProblem, reader
from concepts.word.reader import read_docx
from tests.concepts.word import shapes
from tests.libreoffice import convert, needs_libreoffice


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


def refused(raw: bytes) -> str:
    with pytest.raises(WordProblem) as caught:
        read_docx(raw)
    return str(caught.value)


def test_not_a_docx():
    assert refused(b"%PDF-1.7 not a word file") == "Die Datei ist kein Word-Dokument (.docx)."
    assert refused(b"") == "Die Datei ist kein Word-Dokument (.docx)."
    # a zip, but not a Word document
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hallo")
    assert refused(out.getvalue()) == "Die Datei ist kein Word-Dokument (.docx)."
    # a broken zip that starts like one
    assert "beschädigt" in refused(b"PK\x03\x04" + b"\x00" * 100)


@needs_libreoffice
def test_an_old_word_document_doc(tmp_path):
    (tmp_path / "k.docx").write_bytes(shapes.keywords_only())
    doc = convert(tmp_path / "k.docx", "doc:MS Word 97", tmp_path / "out")
    message = refused(doc.read_bytes())
    assert "älteres Word-Dokument (.doc)" in message
    assert "als .docx speichern" in message


def test_an_encrypted_document():
    # An encrypted .docx is an OLE compound file with the streams EncryptionInfo and
    # EncryptedPackage (MS-OFFCRYPTO); the check needs the header and the stream name.
    header = reader.OLE_MAGIC + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
    directory += "EncryptedPackage".encode("utf-16-le")
    message = refused(header + directory + b"\x00" * 2048)
    assert "verschlüsselt" in message and "Schutz" in message


def test_a_docm_with_macros():
    raw = shapes.keywords_only()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    docm = rezipped(raw, {"[Content_Types].xml": types}, {"word/vbaProject.bin": b"\x00" * 64})
    assert "enthält Makros (.docm)" in refused(docm)
    # the content type alone is enough
    assert "Makros" in refused(rezipped(raw, {"[Content_Types].xml": types}))


def test_a_zip_bomb_is_refused_from_the_directory_alone():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(160):
                entry.write(chunk)
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    message = refused(bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "ungewöhnlich groß" in message
    assert elapsed < 1
    assert peak < 20 * 1024 * 1024


def test_a_500_page_document():
    raw = shapes.keywords_only()
    app = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties"><Pages>500</Pages></Properties>'
    )
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = archive.namelist()
    long_doc = (
        rezipped(raw, {"docProps/app.xml": app})
        if "docProps/app.xml" in names
        else rezipped(raw, add={"docProps/app.xml": app})
    )
    assert "zu lang (mehr als 300 Seiten" in refused(long_doc)


def test_too_many_lines_stop_reading_early(monkeypatch):
    monkeypatch.setattr(reader, "MAX_LINES", 10)
    assert "Das Dokument ist zu lang" in refused(shapes.numbered_headings(fields=2))


def test_too_large_a_file(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UPLOAD_BYTES", 1000)
    assert "größer als" in refused(shapes.keywords_only())


def test_an_empty_document():
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    assert refused(out.getvalue()) == "Das Dokument enthält keinen Text."


def test_the_command_refuses_bad_input_and_writes_nothing(world, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "konzept.docx"
    path.write_bytes(b"kein Word")
    before = Edition.objects.count()
    with pytest.raises(CommandError, match="kein Word-Dokument"):
        call_command("import_docx", "rheine", str(path), "--yes")
    assert Edition.objects.count() == before


def test_a_500_page_document_without_a_page_count_is_refused_quickly():
    # ~1.8 million characters in long paragraphs (about 500 pages), written by python-docx,
    # whose app.xml does not count pages
    raw = shapes.numbered_headings(fields=4, pages=160)
    started = time.perf_counter()
    message = refused(raw)
    assert "Das Dokument ist zu lang" in message
    assert time.perf_counter() - started < 5
