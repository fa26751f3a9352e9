"""A version for each table, changed by database triggers whenever a write to it is committed.

What the hub keeps (engaging/core/cache.py) is kept with the versions of the tables it read, and is
used again only while every one of them is the same: a write invalidates only what reads its table.

Triggers change the versions, not Django's signals, so spreadsheet imports, `update()` and raw SQL
count too:
- PostgreSQL: a statement trigger on each versioned table adds one row per writing transaction and
  table to core_tablechange, with a random mark; a table's version is the XOR of its marks. The row
  becomes visible when its transaction commits, together with what it wrote, so a version never
  promises a write the reader cannot see yet; and no writer waits for another. Old rows are folded
  into one per table now and then, which leaves each XOR as it was. A transaction's later writes to a
  table it has written already add no mark, so what it works out from a table it has written is for
  it alone (`Versions.written`); what it works out from other tables may be kept, since a first
  write to one of them afterwards gives it a new version.
- SQLite (one writer at a time): a row trigger gives the table's one row a new random mark.
Marks are random rather than counted, so a rolled-back transaction (as in every test) cannot make a
later version equal to an earlier one. A table never written has version 0.

Every table of every installed app is versioned, except:
- the tables of Django and of the libraries the hub uses that are written on ordinary reads or never
  shown (`UNVERSIONED_APPS`: sessions, sign-in attempts, tasks, the admin's log), the table of
  marks itself, and models an app names in `unversioned_models` on its AppConfig;
- `counted_columns` on an AppConfig, {model: columns}, versions a table by those columns alone (a
  person's name, where signing in writes their last_login to the same table).
Reading an unversioned table makes a value uncacheable; reading the cache's own table or the marks
is not reading data (`IGNORED`).

Rebuilding a table on SQLite drops its triggers, so they are put back after every migrate (see
apps.py), which also changes every version.
"""

from collections.abc import Iterable
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

TABLE = "core_tablechange"
PREFIX = "core_version_"
# The triggers of the single stamp that came before, taken off wherever they are still found.
OLD_PREFIX = "assurance_change_"
OLD_FUNCTIONS = ("assurance_change_note", "assurance_feedbackchange_note")
SQLITE_ROW = 0
# PostgreSQL: fold the rows together once there are more than this many.
FOLD_AFTER = 500
# Apps of Django and libraries whose tables are written on ordinary reads or never shown.
UNVERSIONED_APPS = ("admin", "axes", "django_tasks_database", "sessions")


def _declared(attribute: str) -> list:
    """What every installed app declares under `attribute` of its AppConfig, as (app config, item) pairs."""
    return [(config, item) for config in apps.get_app_configs() for item in getattr(config, attribute, ())]


def _tables_of(model) -> list[str]:
    tables = [model._meta.db_table]
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            tables.append(through._meta.db_table)
    return tables


@cache
def versioned_tables() -> dict[str, tuple[str, ...] | None]:
    """Each versioned table, with the columns whose updates alone change its version (None: any write)."""
    unversioned = set(unversioned_tables())
    columns = {}
    for config, name in _declared("counted_columns"):
        model = config.get_model(name)
        columns[model._meta.db_table] = tuple(model._meta.get_field(f).column for f in config.counted_columns[name])
    tables: dict[str, tuple[str, ...] | None] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.managed and not model._meta.proxy and table not in unversioned and table != TABLE:
            tables[table] = columns.get(table)
    return tables


@cache
def unversioned_tables() -> frozenset[str]:
    """Tables whose rows change on ordinary reads or are never shown: what reads them is not cached."""
    models = [
        model for model in apps.get_models(include_auto_created=True) if model._meta.app_label in UNVERSIONED_APPS
    ]
    models += [config.get_model(name) for config, name in _declared("unversioned_models")]
    return frozenset(table for model in models for table in _tables_of(model)) | {"django_migrations"}


@cache
def ignored_tables() -> frozenset[str]:
    """Tables read by the cache itself, not by what it keeps: the marks, and a database cache's own table."""
    locations = [c.get("LOCATION", "") for c in settings.CACHES.values() if c["BACKEND"].endswith("DatabaseCache")]
    return frozenset([TABLE, *locations])


def _trigger_name(table: str, suffix: str = "") -> str:
    return f"{PREFIX}{table}{suffix}"[:63]


# --- PostgreSQL -------------------------------------------------------------------------------

PG_MARK = "(random() * 9.0e18)::bigint - 4500000000000000000"
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PREFIX}note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction and table: later statements only read a setting.
    IF current_setting('{PREFIX}t.' || TG_TABLE_NAME, true) IS DISTINCT FROM txid_current()::text THEN
        INSERT INTO {TABLE} (txid, name, mark) VALUES (txid_current(), TG_TABLE_NAME, {PG_MARK})
        ON CONFLICT (txid, name) DO NOTHING;
        PERFORM set_config('{PREFIX}t.' || TG_TABLE_NAME, txid_current()::text, true);
    END IF;
    RETURN NULL;
