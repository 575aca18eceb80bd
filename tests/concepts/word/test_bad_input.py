"""Bad input gets a clear German message in bounded time and memory, and nothing is written
(issue 18, point 5)."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from concepts.models import Actor, Edition
from concepts.word import WordProblem, reader
from concepts.word.reader import read_docx
from tests.concepts.word import shapes
from tests.concepts.word.bad_files import CASES, rezipped


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


@pytest.mark.parametrize(("maker", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_unsuitable_file_is_refused_in_bounded_time_and_memory(maker, message):
    raw = maker()
    tracemalloc.start()
    started = time.perf_counter()
    refusal = refused(raw)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert message in refusal
    assert elapsed < 5
    assert peak < 50 * 1024 * 1024


def test_the_zip_directory_is_not_parsed_when_its_end_record_announces_too_many(monkeypatch):
    raw = rezipped(shapes.keywords_only(), add={f"teil{n}.xml": b"" for n in range(30)})
    monkeypatch.setattr(reader, "MAX_PARTS", 20)
    parsed = []
    monkeypatch.setattr(reader.zipfile, "ZipFile", lambda *a, **k: parsed.append(a))
    assert "ungewöhnlich vielen Teilen (mehr als 20)" in refused(raw)
    assert parsed == []


def test_an_encrypted_document_header_alone():
    # An encrypted .docx is an OLE compound file with the streams EncryptionInfo and
    # EncryptedPackage (MS-OFFCRYPTO); the check needs the header and the stream name.
    header = reader.OLE_MAGIC + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
    directory += "EncryptedPackage".encode("utf-16-le")
    message = refused(header + directory + b"\x00" * 2048)
    assert "verschlüsselt" in message and "Schutz" in message


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
    assert "ungewöhnlich stark gepackt" in message
    assert elapsed < 1
    assert peak < 20 * 1024 * 1024


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


@pytest.mark.parametrize(("maker", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_browser_upload_shows_the_message_at_the_field_and_stores_nothing(
    world, staff_client, maker, message
):
    raw = maker()
    before = (Edition.objects.count(), Actor.objects.count())
    response = staff_client.post(
        reverse("concepts:word_upload", kwargs={"town": world.town.slug}),
        {"file": SimpleUploadedFile("konzept.docx", raw)},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors["file"])
    page = response.content.decode()
    assert message.replace("„", "&bdquo;") in page or message in page
    assert f"word-import:{world.town.slug}" not in staff_client.session
    assert (Edition.objects.count(), Actor.objects.count()) == before


@pytest.mark.parametrize(("maker", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_command_refuses_and_writes_nothing(world, tmp_path, maker, message):
    path = tmp_path / "konzept.docx"
    path.write_bytes(maker())
    before = (Edition.objects.count(), Actor.objects.count())
    with pytest.raises(CommandError) as caught:
        call_command("import_docx", world.town.slug, str(path), "--yes", stdout=io.StringIO())
    assert message in str(caught.value)
    assert (Edition.objects.count(), Actor.objects.count()) == before
