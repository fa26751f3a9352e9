"""The full-text index of findings' statements, one kind per database.

SQLite: an FTS5 table that reads its text from insight_finding (an "external content" table),
kept in step by three triggers. PostgreSQL: a stored generated column holding
to_tsvector('english', statement), with a GIN index on it; PostgreSQL keeps both in step by itself.
The column is stored so that ranking and matching read each statement's words ready-made instead
of taking them apart again for every finding a search touches.

`install` is idempotent. On SQLite, rebuilding a table to alter it (as Django's migrations do)
drops its triggers, so the app checks after every migrate and puts them back (see apps.py).

PostgreSQL also keeps a second, partial GIN index of the words of findings whose review date is on or
after the first of a month (`refresh_current`). Searches leave stale findings out unless asked, and
most findings in a long-lived library are stale: with this index a search reads the current ones
straight from it instead of combining the words' index with every current review date. A search
can use it whenever today is on or after that first of the month, so it stays correct however old
it gets; it is rebuilt for the new month after a migrate, or by `manage.py refresh_search_index`,
so that it stays small.
"""

from datetime import date

FTS_TABLE = "insight_finding_fts"
PG_COLUMN = "statement_search"
PG_INDEX = "insight_finding_statement_words"
# The index over the expression, before the words were stored in a column of their own.
PG_EXPRESSION_INDEX = "insight_finding_statement_search"
# The tokenizer: Porter stemming over Unicode words, with accents ignored ("cafe" finds "café").
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

SQLITE_TRIGGERS = {
    "insight_finding_fts_insert": (
        "CREATE TRIGGER IF NOT EXISTS insight_finding_fts_insert AFTER INSERT ON insight_finding BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, statement) VALUES (new.id, new.statement); END"
    ),
    "insight_finding_fts_delete": (
        "CREATE TRIGGER IF NOT EXISTS insight_finding_fts_delete AFTER DELETE ON insight_finding BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, statement) VALUES ('delete', old.id, old.statement); END"
    ),
    "insight_finding_fts_update": (
        "CREATE TRIGGER IF NOT EXISTS insight_finding_fts_update AFTER UPDATE OF statement ON insight_finding BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, statement) VALUES ('delete', old.id, old.statement); "
        f"INSERT INTO {FTS_TABLE}(rowid, statement) VALUES (new.id, new.statement); END"
    ),
}


def _sqlite_install(cursor) -> None:
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        f"statement, content='insight_finding', content_rowid='id', tokenize='{FTS_TOKENIZE}')"
    )
    for sql in SQLITE_TRIGGERS.values():
        cursor.execute(sql)
    # Index whatever is already there.
    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _sqlite_uninstall(cursor) -> None:
    for name in SQLITE_TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def _pg_install(cursor) -> None:
    cursor.execute(
        f"ALTER TABLE insight_finding ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, statement)) STORED"
    )
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON insight_finding USING GIN ({PG_COLUMN})")
    cursor.execute(f"DROP INDEX IF EXISTS {PG_EXPRESSION_INDEX}")


def _pg_uninstall(cursor) -> None:
    cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    cursor.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'insight_finding' AND indexname LIKE %s",
        [f"{PG_CURRENT_PREFIX}%"],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
    cursor.execute(f"ALTER TABLE insight_finding DROP COLUMN IF EXISTS {PG_COLUMN}")


def install(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_install(cursor)
        elif connection.vendor == "postgresql":
            _pg_install(cursor)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_uninstall(cursor)
        elif connection.vendor == "postgresql":
            _pg_uninstall(cursor)


def is_complete(connection) -> bool:
    """Whether the index and (on SQLite) every trigger that keeps it in step are there."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            names = [FTS_TABLE, *SQLITE_TRIGGERS]
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(f"SELECT COUNT(*) FROM sqlite_master WHERE name IN ({marks})", names)
            return cursor.fetchone()[0] == len(names)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT (SELECT COUNT(*) FROM pg_indexes WHERE indexname = %s AND schemaname = current_schema()), "
                "(SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'insight_finding' "
                "AND column_name = %s AND table_schema = current_schema())",
                [PG_INDEX, PG_COLUMN],
            )
            return cursor.fetchone() == (1, 1)
    return True


PG_CURRENT_PREFIX = "insight_finding_words_from_"


def current_index_name(day: date) -> str:
    return f"{PG_CURRENT_PREFIX}{day:%Y%m%d}"


def current_indexes(connection) -> list[str]:
    """The partial indexes of current findings' words there are now (PostgreSQL), oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'insight_finding' "
            "AND schemaname = current_schema() AND indexname LIKE %s ORDER BY indexname",
            [f"{PG_CURRENT_PREFIX}%"],
        )
        return [name for (name,) in cursor.fetchall()]


def refresh_current(connection, today: date | None = None) -> str | None:
    """On PostgreSQL, index the words of findings reviewed from the first of this month on; drop older such indexes.

    Returns the index's name (None on other databases). Building it briefly holds up writes to findings.
    """
    if connection.vendor != "postgresql":
        return None
    cutoff = (today or date.today()).replace(day=1)
    name = current_index_name(cutoff)
    existing = current_indexes(connection)
    with connection.cursor() as cursor:
        if name not in existing:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON insight_finding USING GIN ({PG_COLUMN}) "
                f"WHERE review_by >= '{cutoff.isoformat()}'::date"
            )
        for old in existing:
            if old != name:
                cursor.execute(f"DROP INDEX IF EXISTS {old}")
    return name


MIGRATION = ("insight", "0003_search_index")


def ensure(connection) -> None:
    """Put the index back if something (a table rebuild in a later migration) removed part of it.

    Only while the migration that made it is applied, so that migrating backwards still removes it.
    """
    from django.db.migrations.recorder import MigrationRecorder

    if MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return
    if not is_complete(connection):
        install(connection)
    if connection.vendor == "postgresql" and is_complete(connection):
        refresh_current(connection)
