"""Back up and restore the whole installation: database and uploaded files, as one archive.

An archive is an uncompressed tar file (the database dump is compressed already, uploads are
mostly PDFs) with these members:

    database.pgdump | database.sqlite3   pg_dump -Fc, or SQLite's VACUUM INTO
    files/<storage>/<name>               every uploaded file, read through its storage
    manifest.json                        written last, once every checksum is known

The manifest names the format version, the time, the app version, the database vendor, the
applied migrations and every member with size and SHA-256. A restore checks all of it before
it changes anything, then replaces the database in one transaction, empties the cache and
then replaces the files.

Files go through Django's storage API only, so the same code serves local disk and S3. Every
storage but the static files is backed up: `default` (meeting Anlagen, reports) and `private`
(Vorlagen-Anlagen, kept outside MEDIA_ROOT), each once where both name the same bucket.
Cached PDFs are not backed up: they are rebuilt on demand.
"""

import contextlib
import datetime
import errno
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "integrationskonzept-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ARCHIVE_PREFIX = "integrationskonzept-"
ARCHIVE_SUFFIX = ".tar"
# Storage folders that hold derived data, rebuilt on demand (cached PDFs, if a deployment
# keeps them in the file storage).
EXCLUDED_PREFIXES = ("pdf-cache/",)
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A German message for the person at the console; nothing has been changed."""


@dataclass
class Backup:
    path: Path
    size: int
    file_count: int


@dataclass
class Restore:
    rows: dict = field(default_factory=dict)  # "app.model" → count after the restore
    files_written: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    older_migrations: bool = False


# --- writing -----------------------------------------------------------------------------


def backup_create(*, output=None, directory=None):
    """Write a new archive and return where it is. `output` is a file path or a directory."""
    if connection.in_atomic_block:
        raise BackupError("Eine Sicherung kann nicht innerhalb einer Transaktion laufen.")
    vendor = _vendor()
    target = _target_path(output, directory)
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="backup-") as tmp:
            dump = Path(tmp) / DATABASE_MEMBERS[vendor]
            _dump_database(vendor, dump)
            # Personal data: readable by the owner only, whatever the umask.
            partial.touch(mode=0o600)
            partial.chmod(0o600)
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                database = _add_path(archive, dump.name, dump)
                files = []
                for alias, name in storage_files():
                    storage = storages[alias]
                    with storage.open(name, "rb") as source:
                        entry = _add_stream(
                            archive, _member(alias, name), source, storage.size(name)
                        )
                    files.append({**entry, "storage": alias, "name": name})
                manifest = _manifest(vendor, database=database, files=files)
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
        os.replace(partial, target)
    except OSError as error:
        reason = _OS_ERRORS.get(error.errno, error.strerror or str(error))
        raise BackupError(
            f"Die Sicherung konnte nicht geschrieben werden: {reason} ({error.filename or target})."
        ) from error
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return Backup(path=target, size=target.stat().st_size, file_count=len(files))


_OS_ERRORS = {
    errno.EACCES: "keine Schreibrechte",
    errno.EPERM: "keine Schreibrechte",
    errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
    errno.EEXIST: "dort liegt eine Datei statt eines Verzeichnisses",
    errno.ENOTDIR: "dort liegt eine Datei statt eines Verzeichnisses",
    errno.EROFS: "das Dateisystem ist schreibgeschützt",
    errno.ENOENT: "Datei oder Verzeichnis fehlt",
}


def backups_prune(*, directory, keep):
    """Delete all but the `keep` newest archives in `directory`; return the deleted paths."""
    if keep < 1:
        raise BackupError("--keep muss mindestens 1 sein.")
    archives = sorted(
        Path(directory).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    removed = archives[keep:]
    for path in removed:
        path.unlink()
    return removed


def file_storages():
    """The aliases of the storages that hold uploads: all but the static files, and each
    configuration once (with S3, `private` and `default` may be the same bucket)."""
    aliases, seen = [], []
    for alias, config in settings.STORAGES.items():
        if alias == "staticfiles" or config in seen:
            continue
        seen.append(config)
        aliases.append(alias)
    return aliases


def storage_files():
    """(storage alias, file name) of every uploaded file, sorted, without derived data."""
    found = []
    for alias in file_storages():
        storage = storages[alias]
        pending = [""]
        while pending:
            folder = pending.pop()
            try:
                subfolders, files = storage.listdir(folder)
            except FileNotFoundError:
                continue
            for sub in subfolders:
                pending.append(f"{folder}{sub}/")
            found.extend(
                (alias, f"{folder}{name}")
                for name in files
                if not f"{folder}{name}".startswith(EXCLUDED_PREFIXES)
            )
    return sorted(found)


def _member(alias, name):
    return f"{FILES_PREFIX}{alias}/{name}"


def _target_path(output, directory):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    default_name = f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    if output:
        output = Path(output)
        return output / default_name if output.is_dir() else output
    return Path(directory or settings.BACKUP_DIR) / default_name


def _manifest(vendor, *, database, files):
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "app_version": metadata.version("integrationskonzept"),
        "database": {"vendor": vendor, **database},
        "migrations": sorted(f"{app}.{name}" for app, name in _applied_migrations()),
        "files": files,
    }


def _add_path(archive, member, path):
    with open(path, "rb") as source:
        return _add_stream(archive, member, source, path.stat().st_size)


def _add_stream(archive, member, source, size):
    """Copy `source` into the archive, hashing on the way; one pass over the data."""
    info = tarfile.TarInfo(member)
    info.size = size
    info.mtime = int(datetime.datetime.now().timestamp())
    reader = _HashingReader(source)
    archive.addfile(info, reader)
    if reader.size != size:
        raise BackupError(f"Die Datei „{member}“ hat sich während der Sicherung geändert.")
    return {"member": member, "size": size, "sha256": reader.hexdigest()}


class _HashingReader:
    def __init__(self, source):
        self.source = source
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.source.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data

    def hexdigest(self):
        return self.hash.hexdigest()


# --- reading and checking ----------------------------------------------------------------


def backup_verify(path):
    """Read and check an archive completely; return its manifest. Changes nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Die Sicherungsdatei „{path}“ gibt es nicht.")
    try:
        with tarfile.open(path, "r:") as archive:
            manifest = _read_manifest(archive)
            expected = {manifest["database"]["member"]: manifest["database"]}
            for entry in manifest["files"]:
                expected[entry["member"]] = entry
            seen = set()
            for info in archive:
                if info.name == MANIFEST:
                    continue
                entry = expected.get(info.name)
                if entry is None or not info.isfile() or info.name in seen:
                    raise BackupError(
                        f"Die Sicherung enthält „{info.name}“, das im Inhaltsverzeichnis fehlt. "
                        "Sie wurde verändert und wird nicht verwendet."
                    )
                seen.add(info.name)
                if info.size != entry["size"] or _sha256(archive, info) != entry["sha256"]:
                    raise BackupError(
                        f"Die Prüfsumme von „{info.name}“ stimmt nicht. Die Sicherung ist "
                        "beschädigt oder wurde verändert und wird nicht verwendet."
                    )
            missing = sorted(set(expected) - seen)
            if missing:
                raise BackupError(
                    f"In der Sicherung fehlt „{missing[0]}“. Sie ist unvollständig und wird "
                    "nicht verwendet."
                )
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            f"„{path.name}“ ist keine lesbare Sicherung ({error.__class__.__name__})."
        ) from error
    return manifest


