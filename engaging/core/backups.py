"""Backing the hub's database up, and putting a backup back, while the hub keeps running.

- SQLite: SQLite's online backup API copies the live database page by page from one read transaction,
  so the copy is the database as it was at one moment, even while the hub writes (in WAL mode a reader
  never waits for a writer, nor a writer for it). A restore copies the backup back into the live
  database the same way, in one write transaction: every connection the hub has open sees the old data
  or the restored data, never half of each, and nothing has to be stopped or its file swapped under it.
- PostgreSQL: pg_dump's custom format (one consistent snapshot), and pg_restore --clean --if-exists in
  a single transaction. Connection details come from the hub's own settings and are passed to them in
  the environment (PGHOST, PGPASSWORD…), so no password is ever on a command line.

A backup is refused as a restore unless it is a backup of this hub (it has the hub's migrations), and
one made by a newer version of the hub than this one is refused too. After a restore every kept page is
forgotten (engaging/core/cache.py), since what it showed may no longer be in the database.
"""

from __future__ import annotations

import gzip
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

SQLITE_HEADER = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
PG_CUSTOM_MAGIC = b"PGDMP"
# Apps whose migrations only this hub has: a database holding none of them is some other project's.
HUB_APPS = ("register", "core", "accounts")


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message saying why in plain words."""


@dataclass
class Summary:
    path: Path
    bytes: int
    seconds: float
    tables: int
    rows: int | None = None
    # After a restore: this version's migrations the backup had not had applied (`migrate` applies them).
    missing_migrations: list[str] = field(default_factory=list)

    def describe(self) -> str:
        rows = f", {self.rows:,} rows" if self.rows is not None else ""
        return f"{self.path} ({human_size(self.bytes)}, {self.tables} tables{rows}) in {self.seconds:.1f} s"


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size} GB"


def default_path(*, compressed: bool = False) -> Path:
    """Where a backup goes when no path is given: BACKUP_DIR, named by when it was made."""
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    suffix = ".dump" if connection.vendor == "postgresql" else ".sqlite3.gz" if compressed else ".sqlite3"
    return Path(settings.BACKUP_DIR) / f"hub-{stamp}{suffix}"


def backup(path: Path, *, compressed: bool = False) -> Summary:
    """Write a consistent copy of the database to `path` (refused if something is there already)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: give another --output, or move that file away first.")
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True)
    if connection.vendor == "sqlite":
        return _sqlite_backup(path, compressed=compressed)
    if connection.vendor == "postgresql":
        if compressed:
            raise BackupError("--gzip is for SQLite: a PostgreSQL backup is compressed already.")
        return _pg_backup(path)
    raise BackupError(f"Backups are made of SQLite or PostgreSQL databases, not {connection.vendor}.")


def restore(path: Path, *, check_only: bool = False) -> Summary:
    """Replace everything in the database with the backup at `path`, once it is known to be this hub's."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if connection.vendor == "sqlite":
        return _sqlite_restore(path, check_only=check_only)
    if connection.vendor == "postgresql":
        return _pg_restore(path, check_only=check_only)
    raise BackupError(f"Backups are restored to SQLite or PostgreSQL databases, not {connection.vendor}.")


def forget_kept_pages() -> None:
    """After a restore: give every table a new version and empty the shared cache, so no page kept from the
    data as it was before is shown again."""
    from django.core.cache import cache as shared_cache

    from engaging.core import versions

    versions.invalidate()
    shared_cache.clear()


# SQLite ------------------------------------------------------------------------------------------------------


def copy_sqlite(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database open in `source` to a new file at `target`, with the online backup API, in one step:
    one read transaction, so the copy is the database at one moment."""
    with sqlite3.connect(target) as copy:
        source.backup(copy)
        # A copy that stands alone: one file, nothing left in a write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    copy.close()


def _live_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be made or restored inside a transaction.")
    return connection.connection


