"""A stamp that changes whenever a record the figures count is written, so figures worked out once can be reused.

The dashboard, the Local Account and "You said, we did" count tens of thousands of records. Working
them out again on every request would make those pages slow, and the hub slow for everyone else, so
`remember` keeps them in the cache under a key that includes this stamp. Any write to a counted
table gives a new stamp, and the next request works the figures out afresh: kept figures are never
older than the data they count.

Database triggers change the stamp, not Django's signals, so spreadsheet imports, `update()` and
raw SQL change it too:
- PostgreSQL: a statement trigger on each counted table adds one row per writing transaction to
  assurance_change, with a random mark, and the stamp is the XOR of all the marks. The row becomes
  visible when its transaction commits, together with what it wrote, so a stamp never promises a
  write the figures could not yet see; and no writer waits for another. Old rows are folded into one
  now and then, which leaves the XOR as it was.
- SQLite (one writer at a time): a row trigger gives the single row a new random mark.
Marks are random rather than counted, so a rolled-back transaction (as in every test) cannot make a
later stamp equal to an earlier one.

Residents' feedback has marks of its own, in assurance_feedbackchange: answers are written far more
often than anything else counted, and most kept pages do not read them. The stamp is the pair of
both; what is named in `kept_without_feedback` is kept under the first alone, so a resident's answer
leaves it as it was.

Each app says what is counted, as attributes of its AppConfig (this module names no app):
- `counted_models`: its models whose writes change the stamp (their many-to-many link tables too);
- `feedback_models`: its models whose writes change the feedback stamp alone;
- `counted_columns`: {model: columns} whose updates alone change the stamp (a person's name, say,
  where signing in writes to the same table and changes no figure);
- `kept_without_feedback`: the names of what it keeps that reads no residents' feedback. Only names
  checked by tests/test_kept_pages.py, which records what each reads: anything else is kept under both.

Rebuilding a table on SQLite drops its triggers, so they are put back after every migrate (see
apps.py), which also changes the stamp. The cache key also holds a digest of the hub's code and the
settings the figures depend on, so figures drawn by older code or other settings are never reused.
"""

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import connection, connections
from django.db.models import Model

T = TypeVar("T")

# Settings that change what the figures are.
SETTINGS = ("FATIGUE_THRESHOLD", "LOOP_CLOSURE_WEEKS", "OVERLAP_WEEKS", "PARTNERSHIP_NAME", "SERVICE_NAME", "SITE_URL")
# Kept figures are dropped after a day even if nothing changed, so the cache does not fill with old ones.
KEEP_SECONDS = 24 * 60 * 60
# While one request works figures out, others asking for the same wait for it, checking this often,
# for at most this long; the mark that it is working lasts at most WORKING_SECONDS.
WAIT_STEP = 0.05
WAIT_SECONDS = 10
WORKING_SECONDS = 60
# How many results each process keeps for itself, besides the shared cache: a kept page takes two (its parts,
# and what is around them).
RECENT = 128
# PostgreSQL: fold the rows together once there are more than this many.
FOLD_AFTER = 500

# The tables of marks (core.Change and core.FeedbackChange) keep the names they were made with.
TABLE = "assurance_change"
FEEDBACK_TABLE = "assurance_feedbackchange"
PREFIX = "assurance_change_"
SQLITE_ROW = 0


def _declared(attribute: str) -> list:
    """What every installed app declares under `attribute` of its AppConfig, as (app config, item) pairs."""
    return [(config, item) for config in apps.get_app_configs() for item in getattr(config, attribute, ())]


def counted_models() -> list[type[Model]]:
    """The models whose writes change the stamp, as the apps declare them."""
    return [config.get_model(name) for config, name in _declared("counted_models")]


def feedback_models() -> list[type[Model]]:
    """The models of residents' feedback, whose writes change the feedback stamp alone."""
    return [config.get_model(name) for config, name in _declared("feedback_models")]


