"""Counting writes to the records the stored figures count, and queuing the task that brings them up to date.

The writes counted are those of the models each app names in `counted_models` and `feedback_models`
on its AppConfig (with their many-to-many links), and the end of every spreadsheet import run by
the task worker, which adds its rows in bulk without signals. Signals rather than database triggers:
the stored figures say how old they are, so a write they miss (a raw update, an import small enough
to run in the request) is counted at the next write, or the next day, rather than never.
"""

import time
from datetime import timedelta

from django.apps import apps
from django.core.cache import cache as shared_cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from engaging.assurance.models import CountedWrites
from engaging.assurance.stored import QUEUED
from engaging.assurance.tasks import refresh_figures

# A queued refresh is marked as such for at most this long, so a lost task is queued again by the
# next write or reader.
QUEUED_SECONDS = 10 * 60
# A refresh waits this long after the write that queued it, so that a burst of writes is counted by one refresh.
DELAY = timedelta(seconds=5)
# When this process last asked for a refresh.
_asked_at = -1.0
# Writes to these count as well.
ALSO_COUNTED = ("register.ImportJob",)


def queue_refresh() -> None:
    """For a reader of figures out of date: queue one refresh, unless one is queued and has not started yet.

    Readers ask on every request until the figures are up to date, so each process asks at most once a second.
    """
    global _asked_at
    now = time.monotonic()
    if now - _asked_at < 1:
        return
    _asked_at = now
    _queue()


def _queue() -> None:
    if shared_cache.add(QUEUED, True, QUEUED_SECONDS):
        task = refresh_figures
        if task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + DELAY)
        task.enqueue()


def _counted_write() -> None:
    now = timezone.now()
    if not CountedWrites.objects.filter(pk=1).update(count=F("count") + 1, at=now):
        try:
            with transaction.atomic():
                CountedWrites.objects.create(pk=1, count=1, at=now)
        except IntegrityError:
            CountedWrites.objects.filter(pk=1).update(count=F("count") + 1, at=now)
    _queue()


def note_write(sender=None, *, using: str = "default", raw: bool = False, **kwargs) -> None:
    """Count a write to a counted record once it is committed: once for each transaction (or savepoint), however
    many writes it makes."""
    if raw:
        return  # loading fixtures
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        here = set(connection.savepoint_ids)
        if any(func is _counted_write and ids == here for ids, func, _ in connection.run_on_commit):
            return
    transaction.on_commit(_counted_write, using=using)


def counted_models() -> list:
    """The models whose writes the stored figures count, as the apps declare them."""
    models = [
        config.get_model(name)
        for config in apps.get_app_configs()
        for attribute in ("counted_models", "feedback_models")
        for name in getattr(config, attribute, ())
    ]
    return [*models, *(apps.get_model(label) for label in ALSO_COUNTED)]


def connect() -> None:
    """Count every write to a counted record, and to its many-to-many links (from AppConfig.ready())."""
    for model in counted_models():
        post_save.connect(note_write, sender=model, dispatch_uid=f"figures-save-{model._meta.label}")
        post_delete.connect(note_write, sender=model, dispatch_uid=f"figures-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(note_write, sender=through, dispatch_uid=f"figures-links-{through._meta.label}")
