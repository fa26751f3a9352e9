"""The dashboard's arithmetic, checked against figures worked out by hand from the records in conftest.py.

In the board's place (Brierley Hill, with its ward and the borough) and the first half of 2025:
- A1 (council, partner Healthwatch): consultation/consult, January–February; closed 20 Feb, told 1 Mar,
  evaluated; homeless 5, young people 20; ratings (4,3,2) and (5,3,4) in March, (1,1,1) in December 2024.
- A2 (Healthwatch): insight/involve, March, in the ward; closed 31 Mar, never told, not evaluated;
  priorities mental health and healthy weight; homeless 3, deaf 2; rating (5,5,5) in April.
- A3 (council): information/inform, 20 June to 20 July, borough-wide; open.
- A8 (Healthwatch): consultation/consult, May–June; closed 25 June, not told yet (due 17 September).
Left out: A4 (Stourbridge), A5 (cancelled), A6 (archived), A7 (ended in 2024).
"""

from datetime import date

import pytest
from django.test import override_settings

from engaging.assurance import activity, figures, ratings
from engaging.assurance.periods import QUARTER, whole_months
from engaging.assurance.scope import period_activities, place_activities
from engaging.loop import closure
from engaging.register.overlaps import fatigue_table
from tests.assurance.conftest import END, START, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def scope(known):
    return figures.Scope(start=START, end=END, today=TODAY, board=known.board)


@pytest.fixture
def everywhere(known):
    return figures.Scope(start=START, end=END, today=TODAY)


def counts(over_time, key):
    row = next(r for r in over_time.rows if r.key == key)
    return [c.value for c in row.cells], row.total.value


def test_the_board_covers_its_area_the_areas_inside_it_and_the_areas_it_is_inside(known, scope):
    in_place = set(place_activities(scope).values_list("title", flat=True))
    assert in_place == {known.a1.title, known.a2.title, known.a3.title, known.a7.title, known.a8.title}
    assert set(period_activities(scope)) == {known.a1, known.a2, known.a3, known.a8}


def test_activity_by_type_counts_each_activity_in_every_month_it_runs(known, scope):
    by_type = activity.activity_by_type(scope)
    assert [b.label for b in by_type.buckets] == [
        "Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025", "Jun 2025",
    ]  # fmt: skip
    assert counts(by_type, "consultation") == ([1, 1, 0, 0, 1, 1], 2)
    assert counts(by_type, "insight") == ([0, 0, 1, 0, 0, 0], 1)
    assert counts(by_type, "information") == ([0, 0, 0, 0, 0, 1], 1)
    assert counts(by_type, "co_production") == ([0] * 6, 0)
    assert len(by_type.rows) == 6  # every type is listed, even with none
    totals = activity.activity_totals(scope, by_type)
    assert [c.value for c in totals.cells] == [1, 1, 1, 0, 1, 2]
    assert totals.total.value == 4


def test_activity_by_level(known, scope):
    by_level = activity.activity_by_level(scope)
    assert counts(by_level, "consult") == ([1, 1, 0, 0, 1, 1], 2)
    assert counts(by_level, "involve") == ([0, 0, 1, 0, 0, 0], 1)
    assert counts(by_level, "inform") == ([0, 0, 0, 0, 0, 1], 1)
    assert counts(by_level, "collaborate") == ([0] * 6, 0)


def test_activity_by_organisation_counts_led_and_partnered_activities_once_each(known, scope):
    by_organisation = activity.activity_by_organisation(scope)
    w = known.world
    assert [r.label for r in by_organisation.rows] == [w.healthwatch.name, w.council.name]  # most first
    assert counts(by_organisation, w.healthwatch.pk) == ([1, 1, 1, 0, 1, 1], 3)  # A1 as partner, A2, A8
    assert counts(by_organisation, w.council.pk) == ([1, 1, 0, 0, 0, 1], 2)  # A1, A3


def test_an_organisation_that_leads_and_partners_the_same_activity_counts_it_once(known, scope):
    known.a1.partner_organisations.add(known.world.council)
    assert counts(activity.activity_by_organisation(scope), known.world.council.pk) == ([1, 1, 0, 0, 0, 1], 2)


def test_without_a_board_every_place_counts(known, everywhere):
    by_organisation = activity.activity_by_organisation(everywhere)
    assert counts(by_organisation, known.trust.pk) == ([0, 1, 1, 1, 1, 0], 1)
    assert activity.activity_totals(everywhere, activity.activity_by_type(everywhere)).total.value == 5


