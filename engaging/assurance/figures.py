"""The assurance dashboard's figures: each one a named rule, counted by the database.

Every figure is for a `Scope`: a period, and a place (the chosen area, or else the board's area,
or else everywhere). An activity is in a place when one of its areas meets the place (the place
itself, anywhere inside it, or anywhere it is inside), as in the register's area filter. Archived
and cancelled activities never count.

Each function runs a fixed number of aggregate queries, however many activities, findings or
ratings there are: the rows are counted by the database, never loaded and counted here.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from typing import Any

from django.conf import settings
from django.db.models import Aggregate, Avg, Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from engaging.assurance import links
from engaging.assurance.periods import MONTH, Bucket, buckets, months_before, whole_months
from engaging.board.models import Board, ScreeningAction
from engaging.evaluation.measures import QUESTIONS
from engaging.evaluation.models import ParticipantFeedback
from engaging.lists.models import Area, Group, Priority
from engaging.loop import closure
from engaging.loop.models import LoopClosure
from engaging.register.models import Activity, EngagementLevel, EngagementType, ParticipantCount, Status

# How many fatigue hotspots, and overdue screening actions, the dashboard lists.
TOP = 10


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


# --- Activity over time ------------------------------------------------------------------------


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


# --- Priority coverage -------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    priority_id: int
    priority: str
    in_period: Cell  # activities serving it that ran in the period
    last_12_months: Cell  # activities serving it in the 12 months up to the end of the period
    last_engaged: date | None  # the last day of its most recent activity, up to the end of the period
    flagged: bool


def coverage_window(scope: Scope) -> tuple[date, date]:
    """The 12 months up to the end of the period: from the same day a year before, to the last day."""
    return months_before(scope.end, 12), scope.end


def priority_coverage(scope: Scope) -> list[Coverage]:
    """Each strategy priority's engagement, flagged when it has had none in the 12 months up to the end of the period.

    A priority has had engagement in those 12 months when a live, not cancelled activity in the place
    serves it, had started by the last day of the period, and was still running on or after the same
    day 12 months before. An activity that ended exactly 12 months before counts; one that ended the
    day before does not. One query.
    """
    since, until = coverage_window(scope)
    live = in_place(scope, "activities")
    rows = Priority.objects.order_by("name").annotate(
        in_period=Count(
            "activities", filter=live & Q(activities__start_date__lte=scope.end, activities__end_date__gte=scope.start)
        ),
        recent=Count("activities", filter=live & Q(activities__start_date__lte=until, activities__end_date__gte=since)),
        latest_end=Max("activities__end_date", filter=live & Q(activities__start_date__lte=until)),
    )
    result = []
    for priority in rows:

        def cell(value: int, start: date, end: date, pk=priority.pk) -> Cell:
            return Cell(value, records={"start": start, "end": end, "place": scope.place, "priority": pk})

        latest = min(priority.latest_end, until) if priority.latest_end else None
        result.append(
            Coverage(
                priority_id=priority.pk,
                priority=priority.name,
                in_period=cell(priority.in_period, scope.start, scope.end),
                last_12_months=cell(priority.recent, since, until),
                last_engaged=latest,
                flagged=priority.recent == 0,
            )
        )
    return result


# --- Seldom-heard groups -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    activities: int
    participants: int
    url: str | None = None


@dataclass(frozen=True)
class ReachRow:
    priority_id: int | None  # None: activities with no priority recorded
    priority: str
    cells: list[Reach]  # one per seldom-heard group, in the order of `SeldomHeard.groups`


@dataclass(frozen=True)
class SeldomHeard:
    groups: list[Group]
    rows: list[ReachRow]
    totals: list[Reach]  # one per group, every priority together (each activity once)


def seldom_heard_reach(scope: Scope) -> SeldomHeard:
    """How many activities reached each seldom-heard group, and how many people from it took part, per priority.

    An activity reached a group when its participant breakdown counts at least one person from that
    group; the participants are the sum of those counts. Only activities running in the period count.
    An activity serving two priorities counts under each, so the totals (each activity once) can be less
    than the sum of the rows. Four queries.

    Links go to the register filtered by priority and group, which shows the activities that *targeted*
    the group: the closest list the register has to "counted people from it".
    """
    groups = list(Group.objects.filter(category=Group.Category.SELDOM_HEARD).order_by("name"))
    counted = (
        ParticipantCount.objects.filter(
            group__category=Group.Category.SELDOM_HEARD,
            group__archived_at__isnull=True,
            count__gt=0,
            activity__start_date__lte=scope.end,
            activity__end_date__gte=scope.start,
        )
        .filter(in_place(scope, "activity"))
        .order_by()
    )
    cells: dict[tuple[int | None, int], Mapping[str, Any]] = {
        (row["activity__priorities"], row["group"]): row
        for row in counted.values("activity__priorities", "group").annotate(
            activities=Count("activity"), participants=Sum("count")
        )
    }
    totals: dict[int, Mapping[str, Any]] = {
        row["group"]: row
        for row in counted.values("group").annotate(activities=Count("activity"), participants=Sum("count"))
    }

    def reach(row: Mapping[str, Any] | None, **filters) -> Reach:
        if not row:
            return Reach(0, 0)
        url = links.register(start=scope.start, end=scope.end, place=scope.place, **filters)
        return Reach(row["activities"], row["participants"] or 0, url)

    rows = [
        ReachRow(p.pk, p.name, [reach(cells.get((p.pk, g.pk)), priority=p.pk, group=g.pk) for g in groups])
        for p in Priority.objects.order_by("name")
    ]
    if any((None, g.pk) in cells for g in groups):
        rows.append(
            ReachRow(None, "No priority recorded", [reach(cells.get((None, g.pk)), group=g.pk) for g in groups])
        )
    return SeldomHeard(groups=groups, rows=rows, totals=[reach(totals.get(g.pk), group=g.pk) for g in groups])


# --- Closing the loop and evaluation -----------------------------------------------------------


def finished_in_period(scope: Scope):
    """Finished activities in the place whose closing day (closed on, or else the end date) is in the period."""
    return closure.finished_activities(start=scope.start, end=scope.end).filter(in_place(scope))


@dataclass(frozen=True)
class LoopRate:
    rate: closure.Rate
    start: date
    end: date

    def _records(self, state: str) -> str:
        return links.loop_activities(
            start=self.start, end=self.end, organisation_id=self.rate.organisation_id or None, state=state
        )

    @property
    def on_time_url(self) -> str:
        return self._records(closure.ON_TIME)

    @property
    def counted_url(self) -> str:
        return self._records("counted")

    @property
    def waiting_url(self) -> str:
        return self._records(closure.WAITING)


def loop_closure_by_organisation(scope: Scope) -> list[LoopRate]:
    """Each lead organisation's loop-closure rate, by the feedback loop's own rule (engaging/loop/closure.py).

    Of the finished activities closing in the period, those whose participants were told within
    LOOP_CLOSURE_WEEKS weeks of the closing day, out of those told at all or past that deadline today.
    The same as `closure.rates`, limited to the place as well. One query.

    Links go to the feedback loop's list of finished activities, which does not filter by place.
    """
    told = Exists(LoopClosure.objects.filter(activity=OuterRef("pk")))
    deadline = Coalesce(OuterRef("closed_on"), OuterRef("end_date")) + closure.window()
    in_time = Exists(LoopClosure.objects.filter(activity=OuterRef("pk"), told_on__lte=deadline))
    past = Q(closing__lt=closure.cutoff(scope.today))
    rows = (
        finished_in_period(scope)
        .order_by()
        .values("lead_organisation", "lead_organisation__name")
        .annotate(
            on_time=Count("pk", filter=Q(in_time)),
            late=Count("pk", filter=Q(told) & ~Q(in_time)),
            overdue=Count("pk", filter=~Q(told) & past),
            waiting=Count("pk", filter=~Q(told) & ~past),
        )
        .order_by("lead_organisation__name")
    )
    rates = [
        closure.Rate(
            organisation_id=row["lead_organisation"],
            organisation=row["lead_organisation__name"],
            on_time=row["on_time"],
            late=row["late"],
            overdue=row["overdue"],
            waiting=row["waiting"],
        )
        for row in rows
    ]
    everyone = closure.total(rates) if len(rates) > 1 else None
    if everyone is not None:
        rates.append(everyone)
    return [LoopRate(rate=rate, start=scope.start, end=scope.end) for rate in rates]


@dataclass(frozen=True)
class Completion:
    organisation_id: int  # 0 for every organisation together
    organisation: str
    finished: int
    evaluated: int
    start: date
    end: date

    @property
    def url(self) -> str:
        """The feedback loop's list of these finished activities."""
        return links.loop_activities(start=self.start, end=self.end, organisation_id=self.organisation_id or None)

    @property
    def rate(self) -> float | None:
        """Evaluated ÷ finished, from 0 to 1; None when nothing finished."""
        return self.evaluated / self.finished if self.finished else None


