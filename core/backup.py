"""One archive holds a whole site: the database (Django's ``dumpdata``) and
the files of the "default" (public uploads, packs) and "private" storages.

``dumpdata`` rather than ``pg_dump``: the archive restores into SQLite or
PostgreSQL alike (a site can move between them), it needs no client binaries
matching the server's version, and it goes through the same storage API as
the files, so it works with S3 too. Content types and permissions are
written by natural key and made again by ``migrate``; sessions, worker
heartbeats and the search index are left out (the index is rebuilt).
A site too large for that is better served by ``pg_dump`` plus this command
with ``--files-only`` (README, "Backups").
"""

import io
import json
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "core.workerheartbeat",
    "wagtailsearch",
    "wagtailadmin.editingsession",
    "library.sectionindexstate",
]
STORAGE_ALIASES = ("default", "private")


class BackupError(RuntimeError):
    """The archive cannot be restored here; the message says why."""


def _storages() -> dict[str, Storage]:
    return {
        alias: storages[alias]
        for alias in STORAGE_ALIASES
        if alias in settings.STORAGES
    }


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in ``storage`` (through the storage API, so S3 too)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


def _excluded() -> list[str]:
    from django.apps import apps

    def known(name: str) -> bool:
        app, _, model = name.partition(".")
        try:
            config = apps.get_app_config(app)
            return not model or bool(config.get_model(model))
        except LookupError:
            return False

    return [name for name in EXCLUDED if known(name)]


def site_backup(*, output: Path, files_only: bool = False) -> dict:
    """Write the archive; returns its manifest."""
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": sorted(
            f"{app}.{name}"
            for app, name in MigrationRecorder(connection).applied_migrations()
        ),
        "files": {},
        "database": not files_only,
    }
    with tarfile.open(output, "w:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        if not files_only:
            dump = Path(tmp) / "database.json"
            call_command(
                "dumpdata",
                natural_foreign=True,
                exclude=_excluded(),
                output=str(dump),
                verbosity=0,
            )
            archive.add(dump, arcname="database.json")
        for alias, storage in _storages().items():
            names = sorted(storage_files(storage))
            manifest["files"][alias] = len(names)
            for name in names:
                with storage.open(name, "rb") as handle:
                    data = handle.read()
                info = tarfile.TarInfo(f"files/{alias}/{name}")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        data = json.dumps(manifest, indent=2).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return manifest


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("This is not a Study Circle backup (no manifest).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')} is not known here.")
    applied = {
        f"{app}.{name}"
        for app, name in MigrationRecorder(connection).applied_migrations()
    }
    newer = sorted(set(manifest["migrations"]) - applied)
    if newer:
        raise BackupError(
            "The backup was made by a newer version of the site (migrations "
            f"{', '.join(newer[:5])}…): upgrade the code, then restore."
        )
    return manifest


def site_has_content() -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.exists()


def site_restore(*, archive_path: Path, log=lambda message: None) -> dict:
    """Bring the site back to the archive's state: the database (in one
    transaction: all of it or none), the files, then the search index."""
    call_command("migrate", interactive=False, verbosity=0)
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest = _manifest(archive)
        if manifest["database"]:
            with tempfile.TemporaryDirectory() as tmp:
                dump = Path(tmp) / "database.json"
                dump.write_bytes(archive.extractfile("database.json").read())
                with transaction.atomic():
                    call_command("flush", interactive=False, verbosity=0)
                    call_command("loaddata", str(dump), verbosity=0)
            log("Database restored.")
        targets = _storages()
        for member in archive.getmembers():
            parts = member.name.split("/", 2)
            if parts[0] != "files" or len(parts) < 3 or not member.isfile():
                continue
            storage = targets.get(parts[1])
            if storage is None:
                raise BackupError(
                    f"The backup has {parts[1]!r} files; no such storage."
                )
            name = parts[2]
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member)))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}.")
        log(f"Files restored: {manifest['files']}.")
    call_command("update_index", verbosity=0)
    log("Search index rebuilt.")
    return manifest
