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
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

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
    """Every historical model in the project (each tracked model's table of versions)."""
    return [model for model in apps.get_models() if getattr(model, "instance_type", None) is not None]


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
