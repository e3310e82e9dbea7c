"""The database half of a backup: one class per vendor, chosen once from the connection (STYLE.md §13).

SQLite (the embedded default) is copied with SQLite's online backup API, which gives a consistent copy while
the web server and the worker keep writing. PostgreSQL is dumped by pg_dump in its custom format and put
back by pg_restore; both must be at least the server's major version (Debian's postgresql-client)."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class DatabaseBackupError(RuntimeError):
    pass


class SqliteDatabase:
    file_name = "database.sqlite3"

    def __init__(self, connection):
        self.connection = connection
        self.path = Path(connection.settings_dict["NAME"])

    def dump(self, target: Path, tables: dict[str, str]) -> tuple[Path, dict[str, int]]:
        """The copy, and the row counts read from the copy itself (the live file keeps changing)."""
        out = target / self.file_name
        source = sqlite3.connect(self.path)
        try:
            copy = sqlite3.connect(out)
            with copy:
                source.backup(copy)
            counts = {label: _count(copy.cursor(), table) for label, table in tables.items()}
            copy.close()
        finally:
            source.close()
        return out, counts

    def load(self, source: Path) -> None:
        self.connection.close()
        backup = sqlite3.connect(source / self.file_name)
        try:
            live = sqlite3.connect(self.path)
            with live:
                backup.backup(live)
            live.close()
        finally:
            backup.close()

    def wipe(self) -> None:
        self.connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


class PostgresDatabase:
    file_name = "database.pgdump"

    def __init__(self, connection):
        self.connection = connection
        settings = connection.settings_dict
        self.name = settings["NAME"]
        self.env = {**os.environ}
        for key, var in (
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
        ):
            if settings.get(key):
                self.env[var] = str(settings[key])

    def _run(self, *args: str) -> None:
        if shutil.which(args[0]) is None:
            raise DatabaseBackupError(f"{args[0]} is not installed (Debian package postgresql-client)")
        result = subprocess.run(args, env=self.env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise DatabaseBackupError(f"{args[0]} failed: {result.stderr.strip()[-2000:]}")

    def dump(self, target: Path, tables: dict[str, str]) -> tuple[Path, dict[str, int]]:
        """pg_dump reads the snapshot in which the rows were counted, so the manifest describes the dump
        exactly while the site keeps writing."""
        out = target / self.file_name
        with self.connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = {label: _count(cursor, table) for label, table in tables.items()}
                self._run(
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-acl",
                    f"--snapshot={snapshot}",
                    f"--file={out}",
                    self.name,
                )
            finally:
                cursor.execute("COMMIT")
        return out, counts

    def load(self, source: Path) -> None:
        self.connection.close()
        self._run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={self.name}",
            str(source / self.file_name),
        )

    def wipe(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        self.connection.close()


def _count(cursor, table: str) -> int:
    quoted = '"' + table.replace('"', '""') + '"'
    cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (our own table names, quoted)
    return cursor.fetchone()[0]


def database_for(alias: str = "default"):
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return SqliteDatabase(connection)
    if connection.vendor == "postgresql":
        return PostgresDatabase(connection)
    raise DatabaseBackupError(f"no backup for the {connection.vendor} database")