@cache
def kept_without_feedback() -> frozenset[str]:
    """The names of what is kept under the first stamp alone, since it reads no residents' feedback."""
    return frozenset(name for _, name in _declared("kept_without_feedback"))


def column_tables() -> list[tuple[str, list[str]]]:
    """Each table of which only some columns are counted, with those columns."""
    tables = []
    for config, name in _declared("counted_columns"):
        model = config.get_model(name)
        columns = [model._meta.get_field(field).column for field in config.counted_columns[name]]
        tables.append((model._meta.db_table, columns))
    return tables


def counted_tables(models: Iterable[type[Model]] | None = None) -> list[str]:
    """The tables whose writes change a stamp (other than `column_tables`): by default, every one."""
    tables = []
    for model in [*counted_models(), *feedback_models()] if models is None else models:
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables.append(through._meta.db_table)
    return tables


def _trigger_name(table: str, suffix: str = "") -> str:
    return f"{PREFIX}{table}{suffix}"[:63]


# --- PostgreSQL -------------------------------------------------------------------------------

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: later statements of the same transaction only read a setting.
    IF current_setting('{table}.txid', true) IS DISTINCT FROM txid_current()::text THEN
        INSERT INTO {table} (txid, mark)
        VALUES (txid_current(), (random() * 9.0e18)::bigint - 4500000000000000000)
        ON CONFLICT (txid) DO NOTHING;
        PERFORM set_config('{table}.txid', txid_current()::text, true);
    END IF;
    RETURN NULL;
