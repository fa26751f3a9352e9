"""Figures worked out in the background and stored, so that no reader waits for them after a change.

The dashboard and the evidence pages count tens of thousands of records; at region or national scale
that takes up to seconds. The views people open most (each board's dashboard for the last 12 months,
each board member's evidence for the same) are stored in the database as they are served (`Figures`),
with the version of every table they read (engaging/core/cache.py `recorded`), and a reader is given
them at once. A reader who finds a table among them written since queues the task that works stored
figures out again (`assurance.tasks.refresh_figures`; one task for a burst of readers, guarded by the
cache's `add()`), and until it has run is served the figures they had, told when those were worked out
and that they are being brought up to date. The versions are the cache's, kept by database triggers, so
imports, `update()` and raw SQL count as any other write. Figures worked out on another day, or by other
code, are brought up to date the same way. A kind that is not `eager` (evidence pages: many, each read
less) is worked out again only once a reader has found it out of date.

Only a view that was never stored is worked out by the reader who asks: once, while anyone else
asking for it waits. Each kind of figures says how to work one view out from its key (`register`).

How the refresh is queued is in engaging/assurance/refreshing.py.
"""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.core.cache import cache as shared_cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html

from engaging.assurance.models import Figures
from engaging.core import versions as table_versions
from engaging.core.cache import code_digest, current_versions, note_read, recorded, unchanged

# The cache entry that says a refresh is queued and has not started yet (see refreshing.py).
QUEUED = "figures:refresh-queued"
# While one reader works out figures never stored, others asking for them wait, checking this often,
# for at most this long; the mark that it is working lasts at most WORKING_SECONDS.
WAIT_STEP = 0.1
WAIT_SECONDS = 30
WORKING_SECONDS = 120


@dataclass(frozen=True)
class Kind:
    """How to work out one view's figures from its key, as the bytes stored (None when the view is gone); and whether
    they are brought up to date after every change (`eager`), or only once a reader has found them out of date."""

    work_out: Callable[[str, date], bytes | None]
    eager: bool


KINDS: dict[str, Kind] = {}


def register(kind: str, work_out: Callable[[str, date], bytes | None], *, eager: bool = True) -> None:
    KINDS[kind] = Kind(work_out, eager)


@dataclass(frozen=True)
class Stored:
    content: bytes
    worked_out_at: datetime
    up_to_date: bool

    def as_at(self) -> str:
        """The plain line saying how old the figures are, for figures a change is waiting to be added to."""
        if self.up_to_date:
            return ""
        at = timezone.localtime(self.worked_out_at)
        when = f"{at:%H:%M} today" if at.date() == timezone.localdate() else f"{at:%H:%M} on {at.day} {at:%B %Y}"
        return format_html(
            '<p class="govuk-inset-text" id="figures-as-at">These figures are from {}. '
            "Changes made since then are being counted: reload the page in a minute or two to see them.</p>",
            when,
        )


def code_version() -> str:
    """The code the figures are worked out by (the cache's digest of it): figures stored by other code are worked
    out again."""
    return code_digest()


# The content each process last served of each view, with when it was worked out: a dashboard is over 200 KB,
# which is quicker to keep than to fetch again while it has not changed.
_served: dict[tuple[str, str], tuple[datetime, bytes]] = {}


# One plain query, as it is run on every request for a stored view: the ORM's work to build it took longer than
# the database's to answer it.
READ = (
    "SELECT f.id, f.today, f.versions, f.version, f.worked_out_at, f.wanted "
    f"FROM {Figures._meta.db_table} f WHERE f.kind = %s AND f.key = %s"
)


def _versions_of(stored) -> dict[str, int] | None:
    """The stored versions as the database gives them back: JSON text on SQLite, already read on PostgreSQL."""
    return json.loads(stored) if isinstance(stored, str | bytes) else stored


def read(kind: str, key: str, today: date, *, request=None) -> Stored | None:
    """The stored figures, and whether they are up to date: one small query besides the tables' versions (read
    once for the request), and one for their content unless this process served the same already."""
    with connection.cursor() as cursor:
        cursor.execute(READ, [kind, key])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, day, read_versions, version, worked_out_at, wanted = row
    if timezone.is_naive(worked_out_at):  # SQLite keeps them in UTC, without saying so
        worked_out_at = timezone.make_aware(worked_out_at, UTC)
    read_versions = _versions_of(read_versions)
    # A value kept by the cache that shows these figures is worked out again when what they count is written.
    note_read(read_versions)
    current = current_versions(request)
    up_to_date = (
        day == today and version == code_version() and current is not None and unchanged(read_versions, current)
    )
    if not up_to_date and not wanted:
        Figures.objects.filter(pk=pk).update(wanted=True)  # for the next refresh, whatever its kind
    served = _served.get((kind, key))
    if served is not None and served[0] == worked_out_at:
        content = served[1]
    else:
        content = bytes(Figures.objects.filter(pk=pk).values_list("content", flat=True).first() or b"")
        _served[(kind, key)] = (worked_out_at, content)
    return Stored(content, worked_out_at, up_to_date)


def figures(kind: str, key: str, *, today: date, request=None) -> Stored | None:
    """The stored figures of one view, up to date or not; worked out here if never stored (None: no such view)."""
    found = read(kind, key, today, request=request)
    if found is not None:
        return found
    working = f"figures:working:{kind}:{key}"
    if not shared_cache.add(working, True, WORKING_SECONDS):
        waited = 0.0
        while waited < WAIT_SECONDS and working in shared_cache:
            time.sleep(WAIT_STEP)
            waited += WAIT_STEP
            found = read(kind, key, today)
            if found is not None:
                return found
    try:
        return work_out(kind, key, today=today)
    finally:
        shared_cache.delete(working)


def work_out(kind: str, key: str, *, today: date) -> Stored | None:
    """Work one view's figures out and store them, with the versions of the tables they read."""
    versions = table_versions.read()  # read first: what the queries below see is at least this recent
    started = time.monotonic()
    content, read_versions = recorded(lambda: KINDS[kind].work_out(key, today), versions or {})
    if content is None:
        Figures.objects.filter(kind=kind, key=key).delete()
        return None
    now = timezone.now()
    values = {
        "content": content,
        "today": today,
        "versions": read_versions if versions is not None else None,
        "version": code_version(),
        "worked_out_at": now,
        "seconds": time.monotonic() - started,
        "wanted": False,
    }
    if not Figures.objects.filter(kind=kind, key=key).update(**values):
        try:
            with transaction.atomic():
                Figures.objects.create(kind=kind, key=key, **values)
        except IntegrityError:
            Figures.objects.filter(kind=kind, key=key).update(**values)  # stored meanwhile by another worker
    return Stored(content, now, True)


def refresh(today: date | None = None) -> int:
    """Work out again every stored view a change is waiting for (or another day, or other code); how many."""
    shared_cache.delete(QUEUED)  # readers from now on queue another refresh, for writes this one may not see
    today = today or date.today()
    versions = table_versions.read() or {}
    eager = [kind for kind, how in KINDS.items() if how.eager]
    waiting = Figures.objects.filter(Q(kind__in=eager) | Q(kind__in=list(KINDS), wanted=True))
    done = 0
    for kind, key, day, version, read_versions in waiting.order_by("kind", "key").values_list(
        "kind", "key", "today", "version", "versions"
    ):
        if day == today and version == code_version() and unchanged(_versions_of(read_versions), versions):
            continue
        work_out(kind, key, today=today)
        done += 1
    return done