def _read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError) as error:
        raise BackupError(
            "Die Datei ist keine Sicherung dieser Anwendung (kein lesbares manifest.json)."
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Die Datei ist keine Sicherung dieser Anwendung.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Die Sicherung hat das Format {manifest.get('format_version')}, diese Programmversion "
            f"kennt nur Format {FORMAT_VERSION}. Bitte mit der passenden Programmversion "
            "wiederherstellen."
        )
    try:
        database = manifest["database"]
        names = [database["member"]] + [entry["member"] for entry in manifest["files"]]
        known_storages = set(file_storages())
        for entry in manifest["files"]:
            if entry["member"] != _member(entry["storage"], entry["name"]):
                raise ValueError(entry["member"])
            if entry["storage"] not in known_storages:
                raise BackupError(
                    f"Die Sicherung enthält Dateien des Speichers „{entry['storage']}“, den "
                    "diese Installation nicht kennt (STORAGES in den Einstellungen)."
                )
        manifest["migrations"] = list(manifest["migrations"])
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError("Das Inhaltsverzeichnis der Sicherung ist unvollständig.") from error
    for name in names:
        _check_member_name(name)
    if database["member"] != DATABASE_MEMBERS.get(database["vendor"]):
        raise BackupError("Das Inhaltsverzeichnis der Sicherung ist unvollständig.")
    return manifest


def _check_member_name(name):
    pure = PurePosixPath(name)
    if not isinstance(name, str) or pure.is_absolute() or ".." in pure.parts or "\\" in name:
        raise BackupError(f"Die Sicherung enthält einen unzulässigen Dateinamen „{name}“.")


def _sha256(archive, info):
    digest = hashlib.sha256()
    with archive.extractfile(info) as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_compatible(manifest):
    """Refuse archives of another database vendor or of a newer program version.

    Returns True when the archive is older (migrations to run after the restore).
    """
    vendor = _vendor()
    theirs = manifest["database"]["vendor"]
    if theirs != vendor:
        raise BackupError(
            f"Die Sicherung stammt aus einer {_VENDOR_NAMES.get(theirs, theirs)}-Datenbank, "
            f"diese Installation nutzt {_VENDOR_NAMES[vendor]}. Eine Sicherung lässt sich nur "
            "in dieselbe Datenbankart zurückspielen."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    archived = {tuple(item.split(".", 1)) for item in manifest["migrations"]}
    unknown = sorted(archived - known)
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"Die Sicherung stammt von einer neueren Programmversion "
            f"({manifest.get('app_version', '?')}; Migration {app}.{name} ist hier unbekannt). "
            "Bitte zuerst die Anwendung aktualisieren und dann wiederherstellen."
        )
    return bool(known - archived)


_VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


# --- restoring ---------------------------------------------------------------------------


def backup_restore(*, path, manifest=None):
    """Replace database and files with the archive's. Checks everything first."""
    if connection.in_atomic_block:
        raise BackupError("Eine Wiederherstellung kann nicht innerhalb einer Transaktion laufen.")
    manifest = manifest or backup_verify(path)
    older = check_compatible(manifest)
    vendor = manifest["database"]["vendor"]
    if vendor == "postgresql":
        _check_client("pg_restore")
        _check_client("psql")
    result = Restore(older_migrations=older)
    with tarfile.open(path, "r:") as archive, tempfile.TemporaryDirectory(prefix="restore-") as tmp:
        dump = Path(tmp) / manifest["database"]["member"]
        with archive.extractfile(manifest["database"]["member"]) as source, open(dump, "wb") as to:
            shutil.copyfileobj(source, to, CHUNK)
        _restore_database(vendor, dump)
        # Cached objects describe the data before the restore.
        ContentType.objects.clear_cache()
        cache.clear()
        _restore_files(archive, manifest["files"], result)
    result.rows = {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    return result


def _restore_files(archive, entries, result):
    wanted = {(entry["storage"], entry["name"]): entry for entry in entries}
    for (alias, name), entry in wanted.items():
        storage = storages[alias]
        if storage.exists(name) and _storage_sha256(storage, name) == entry["sha256"]:
            result.files_unchanged += 1
            continue
        if storage.exists(name):
            storage.delete(name)
        with archive.extractfile(entry["member"]) as source:
            stored = storage.save(name, File(source, name=PurePosixPath(name).name))
        if stored != name:
            raise BackupError(
                f"Die Datei „{name}“ konnte nicht unter ihrem Namen gespeichert werden."
            )
        result.files_written += 1
    for alias, name in storage_files():
        if (alias, name) not in wanted:
            storages[alias].delete(name)
            result.files_removed += 1


def _storage_sha256(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- the database ------------------------------------------------------------------------


def _vendor():
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            f"Sicherungen gibt es nur für PostgreSQL und SQLite, nicht für {connection.vendor}."
        )
    return connection.vendor


def _applied_migrations():
    return MigrationRecorder(connection).applied_migrations().keys()


def _dump_database(vendor, target):
    if vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(target)])
        return
    _check_client("pg_dump")
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *_pg_args()])


def _restore_database(vendor, dump):
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            # Copies every page into the live connection in one step; works for a file and
            # for the in-memory database of the tests alike.
            source.backup(connection.connection)
        finally:
            source.close()
        return
    # pg_restore writes SQL that drops and recreates what the dump holds; tables that exist
    # now but not in the dump (from newer migrations) are dropped first. psql runs both as one
    # transaction, so a failure leaves the database as it was.
    tables = connection.introspection.table_names()
    connection.close()
    with tempfile.TemporaryDirectory(prefix="restore-sql-") as tmp:
        prelude = Path(tmp) / "prelude.sql"
        statements = ["SET lock_timeout = '30s';"]
        if tables:
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            statements.append(f"DROP TABLE IF EXISTS {quoted} CASCADE;")
        prelude.write_text("\n".join(statements) + "\n")
        script = Path(tmp) / "restore.sql"
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--file={script}", str(dump)])
        _run(
            [
                "psql",
                "--quiet",
                "--no-psqlrc",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                f"--file={prelude}",
                f"--file={script}",
                *_pg_args(),
            ],
            stdout=subprocess.DEVNULL,
        )


def _pg_args():
    db = connection.settings_dict
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    return args


def _pg_env():
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    db = connection.settings_dict
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command, stdout=None):
    try:
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            command,
            env=_pg_env(),
            check=True,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
        )
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or "").strip().splitlines()[-1:] or ["ohne Meldung"]
        raise BackupError(f"{command[0]} ist fehlgeschlagen: {detail[0]}") from error


def _check_client(program):
    """The client tools must exist and be at least as new as the server."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            f"{program} fehlt. Bitte installieren: sudo apt-get install -y postgresql-client"
        )
    output = subprocess.run(  # noqa: S603
        [path, "--version"], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    client = int(match.group(1)) if match else 0
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if client < server:
        raise BackupError(
            f"{program} hat Version {client}, der Datenbankserver Version {server}. "
            f"Bitte postgresql-client-{server} installieren."
        )
