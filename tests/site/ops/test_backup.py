"""Back up, wipe, restore: every row and every uploaded file comes back.

Runs on whichever database the suite uses (SQLite in memory, or PostgreSQL through pg_dump and
pg_restore), with real files in a temporary MEDIA_ROOT (and the private storage beside it) read
through the storage API.
"""

import io
import json
import os
import tarfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from concepts.models import Measure
from indicators.models import Indicator
from integration_site.ops.backup import backup_verify, storage_files
from participation.council import services as council_services
from participation.groups import services
from participation.models import Attachment, PaperAttachment
from tests.factories import (
    FieldOfActionFactory,
    IndicatorFactory,
    MeasureFactory,
    MeasurementFactory,
    MeetingFactory,
    OperationalGoalFactory,
    PaperFactory,
    WorkingGroupFactory,
)
from tests.participation.conftest import pdf_upload

pytestmark = pytest.mark.django_db(transaction=True)

ATTACHMENT_BYTES = b"%PDF-1.4\n% Protokoll der AG Sprache\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAPER_ATTACHMENT_BYTES = b"%PDF-1.4\n% Stellungnahme\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _directories(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"


@pytest.fixture
def town(world):
    field = FieldOfActionFactory(edition=world.edition, title="Sprache und Bildung", position=1)
    goal = OperationalGoalFactory(
        strategic_goal__field_of_action=field, field_of_action=field, title="Mehr Sprachkurse"
    )
    world.measure = MeasureFactory(field_of_action=field, title="Sprachcafé im Stadtteilzentrum")
    world.indicator = IndicatorFactory(operational_goal=goal, code="SPR", name="Kursplätze")
    for year in (2022, 2023, 2024):
        MeasurementFactory(indicator=world.indicator, year=year, value=Decimal(year - 2000))
    group = WorkingGroupFactory(municipality=world.town, name="AG Sprache")
    meeting = MeetingFactory(municipality=world.town, group=group, title="AG-Sitzung März")
    world.attachment = services.attachment_add(
        meeting=meeting,
        uploaded_file=pdf_upload("protokoll.pdf", ATTACHMENT_BYTES),
        user=world.users["staff"],
    )
    world.logo = default_storage.save("logos/wappen.png", ContentFile(b"\x89PNG\r\n\x1a\nlogo"))
    # Vorlagen-Anlagen live in the private storage, outside MEDIA_ROOT.
    paper = PaperFactory(municipality=world.town, subject="Integrationskonzept Rheine")
    world.paper_attachment = council_services.paper_attachment_add(
        paper=paper,
        title="Stellungnahme des Integrationsrats",
        file=pdf_upload("stellungnahme.pdf", PAPER_ATTACHMENT_BYTES),
    )
    return world


def row_counts():
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def stored_files():
    result = {}
    for alias, name in storage_files():
        with storages[alias].open(name, "rb") as file:
            result[(alias, name)] = file.read()
    return result


def wipe():
    call_command("flush", interactive=False, verbosity=0)
    for alias, name in storage_files():
        storages[alias].delete(name)


def make_backup(tmp_path, name="sicherung.tar"):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / name), stdout=out)
    return tmp_path / name, out.getvalue()


def test_backup_wipe_restore_brings_back_every_row_and_file(town, tmp_path):
    counts = row_counts()
    files = stored_files()
    assert counts["concepts.measure"] == 1 and counts["indicators.measurement"] == 3
    assert set(files) == {
        ("default", town.attachment.file.name),
        ("default", town.logo),
        ("private", town.paper_attachment.file.name),
    }

    archive, printed = make_backup(tmp_path)
    assert f"Sicherung geschrieben: {archive}" in printed
    assert "3 Dateien" in printed
    assert archive.stat().st_mode & 0o777 == 0o600, "personal data: owner only"

    wipe()
    assert Measure.objects.count() == 0 and storage_files() == []
    # A file that appears after the backup is gone after the restore.
    default_storage.save("attachments/spaeter.pdf", ContentFile(b"%PDF-1.4 spaeter"))

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)

    assert row_counts() == counts
    assert stored_files() == files
    assert Measure.objects.get().title == "Sprachcafé im Stadtteilzentrum"
    indicator = Indicator.objects.get(code="SPR")
    assert [m.value for m in indicator.measurements.order_by("period_start")] == [22, 23, 24]
    attachment = Attachment.objects.get()
    assert attachment.original_name == "protokoll.pdf"
    with attachment.file.open("rb") as file:
        assert file.read() == ATTACHMENT_BYTES
    with PaperAttachment.objects.get().file.open("rb") as file:
        assert file.read() == PAPER_ATTACHMENT_BYTES
    assert "3 Dateien geschrieben" in out.getvalue()
    assert "1 überzählige entfernt" in out.getvalue()


