"""Blanking or deleting people's details on records and on every kept version of those records.

django-simple-history keeps a copy of a record each time it changes, in the model's historical table.
Blanking a field on the live record alone would leave the old text in those copies, so each function
here works on a record and its historical rows together, matched by the record's id (which also
reaches the history of a record already deleted). Call them inside the caller's transaction: they do
not commit anything themselves.

    scrub(Story.objects.filter(pk=story.pk), text="", naming="")
    scrub((Story, [4, 5]), text="")
    delete_with_history(Booking.objects.filter(session__ends_at__lt=cutoff))
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models.deletion import Collector
from django.dispatch import Signal
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

# Sent, inside the erasing transaction, after a record's personal details were erased: sender is its model, `ids`
# the erased records' ids. Apps above the one that erased connect to it to remove what they made from those
# records (a report's stored files, figures worked out from them), so that no copy of the words is left.
erased = Signal()

# A queryset, or a model with the ids of its records (ids of deleted records reach their history only).
Records = models.QuerySet | tuple[type[models.Model], Iterable]


@dataclass(frozen=True)
class Erased:
    """How many live rows and how many historical rows were changed or deleted."""

    live: int = 0
    history: int = 0

    def __add__(self, other: "Erased") -> "Erased":
        return Erased(self.live + other.live, self.history + other.history)

    @property
    def total(self) -> int:
        return self.live + self.history


def history_model_of(model: type[models.Model]) -> type[models.Model] | None:
    """The historical model that keeps versions of `model`, or None when its changes are not kept."""
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def history_models() -> list[type[models.Model]]:
    """Every historical model in the project (each tracked model's table of versions; not the tables of versions of
    its many-to-many fields, which go with the versions they belong to)."""
    return [
        model
        for model in apps.get_models()
        if getattr(model, "instance_type", None) is not None
        and any(field.name == "history_date" for field in model._meta.fields)
    ]


def _model_and_ids(records: Records) -> tuple[type[models.Model], list]:
    if isinstance(records, models.QuerySet):
        return records.model, list(records.values_list("pk", flat=True))
    if isinstance(records, tuple) and len(records) == 2 and isinstance(records[0], type):
        model, ids = records
        return model, list(ids)
    raise TypeError("records must be a queryset or a (model, ids) pair")


def _history_rows(model: type[models.Model], ids: list) -> models.QuerySet | None:
    history = history_model_of(model)
    if history is None or not ids:
        return None
    # The historical table keeps the record's id in a plain column of the same name.
    return history._default_manager.filter(**{f"{model._meta.pk.attname}__in": ids})


def scrub(records: Records, /, **replacements) -> Erased:
    """Set the given fields to the given values (plain values or expressions) on the records and on
    every historical row of them. Fields that the history does not keep are only set on the records."""
    if not replacements:
        raise ValueError("say which fields to blank")
    model, ids = _model_and_ids(records)
    if not ids:
        return Erased()
    live = model._base_manager.filter(pk__in=ids).update(**replacements)
    rows = _history_rows(model, ids)
    changed_history = 0
    if rows is not None:
        kept = {field.name for field in rows.model._meta.get_fields()}
        in_history = {name: value for name, value in replacements.items() if name in kept}
        if in_history:
            changed_history = rows.update(**in_history)
    return Erased(live=live, history=changed_history)


def delete_with_history(records: Records, /) -> Erased:
    """Delete the records, whatever is deleted with them (cascades), and the historical rows of all of them.

    Historical rows of many-to-many fields go with the historical rows they belong to."""
    model, ids = _model_and_ids(records)
    if not ids:
        return Erased()
    queryset = model._base_manager.filter(pk__in=ids)
    collector = Collector(using=queryset.db)
    collector.collect(queryset)
    doomed: dict[type[models.Model], set] = {}
    for each_model, instances in collector.data.items():
        doomed.setdefault(each_model, set()).update(instance.pk for instance in instances)
    for fast in collector.fast_deletes:
        if isinstance(fast, models.QuerySet):
            doomed.setdefault(fast.model, set()).update(fast.values_list("pk", flat=True))
    # The ids given are erased from history even when the live record is already gone.
    doomed.setdefault(model, set()).update(ids)
    live, _ = queryset.delete()
    history = 0
    for each_model, each_ids in doomed.items():
        rows = _history_rows(each_model, list(each_ids))
        if rows is not None:
            history += rows.delete()[1].get(rows.model._meta.label, 0)
    return Erased(live=live, history=history)


def delete_history(records: Records, /) -> int:
    """Delete only the historical rows of the records (for versions older than a record's own life)."""
    model, ids = _model_and_ids(records)
    rows = _history_rows(model, ids)
    if rows is None:
        return 0
    return rows.delete()[1].get(rows.model._meta.label, 0)


def forget_kept(tables: Iterable[str]) -> int:
    """Delete every page and value kept by the cache (engaging/core/cache.py) that read any of `tables`.

    A write to a table already stops such values being used, but they stay stored until they expire: after
    erasing, what they show of the erased words must go now. Returns how many stored values were deleted."""
    from django.core.cache import caches

    from engaging.core import cache

    shared_cache = caches["default"]  # the backend itself, not the proxy to it

    tables = frozenset(tables)

    def holds(entry) -> bool:
        return (
            isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], tuple)
            and any(isinstance(pair, tuple) and pair and pair[0] in tables for pair in entry[0])
        )

    with cache.recent.lock:  # this process's last few values, pickled: simplest to start afresh
        cache.recent.items.clear()
    with cache._in_process_lock:
        for cache_key in [k for k, entry in cache._in_process.items() if holds(entry)]:
            del cache._in_process[cache_key]
    doomed = [cache_key for cache_key, entry in _shared_entries(shared_cache) if holds(entry)]
    for cache_key in doomed:
        shared_cache.delete(cache_key)
    return len(doomed)


