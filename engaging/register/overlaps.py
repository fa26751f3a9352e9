"""Joining up: which activities ask the same people, in the same places, at about the same time."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Substr

from engaging.core.date_parts import DatePartsField
from engaging.core.dates import activity_date_problems
from engaging.lists.models import Area, Group
from engaging.register.models import FINISHED, Activity, Status


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
    def from_data(cls, data, activity_id: int | None = None) -> "Plan | None":
        """The plan in a submitted (or half-filled) activity form, or None while its dates are missing or wrong.

        Dates are read as the form reads them: day, month and year boxes, or whole as YYYY-MM-DD.
        """
        try:
            start, end = _plan_date(data, "start_date"), _plan_date(data, "end_date")
        except ValidationError:
            return None
        end = end or start
        if start is None or activity_date_problems(start=start, end=end):
            return None
        lead = _ids([data.get("lead_organisation") or ""])
        if data.get("lead_organisation") and not lead:
            return None
        return cls(
            lead_organisation_id=next(iter(lead), None),
            group_ids=_ids(data.getlist("groups")),
            area_ids=_ids(data.getlist("areas")),
            start_date=start,
            end_date=end,
            activity_id=activity_id,
        )

    @classmethod
    def of(cls, activity: Activity, links=None) -> "Plan":
        """What a saved activity is doing; `links` (its linked lists, as the activity page reads them) saves
        reading its groups and areas again."""
        return cls(
            lead_organisation_id=activity.lead_organisation_id,
            group_ids=links.ids("groups") if links else frozenset(g.pk for g in activity.groups.all()),
            area_ids=links.ids("areas") if links else frozenset(a.pk for a in activity.areas.all()),
            start_date=activity.start_date,
            end_date=activity.end_date,
            activity_id=activity.pk,
        )


def _ids(values) -> frozenset[int]:
    """The values that are ids a database can hold; anything else is left out."""
    return frozenset(int(v) for v in values if isinstance(v, str) and v.isascii() and v.isdigit() and len(v) < 19)


def _plan_date(data, name: str) -> date | None:
    """One of the plan's dates as the activity form reads it, None when left empty; ValidationError when wrong."""
    field = DatePartsField(name=name.replace("_", " "), required=False)
    return field.clean(field.widget.value_from_datadict(data, None, name))