END $$
"""
# One query, read on every request: each table's marks, and whether this transaction has written to it.
PG_VERSIONS = (
    f"SELECT name, bit_xor(mark), count(*), coalesce(bool_or(txid = txid_current_if_assigned()), false) "
    f"FROM {TABLE} GROUP BY name"
)


class Versions(dict):
    """Each table's version, by name; `written`: the tables this transaction has written and not yet committed
    (PostgreSQL only), whose later writes in it would change no version."""

    written: frozenset[str] = frozenset()


def _pg_install(cursor, present: set[str]) -> None:
    cursor.execute(PG_FUNCTION)
    for table, columns in versioned_tables().items():
        if table in present:
            name = _trigger_name(table)
            events = "INSERT OR UPDATE OR DELETE OR TRUNCATE" if columns is None else f"UPDATE OF {', '.join(columns)}"
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER "{name}" AFTER {events} ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}note()"
            )


def _pg_uninstall(cursor) -> None:
    for function in (f"{PREFIX}note", *OLD_FUNCTIONS):
        cursor.execute(f"DROP FUNCTION IF EXISTS {function}() CASCADE")  # and every trigger that calls it


def _pg_versions(cursor) -> Versions:
    cursor.execute(PG_VERSIONS)
    rows = cursor.fetchall()
    versions = Versions((name, mark) for name, mark, _, _ in rows)
    versions.written = frozenset(name for name, _, _, here in rows if here)
    if not versions.written and sum(row[2] for row in rows) > FOLD_AFTER:
        _pg_fold(cursor)
    return versions


def _pg_fold(cursor) -> None:
    """Replace the oldest rows by one row per table holding their XOR: each version stays, the table stays small."""
    cursor.execute(
        f"WITH gone AS (DELETE FROM {TABLE} WHERE (txid, name) IN ("
        f"  SELECT txid, name FROM {TABLE} ORDER BY txid LIMIT 10000 FOR UPDATE SKIP LOCKED"
        f") RETURNING name, mark) "
        f"INSERT INTO {TABLE} (txid, name, mark) SELECT -txid_current(), name, bit_xor(mark) FROM gone GROUP BY name"
    )


# --- SQLite -----------------------------------------------------------------------------------

SQLITE_NOTE = (
    f"INSERT INTO {TABLE} (txid, name, mark) VALUES ({SQLITE_ROW}, '{{table}}', random()) "
    "ON CONFLICT (txid, name) DO UPDATE SET mark = excluded.mark"
)


def _sqlite_triggers(present: set[str]) -> dict[str, str]:
    triggers = {}
    for table, columns in versioned_tables().items():
        if table in present:
            note = SQLITE_NOTE.format(table=table)
            events = ("INSERT", "UPDATE", "DELETE") if columns is None else (f"UPDATE OF {', '.join(columns)}",)
            for event in events:
                name = _trigger_name(table, f"_{event.split()[0].lower()}")
                triggers[name] = f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {note}; END'
    return triggers


def _sqlite_existing(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE %s OR name LIKE %s)",
        [f"{PREFIX}%", f"{OLD_PREFIX}%"],
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_uninstall(cursor) -> None:
    for name in _sqlite_existing(cursor):
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _sqlite_install(cursor, present: set[str]) -> None:
    _sqlite_uninstall(cursor)
    for sql in _sqlite_triggers(present).values():
        cursor.execute(sql)


def _sqlite_versions(cursor) -> Versions:
    # Every write gives its table a new mark, in a transaction as outside one: nothing is `written`.
    cursor.execute(f"SELECT name, mark FROM {TABLE}")
    return Versions(cursor.fetchall())


# --- Both ---------------------------------------------------------------------------------------


def install(using: str = "default") -> None:
    """Put the triggers on every versioned table there is, and change every version; without the table of marks,
    take them off. Idempotent: run after every migrate."""
    db = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    present = set(db.introspection.table_names())
    with db.cursor() as cursor:
        if TABLE not in present:
            _pg_uninstall(cursor) if db.vendor == "postgresql" else _sqlite_uninstall(cursor)
            return
        _pg_install(cursor, present) if db.vendor == "postgresql" else _sqlite_install(cursor, present)
    invalidate(using=using)


def uninstall(connection) -> None:
    """Take every trigger off, the old stamp's too: before a table of marks goes, none may be left writing to it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _pg_uninstall(cursor)
        elif connection.vendor == "sqlite":
            _sqlite_uninstall(cursor)


def invalidate(tables: Iterable[str] | None = None, *, using: str = "default") -> None:
    """Change the versions of `tables` (every versioned table if None) by hand, for a change the triggers cannot see."""
    db = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    names = sorted(set(versioned_tables() if tables is None else tables))
    if not names:
        return
    txid, mark = (str(SQLITE_ROW), "random()") if db.vendor == "sqlite" else ("txid_current()", PG_MARK)
    rows = ", ".join([f"({txid}, %s, {mark})"] * len(names))
    with db.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (txid, name, mark) VALUES {rows} "
            "ON CONFLICT (txid, name) DO UPDATE SET mark = excluded.mark",
            names,
        )


def read() -> Versions | None:
    """Every table's version, in one query (a table missing has version 0); None where versions are not kept
    (another database)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return _pg_versions(cursor)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            return _sqlite_versions(cursor)
    return None
