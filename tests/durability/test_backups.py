"""`manage.py backup` and `restore`: a round trip brings the data back, on SQLite and on PostgreSQL; a file that
is not a backup of this hub is refused and changes nothing; a SQLite backup taken while others write is the
database as it was at one moment."""

import gzip
import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from engaging.core import backups
from engaging.register.models import Activity
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def titles() -> set[str]:
    return set(Activity.everything.values_list("title", flat=True))


def test_a_round_trip_brings_back_the_data_as_it_was_when_backed_up(tmp_path, capsys):
    kept = ActivityFactory(title="Listening event at the library")
    path = tmp_path / ("hub.dump" if connection.vendor == "postgresql" else "hub.sqlite3")

    call_command("backup", output=path)
    said = capsys.readouterr().out
    assert f"Backed up to {path}" in said and "tables" in said and path.stat().st_size > 0

    kept.title = "Renamed after the backup"
    kept.save()
    ActivityFactory(title="Added after the backup")
    assert titles() == {"Renamed after the backup", "Added after the backup"}

    call_command("restore", str(path), "--yes")

    assert titles() == {"Listening event at the library"}
    assert f"Restored {path}" in capsys.readouterr().out
    # The hub carries on writing to the restored database.
    ActivityFactory(title="Added after the restore")
    assert titles() == {"Listening event at the library", "Added after the restore"}


def test_a_compressed_backup_round_trips_on_sqlite_and_is_refused_on_postgresql(tmp_path):
    ActivityFactory(title="Kept in the compressed copy")
    path = tmp_path / "hub.sqlite3.gz"
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError, match="--gzip is for SQLite"):
            call_command("backup", "--gzip", output=path)
        assert not path.exists()
        return
    call_command("backup", output=path)
    with gzip.open(path) as unpacked:
        assert unpacked.read(16) == backups.SQLITE_HEADER
    Activity.everything.all().delete()

    call_command("restore", str(path), "--noinput")

    assert titles() == {"Kept in the compressed copy"}


def test_without_output_the_backup_goes_to_the_backup_folder(tmp_path, settings, capsys):
    settings.BACKUP_DIR = tmp_path / "backups"

    call_command("backup")

    made = list((tmp_path / "backups").iterdir())
    assert len(made) == 1 and made[0].name.startswith("hub-")
    assert made[0].suffix == (".dump" if connection.vendor == "postgresql" else ".sqlite3")
    assert str(made[0]) in capsys.readouterr().out


def test_a_backup_never_writes_over_a_file_already_there(tmp_path):
    path = tmp_path / "precious.sqlite3"
    path.write_bytes(b"someone's file")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", output=path)

    assert path.read_bytes() == b"someone's file"


def test_restore_asks_first_and_a_no_changes_nothing(tmp_path, monkeypatch, capsys):
    ActivityFactory(title="In the backup")
    path = tmp_path / "hub.backup"
    call_command("backup", output=path)
    ActivityFactory(title="Since the backup")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path))

    assert "This replaces everything in the database" in capsys.readouterr().out
    assert titles() == {"In the backup", "Since the backup"}


def some_other_database(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        db.execute("INSERT INTO django_migrations VALUES ('recipes', '0001_initial')")
    db.close()
    return path


@pytest.mark.parametrize(
    ("make", "sqlite_says"),
    [
        (lambda path: path.write_text("name,email\nAnn,ann@example.org\n"), "is not a SQLite database"),
        (some_other_database, "is not a backup of this hub"),
    ],
    ids=["a spreadsheet", "another project's SQLite database"],
)
def test_restore_refuses_what_is_not_a_backup_of_this_hub_and_changes_nothing(tmp_path, make, sqlite_says):
    ActivityFactory(title="Still here")
    path = tmp_path / "not-a-backup"
    make(path)
    expected = sqlite_says if connection.vendor == "sqlite" else "(is not a PostgreSQL backup|is a SQLite backup)"

    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(path), "--yes")

    assert titles() == {"Still here"}


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="There is no backup at"):
        call_command("restore", str(tmp_path / "nowhere.sqlite3"), "--yes")


def hub_like(path: Path, extra: list[tuple[str, str]] = ()) -> Path:
    """A SQLite file holding this version's migrations, and any extra ones."""
    from django.db.migrations.loader import MigrationLoader

    applied = list(MigrationLoader(None, ignore_no_migrations=True).disk_migrations) + list(extra)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        db.executemany("INSERT INTO django_migrations VALUES (?, ?)", applied)
    db.close()
    return path


def test_a_backup_made_by_a_newer_version_of_the_hub_is_refused(tmp_path):
    path = hub_like(tmp_path / "newer.sqlite3", [("register", "0999_from_the_future")])

    with pytest.raises(backups.BackupError, match=r"newer version of the hub .*register\.0999_from_the_future"):
        backups.check_sqlite_backup(path)