def _sqlite_backup(path: Path, *, compressed: bool) -> Summary:
    started = time.monotonic()
    partial = path.with_name(path.name + ".partial")
    unpacked = partial.with_name(partial.name + ".sqlite3") if compressed else partial
    try:
        copy_sqlite(_live_sqlite(), unpacked)
        tables, rows = count_sqlite(unpacked)
        if compressed:
            with open(unpacked, "rb") as plain, gzip.open(partial, "wb", compresslevel=6) as packed:
                shutil.copyfileobj(plain, packed, 1024 * 1024)
            unpacked.unlink()
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        unpacked.unlink(missing_ok=True)
    return Summary(path, path.stat().st_size, time.monotonic() - started, tables, rows)


def count_sqlite(path: Path) -> tuple[int, int]:
    """The number of tables in a SQLite file, and of rows in them all."""
    with _read_only(path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = sum(db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names)
    return len(names), rows


class _read_only:
    def __init__(self, path: Path):
        self.db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, *exc) -> None:
        self.db.close()


def _kind_of(path: Path) -> str:
    with open(path, "rb") as handle:
        start = handle.read(16)
    if start.startswith(GZIP_MAGIC):
        return "gzip"
    if start == SQLITE_HEADER:
        return "sqlite"
    if start.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    return "unknown"


def check_sqlite_backup(path: Path) -> list[str]:
    """Refuse (BackupError) a file that is not a sound SQLite backup of this hub, or one made by a newer version of
    it; the migrations this version has that the backup has not (to be applied with `migrate` afterwards)."""
    kind = _kind_of(path)
    if kind == "postgresql":
        raise BackupError(f"{path} is a PostgreSQL backup, but this hub's database is SQLite.")
    if kind != "sqlite":
        raise BackupError(f"{path} is not a SQLite database (nor one compressed with gzip).")
    try:
        with _read_only(path) as db:
            problems = [row[0] for row in db.execute("PRAGMA quick_check")]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = set()
            if "django_migrations" in tables:
                applied = set(db.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from error
    if problems != ["ok"]:
        raise BackupError(f"{path} is damaged (SQLite's check found: {'; '.join(problems[:3])}).")
    return _compare_migrations(path, applied)


def _compare_migrations(path: Path, applied: set[tuple[str, str]]) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    if not {app for app, _ in applied} >= set(HUB_APPS):
        raise BackupError(f"{path} is not a backup of this hub: it does not hold the hub's tables.")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(applied - known)
    if newer:
        named = ", ".join(f"{app}.{name}" for app, name in newer[:3])
        raise BackupError(
            f"{path} was made by a newer version of the hub ({len(newer)} changes this version does not have, "
            f"such as {named}): upgrade the hub to that version first, then restore."
        )
    return sorted(f"{app}.{name}" for app, name in known - applied)


def _sqlite_restore(path: Path, *, check_only: bool) -> Summary:
    started = time.monotonic()
    live = _live_sqlite()
    database = Path(str(connection.settings_dict["NAME"]))
    # Uncompressed beside the database, where there is room for it (an in-memory database has no folder).
    folder = database.parent if database.is_file() else Path(tempfile.gettempdir())
    unpacked = None
    try:
        if _kind_of(path) == "gzip":
            handle, name = tempfile.mkstemp(prefix="restore-", suffix=".sqlite3", dir=folder)
            os.close(handle)
            unpacked = Path(name)
            try:
                with gzip.open(path, "rb") as packed, open(unpacked, "wb") as plain:
                    shutil.copyfileobj(packed, plain, 1024 * 1024)
            except (OSError, EOFError) as error:
                raise BackupError(f"{path} cannot be uncompressed: {error}.") from error
        source_path = unpacked or path
        missing = check_sqlite_backup(source_path)
        tables, rows = count_sqlite(source_path)
        if not check_only:
            with sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True) as source:
                # One write transaction on the live database: the hub's connections wait (their busy timeout)
                # and then see the restored data.
                source.backup(live)
            source.close()
            forget_kept_pages()
    finally:
        if unpacked is not None:
            unpacked.unlink(missing_ok=True)
    return Summary(path, path.stat().st_size, time.monotonic() - started, tables, rows, missing)