END $$
"""


def _groups() -> list[tuple[str, list[type[Model]]]]:
    """Each table of marks, with the models whose writes add to it."""
    return [(TABLE, counted_models()), (FEEDBACK_TABLE, feedback_models())]


def _pg_install(cursor, present: set[str]) -> None:
    for marks, models in _groups():
        cursor.execute(PG_FUNCTION.format(table=marks))
        for table in counted_tables(models):
            if table in present:
                name = _trigger_name(table)
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
                cursor.execute(
                    f'CREATE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {marks}_note()"
                )
    for table, columns in column_tables():
        if table in present:
            name = _trigger_name(table)
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
            cursor.execute(
                f'CREATE TRIGGER "{name}" AFTER UPDATE OF {", ".join(columns)} ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_note()"
            )


def _pg_uninstall(cursor) -> None:
    for marks, _ in _groups():
        cursor.execute(f"DROP FUNCTION IF EXISTS {marks}_note() CASCADE")  # and every trigger that calls it


def _pg_wrote_here(marks: str) -> str:
    return f"coalesce(current_setting('{marks}.txid', true) = txid_current_if_assigned()::text, false)"


# Two aggregates joined, rather than four subqueries: read on every request, and planned each time.
PG_STAMP = (
    f"SELECT counted.marks, counted.n, feedback.marks, feedback.n, "
    f"{_pg_wrote_here(TABLE)} OR {_pg_wrote_here(FEEDBACK_TABLE)} "
    f"FROM (SELECT bit_xor(mark) AS marks, count(*) AS n FROM {TABLE}) counted, "
    f"(SELECT bit_xor(mark) AS marks, count(*) AS n FROM {FEEDBACK_TABLE}) feedback"
)


def _pg_stamp(cursor) -> tuple[int, int] | None:
    cursor.execute(PG_STAMP)
    stamp, rows, feedback, feedback_rows, wrote_here = cursor.fetchone()
    if wrote_here or stamp is None:
        # This transaction has written what others cannot see yet: figures from it are for it alone.
        return None
    for marks, count in ((TABLE, rows), (FEEDBACK_TABLE, feedback_rows)):
        if count > FOLD_AFTER:
            _pg_fold(cursor, marks)
    return stamp, feedback or 0


def _pg_fold(cursor, marks: str = TABLE) -> None:
    """Replace the oldest rows by one row holding their XOR: the stamp stays the same, the table small."""
    cursor.execute(
        f"WITH gone AS (DELETE FROM {marks} WHERE txid IN ("
        f"  SELECT txid FROM {marks} ORDER BY txid LIMIT 10000 FOR UPDATE SKIP LOCKED"
        f") RETURNING mark) "
        f"INSERT INTO {marks} (txid, mark) SELECT -txid_current(), bit_xor(mark) FROM gone HAVING count(*) > 0"
    )


# --- SQLite -----------------------------------------------------------------------------------

SQLITE_NOTE = (
    "INSERT INTO {marks} (txid, mark) VALUES (" + str(SQLITE_ROW) + ", random()) "
    "ON CONFLICT (txid) DO UPDATE SET mark = excluded.mark;"
)


def _sqlite_triggers(present: set[str]) -> dict[str, str]:
    triggers = {}
    for marks, models in _groups():
        note = SQLITE_NOTE.format(marks=marks)
        for table in counted_tables(models):
            if table in present:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = _trigger_name(table, f"_{event.lower()}")
                    triggers[name] = f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {note} END'
    for table, columns in column_tables():
        if table in present:
            name = _trigger_name(table, "_update")
            triggers[name] = (
                f'CREATE TRIGGER "{name}" AFTER UPDATE OF {", ".join(columns)} ON "{table}" '
                f"BEGIN {SQLITE_NOTE.format(marks=TABLE)} END"
            )
    return triggers


def _sqlite_existing(cursor) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{PREFIX}%"])
    return [row[0] for row in cursor.fetchall()]


def _sqlite_install(cursor, present: set[str]) -> None:
    for name in _sqlite_existing(cursor):
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    for sql in _sqlite_triggers(present).values():
        cursor.execute(sql)


def _sqlite_uninstall(cursor) -> None:
    for name in _sqlite_existing(cursor):
        cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _sqlite_stamp(cursor) -> tuple[int, int] | None:
    cursor.execute(
        f"SELECT (SELECT mark FROM {TABLE} WHERE txid = %s), (SELECT mark FROM {FEEDBACK_TABLE} WHERE txid = %s)",
        [SQLITE_ROW, SQLITE_ROW],
    )
    stamp, feedback = cursor.fetchone()
    return None if stamp is None else (stamp, feedback or 0)


# --- Both ---------------------------------------------------------------------------------------


def install(using: str = "default") -> None:
    """Put the triggers on every counted table there is, and change the stamp; without assurance_change, remove them.

    Idempotent: run after every migrate.
    """
    db = connections[using]
    if db.vendor not in ("postgresql", "sqlite"):
        return
    present = set(db.introspection.table_names())
    with db.cursor() as cursor:
        if TABLE not in present or FEEDBACK_TABLE not in present:
            _pg_uninstall(cursor) if db.vendor == "postgresql" else _sqlite_uninstall(cursor)
            return
        _pg_install(cursor, present) if db.vendor == "postgresql" else _sqlite_install(cursor, present)
    note_change(using)


def uninstall(connection) -> None:
    """Take every trigger off: before a table of marks goes, no trigger may be left writing to it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _pg_uninstall(cursor)
        elif connection.vendor == "sqlite":
            _sqlite_uninstall(cursor)


def note_change(using: str = "default") -> None:
    """Change both stamps by hand, for a change the triggers cannot see."""
    db = connections[using]
    with db.cursor() as cursor:
        for marks, _ in _groups():
            if db.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {marks} (txid, mark) "
                    "VALUES (txid_current(), (random() * 9.0e18)::bigint - 4500000000000000000) "
                    "ON CONFLICT (txid) DO UPDATE SET mark = excluded.mark"
                )
            elif db.vendor == "sqlite":
                cursor.execute(SQLITE_NOTE.format(marks=marks).rstrip(";"))


