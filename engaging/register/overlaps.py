"""Joining up: which activities ask the same people, in the same places, at about the same time."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q

from engaging.lists.models import Area, Group
from engaging.register.models import Activity, Status


@dataclass(frozen=True)
class Plan:
    """What an activity is about to do, saved or not: enough to find its overlaps."""

    lead_organisation_id: int | None
    group_ids: frozenset[int]
    area_ids: frozenset[int]
    start_date: date
    end_date: date
    activity_id: int | None = None

    @classmethod
    def of(cls, activity: Activity) -> "Plan":
        return cls(
            lead_organisation_id=activity.lead_organisation_id,
            group_ids=frozenset(g.pk for g in activity.groups.all()),
            area_ids=frozenset(a.pk for a in activity.areas.all()),
            start_date=activity.start_date,
            end_date=activity.end_date,
            activity_id=activity.pk,
        )


def overlapping(plan: Plan, *, weeks: int | None = None):
    """Activities that overlap a plan.

    Two activities overlap when they are led by different organisations, neither is
    cancelled, they share a target group, their areas meet (an area meets itself, its
    ancestors and its descendants) and their dates come within `weeks` of each other.
    """
    if not plan.group_ids or not plan.area_ids or plan.start_date is None or plan.end_date is None:
        return Activity.objects.none()
    window = timedelta(weeks=settings.OVERLAP_WEEKS if weeks is None else weeks)
    try:
        earliest, latest = plan.start_date - window, plan.end_date + window
    except OverflowError:  # dates at the very ends of the calendar
        earliest, latest = (
            max(plan.start_date, date.min + window) - window,
            min(plan.end_date, date.max - window) + window,
        )
    areas = Area.objects.filter(pk__in=plan.area_ids).only("pk", "path")
    meeting_areas = Area.objects.meeting(areas).values("pk")
    matches = (
        Activity.objects.not_cancelled()
        .running_between(earliest, latest)
        .filter(groups__in=plan.group_ids)
        .filter(pk__in=Activity.objects.filter(areas__in=meeting_areas).values("pk"))
    )
    if plan.lead_organisation_id:
        matches = matches.exclude(lead_organisation_id=plan.lead_organisation_id)
    if plan.activity_id:
        matches = matches.exclude(pk=plan.activity_id)
    shared = Count("groups", filter=Q(groups__in=plan.group_ids), distinct=True)
    return (
        Activity.objects.filter(pk__in=matches.values("pk"))
        .annotate(shared_groups=shared)
        .select_related("lead_organisation")
        .prefetch_related("groups", "areas")
        .order_by("start_date", "title")
    )


@dataclass
class FatigueCell:
    group: Group
    month: date
    count: int
    over_threshold: bool


def fatigue_table(*, months: list[date], area: Area | None = None, threshold: int | None = None):
    """How many activities asked each group in each month, not counting cancelled ones.

    An activity counts in every month its dates touch. With an area, only activities whose
    areas meet it count.
    """
    threshold = settings.FATIGUE_THRESHOLD if threshold is None else threshold
    first = months[0]
    last_month = months[-1]
    last = (last_month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    activities = Activity.objects.not_cancelled().running_between(first, last)
    if area is not None:
        activities = activities.filter(
            pk__in=Activity.objects.filter(areas__in=Area.objects.meeting([area]).values("pk")).values("pk")
        )
    rows = Activity.groups.through.objects.filter(activity__in=activities.values("pk")).values_list(
        "group_id", "activity__start_date", "activity__end_date"
    )
    counts: dict[tuple[int, date], int] = defaultdict(int)
    for group_id, start, end in rows:
        for month in months:
            month_end = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            if start <= month_end and end >= month:
                counts[(group_id, month)] += 1
    groups = list(Group.objects.order_by("category", "name"))
    table = []
    for group in groups:
        cells = []
        for month in months:
            count = counts.get((group.pk, month), 0)
            cells.append(FatigueCell(group=group, month=month, count=count, over_threshold=count > threshold))
        table.append((group, cells))
    return table, threshold


def month_starts(first: date, count: int) -> list[date]:
    months = []
    current = first.replace(day=1)
    for _ in range(count):
        months.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


__all__ = ["Plan", "overlapping", "fatigue_table", "month_starts", "Status"]