# PostgreSQL --------------------------------------------------------------------------------------------------


def _pg_environment() -> dict:
    """The database's connection details as libpq's environment variables: the password never on a command line."""
    details = connection.settings_dict
    env = {**os.environ}
    for variable, value in (
        ("PGHOST", details.get("HOST")),
        ("PGPORT", details.get("PORT")),
        ("PGUSER", details.get("USER")),
        ("PGPASSWORD", details.get("PASSWORD")),
        ("PGDATABASE", details.get("NAME")),
    ):
        if value:
            env[variable] = str(value)
    options = details.get("OPTIONS", {})
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                             ("sslkey", "PGSSLKEY"), ("passfile", "PGPASSFILE")):  # fmt: skip
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found. Install PostgreSQL's client tools at the server's version or newer "
            "(Debian and Ubuntu: apt-get install postgresql-client), and run this again."
        )
    return found


def _run(command: list[str], what: str) -> str:
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {' '.join(said[-3:]) or f'exit status {result.returncode}'}")
    return result.stdout


def _pg_tables(path: Path) -> list[str]:
    """The tables whose data a custom-format backup holds (refused if it is not one)."""
    kind = _kind_of(path)
    if kind == "sqlite" or kind == "gzip":
        raise BackupError(f"{path} is a SQLite backup, but this hub's database is PostgreSQL.")
    if kind != "postgresql":
        raise BackupError(f"{path} is not a PostgreSQL backup made by pg_dump's custom format (--format=custom).")
    listing = _run([_pg_tool("pg_restore"), "--list", str(path)], f"Reading {path}")
    tables = []
    for line in listing.splitlines():
        # e.g. "4012; 0 16823 TABLE DATA public register_activity postgres"
        if not line.startswith(";") and " TABLE DATA " in line:
            tables.append(line.split(" TABLE DATA ", 1)[1].split()[1])
    return tables


def _pg_backup(path: Path) -> Summary:
    started = time.monotonic()
    partial = path.with_name(path.name + ".partial")
    try:
        _run([_pg_tool("pg_dump"), "--format=custom", "--file", str(partial)], "pg_dump")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(path, path.stat().st_size, time.monotonic() - started, len(_pg_tables(path)))


def _pg_restore(path: Path, *, check_only: bool) -> Summary:
    started = time.monotonic()
    tables = _pg_tables(path)
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is not a backup of this hub: it does not hold the hub's tables.")
    missing = _compare_migrations(path, _pg_migrations(path))
    if not check_only:
        # This process's own connection must hold no lock on a table pg_restore drops.
        for each in connections.all():
            each.close()
        _run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", "--dbname", connection.settings_dict["NAME"], str(path)],
            "pg_restore",
        )  # fmt: skip
        forget_kept_pages()
    return Summary(path, path.stat().st_size, time.monotonic() - started, len(tables), None, missing)


def _pg_migrations(path: Path) -> set[tuple[str, str]]:
    """The migrations applied to the database a custom-format backup was made of, read from the backup."""
    data = _run(
        [_pg_tool("pg_restore"), "--data-only", "--table", "django_migrations", "--file", "-", str(path)],
        f"Reading {path}",
    )
    applied, copying, columns = set(), False, []
    for line in data.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            columns = [name.strip() for name in line.split("(", 1)[1].split(")", 1)[0].split(",")]
            copying = True
        elif copying and line == "\\.":
            break
        elif copying:
            row = dict(zip(columns, line.split("\t"), strict=False))
            applied.add((row.get("app"), row.get("name")))
    return applied
