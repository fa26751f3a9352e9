"""What every figure of the board's assurance shares: the scope it covers, and a count with its records.

Every figure is for a `Scope`: a period, and a place (the chosen area, or else the board's area,
or else everywhere). An activity is in a place when one of its areas meets the place (the place
itself, anywhere inside it, or anywhere it is inside), as in the register's area filter. Archived
and cancelled activities never count.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Count, Q

from engaging.assurance import links
from engaging.assurance.periods import MONTH, Bucket, buckets
from engaging.board.models import Board
from engaging.lists.models import Area
from engaging.register.models import Activity, Status


@dataclass(frozen=True)
class Scope:
    """What the figures cover: from `start` to `end` (inclusive) in a place, as seen on `today`."""

    start: date
    end: date
    today: date
    board: Board | None = None
    area: Area | None = None
    by: str = MONTH

    @property
    def place(self) -> Area | None:
        """The chosen area, or else the board's own area; None means everywhere."""
        if self.area is not None:
            return self.area
        return self.board.area if self.board is not None else None

    @cached_property
    def buckets(self) -> list[Bucket]:
        return buckets(self.start, self.end, self.by)


# Every status but cancelled, so the condition reads the same inside an aggregate's filter.
NOT_CANCELLED = [status for status in Status.values if status != Status.CANCELLED]


def in_place(scope: Scope, relation: str = "") -> Q:
    """The condition for a live, not cancelled activity in the scope's place, on `relation` (or the activity itself).

    As a condition rather than a subquery, so that queries already joined to the activity do not join it again.
    """
    prefix = f"{relation}__" if relation else ""
    condition = Q(**{f"{prefix}archived_at__isnull": True, f"{prefix}status__in": NOT_CANCELLED})
    if scope.place is not None:
        meeting = Area.objects.meeting([scope.place]).values("pk")
        inside = Activity.areas.through.objects.filter(area__in=meeting).values("activity_id")
        condition &= Q(**{f"{relation}__in" if relation else "pk__in": inside})
    return condition


def place_activities(scope: Scope):
    """Live, not cancelled activities in the scope's place, whatever their dates."""
    return Activity.objects.filter(in_place(scope))


def period_activities(scope: Scope):
    """Activities in the place that were running at some time in the period (an activity counts once)."""
    return place_activities(scope).running_between(scope.start, scope.end)


def _running(bucket: Bucket, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": bucket.end, f"{prefix}end_date__gte": bucket.start})


def per_bucket(buckets_: list[Bucket], *, prefix: str = "", counting: str = "pk") -> dict:
    """One conditional count per month or quarter, so a whole table comes back in one query."""
    return {f"b{i}": Count(counting, filter=_running(b, prefix)) for i, b in enumerate(buckets_)}


@dataclass(frozen=True)
class Cell:
    """A count and the records behind it: a link worked out already, or the register's filters to work it out."""

    value: int
    href: str | None = None
    records: dict | None = None

    @property
    def url(self) -> str | None:
        """The link to the records; none for a count of nothing. Worked out only when shown, as tables can be large."""
        if not self.value:
            return None
        return self.href or (links.register(**self.records) if self.records else None)