def overlapping(plan: Plan, *, weeks: int | None = None):
    """Activities that overlap a plan.

    Two activities overlap when they are led by different organisations, neither is
    cancelled, they share a target group, their areas meet (an area meets itself, its
    ancestors and its descendants) and their dates come within `weeks` of each other.

    Which activities match is settled when this is called (a few small queries); the queryset
    returned reads those activities in full, with `shared_groups`, the number of the plan's
    groups each one targets.
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
    meeting = meeting_area_ids(Area.objects.filter(pk__in=plan.area_ids).only("pk", "path"))
    if not meeting:
        return Activity.objects.none()
    shares_a_group = Activity.groups.through.objects.filter(activity_id=OuterRef("pk"), group_id__in=plan.group_ids)
    candidates = (
        Activity.everything.not_cancelled()
        .exclude(pk__in=archived_activities())
        .running_between(earliest, latest)
        .filter(Exists(shares_a_group), in_area_ids(meeting))
    )
    if plan.lead_organisation_id:
        candidates = candidates.exclude(lead_organisation_id=plan.lead_organisation_id)
    if plan.activity_id:
        candidates = candidates.exclude(pk=plan.activity_id)
    # The candidates are found in the dates' index alone (it holds status, lead and id), checked by index
    # against the groups and areas, and only the few that match are then read in full. As one query the
    # database would read every activity in the window before knowing which of them match.
    ids = list(candidates.order_by().values_list("pk", flat=True))
    shared = shares_a_group.order_by().values("activity_id").annotate(n=Count("pk")).values("n")
    return (
        Activity.everything.filter(pk__in=ids)
        .annotate(shared_groups=Subquery(shared))
        .select_related("lead_organisation")
        .order_by("start_date", "title")
    )


def with_group_and_area_names(activities: list) -> list:
    """Give each activity `group_names` and `area_names`, in list order, read for all of them in one query.

    Each also gets `group_links` ((id, name) of its groups) and `area_links` ((path, kind, name) of its
    areas), which ranking reads. Prefetching would build a queryset and a model instance for every link;
    lists show names alone.
    """
    ids = [activity.pk for activity in activities]
    found: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    if ids:
        groups = (
            Activity.groups.through.objects.filter(activity_id__in=ids, group__archived_at__isnull=True)
            .annotate(
                kind=Value("groups"), key=F("group__name"), name=F("group__name"), item=F("group_id"), level=Value("")
            )
            .values_list("kind", "activity_id", "key", "name", "item", "level")
        )
        areas = (
            Activity.areas.through.objects.filter(activity_id__in=ids, area__archived_at__isnull=True)
            .annotate(
                kind=Value("areas"), key=F("area__path"), name=F("area__name"), item=F("area_id"), level=F("area__kind")
            )
            .values_list("kind", "activity_id", "key", "name", "item", "level")
        )
        for kind, activity_id, key, name, item, level in groups.union(areas, all=True):
            found[(kind, activity_id)].append((key, name, item, level))
    for activity in activities:
        groups_found = sorted(found[("groups", activity.pk)])
        areas_found = sorted(found[("areas", activity.pk)])
        activity.group_names = [name for _, name, _, _ in groups_found]
        activity.area_names = [name for _, name, _, _ in areas_found]
        activity.group_links = [(item, name) for _, name, item, _ in groups_found]
        activity.area_links = [(path, level, name) for path, name, _, level in areas_found]
    return activities


# --- How close an overlap is ----------------------------------------------------------------

# How each level of the area tree is said when two activities meet there.
AREA_WORDS = {Area.Kind.WARD: "same ward", Area.Kind.LOCALITY: "same locality", Area.Kind.BOROUGH: "borough-wide"}


@dataclass(frozen=True)
class Closeness:
    """Why an activity overlaps a plan, and how closely: what ranks overlaps and what people read."""

    shared_group_names: tuple[str, ...]
    area_depth: int  # of the smallest area both activities are in: deeper is nearer
    area_level: str  # that area's kind: ward, locality or borough
    area_name: str
    days_apart: int  # 0 when their dates touch

    @property
    def shared_groups(self) -> int:
        return len(self.shared_group_names)

    def sort_key(self) -> tuple:
        return (-self.shared_groups, -self.area_depth, self.days_apart)

    @property
    def reasons(self) -> list[str]:
        """The closeness in words, such as "Both reach Carers and Young people · same ward: Wordsley"."""
        reasons = []
        if self.shared_group_names:
            reasons.append(f"Both reach {_and_list(self.shared_group_names)}")
        if self.area_name:
            reasons.append(f"{AREA_WORDS.get(self.area_level, 'same area')}: {self.area_name}")
        if self.days_apart == 0:
            reasons.append("dates overlap")
        else:
            reasons.append(f"dates {self.days_apart} day{'s' if self.days_apart != 1 else ''} apart")
        return reasons


def _and_list(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _depth(path: str) -> int:
    return len(path) // Area.PATH_STEP - 1


def closeness(
    *,
    group_ids: frozenset[int],
    areas: list[tuple[str, str, str]],
    start: date,
    end: date,
    other_groups: list[tuple[int, str]],
    other_areas: list[tuple[str, str, str]],
    other_start: date,
    other_end: date,
) -> Closeness:
    """How close another activity is to a plan.

    Shared groups are the other activity's groups that the plan also targets. Two areas meet when one is
    in the other (or they are the same); they meet at the larger of the two, so a ward and its locality
    meet at the locality, and anything and the borough meet at the borough. The nearest meeting counts.
    Dates are as many days apart as lie between the end of one and the start of the other.
    Areas are (path, kind, name).
    """
    shared = tuple(name for pk, name in other_groups if pk in group_ids)
    best: tuple[str, str, str] | None = None
    for path, level, name in areas:
        for other_path, other_level, other_name in other_areas:
            if other_path.startswith(path):
                met = (path, level, name)
            elif path.startswith(other_path):
                met = (other_path, other_level, other_name)
            else:
                continue
            if best is None or _depth(met[0]) > _depth(best[0]):
                best = met
    gap = max((other_start - end).days, (start - other_end).days, 0)
    return Closeness(
        shared_group_names=shared,
        area_depth=_depth(best[0]) if best else -1,
        area_level=best[1] if best else "",
        area_name=best[2] if best else "",
        days_apart=gap,
    )


def rank_overlaps(plan: Plan, overlaps: list) -> list:
    """Overlaps closest first: most shared target groups, then nearest areas (same ward before same
    locality before borough-wide), then nearest dates; ties by start date, title and id, so the order is
    stable. Each gets `closeness`. `overlaps` must have been through `with_group_and_area_names`."""
    if not overlaps:
        return []
    areas = list(Area.everything.filter(pk__in=plan.area_ids).order_by("path").values_list("path", "kind", "name"))
    for other in overlaps:
        other.closeness = closeness(
            group_ids=plan.group_ids,
            areas=areas,
            start=plan.start_date,
            end=plan.end_date,
            other_groups=other.group_links,
            other_areas=other.area_links,
            other_start=other.start_date,
            other_end=other.end_date,
        )
    return sorted(overlaps, key=lambda o: (*o.closeness.sort_key(), o.start_date, o.title, o.pk))


def ranked_overlaps(plan: Plan, *, within=None) -> list:
    """The activities that overlap a plan, closest first, each with its names and `closeness`.

    `within` narrows the overlaps to a queryset's activities (the public ones, say)."""
    matches = overlapping(plan)
    if within is not None:
        matches = matches.filter(pk__in=within.values("pk"))
    return rank_overlaps(plan, with_group_and_area_names(list(matches)))