def _shared_entries(shared_cache):
    """(key, value) for each value in the shared cache, as the cache's own backend stores and reads them."""
    import base64
    import pickle

    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.locmem import LocMemCache
    from django.db import connections, router

    if isinstance(shared_cache, DatabaseCache):
        db = router.db_for_read(shared_cache.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(shared_cache._table)
        prefix = shared_cache.make_key("")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key, value FROM {table}")  # noqa: S608  (the cache's own table)
            rows = cursor.fetchall()
        for stored_key, value in rows:
            try:
                entry = pickle.loads(base64.b64decode(value.encode()))  # noqa: S301  (written by the hub's cache)
            except Exception:  # noqa: BLE001  (anything not ours to read is left alone)
                continue
            yield stored_key.removeprefix(prefix), entry
    elif isinstance(shared_cache, LocMemCache):
        with shared_cache._lock:
            stored = list(shared_cache._cache.items())
        prefix = shared_cache.make_key("")
        for stored_key, value in stored:
            try:
                entry = pickle.loads(value)  # noqa: S301  (written by the hub's cache)
            except Exception:  # noqa: BLE001
                continue
            yield stored_key.removeprefix(prefix), entry
    elif hasattr(getattr(shared_cache, "_cache", None), "get_client"):  # Redis: walk the keys of this cache
        client = shared_cache._cache.get_client(write=False)
        prefix = shared_cache.make_key("")
        for stored_key in client.scan_iter(match=f"{prefix}*", count=1000):
            stored_key = stored_key.decode() if isinstance(stored_key, bytes) else stored_key
            value = client.get(stored_key)
            if value is None:
                continue
            try:
                entry = shared_cache._cache._serializer.loads(value)
            except Exception:  # noqa: BLE001
                continue
            yield stored_key.removeprefix(prefix), entry


def clear_from_disk(using: str = "default") -> None:
    """After erasing, leave no copy of what was erased in the database's files.

    SQLite overwrites deleted and changed content in place (secure_delete, set in settings.py); this also copies
    the write-ahead log into the database and empties it, since the log still holds pages as they were before.
    PostgreSQL keeps old row versions until VACUUM reuses their space: see the README on erasure.
    Call it once the erasing transaction has committed (transaction.on_commit)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
