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

from django.db import connection
from django.db.models import JSONField
from django.utils import timezone

BATCH = 20_000
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


def plain_indexes(tables: Sequence[str]) -> list[tuple[str, str]]:
    """The PostgreSQL indexes on these tables that no constraint needs, as (name, definition).

    Unique indexes and those behind primary keys or constraints are left out: only these may be
    dropped for a bulk load, and made again afterwards from the exact definition kept here.
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
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


@contextmanager
def indexes_built_afterwards(tables: Sequence[str], log=print):
    """On PostgreSQL, drop the plain indexes of these tables during a load and build them once at the end.

    Building an index once over millions of rows is much quicker than keeping it up to date row by
    row. The definitions are read from the database itself, so the same indexes come back, and
    they come back even if the load fails.
    """
    saved = plain_indexes(tables)
    with connection.cursor() as cursor:
        for name, _definition in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        started = timezone.now()
        with connection.cursor() as cursor:
            for _name, definition in saved:
                cursor.execute(definition)
        if saved:
            seconds = (timezone.now() - started).total_seconds()
            log(f"  {len(saved)} indexes built again in {seconds:.1f} s")


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
