"""The assurance dashboard's figures, for a `Scope` (engaging/assurance/scope.py).

The dashboard assembles; the rules belong to the apps that own the records. The loop-closure rate
is the feedback loop's (engaging/loop/closure.py), overdue screening actions are the board's
(`ScreeningAction.objects.overdue()`), and the fatigue count is the joining-up view's
(engaging/register/overlaps.py `asked_per_month`): each page that shows a figure counts it the same way.

Each function runs a fixed number of aggregate queries, however many activities, findings or
ratings there are: the rows are counted by the database, never loaded and counted here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Aggregate, Count, Max, Q, Sum

from engaging.assurance import links
from engaging.assurance.activity import (
    OverTime,
    Row,
    activity_by_level,
    activity_by_organisation,
    activity_by_type,
    activity_totals,
)
from engaging.assurance.periods import Bucket, months_before, whole_months
from engaging.assurance.ratings import Ratings, ratings_by_method, ratings_by_organisation
from engaging.assurance.scope import Cell, Scope, in_place, place_activities
from engaging.board.models import Board, ScreeningAction
from engaging.learning.figures import TrainingFigures, training_summary
from engaging.lists.models import Group, Priority
from engaging.loop import closure
from engaging.register.models import ParticipantCount
from engaging.register.overlaps import asked_per_month

# How many fatigue hotspots, and overdue screening actions, the dashboard lists.
TOP = 10


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
    """Each lead organisation's loop-closure rate, by the feedback loop's own rule (`closure.rates_of`).

    Of the finished activities closing in the period and the place, those whose participants were told
    within LOOP_CLOSURE_WEEKS weeks of the closing day, out of those told at all or past that deadline
    today; every organisation together as well when there are several. One query.

    Links go to the feedback loop's list of finished activities, which does not filter by place.
    """
    rates = closure.rates_of(finished_in_period(scope), today=scope.today)
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


def evaluation_counts() -> dict[str, Aggregate]:
    """Finished activities counted, and those among them whose Evaluation has been recorded (evaluation completion).

    For `.annotate()` on rows grouped by organisation, or `.aggregate()` for one organisation.
    """
    return {"finished": Count("pk"), "evaluated": Count("pk", filter=Q(evaluation__isnull=False))}


def evaluation_completion(scope: Scope) -> list[Completion]:
    """Of the finished activities closing in the period, how many each lead organisation has evaluated.

    One query. Links go to the feedback loop's list of those finished activities (no page lists
    evaluations on their own).
    """
    rows = (
        finished_in_period(scope)
        .order_by()
        .values("lead_organisation", "lead_organisation__name")
        .annotate(**evaluation_counts())
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
    """The board's own rule (`ScreeningAction.objects.live().overdue()`), for one board or every board."""
    actions = ScreeningAction.objects.live().overdue(today)
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

    Counted by the joining-up fatigue view's own rule (`asked_per_month`), for the activities in the
    place and each calendar month the period touches; archived groups are left out. One query, and
    one for the groups' names.
    """
    threshold = settings.FATIGUE_THRESHOLD if threshold is None else threshold
    months = whole_months(scope.start, scope.end)
    counts = asked_per_month(place_activities(scope), [month.start for month in months])
    names = dict(Group.objects.filter(pk__in=list(counts)).values_list("pk", "name")) if counts else {}
    hot = [
        (n, month, pk, names[pk])
        for pk, row in counts.items()
        if pk in names
        for n, month in zip(row, months, strict=True)
        if n > threshold
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
    training: TrainingFigures | None = None

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
        # Training is given across the partnership, so it is counted for the period wherever people came from.
        training=training_summary(scope.start, scope.end),
    )