def test_manifest_lists_vendor_migrations_and_checksums(town, tmp_path):
    archive, _ = make_backup(tmp_path)
    manifest = backup_verify(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert "concepts.0001_initial" in manifest["migrations"]
    names = {entry["name"]: entry for entry in manifest["files"]}
    assert names[town.logo]["size"] == len(b"\x89PNG\r\n\x1a\nlogo")
    assert len(names[town.logo]["sha256"]) == 64


def test_cached_pdfs_are_not_backed_up(town, tmp_path):
    default_storage.save("pdf-cache/concept/abc.pdf", ContentFile(b"%PDF-1.4 cache"))
    archive, _ = make_backup(tmp_path)
    names = [entry["name"] for entry in backup_verify(archive)["files"]]
    assert not any(name.startswith("pdf-cache/") for name in names)


def test_backup_writes_to_backup_dir_and_keeps_the_newest(town, settings):
    for age in (3, 2, 1):
        call_command("backup", stdout=io.StringIO())
        newest = max(settings.BACKUP_DIR.glob("*.tar"), key=os.path.getmtime)
        os.utime(newest, (newest.stat().st_mtime - age * 100, newest.stat().st_mtime - age * 100))
        newest.rename(newest.with_name(f"integrationskonzept-alt-{age}.tar"))
    out = io.StringIO()
    call_command("backup", keep=2, stdout=out)
    remaining = sorted(path.name for path in settings.BACKUP_DIR.glob("*.tar"))
    assert len(remaining) == 2
    assert "integrationskonzept-alt-1.tar" in remaining
    assert out.getvalue().count("Alte Sicherung gelöscht") == 2


def rewrite(archive, change_member=None, change_manifest=None, rename=None):
    """A copy of the archive with one member's bytes, its name or the manifest altered."""
    target = archive.with_name("verändert.tar")
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for info in source:
            data = source.extractfile(info).read()
            if change_member and info.name.startswith(change_member):
                data = data[:-1] + bytes([data[-1] ^ 1])
            if change_manifest and info.name == "manifest.json":
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
            info.name = (rename or {}).get(info.name, info.name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return target


def assert_refused_and_nothing_changed(archive, message):
    counts, files = row_counts(), stored_files()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert row_counts() == counts
    assert stored_files() == files


def test_tampered_file_is_refused_and_nothing_changes(town, tmp_path):
    archive, _ = make_backup(tmp_path)
    tampered = rewrite(archive, change_member="files/default/attachments/")
    Measure.objects.update(title="Nach der Sicherung geändert")
    assert_refused_and_nothing_changed(tampered, "Prüfsumme")
    assert Measure.objects.get().title == "Nach der Sicherung geändert"


def test_tampered_database_dump_is_refused(town, tmp_path):
    archive, _ = make_backup(tmp_path)
    assert_refused_and_nothing_changed(rewrite(archive, change_member="database."), "Prüfsumme")


def test_archive_of_another_database_vendor_is_refused(town, tmp_path):
    members = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
    ours = connection.vendor
    theirs = "sqlite" if ours == "postgresql" else "postgresql"

    def other_vendor(manifest):
        manifest["database"].update(vendor=theirs, member=members[theirs])

    archive, _ = make_backup(tmp_path)
    foreign = rewrite(
        archive, change_manifest=other_vendor, rename={members[ours]: members[theirs]}
    )
    assert_refused_and_nothing_changed(foreign, "nur in dieselbe Datenbankart")


def test_archive_of_a_newer_version_is_refused(town, tmp_path):
    archive, _ = make_backup(tmp_path)
    newer = rewrite(
        archive, change_manifest=lambda m: m["migrations"].append("concepts.9999_zukunft")
    )
    assert_refused_and_nothing_changed(newer, "neueren Programmversion")


def test_restore_without_confirmation_is_refused(town, tmp_path):
    archive, _ = make_backup(tmp_path)
    Measure.objects.update(title="Bleibt")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Measure.objects.get().title == "Bleibt"


def test_a_file_that_is_no_backup_is_refused(town, tmp_path):
    not_a_backup = tmp_path / "foto.tar"
    not_a_backup.write_bytes(b"kein Archiv")
    assert_refused_and_nothing_changed(not_a_backup, "keine lesbare Sicherung")


def test_archive_of_an_older_version_is_restored_with_a_hint_to_migrate(town, tmp_path):
    archive, _ = make_backup(tmp_path)
    older = rewrite(
        archive,
        change_manifest=lambda m: m["migrations"].remove(
            max(item for item in m["migrations"] if item.startswith("concepts."))
        ),
    )
    out = io.StringIO()
    call_command("restore", str(older), yes=True, stdout=out)
    assert "älteren Programmversion" in out.getvalue()
    assert "migrate" in out.getvalue()
    assert Measure.objects.get().title == "Sprachcafé im Stadtteilzentrum"


def test_an_unwritable_target_gives_a_german_error(town, tmp_path):
    blocker = tmp_path / "datei"
    blocker.write_text("kein Verzeichnis")
    expected = "konnte nicht geschrieben werden: dort liegt eine Datei"
    with pytest.raises(CommandError, match=expected):
        call_command("backup", output=str(blocker / "sicherung.tar"), stdout=io.StringIO())