def evaluation_completion(scope: Scope) -> list[Completion]:
    """Of the finished activities closing in the period, how many each lead organisation has evaluated.

    An activity is evaluated when its Evaluation has been recorded. One query. Links go to the feedback
    loop's list of those finished activities (no page lists evaluations on their own).
    """
    rows = (
        finished_in_period(scope)
        .order_by()
        .values("lead_organisation", "lead_organisation__name")
        .annotate(finished=Count("pk"), evaluated=Count("pk", filter=Q(evaluation__isnull=False)))
        .order_by("lead_organisation__name")
    )

    def completion(pk: int, name: str, finished: int, evaluated: int) -> Completion:
        return Completion(pk, name, finished, evaluated, scope.start, scope.end)

    result = [
        completion(r["lead_organisation"], r["lead_organisation__name"], r["finished"], r["evaluated"]) for r in rows
    ]
    if len(result) > 1:
        result.append(
            completion(0, "All organisations", sum(c.finished for c in result), sum(c.evaluated for c in result))
        )
    return result


# --- Screening actions -------------------------------------------------------------------------


def overdue_actions(*, today: date, board: Board | None = None):
    """Screening actions not done whose due date has passed (due yesterday or before), for live agenda items."""
    actions = ScreeningAction.objects.filter(
        done_on__isnull=True, due_on__lt=today, screening__agenda_item__archived_at__isnull=True
    )
    if board is not None:
        actions = actions.filter(screening__agenda_item__meeting__board=board)
    return actions