def is_finished(*, status: str | None, end_date: date | None, today: date | None = None) -> bool:
    """Whether an activity is over: finished or cancelled, or past its end date. Its overlaps are then
    what ran alongside it, not a warning."""
    if status in FINISHED or status == Status.CANCELLED:
        return True
    return end_date is not None and end_date < (today or date.today())


@dataclass
class FatigueCell:
    group: Group
    month: date
    count: int
    over_threshold: bool


def asked_per_month(activities, months: list[date]) -> dict[int, list[int]]:
    """How many of `activities` asked each group in each of `months` (first days of calendar months, in order).

    The fatigue rule, written once for the joining-up fatigue view and the board's fatigue hotspots: an
    activity counts for every group it targets in every month its dates touch. Cancelled activities
    are the caller's to leave out. One query, its rows one per group and pair of start and end months,
    so they stay few however many activities there are.
    """
    first, last = months[0], month_end(months[-1])
    # Months are read as "YYYY-MM" text, which both databases cut from a date without help.
    rows = (
        activities.running_between(first, last)
        .filter(groups__isnull=False)
        .values("groups", starts=_year_month("start_date"), ends=_year_month("end_date"))
        .annotate(asked=Count("pk"))
        .order_by()
        .values_list("groups", "starts", "ends", "asked")
    )
    position = {_month_number(month): n for n, month in enumerate(months)}
    earliest, latest = min(position), max(position)
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * len(months))
    for group_id, starts, ends, asked in rows:
        for number in range(max(_text_month_number(starts), earliest), min(_text_month_number(ends), latest) + 1):
            if number in position:
                counts[group_id][position[number]] += asked
    return dict(counts)


def fatigue_table(*, months: list[date], area: Area | None = None, threshold: int | None = None):
    """How many activities asked each group in each month (`asked_per_month`), not counting cancelled ones.

    With an area, only activities whose areas meet it count.
    """
    threshold = settings.FATIGUE_THRESHOLD if threshold is None else threshold
    activities = Activity.objects.not_cancelled()
    if area is not None:
        activities = activities.filter(in_area_ids(meeting_area_ids([area])))
    counts = asked_per_month(activities, months)
    table = []
    for group in Group.objects.order_by("category", "name"):
        row = counts.get(group.pk) or [0] * len(months)
        cells = [
            FatigueCell(group=group, month=month, count=count, over_threshold=count > threshold)
            for month, count in zip(months, row, strict=True)
        ]
        table.append((group, cells))
    return table, threshold


def archived_activities():
    """The ids of archived activities, as a subquery: few, so leaving them out costs nothing per activity.

    Written this way rather than as "not archived" so that the database looks for an index on the
    dates instead, which SQLite without statistics would otherwise pass over for the archived flag.
    """
    return Activity.everything.archived().values("pk")


def meeting_area_ids(areas) -> list[int]:
    """The ids of the areas that meet any of `areas`, read first so that a query can name them.

    Given as a list rather than a subquery, the database knows how many activities are in those
    areas and chooses its plan accordingly; from the paths alone it guesses far too few.
    """
    return list(Area.objects.meeting(areas).order_by().values_list("pk", flat=True))


def in_area_ids(area_ids, activity: str = "pk"):
    """A condition: the outer query's activity (its column `activity`) is in one of the areas `area_ids`."""
    return Exists(Activity.areas.through.objects.filter(activity_id=OuterRef(activity), area_id__in=area_ids))


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _year_month(field: str):
    return Substr(Cast(field, CharField()), 1, 7)


@cache  # the same few dozen months come back on every row
def _text_month_number(year_month: str) -> int:
    year, month = year_month.split("-")
    return int(year) * 12 + int(month) - 1


def month_end(month: date) -> date:
    """The last day of the month that `month` falls in."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_starts(first: date, count: int) -> list[date]:
    months = []
    current = first.replace(day=1)
    for _ in range(count):
        months.append(current)
        current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


__all__ = [
    "Plan",
    "overlapping",
    "ranked_overlaps",
    "rank_overlaps",
    "closeness",
    "is_finished",
    "with_group_and_area_names",
    "fatigue_table",
    "asked_per_month",
    "month_starts",
    "month_end",
    "Status",
]
