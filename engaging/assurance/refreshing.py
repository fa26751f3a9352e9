"""Queuing the task that brings stored figures up to date, once a reader has found them out of date.

A reader finds them so by the versions of the tables they read (engaging/assurance/stored.py), which the
database's triggers change on every committed write, whatever made it.
"""

import time
from datetime import timedelta

from django.core.cache import cache as shared_cache
from django.utils import timezone

from engaging.assurance.stored import QUEUED
from engaging.assurance.tasks import refresh_figures

# A queued refresh is marked as such for at most this long, so a lost task is queued again by the next reader.
QUEUED_SECONDS = 10 * 60
# A refresh waits this long after the reader that queued it, so that a burst of writes is counted by one refresh.
DELAY = timedelta(seconds=2)
# When this process last asked for a refresh.
_asked_at = -1.0


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
