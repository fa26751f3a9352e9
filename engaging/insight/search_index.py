"""The full-text index of findings' statements, one kind per database.

SQLite: an FTS5 table that reads its text from insight_finding (an "external content" table),
kept in step by three triggers. PostgreSQL: a stored generated column holding
to_tsvector('english', statement), with a GIN index on it; PostgreSQL keeps both in step by itself.
The column is stored so that ranking and matching read each statement's words ready-made instead
of taking them apart again for every finding a search touches.

`install` is idempotent. On SQLite, rebuilding a table to alter it (as Django's migrations do)
drops its triggers, so the app checks after every migrate and puts them back (see apps.py).
"""

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


MIGRATION = ("insight", "0003_search_index")


def ensure(connection) -> None:
    """Put the index back if something (a table rebuild in a later migration) removed part of it.

    Only while the migration that made it is applied, so that migrating backwards still removes it.
    """
    from django.db.migrations.recorder import MigrationRecorder

    if MIGRATION in MigrationRecorder(connection).applied_migrations() and not is_complete(connection):
        install(connection)