@dataclass(frozen=True)
class OverdueActions:
    count: int
    listed: list  # the longest overdue first, at most TOP
    by_organisation: list[tuple[str, int]]


def overdue_screening_actions(scope: Scope) -> OverdueActions:
    """Screening actions of the board's agenda items that are overdue today, whatever the period. Three queries."""
    actions = overdue_actions(today=scope.today, board=scope.board)
    by_organisation = [
        (row["owner_organisation__name"] or "No organisation named", row["n"])
        for row in actions.order_by()
        .values("owner_organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_organisation__name")
    ]
    listed = list(
        actions.select_related("screening__agenda_item__meeting", "owner", "owner_organisation").order_by(
            "due_on", "pk"
        )[:TOP]
    )
    return OverdueActions(count=sum(n for _, n in by_organisation), listed=listed, by_organisation=by_organisation)


# --- Fatigue -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hotspot:
    group_id: int
    group: str
    month: Bucket
    activities: int
    url: str


def fatigue_hotspots(scope: Scope, *, threshold: int | None = None) -> tuple[list[Hotspot], int]:
    """The group-and-month cells with more activities than FATIGUE_THRESHOLD, busiest first, at most TOP.

    The same count as the joining-up fatigue view (engaging/register/overlaps.py `fatigue_table`): the
    not cancelled activities targeting the group whose dates touch the calendar month, in the place,
    for each month the period touches. Done as one aggregate query rather than row by row.
    """
    threshold = settings.FATIGUE_THRESHOLD if threshold is None else threshold
    months = whole_months(scope.start, scope.end)
    rows: Iterable[Mapping[str, Any]] = (
        Activity.groups.through.objects.filter(
            in_place(scope, "activity"),
            activity__start_date__lte=months[-1].end,
            activity__end_date__gte=months[0].start,
            group__archived_at__isnull=True,
        )
        .order_by()
        .values("group", "group__name")
        .annotate(**per_bucket(months, prefix="activity__", counting="activity"))
    )
    hot = [
        (row[f"b{i}"], month, row["group"], row["group__name"])
        for row in rows
        for i, month in enumerate(months)
        if row[f"b{i}"] > threshold
    ]
    hot.sort(key=lambda h: (-h[0], h[1].start, h[3]))
    return [
        Hotspot(
            group_id=pk,
            group=name,
            month=month,
            activities=n,
            url=links.register(start=month.start, end=month.end, place=scope.place, group=pk),
        )
        for n, month, pk, name in hot[:TOP]
    ], threshold


# --- Participant ratings -----------------------------------------------------------------------


