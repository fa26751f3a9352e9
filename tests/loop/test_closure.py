"""The closing-the-loop rule at its boundaries, in Python and as queries, and the loop-closure rate."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.loop import closure
from engaging.register.models import Status
from tests.factories import OrganisationFactory
from tests.loop.factories import LoopClosureFactory, finished_activity

TODAY = date(2025, 6, 30)
CLOSED = date(2025, 1, 10)
DEADLINE = CLOSED + timedelta(weeks=12)  # 4 April 2025


def test_the_deadline_is_twelve_weeks_after_closing_by_default():
    assert closure.deadline(CLOSED) == date(2025, 4, 4)


def test_the_window_follows_the_setting(settings):
    settings.LOOP_CLOSURE_WEEKS = 2
    assert closure.deadline(CLOSED) == CLOSED + timedelta(days=14)


@pytest.mark.parametrize(
    "told, today, expected",
    [
        ([], DEADLINE, closure.WAITING),  # the deadline day itself: not overdue yet
        ([], DEADLINE + timedelta(days=1), closure.OVERDUE),  # the day after: overdue
        ([], CLOSED, closure.WAITING),
        ([DEADLINE], TODAY, closure.ON_TIME),  # told on the deadline: in time
        ([DEADLINE + timedelta(days=1)], TODAY, closure.LATE),  # told the day after: late
        ([CLOSED - timedelta(days=3)], TODAY, closure.ON_TIME),  # told before it even closed
        ([DEADLINE + timedelta(days=9), DEADLINE - timedelta(days=1)], TODAY, closure.ON_TIME),
    ],
)
def test_state_at_the_boundaries(told, today, expected):
    assert closure.state(closed=CLOSED, told=told, today=today) == expected


def test_days_overdue_counts_from_the_deadline():
    assert closure.days_overdue(closed=CLOSED, today=DEADLINE) == 0
    assert closure.days_overdue(closed=CLOSED, today=DEADLINE + timedelta(days=1)) == 1


def test_the_closing_day_falls_back_to_the_end_date(db):
    recorded = finished_activity(closed_on=CLOSED, end_date=CLOSED - timedelta(days=5))
    unrecorded = finished_activity(closed_on=None, end_date=CLOSED - timedelta(days=5))
    assert closure.closing_day(recorded) == CLOSED
    assert closure.closing_day(unrecorded) == CLOSED - timedelta(days=5)


def overdue_ids(today):
    return set(closure.overdue_activities(today=today).values_list("pk", flat=True))


def test_overdue_as_a_query_at_the_boundaries(db):
    silent = finished_activity(closed_on=CLOSED)
    assert overdue_ids(DEADLINE) == set()
    assert overdue_ids(DEADLINE + timedelta(days=1)) == {silent.pk}


def test_overdue_uses_the_end_date_when_the_closing_day_is_unknown(db):
    silent = finished_activity(closed_on=None, end_date=CLOSED)
    assert overdue_ids(DEADLINE) == set()
    assert overdue_ids(DEADLINE + timedelta(days=1)) == {silent.pk}


def test_an_activity_told_in_time_or_late_is_not_overdue(db):
    in_time = finished_activity(closed_on=CLOSED)
    LoopClosureFactory(activity=in_time, told_on=DEADLINE)
    late = finished_activity(closed_on=CLOSED)
    LoopClosureFactory(activity=late, told_on=DEADLINE + timedelta(days=1))
    assert overdue_ids(TODAY) == set()


@pytest.mark.parametrize("status", [Status.CLOSED, Status.REPORTED, Status.FED_BACK, Status.EVALUATED])
def test_every_finished_status_can_be_overdue(db, status):
    activity = finished_activity(closed_on=CLOSED, status=status)
    assert overdue_ids(TODAY) == {activity.pk}


@pytest.mark.parametrize("status", [Status.PLANNED, Status.OPEN, Status.CANCELLED])
def test_unfinished_and_cancelled_activities_are_never_overdue(db, status):
    finished_activity(closed_on=CLOSED, status=status)
    assert overdue_ids(TODAY) == set()


def test_archived_activities_are_never_overdue(db):
    finished_activity(closed_on=CLOSED).archive()
    assert overdue_ids(TODAY) == set()


def test_the_query_states_agree_with_the_rule_at_the_boundary(db):
    """The database's date arithmetic and Python's agree on the deadline day, on either side and on it."""
    made = {
        closure.ON_TIME: finished_activity(closed_on=CLOSED),
        closure.LATE: finished_activity(closed_on=CLOSED),
        closure.OVERDUE: finished_activity(closed_on=CLOSED - timedelta(days=1)),
        closure.WAITING: finished_activity(closed_on=CLOSED),
    }
    LoopClosureFactory(activity=made[closure.ON_TIME], told_on=DEADLINE)
    LoopClosureFactory(activity=made[closure.LATE], told_on=DEADLINE + timedelta(days=1))
    today = DEADLINE  # CLOSED's deadline is today: still waiting; the day before's has passed
    for which, activity in made.items():
        found = closure.in_state(closure.finished_activities(), which, today=today)
        assert set(found.values_list("pk", flat=True)) == {activity.pk}, which
        told = list(activity.loop_closures.values_list("told_on", flat=True))
        assert closure.state(closed=activity.closed_on, told=told, today=today) == which


# --- The rate ---------------------------------------------------------------------------------


@pytest.fixture
def two_organisations(db):
    council = OrganisationFactory(name="Dudley Council")
    police = OrganisationFactory(name="West Midlands Police")
    # The council: 2 in time, 1 late, 1 overdue, 1 still waiting (closed last week) → 2 of 4.
    for _ in range(2):
        LoopClosureFactory(activity=finished_activity(closed_on=CLOSED, lead_organisation=council), told_on=DEADLINE)
    LoopClosureFactory(
        activity=finished_activity(closed_on=CLOSED, lead_organisation=council), told_on=DEADLINE + timedelta(days=1)
    )
    finished_activity(closed_on=CLOSED, lead_organisation=council)
    finished_activity(closed_on=TODAY - timedelta(days=7), lead_organisation=council)
    # The police: one closed last week and already told (counts, in time); one cancelled (never counts).
    LoopClosureFactory(
        activity=finished_activity(closed_on=TODAY - timedelta(days=7), lead_organisation=police), told_on=TODAY
    )
    finished_activity(closed_on=CLOSED, lead_organisation=police, status=Status.CANCELLED)
    return council, police


def test_the_rate_counts_in_time_over_known_outcomes(two_organisations):
    council, police = two_organisations
    rows = {r.organisation: r for r in closure.rates(today=TODAY)}
    assert set(rows) == {"Dudley Council", "West Midlands Police"}
    c = rows["Dudley Council"]
    assert (c.on_time, c.late, c.overdue, c.waiting, c.counted) == (2, 1, 1, 1, 4)
    assert c.rate == 0.5
    p = rows["West Midlands Police"]
    assert (p.on_time, p.counted, p.rate) == (1, 1, 1.0)
    everyone = closure.total(list(rows.values()))
    assert (everyone.on_time, everyone.counted) == (3, 5)


def test_the_rate_covers_only_activities_closing_in_the_period(two_organisations):
    council, _ = two_organisations
    rows = closure.rates(start=TODAY - timedelta(days=30), end=TODAY, today=TODAY)
    by_name = {r.organisation: r for r in rows}
    assert by_name["Dudley Council"].counted == 0 and by_name["Dudley Council"].rate is None
    assert by_name["Dudley Council"].waiting == 1
    rows = closure.rates(start=CLOSED, end=CLOSED, today=TODAY, organisation=council)
    assert [(r.organisation, r.on_time, r.counted) for r in rows] == [("Dudley Council", 2, 4)]


def test_the_rate_period_uses_the_end_date_when_the_closing_day_is_unknown(db):
    finished_activity(closed_on=None, end_date=CLOSED)
    assert closure.rates(start=CLOSED, end=CLOSED, today=TODAY)[0].overdue == 1
    assert closure.rates(start=CLOSED + timedelta(days=1), today=TODAY) == []


def test_several_closures_count_an_activity_once(db):
    activity = finished_activity(closed_on=CLOSED)
    LoopClosureFactory(activity=activity, told_on=DEADLINE - timedelta(days=2))
    LoopClosureFactory(activity=activity, told_on=DEADLINE + timedelta(days=2))
    (row,) = closure.rates(today=TODAY)
    assert (row.on_time, row.late, row.counted) == (1, 0, 1)


def test_the_rate_is_one_query_however_much_data(two_organisations):
    with CaptureQueriesContext(connection) as few:
        closure.rates(today=TODAY)
    for n in range(5):
        org = OrganisationFactory(name=f"Partner {n}")
        LoopClosureFactory(activity=finished_activity(closed_on=CLOSED, lead_organisation=org), told_on=DEADLINE)
    with CaptureQueriesContext(connection) as many:
        assert len(closure.rates(today=TODAY)) == 7
    assert len(few) == len(many) == 1