def test_a_backup_made_by_an_older_version_lists_the_changes_migrate_will_make(tmp_path):
    path = hub_like(tmp_path / "older.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'register' AND name LIKE '0002%'")
    db.close()

    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    expected = sorted(f"register.{name}" for app, name in known if app == "register" and name.startswith("0002"))
    assert expected and backups.check_sqlite_backup(path) == expected


def test_a_damaged_sqlite_file_is_refused(tmp_path):
    path = hub_like(tmp_path / "damaged.sqlite3")
    data = bytearray(path.read_bytes())
    data[200:4096] = b"\xff" * (4096 - 200)  # the first page's table of contents
    path.write_bytes(bytes(data))

    with pytest.raises(backups.BackupError, match="(damaged|cannot be read)"):
        backups.check_sqlite_backup(path)


def test_without_pg_dump_the_message_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)

    with pytest.raises(backups.BackupError, match="pg_dump was not found.*apt-get install postgresql-client"):
        backups._pg_tool("pg_dump")


def test_the_postgresql_password_goes_in_the_environment_never_on_the_command_line(monkeypatch, tmp_path):
    class Database:
        vendor = "postgresql"
        settings_dict = {"NAME": "hub", "USER": "hub", "PASSWORD": "s3cret-pass", "HOST": "db.example.org",
                         "PORT": 5432, "OPTIONS": {"sslmode": "require"}}  # fmt: skip

    seen = []

    def run(command, env, **kwargs):
        seen.append((command, env))
        if "--file" in command:  # pg_dump writes the backup; pg_restore --list then reads it
            Path(command[command.index("--file") + 1]).write_bytes(b"PGDMP")

        class Done:
            returncode, stdout, stderr = 0, "", ""

        return Done()

    monkeypatch.setattr(backups, "connection", Database())
    monkeypatch.setattr(backups.subprocess, "run", run)
    monkeypatch.setattr(backups.shutil, "which", lambda name: f"/usr/bin/{name}")

    backups.backup(tmp_path / "hub.dump")

    command, env = seen[0]
    assert command[0] == "/usr/bin/pg_dump" and "--format=custom" in command
    assert not any("s3cret-pass" in part for part in command)
    assert env["PGPASSWORD"] == "s3cret-pass" and env["PGHOST"] == "db.example.org"
    assert env["PGDATABASE"] == "hub" and env["PGSSLMODE"] == "require"


def test_a_sqlite_backup_taken_while_others_write_is_the_database_at_one_moment(tmp_path):
    """Writers move money between two accounts (the total never changes) and number each move; copies taken
    with the backup's own function meanwhile each hold the full total and every move up to their last."""
    live = tmp_path / "live.sqlite3"
    with sqlite3.connect(live) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER)")
        db.execute("CREATE TABLE move (id INTEGER PRIMARY KEY, amount INTEGER)")
        db.executemany("INSERT INTO account VALUES (?, ?)", [(1, 1_000_000), (2, 0)])
    db.close()
    stop = threading.Event()
    failures = []

    def write(seed: int) -> None:
        db = sqlite3.connect(live, timeout=30, isolation_level=None)
        amount = seed
        while not stop.is_set():
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("UPDATE account SET balance = balance - ? WHERE id = 1", (amount,))
                db.execute("UPDATE account SET balance = balance + ? WHERE id = 2", (amount,))
                db.execute("INSERT INTO move (amount) VALUES (?)", (amount,))
                db.execute("COMMIT")
            except sqlite3.Error as error:  # pragma: no cover - a failure is reported by the assertion below
                failures.append(error)
                return
        db.close()

    writers = [threading.Thread(target=write, args=(seed,)) for seed in (1, 2, 3)]
    for writer in writers:
        writer.start()
    copies = []
    try:
        source = sqlite3.connect(live, timeout=30)
        for n in range(8):
            copy = tmp_path / f"copy-{n}.sqlite3"
            backups.copy_sqlite(source, copy)
            copies.append(copy)
        source.close()
    finally:
        stop.set()
        for writer in writers:
            writer.join()

    assert failures == []
    moved = []
    for copy in copies:
        with sqlite3.connect(copy) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert db.execute("SELECT sum(balance) FROM account").fetchone() == (1_000_000,)
            count, last, total = db.execute("SELECT count(*), max(id), coalesce(sum(amount), 0) FROM move").fetchone()
            assert count == (last or 0)  # no move missing in the middle
            assert db.execute("SELECT balance FROM account WHERE id = 2").fetchone() == (total,)
            moved.append(count)
        db.close()
    # The copies were taken while the writers wrote: later copies hold more moves.
    assert moved[-1] > moved[0]