def test_quarters_cut_to_the_period(known):
    scope = figures.Scope(start=date(2025, 2, 15), end=END, today=TODAY, board=known.board, by=QUARTER)
    by_type = activity.activity_by_type(scope)
    assert [(b.start, b.end) for b in by_type.buckets] == [
        (date(2025, 2, 15), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
    ]
    assert counts(by_type, "consultation") == ([1, 1], 2)  # A1 still running on 15 February; A8
    assert counts(by_type, "insight") == ([1, 0], 1)


def test_priority_coverage(known, scope):
    coverage = {c.priority: c for c in figures.priority_coverage(scope)}
    mental = coverage[known.world.priority.name]
    assert (mental.in_period.value, mental.last_12_months.value, mental.flagged) == (2, 2, False)  # A1, A2
    assert mental.last_engaged == date(2025, 3, 31)
    weight = coverage[known.weight.name]
    assert (weight.in_period.value, weight.last_12_months.value, weight.flagged) == (2, 2, False)  # A2, A3
    assert weight.last_engaged == END  # A3 is still running at the end of the period
    housing = coverage[known.housing.name]
    assert (housing.in_period.value, housing.last_12_months.value, housing.flagged) == (0, 0, True)
    assert housing.last_engaged is None
    smoking = coverage[known.smoking.name]
    assert (smoking.last_12_months.value, smoking.flagged, smoking.last_engaged) == (0, True, date(2024, 6, 15))


@pytest.mark.parametrize(
    ("ends", "flagged"),
    [
        (date(2024, 6, 30), False),  # exactly 12 months before the end of the period: counts
        (date(2024, 6, 29), True),  # the day before: does not
    ],
)
def test_priority_coverage_boundary_is_the_same_day_a_year_before(known, scope, ends, flagged):
    known.a7.end_date = ends
    known.a7.save()
    smoking = next(c for c in figures.priority_coverage(scope) if c.priority_id == known.smoking.pk)
    assert smoking.flagged is flagged


def test_an_activity_not_started_by_the_end_of_the_period_is_not_coverage(known, scope):
    known.a7.start_date, known.a7.end_date = date(2025, 7, 1), date(2025, 7, 2)
    known.a7.save()
    smoking = next(c for c in figures.priority_coverage(scope) if c.priority_id == known.smoking.pk)
    assert smoking.flagged


def test_a_cancelled_or_out_of_place_activity_is_not_coverage(known, scope):
    known.a7.end_date = date(2025, 1, 31)
    known.a7.status = "cancelled"
    known.a7.save()
    assert next(c for c in figures.priority_coverage(scope) if c.priority_id == known.smoking.pk).flagged
    known.a7.status = "evaluated"
    known.a7.save()
    known.a7.areas.set([known.world.other_ward])
    assert next(c for c in figures.priority_coverage(scope) if c.priority_id == known.smoking.pk).flagged


def test_seldom_heard_reach_by_priority(known, scope):
    reach = figures.seldom_heard_reach(scope)
    assert [g.name for g in reach.groups] == ["Deaf people", "People who are homeless"]
    rows = {row.priority: [(c.activities, c.participants) for c in row.cells] for row in reach.rows}
    assert rows[known.world.priority.name] == [(1, 2), (2, 8)]  # A2 deaf 2; A1 5 + A2 3 homeless
    assert rows[known.weight.name] == [(1, 2), (1, 3)]  # A2 only
    assert rows[known.housing.name] == [(0, 0), (0, 0)]
    assert "No priority recorded" not in rows
    assert [(t.activities, t.participants) for t in reach.totals] == [(1, 2), (2, 8)]  # each activity once


def test_seldom_heard_reach_everywhere_includes_other_places(known, everywhere):
    reach = figures.seldom_heard_reach(everywhere)
    assert [(t.activities, t.participants) for t in reach.totals] == [(2, 12), (2, 8)]  # A4 adds 10 deaf people


def test_loop_closure_rate_by_organisation(known, scope):
    rows = {row.rate.organisation: row.rate for row in figures.loop_closure_by_organisation(scope)}
    council, healthwatch, everyone = (
        rows[known.world.council.name],
        rows[known.world.healthwatch.name],
        rows["All organisations"],
    )
    assert (council.on_time, council.counted, council.rate) == (1, 1, 1.0)  # A1 told in time
    assert (healthwatch.on_time, healthwatch.overdue, healthwatch.waiting) == (0, 1, 1)  # A2 overdue, A8 waiting
    assert (healthwatch.counted, healthwatch.rate) == (1, 0.0)
    assert (everyone.on_time, everyone.counted, everyone.rate) == (1, 2, 0.5)


def test_loop_closure_without_a_place_is_the_feedback_loops_own_figure(known, everywhere):
    mine = [row.rate for row in figures.loop_closure_by_organisation(everywhere) if row.rate.organisation_id]
    assert mine == closure.rates(start=START, end=END, today=TODAY)


def test_evaluation_completion(known, scope):
    rows = {c.organisation: c for c in figures.evaluation_completion(scope)}
    assert (rows[known.world.council.name].evaluated, rows[known.world.council.name].finished) == (1, 1)
    assert (rows[known.world.healthwatch.name].evaluated, rows[known.world.healthwatch.name].finished) == (0, 2)
    everyone = rows["All organisations"]
    assert (everyone.evaluated, everyone.finished) == (1, 3)
    assert everyone.rate == pytest.approx(1 / 3)


def test_overdue_screening_actions_are_due_before_today_and_not_done(known, scope):
    overdue = figures.overdue_screening_actions(scope)
    assert overdue.count == 1
    assert overdue.listed == [known.overdue_action]
    assert overdue.by_organisation == [(known.world.council.name, 1)]


def test_overdue_screening_actions_of_every_board_without_a_board(known, everywhere):
    overdue = figures.overdue_screening_actions(everywhere)
    assert overdue.count == 2
    assert [a.description for a in overdue.listed] == ["Other board's", "Ask the hostels to host a session"]


def test_fatigue_hotspots(known, scope):
    hotspots, threshold = figures.fatigue_hotspots(scope, threshold=1)
    assert threshold == 1
    assert [(h.group, h.month.label, h.activities) for h in hotspots] == [("Young people", "June 2025", 2)]  # A3, A8
    assert figures.fatigue_hotspots(scope, threshold=2)[0] == []


@override_settings(FATIGUE_THRESHOLD=0)
def test_fatigue_hotspots_agree_with_the_fatigue_table(known):
    scope = figures.Scope(start=START, end=END, today=TODAY, area=known.world.locality)
    hotspots, _ = figures.fatigue_hotspots(scope)
    table, _ = fatigue_table(months=[h.start for h in whole_months(START, END)], area=known.world.locality)
    hot = [(cell.count, cell.month, group.name) for group, cells in table for cell in cells if cell.over_threshold]
    hot = sorted(hot, key=lambda h: (-h[0], h[1], h[2]))[: figures.TOP]
    assert [(h.activities, h.month.start, h.group) for h in hotspots] == hot


def test_ratings_by_organisation(known, scope):
    rows = {r.label: r for r in ratings.ratings_by_organisation(scope)}
    council = rows[known.world.council.name]
    assert council.responses == 2  # the December 2024 rating is outside the period
    assert council.means == {"listened_to": 4.5, "easy_to_take_part": 3.0, "know_what_happens_next": 3.0}
    assert council.counts == {"listened_to": 2, "easy_to_take_part": 2, "know_what_happens_next": 2}
    assert council.overall == pytest.approx(3.5)
    healthwatch = rows[known.world.healthwatch.name]
    assert (healthwatch.responses, healthwatch.means["listened_to"]) == (1, 5.0)
    assert known.trust.name not in rows  # A4 is outside the place


def test_ratings_by_method_count_an_activity_for_each_of_its_methods(known, scope):
    rows = {r.label: r for r in ratings.ratings_by_method(scope)}
    focus = rows[known.world.method.name]
    assert focus.responses == 3
    assert focus.means["listened_to"] == pytest.approx((4 + 5 + 5) / 3)
    assert focus.means["easy_to_take_part"] == pytest.approx((3 + 3 + 5) / 3)
    assert (rows[known.survey.name].responses, rows[known.survey.name].means["know_what_happens_next"]) == (1, 5.0)


def test_a_choice_of_area_narrows_the_board(known):
    scope = figures.Scope(start=START, end=END, today=TODAY, board=known.board, area=known.world.ward)
    # The ward meets the ward (A2), the locality (A1, A8) and the borough (A3): the same activities here.
    assert activity.activity_totals(scope, activity.activity_by_type(scope)).total.value == 4
    scope = figures.Scope(start=START, end=END, today=TODAY, area=known.world.other_ward)
    assert set(period_activities(scope)) == {known.a3, known.a4}  # A3 is borough-wide
