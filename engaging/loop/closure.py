"""Closing the loop: when the people who took part must hear what happened, and how often partners manage it.

The rule, with N = settings.LOOP_CLOSURE_WEEKS (12 unless set):

- An activity's *closing day* is the day it closed (`Activity.closed_on`), or its end date when
  that was never recorded.
- A finished activity (closed, reported, fed back or evaluated; never a cancelled one) must tell
  its participants by its *deadline*: the closing day plus N weeks. Telling them on the deadline
  itself is in time.
- Each finished activity is in one of four states:
    on time  – a loop closure was told on or before the deadline;
    late     – loop closures were told, but all after the deadline;
    overdue  – nobody has been told and the deadline has passed (today is after it);
    waiting  – nobody has been told yet, and the deadline has not passed.
  Only overdue activities still need doing something about, so only they are listed and reminded.
- The loop-closure rate of an organisation over a period (of closing days) is
      on time ÷ (on time + late + overdue),
  that is, activities told within N weeks out of the activities whose outcome is known. An activity
  still waiting is left out of both: it has not failed yet. Once told (even early) it counts.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from engaging.loop.models import LoopClosure
from engaging.register.models import FINISHED, Activity

ON_TIME, LATE, OVERDUE, WAITING = "on_time", "late", "overdue", "waiting"
STATE_LABELS = {ON_TIME: "Told in time", LATE: "Told late", OVERDUE: "Overdue", WAITING: "Not yet due"}


def window() -> timedelta:
    """How long a finished activity has to tell its participants what happened."""
    return timedelta(weeks=settings.LOOP_CLOSURE_WEEKS)


def closing_day(activity) -> date:
    """The day the clock starts: when the activity closed, or its end date if that was never recorded."""
    return activity.closed_on or activity.end_date


def deadline(closed: date) -> date:
    """The last day on which telling people still counts as in time."""
    return closed + window()


def cutoff(today: date) -> date:
    """Activities whose closing day is before this day have passed their deadline by `today`."""
    return today - window()


def state(*, closed: date, told: list[date], today: date) -> str:
    """The loop state of a finished activity that closed on `closed` and told people on the dates `told`."""
    due = deadline(closed)
    if any(day <= due for day in told):
        return ON_TIME
    if told:
        return LATE
    return OVERDUE if today > due else WAITING


def days_overdue(*, closed: date, today: date) -> int:
    """How many days have passed since the deadline (0 or less while there is still time)."""
    return (today - deadline(closed)).days


# --- The same rule as queries -----------------------------------------------------------------

# The closing day as an expression, for annotate() and filter().
CLOSING_DAY = Coalesce("closed_on", "end_date")


def first_told():
    """The first day an activity's participants were told (None if never), as an expression for annotate()."""
    return Subquery(LoopClosure.objects.filter(activity=OuterRef("pk")).order_by("told_on").values("told_on")[:1])


def _told():
    return Exists(LoopClosure.objects.filter(activity=OuterRef("pk")))


def _told_in_time():
    limit = Coalesce(OuterRef("closed_on"), OuterRef("end_date")) + window()
    return Exists(LoopClosure.objects.filter(activity=OuterRef("pk"), told_on__lte=limit))


def finished_activities(*, start: date | None = None, end: date | None = None):
    """Live finished activities, with their closing day as `closing`, optionally closing from `start` to `end`."""
    queryset = Activity.objects.filter(status__in=FINISHED).alias(closing=CLOSING_DAY)
    if start is not None:
        queryset = queryset.filter(closing__gte=start)
    if end is not None:
        queryset = queryset.filter(closing__lte=end)
    return queryset


def in_state(queryset, which: str, *, today: date):
    """Narrow finished activities to one loop state, or to "counted" (every state the rate counts)."""
    past_deadline = Q(closing__lt=cutoff(today))
    conditions = {
        ON_TIME: _told_in_time(),
        LATE: _told() & ~_told_in_time(),
        OVERDUE: ~_told() & past_deadline,
        WAITING: ~_told() & ~past_deadline,
        "counted": _told() | past_deadline,
    }
    return queryset.filter(conditions[which])


def overdue_activities(*, today: date | None = None):
    """Finished activities whose participants have not been told and whose deadline has passed, oldest first."""
    today = today or date.today()
    return (
        in_state(finished_activities(), OVERDUE, today=today)
        .annotate(closing_day=CLOSING_DAY)
        .order_by("closing_day", "pk")
    )


@dataclass(frozen=True)
class Rate:
    """One organisation's loop-closure rate over a period."""

    organisation_id: int
    organisation: str
    on_time: int
    late: int
    overdue: int
    waiting: int

    @property
    def counted(self) -> int:
        """The denominator: activities whose outcome is known (told at all, or past their deadline)."""
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        """The share told in time, from 0 to 1, or None when nothing is counted yet."""
        return self.on_time / self.counted if self.counted else None


def rates_of(activities, *, today: date) -> list[Rate]:
    """The loop-closure rate of each lead organisation among `activities` (finished ones, from `finished_activities`).

    One query, however many activities and organisations there are. Organisations with no activity
    among them are left out. The feedback loop's page, an organisation's evidence and the board's
    dashboard all count by this one function, each narrowing `activities` in its own way.
    """
    told, in_time, past = _told(), _told_in_time(), Q(closing__lt=cutoff(today))
    rows = (
        activities.order_by()
        .values("lead_organisation", "lead_organisation__name")
        .annotate(
            on_time=Count("pk", filter=Q(in_time)),
            late=Count("pk", filter=Q(told) & ~Q(in_time)),
            overdue=Count("pk", filter=~Q(told) & past),
            waiting=Count("pk", filter=~Q(told) & ~past),
        )
        .order_by("lead_organisation__name")
    )
    return [
        Rate(
            organisation_id=row["lead_organisation"],
            organisation=row["lead_organisation__name"],
            on_time=row["on_time"],
            late=row["late"],
            overdue=row["overdue"],
            waiting=row["waiting"],
        )
        for row in rows
    ]


def rates(*, start: date | None = None, end: date | None = None, today: date | None = None, organisation=None):
    """The loop-closure rate of each lead organisation, for activities whose closing day falls in the period."""
    queryset = finished_activities(start=start, end=end)
    if organisation is not None:
        queryset = queryset.filter(lead_organisation=organisation)
    return rates_of(queryset, today=today or date.today())


def not_told(activities):
    """Finished activities whose participants have not been told yet, whether or not the deadline has passed."""
    return activities.filter(~_told())


def total(rows: list[Rate]) -> Rate | None:
    """Every organisation together."""
    if not rows:
        return None
    return Rate(
        organisation_id=0,
        organisation="All organisations",
        on_time=sum(r.on_time for r in rows),
        late=sum(r.late for r in rows),
        overdue=sum(r.overdue for r in rows),
        waiting=sum(r.waiting for r in rows),
    )