def stamp() -> tuple[int, int] | None:
    """The current stamp: the marks of every counted write, then of residents' feedback alone; None where the
    triggers are not kept (another database, before the first write, or inside a transaction that wrote)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return _pg_stamp(cursor)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            return _sqlite_stamp(cursor)
    return None


@cache
def code_digest() -> str:
    """A digest of the hub's Python code and templates: figures drawn by other code are never reused."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html") and path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(name: str, parts: Iterable[Any], version: int) -> str:
    """The cache key of figures `name` for `parts` (their period, place and so on) at this stamp."""
    described = repr((name, tuple(parts), version, code_digest(), [getattr(settings, s, None) for s in SETTINGS]))
    return f"figures:{name}:{hashlib.sha256(described.encode()).hexdigest()}"


def _unchangeable(value: Any) -> bool:
    """Whether nothing can change `value` in place: text, bytes, or tuples of them."""
    if isinstance(value, str | bytes):
        return True
    return isinstance(value, tuple) and all(_unchangeable(item) for item in value)


class Recent:
    """The last few results this process kept or fetched, so that asking again skips the shared cache.

    Pickled, unless nothing can change them in place (a rendered page, say), so that each request gets
    its own copy to use as it likes. Keys hold the stamp, which is read on every request, so nothing
    here outlives the data it was worked out from.
    """

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, tuple[bool, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, cache_key: str) -> Any:
        with self.lock:
            item = self.items.get(cache_key)
            if item is None:
                return None
            self.items.move_to_end(cache_key)
        pickled, data = item
        return pickle.loads(data) if pickled else data  # noqa: S301  (written by this process, below)

    def put(self, cache_key: str, value: Any) -> None:
        item = (False, value) if _unchangeable(value) else (True, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        with self.lock:
            self.items[cache_key] = item
            self.items.move_to_end(cache_key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


recent = Recent(RECENT)


class Keeper:
    """Keeps figures at the stamp read when it is made: one stamp, and one query, for all one request keeps."""

    def __init__(self):
        self.version = stamp()

    def remember(self, name: str, parts: Iterable[Any], work_out: Callable[[], T]) -> T:
        """`work_out()`, or what it gave last time for the same `parts` if no counted record has changed since.

        Looked for in this process, then in the cache every app server shares, and only then worked out:
        by one request at a time, while others asking for the same wait for it rather than all working
        the same figures out at once just after a change. None is never kept: `work_out` returns it for
        what should be worked out each time.
        """
        if self.version is None:
            return work_out()
        cache_key = key(name, parts, self.version[0] if name in kept_without_feedback() else self.version)
        kept = recent.get(cache_key)
        if kept is not None:
            return kept
        kept = shared_cache.get(cache_key)
        if kept is None and not shared_cache.add(f"{cache_key}:working", True, WORKING_SECONDS):
            kept = _wait_for(cache_key)
        if kept is not None:
            recent.put(cache_key, kept)
            return kept
        try:
            value = work_out()
            if value is not None:
                shared_cache.set(cache_key, value, KEEP_SECONDS)
                recent.put(cache_key, value)
        finally:
            shared_cache.delete(f"{cache_key}:working")
        return value


def _wait_for(cache_key: str) -> Any:
    """What another request is working out, once it is kept; None if it gives up or takes too long."""
    waited = 0.0
    while waited < WAIT_SECONDS:
        time.sleep(WAIT_STEP)
        waited += WAIT_STEP
        found = shared_cache.get_many([cache_key, f"{cache_key}:working"])
        if cache_key in found:
            return found[cache_key]
        if f"{cache_key}:working" not in found:
            return None
    return None


def remember(name: str, parts: Iterable[Any], work_out: Callable[[], T]) -> T:
    """`work_out()`, or what it gave last time for the same `parts` if no counted record has changed since."""
    return Keeper().remember(name, parts, work_out)


def keeper_for(request) -> Keeper:
    """The Keeper for everything one request reading a page keeps: the stamp is read once, however many
    parts of the page are kept. A request that may write (anything but GET and HEAD) gets a new Keeper
    each time, so what it keeps after writing is kept under the stamp that write made."""
    if request.method not in ("GET", "HEAD"):
        return Keeper()
    keeper = getattr(request, "_data_keeper", None)
    if keeper is None:
        keeper = request._data_keeper = Keeper()
    return keeper
