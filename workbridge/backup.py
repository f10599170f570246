"""Back up the database to one file and restore it, on SQLite or PostgreSQL.

SQLite is copied with its online backup API, page by page, so the app may keep running
while a backup is made and the copy is consistent. PostgreSQL is dumped with `pg_dump`
in its custom format and restored with `pg_restore` in one transaction, so a restore
that fails leaves the database as it was. Both read the connection from the settings
(`DATABASE_URL`), as the app does.

A restore replaces everything in the database: stop the app servers and workers first.
`fingerprint` gives each table's row count and a checksum of its rows, to check that a
restored database holds what the backed-up one held.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the person running it."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    checksum: str  # SHA-256 of the rows in primary-key order


def _engine() -> str:
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def _sqlite_path() -> Path:
    name = str(settings.DATABASES["default"]["NAME"])
    if name in ("", ":memory:") or name.startswith("file:"):
        raise BackupError("The SQLite database is not a file; there is nothing to back up.")
    return Path(name)


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools.")
    return found


def backup_database(target: Path) -> Path:
    """Write a consistent copy of the whole database to `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    engine = _engine()
    if engine == "sqlite3":
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    elif engine == "postgresql":
        args, env = _pg_environment()
        command = [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--file", str(partial)]
        command.append(str(settings.DATABASES["default"]["NAME"]))
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    else:
        raise BackupError(f"Backups are made for SQLite and PostgreSQL, not {engine}.")
    # Only a finished copy takes the backup's name: a cut one is never mistaken for it.
    partial.replace(target)
    return target


def restore_database(source: Path) -> None:
    """Replace the whole database with the backup in `source`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}.")
    engine = _engine()
    connections.close_all()
    if engine == "sqlite3":
        try:
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a SQLite backup: {exc}") from None
        database = sqlite3.connect(_sqlite_path())
        try:
            backup.backup(database)
        finally:
            database.close()
            backup.close()
    elif engine == "postgresql":
        args, env = _pg_environment()
        command = [
            _tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            str(settings.DATABASES["default"]["NAME"]),
            str(source),
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed, and nothing was changed: {done.stderr.strip()}")
    else:
        raise BackupError(f"Backups are restored to SQLite and PostgreSQL, not {engine}.")


def fingerprint() -> dict[str, TableFingerprint]:
    """Every table's row count and a checksum of its rows, read in primary-key order."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            # Every table Django creates has its primary key first.
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608  (own table names)
            digest = hashlib.sha256()
            rows = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                rows += 1
            result[table] = TableFingerprint(rows, digest.hexdigest())
    return result
