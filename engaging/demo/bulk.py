"""Writing generated rows in bulk, and drawing from weighted lists, for `generate_data`.

Rows go straight to the tables with primary keys chosen by the generator, so links can be written
without reading anything back: COPY on PostgreSQL, executemany on SQLite. No history rows are
written: generated data has no one who changed it.
"""

from __future__ import annotations

import json
import random
from bisect import bisect
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from itertools import accumulate

from django.db import IntegrityError, connection, transaction
from django.db.models import JSONField
from django.utils import timezone

BATCH = 20_000
INDEX_BUILD_MEMORY = "1GB"
TEXT_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}


class Sink:
    """Writes rows to one table as fast as the database allows."""

    def __init__(self, model, columns: Sequence[str]):
        self.table = model._meta.db_table
        self.columns = list(columns)
        # Columns the caller does not fill get their field's default, so new fields never break this.
        self.extra: tuple = ()
        now = timezone.now()
        for f in model._meta.concrete_fields:
            if f.column in self.columns or f.attname in self.columns or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now.date() if f.get_internal_type() == "DateField" else now
            elif f.has_default():
                value = f.get_default()
                if isinstance(f, JSONField):
                    value = json.dumps(value)
            elif f.null:
                value = None
            elif f.get_internal_type() in TEXT_TYPES:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{f.name} needs a value in the generator")
            self.columns.append(f.column)
            self.extra += (value,)
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.extra if self.extra else row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        table = connection.ops.quote_name(self.table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    write = copy.write_row
                    for row in self.rows:
                        write(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", self.rows)
        self.count += len(self.rows)
        self.rows = []


def next_id(model) -> int:
    last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(models: Iterable) -> None:
    """After writing chosen ids, make PostgreSQL's sequences carry on from the highest."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def tables_of(models: Iterable) -> list[str]:
    """The tables of these models, with the tables behind their many-to-many fields."""
    tables: list[str] = []
    for model in models:
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables.append(through._meta.db_table)
    return list(dict.fromkeys(tables))


def _plain_indexes(cursor, tables: Sequence[str]) -> list[tuple[str, str]]:
    """The indexes on these tables that no constraint needs, as (name, definition).

    Unique indexes and those behind primary keys or constraints are left out: only these may be
    dropped for a bulk load, and made again afterwards from the exact definition kept here.
    """
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE t.relname = ANY(%s) AND n.nspname = current_schema()
          AND NOT x.indisunique AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
        ORDER BY t.relname, i.relname
        """,
        [list(tables)],
    )
    return list(cursor.fetchall())


def _foreign_keys(cursor, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """The foreign keys of these tables, as (table, name, definition)."""
    cursor.execute(
        """
        SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE c.contype = 'f' AND t.relname = ANY(%s) AND n.nspname = current_schema()
        ORDER BY t.relname, c.conname
        """,
        [list(tables)],
    )
    return list(cursor.fetchall())


@contextmanager
def checks_and_indexes_built_afterwards(tables: Sequence[str], log=print):
    """Load these tables without their plain indexes and foreign key checks, then add them back.

    Keeping an index up to date row by row, and checking every row's foreign keys one at a time,
    costs far more over millions of rows than building each index once and checking each foreign
    key in one pass at the end, as a database restore does. The definitions are read from the
    database itself, so exactly the same indexes and constraints come back, and adding a foreign
    key back checks every row written. They come back even if the load fails. Unique indexes and
    primary keys stay in place throughout. SQLite, which cannot drop a foreign key, checks them all
    once at the end instead (as loaddata does).
    """
    if connection.vendor == "sqlite":
        with _sqlite_checks_and_indexes_afterwards(tables, log):
            yield
        return
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        indexes = _plain_indexes(cursor, tables)
        keys = _foreign_keys(cursor, tables)
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
    finally:
        started = timezone.now()
        with connection.cursor() as cursor:
            # Room to sort each index in memory rather than on disk, for this session only.
            cursor.execute(f"SET maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
        built = timezone.now()
        broken = []
        with connection.cursor() as cursor:
            # Every key goes back first, so new rows are checked whatever the old ones hold; then the old rows.
            for table, name, definition in keys:
                cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition} NOT VALID")
            for table, name, _definition in keys:
                try:
                    with transaction.atomic():
                        cursor.execute(f"ALTER TABLE {quote(table)} VALIDATE CONSTRAINT {quote(name)}")
                except IntegrityError as error:
                    broken.append(f"{table}.{name}: {error}")
        if broken:
            raise IntegrityError("Rows refer to rows that do not exist: " + "; ".join(broken))
        log(
            f"{len(indexes)} indexes built in {(built - started).total_seconds():.1f} s; "
            f"{len(keys)} foreign keys checked in {(timezone.now() - built).total_seconds():.1f} s"
        )


@contextmanager
def _sqlite_checks_and_indexes_afterwards(tables: Sequence[str], log=print):
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}) "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%' ORDER BY tbl_name, name",
            list(tables),
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        with connection.constraint_checks_disabled():
            yield
    finally:
        started = timezone.now()
        with connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
        built = timezone.now()
        connection.check_constraints(table_names=list(tables))
        log(
            f"{len(indexes)} indexes built in {(built - started).total_seconds():.1f} s; "
            f"foreign keys checked in {(timezone.now() - built).total_seconds():.1f} s"
        )


class Weighted:
    """Draws from a list with fixed weights, quickly, many times."""

    def __init__(self, items: Sequence, weights: Sequence[float]):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def one(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]

    def some(self, rng: random.Random, count: int) -> list:
        chosen: list = []
        for _ in range(count * 4):
            item = self.one(rng)
            if item not in chosen:
                chosen.append(item)
                if len(chosen) == count:
                    break
        return chosen


def zipf(count: int, exponent: float = 1.1) -> list[float]:
    """Weights for `count` items where a few are far more likely than the rest."""
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def through_sink(model, name: str) -> Sink:
    """A Sink for the table behind a many-to-many field, taking (this model's id, the other's id)."""
    field = model._meta.get_field(name)
    return Sink(field.remote_field.through, [field.m2m_column_name(), field.m2m_reverse_name()])
