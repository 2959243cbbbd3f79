"""Backups of the whole database, and restoring one.

- PostgreSQL: `pg_dump` in its custom format, restored with `pg_restore --clean`, so a restore
  replaces every table's contents with the backup's.
- SQLite: SQLite's online backup, which copies a consistent snapshot while the site keeps running;
  a restore copies it back into the live file the same way.

Encrypted fields stay encrypted in the backup: restoring needs the keys that were current when it was
made, so an organisation keeps every key in its secret store until no backup it keeps needs it (a
restore works with the newest key first and older ones after it; `rotate_encryption_keys` then
re-encrypts with the newest). The keys are never written into a backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """Says what went wrong, for the person running the command."""


def _postgres_environment() -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    arguments = ["--host", settings.get("HOST") or "localhost", "--port", str(settings.get("PORT") or 5432),
                 "--username", settings.get("USER") or "postgres", "--dbname", settings["NAME"]]  # fmt: skip
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install Debian's postgresql-client")
    return found


def backup(path: Path) -> Path:
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file, so that no backup is overwritten")
    if connection.vendor == "postgresql":
        arguments, environment = _postgres_environment()
        done = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(path), *arguments],
            env=environment, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            path.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"backups of {connection.vendor} databases are not supported")
    return path


def restore(path: Path) -> None:
    path = Path(path)
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    if connection.vendor == "postgresql":
        arguments, environment = _postgres_environment()
        connection.close()  # pg_restore works on its own connection
        done = subprocess.run(  # noqa: S603
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             *arguments, str(path)],
            env=environment, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed, and the database is as it was: {done.stderr.strip()}")
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is not an intact SQLite database")
            connection.ensure_connection()
            source.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} could not be read as a SQLite backup: {error}") from None
        finally:
            source.close()
    else:
        raise BackupError(f"restoring {connection.vendor} databases is not supported")
