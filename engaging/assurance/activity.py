"""Activity over time: how many activities each organisation, type and level had, month by month.

Each table is one or two aggregate queries, however many activities there are.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F

from engaging.assurance.periods import Bucket
from engaging.assurance.scope import Cell, Scope, per_bucket, period_activities
from engaging.register.models import Activity, EngagementLevel, EngagementType


@dataclass(frozen=True)
class Row:
    key: int | str | None
    label: str
    cells: list[Cell]
    total: Cell


@dataclass(frozen=True)
class OverTime:
    """A table of counts: one row per organisation, type or level; one column per month or quarter."""

    buckets: list[Bucket]
    rows: list[Row]

    def by_bucket(self) -> list[tuple[Bucket, list[Cell]]]:
        """The same table turned on its side: one row per month or quarter, one cell per organisation, type or level."""
        return [(bucket, [row.cells[i] for row in self.rows]) for i, bucket in enumerate(self.buckets)]


def _row(scope: Scope, key, label: str, counts: list[int], total: int, **filters) -> Row:
    def cell(value: int, start: date, end: date) -> Cell:
        return Cell(value, records={"start": start, "end": end, "place": scope.place, **filters})

    cells = [cell(n, b.start, b.end) for n, b in zip(counts, scope.buckets, strict=True)]
    return Row(key=key, label=label, cells=cells, total=cell(total, scope.start, scope.end))


def activity_by_organisation(scope: Scope) -> OverTime:
    """Activities each organisation led or was a partner in, running in each month or quarter of the period.

    An activity counts in every column its dates touch, and once in the total for the period. An
    organisation that both leads and partners an activity counts it once. This is what the register's
    organisation filter shows, so each count links to exactly those activities. Two queries.
    """
    buckets_ = scope.buckets
    period = period_activities(scope)
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * (len(buckets_) + 1))
    names: dict[int, str] = {}
    led = (
        period.order_by()
        .values("lead_organisation", "lead_organisation__name")
        .annotate(total=Count("pk"), **per_bucket(buckets_))
    )
    partnered = (
        Activity.partner_organisations.through.objects.filter(activity__in=period.values("pk"))
        .exclude(organisation=F("activity__lead_organisation"))
        .order_by()
        .values("organisation", "organisation__name")
        .annotate(total=Count("activity"), **per_bucket(buckets_, prefix="activity__", counting="activity"))
    )
    sources: tuple[tuple[Iterable[Mapping[str, Any]], str, str], ...] = (
        (led, "lead_organisation", "lead_organisation__name"),
        (partnered, "organisation", "organisation__name"),
    )
    for rows, key, name in sources:
        for row in rows:
            names[row[key]] = row[name]
            sums = counts[row[key]]
            for i in range(len(buckets_)):
                sums[i] += row[f"b{i}"]
            sums[-1] += row["total"]
    ordered = sorted(counts, key=lambda pk: (-counts[pk][-1], names[pk]))
    return OverTime(
        buckets=buckets_,
        rows=[_row(scope, pk, names[pk], counts[pk][:-1], counts[pk][-1], organisation=pk) for pk in ordered],
    )


def _activity_by(scope: Scope, field_name: str, choices) -> OverTime:
    buckets_ = scope.buckets
    found = {
        row[field_name]: row
        for row in period_activities(scope)
        .order_by()
        .values(field_name)
        .annotate(total=Count("pk"), **per_bucket(buckets_))
    }
    rows = []
    for value, label in choices:
        row = found.get(value, {})
        counts = [row.get(f"b{i}", 0) for i in range(len(buckets_))]
        rows.append(_row(scope, value, str(label), counts, row.get("total", 0), **{field_name: value}))
    return OverTime(buckets=buckets_, rows=rows)


def activity_by_type(scope: Scope) -> OverTime:
    """Activities of each engagement type running in each month or quarter, every type listed. One query."""
    return _activity_by(scope, "type", EngagementType.choices)


def activity_by_level(scope: Scope) -> OverTime:
    """Activities at each level of influence running in each month or quarter, every level listed. One query."""
    return _activity_by(scope, "level", EngagementLevel.choices)


def activity_totals(scope: Scope, by_type: OverTime) -> Row:
    """All activities in each column, and in the period: the sum over types, since each activity has one type."""
    counts = [sum(row.cells[i].value for row in by_type.rows) for i in range(len(by_type.buckets))]
    return _row(scope, None, "All activities", counts, sum(row.total.value for row in by_type.rows))