@dataclass(frozen=True)
class Ratings:
    key: int | None
    label: str
    responses: int
    means: dict[str, float | None]  # question → mean from 1 to 5
    counts: dict[str, int]  # question → how many answered it
    link: Callable[[], str] | None = None  # gives the link to the records; called only when the link is shown

    @property
    def url(self) -> str | None:
        return self.link() if self.link else None

    @property
    def overall(self) -> float | None:
        """The mean of the three questions' means."""
        values = [m for m in self.means.values() if m is not None]
        return sum(values) / len(values) if values else None


def feedback_in_period(scope: Scope):
    """Participants' ratings given in the period, of activities in the place."""
    return ParticipantFeedback.objects.filter(
        in_place(scope, "activity"), given_on__gte=scope.start, given_on__lte=scope.end
    )


def rating_aggregates() -> dict[str, Aggregate]:
    aggregates: dict[str, Aggregate] = {"responses": Count("pk")}
    for name, _label in QUESTIONS:
        aggregates[f"{name}__mean"] = Avg(name)
        aggregates[f"{name}__count"] = Count(name)
    return aggregates


def ratings_from(row: dict, key, label: str, link=None) -> Ratings:
    return Ratings(
        key=key,
        label=label,
        responses=row["responses"],
        means={name: row[f"{name}__mean"] for name, _ in QUESTIONS},
        counts={name: row[f"{name}__count"] for name, _ in QUESTIONS},
        link=link,
    )


def ratings_by_organisation(scope: Scope) -> list[Ratings]:
    """The mean of each participant question, and how many answered, per lead organisation. One query.

    Each count links to the organisation's evidence page, which lists the ratings activity by activity.
    """
    rows = (
        feedback_in_period(scope)
        .order_by()
        .values("activity__lead_organisation", "activity__lead_organisation__name")
        .annotate(**rating_aggregates())
        .order_by("activity__lead_organisation__name")
    )
    return [
        ratings_from(
            row,
            row["activity__lead_organisation"],
            row["activity__lead_organisation__name"],
            partial(links.evidence, row["activity__lead_organisation"], start=scope.start, end=scope.end),
        )
        for row in rows
    ]


def ratings_by_method(scope: Scope) -> list[Ratings]:
    """The mean of each participant question per method; an activity using two methods counts for each. One query.

    Links go to "what works", which compares methods over every evaluated activity.
    """
    rows = (
        feedback_in_period(scope)
        .order_by()
        .values("activity__methods", "activity__methods__name")
        .annotate(**rating_aggregates())
        .order_by("activity__methods__name")
    )
    return [
        ratings_from(
            row, row["activity__methods"], row["activity__methods__name"] or "No method recorded", links.what_works
        )
        for row in rows
    ]


# --- Everything together -----------------------------------------------------------------------


@dataclass
class Dashboard:
    scope: Scope
    by_organisation: OverTime
    by_type: OverTime
    by_level: OverTime
    totals: Row
    coverage: list[Coverage]
    seldom_heard: SeldomHeard
    loop: list[LoopRate]
    evaluation: list[Completion]
    overdue: OverdueActions
    hotspots: list[Hotspot]
    fatigue_threshold: int
    ratings_by_organisation: list[Ratings]
    ratings_by_method: list[Ratings]
    members: list = field(default_factory=list)

    @property
    def flagged_priorities(self) -> list[Coverage]:
        return [c for c in self.coverage if c.flagged]


def board_members(board: Board | None):
    """The organisations whose evidence pages the dashboard links to: the board's members, or all on a board."""
    from engaging.accounts.models import Organisation

    if board is not None:
        return list(board.members.order_by("name"))
    return list(Organisation.objects.filter(on_board=True).order_by("name"))


def dashboard(scope: Scope) -> Dashboard:
    """Every figure on the dashboard for one scope, in a fixed number of queries."""
    by_type = activity_by_type(scope)
    hotspots, threshold = fatigue_hotspots(scope)
    return Dashboard(
        scope=scope,
        by_organisation=activity_by_organisation(scope),
        by_type=by_type,
        by_level=activity_by_level(scope),
        totals=activity_totals(scope, by_type),
        coverage=priority_coverage(scope),
        seldom_heard=seldom_heard_reach(scope),
        loop=loop_closure_by_organisation(scope),
        evaluation=evaluation_completion(scope),
        overdue=overdue_screening_actions(scope),
        hotspots=hotspots,
        fatigue_threshold=threshold,
        ratings_by_organisation=ratings_by_organisation(scope),
        ratings_by_method=ratings_by_method(scope),
        members=board_members(scope.board),
    )
