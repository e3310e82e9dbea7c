"""Backups that restore: the database and every stored file, with a manifest of checksums and row counts.

A backup is a folder:

    manifest.json            when, which database vendor, the migrations applied, row counts per model,
                             and the size and SHA-256 of every file below
    database.sqlite3 | database.pgdump
    files/<store>/<key>      every object of the private store (originals) and of the public one

`restore` checks every checksum before it touches anything, puts the database and the files back, then
compares the restored row counts with the manifest; any difference is an error, never a warning."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from operations.backup.database import DatabaseBackupError, database_for
from operations.backup.files import STORES, sha256_of, store_for

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(RuntimeError):
    pass


def tables() -> dict[str, str]:
    """The table of every model Django manages, by model label (proxies and unmanaged models share or
    lack a table of their own)."""
    return {
        model._meta.label: model._meta.db_table
        for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label)
        if not model._meta.proxy and model._meta.managed
    }


def row_counts() -> dict[str, int]:
    """Rows of every table Django manages, by model label."""
    return {label: apps.get_model(label)._base_manager.using("default").count() for label in tables()}


def _distinct_stores() -> dict[str, object]:
    """The stores to copy, each once: two aliases on one bucket (S3_PUBLIC_BUCKET unset) are one store."""
    seen, stores = set(), {}
    for alias in STORES:
        store = store_for(alias)
        identity = (
            ("bucket", store.bucket.name, store.prefix)
            if hasattr(store, "bucket")
            else ("dir", str(store.root))
        )
        if identity not in seen:
            seen.add(identity)
            stores[alias] = store
    return stores


def file_checksums() -> dict[str, str]:
    """SHA-256 of every stored object, as `<store>/<key>`: what a restore must give back byte for byte."""
    sums = {}
    for alias, store in _distinct_stores().items():
        for key in store.object_keys():
            with store.storage.open(key, "rb") as handle:
                sums[f"{alias}/{key}"] = sha256_of(handle)
    return dict(sorted(sums.items()))


def inventory() -> dict:
    return {"rows": row_counts(), "files": file_checksums()}


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connections["default"])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def create_backup(*, target: Path, progress=lambda message: None) -> dict:
    """Writes a complete backup into `target` (a new or empty folder) and returns its manifest."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    database = database_for()
    progress("database")
    dump, rows = database.dump(target, tables())
    files = {dump.name: _describe(dump)}
    for alias, store in _distinct_stores().items():
        count = 0
        for key in store.object_keys():
            out = target / "files" / alias / key
            store.read_to(key, out)
            files[f"files/{alias}/{key}"] = _describe(out)
            count += 1
        progress(f"{alias}: {count} files")
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "vendor": connections["default"].vendor,
        "database_file": dump.name,
        "migrations": _applied_migrations(),
        "rows": rows,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    os.chmod(target / MANIFEST, 0o600)
    return manifest


def _describe(path: Path) -> dict:
    with path.open("rb") as handle:
        return {"size": path.stat().st_size, "sha256": sha256_of(handle)}


def verify_backup(*, source: Path) -> dict:
    """Reads the manifest and checks every file's size and checksum; raises BackupError on the first fault."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"no readable manifest in {source}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"missing from the backup: {name}")
        if _describe(path) != expected:
            raise BackupError(f"checksum differs: {name}")
    return manifest


def restore_backup(*, source: Path, progress=lambda message: None) -> dict:
    """Replaces the database and every stored file with the backup's, after verifying it whole."""
    source = Path(source)
    manifest = verify_backup(source=source)
    vendor = connections["default"].vendor
    if manifest["vendor"] != vendor:
        raise BackupError(f"the backup is of a {manifest['vendor']} database, this site runs {vendor}")
    progress("database")
    try:
        database_for().load(source)
    except DatabaseBackupError as error:
        raise BackupError(str(error)) from error
    for alias, store in _distinct_stores().items():
        store.wipe()
        prefix = f"files/{alias}/"
        keys = [name[len(prefix) :] for name in manifest["files"] if name.startswith(prefix)]
        for key in keys:
            store.write_from(key, source / prefix / key)
        progress(f"{alias}: {len(keys)} files")
    restored = row_counts()
    differs = {
        label: (count, restored.get(label))
        for label, count in manifest["rows"].items()
        if restored.get(label) != count
    }
    if differs:
        raise BackupError(f"row counts differ after the restore: {differs}")
    return manifest


def wipe_everything() -> None:
    """Drops the database and deletes every stored file: what the restore drill does before restoring."""
    for store in _distinct_stores().values():
        store.wipe()
    database_for().wipe()
