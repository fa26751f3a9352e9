"""The figures an evaluation works out for itself: reach, groups, cost, influence and ratings."""

from datetime import date
from decimal import Decimal

import pytest

from engaging.evaluation import measures
from engaging.insight.models import Finding
from engaging.loop.models import Response
from engaging.register.models import ParticipantCount
from tests.evaluation.conftest import finished_activity, rate
from tests.factories import ActivityFactory

# Reach ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "ratio", "words"),
    [
        (40, 30, 0.75, "30 of a target of 40 (75%)"),
        (40, 52, 1.3, "52 of a target of 40 (130%)"),
        (None, 30, None, "30 people took part; no target was set"),
        (0, 30, None, "the target was 0, so there is no percentage"),
        (40, None, None, "the number who took part is not recorded"),
        (None, None, None, "Not recorded"),
        (40, 0, 0.0, "0 of a target of 40 (0%)"),
        (1, 1, 1.0, "1 of a target of 1 (100%)"),
    ],
)
def test_reach_against_target(target, actual, ratio, words):
    reach = measures.Reach(target=target, actual=actual)
    assert reach.ratio == ratio
    assert words in reach.describe()


def test_reach_reads_the_activity(world):
    activity = finished_activity(world, participants_target=60, participants_actual=45)
    assert measures.reach(activity) == measures.Reach(target=60, actual=45)
    assert measures.reach(activity).percent == 75


# Groups reached or missed ---------------------------------------------------------------------


def test_a_target_group_with_people_counted_is_reached_and_one_without_is_missed(world):
    activity = finished_activity(world, groups=[world.young_people, world.carers, world.older_people])
    ParticipantCount.objects.create(activity=activity, group=world.carers, count=12)
    ParticipantCount.objects.create(activity=activity, group=world.older_people, count=0)

    groups = measures.groups_reached(activity)

    assert [(g.group, g.count, g.reached) for g in groups.groups] == [
        (world.carers, 12, True),
        (world.older_people, 0, False),
        (world.young_people, None, False),
    ]
    assert [g.group for g in groups.reached] == [world.carers]
    assert {g.group for g in groups.missed} == {world.older_people, world.young_people}
    assert groups.describe() == "1 of 3 target groups reached"


def test_with_no_counts_every_target_group_is_missed(world):
    activity = finished_activity(world)
    groups = measures.groups_reached(activity)
    assert not groups.reached
    assert len(groups.missed) == 2
    assert groups.describe() == "None of the 2 target groups reached"


def test_all_groups_missed_even_when_other_groups_were_counted(world):
    """People counted from a group the activity did not target do not make a target group reached."""
    activity = finished_activity(world, groups=[world.young_people])
    ParticipantCount.objects.create(activity=activity, group=world.older_people, count=20)
    ParticipantCount.objects.create(activity=activity, group=world.young_people, count=0)
    groups = measures.groups_reached(activity)
    assert [g.group for g in groups.groups] == [world.young_people]
    assert groups.describe() == "None of the 1 target group reached"


def test_an_activity_with_no_target_groups_says_so(world):
    activity = finished_activity(world, groups=[])
    assert measures.groups_reached(activity).describe() == "The activity had no target groups"


# Cost ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "people", "each", "words"),
    [
        (Decimal("250.00"), 30, Decimal("8.33"), "£250.00, or £8.33 per participant"),
        (Decimal("100.00"), 3, Decimal("33.33"), "£33.33 per participant"),
        (Decimal("0.00"), 12, Decimal("0.00"), "£0.00, or £0.00 per participant"),
        (Decimal("250.00"), 0, None, "no cost per participant"),
        (Decimal("250.00"), None, None, "no cost per participant"),
        (None, 30, None, "Not recorded"),
        (Decimal("1234567.89"), 1, Decimal("1234567.89"), "£1,234,567.89"),
    ],
)
def test_cost_per_participant(total, people, each, words):
    cost = measures.Cost(total=total, participants=people)
    assert cost.per_participant == each
    assert words in cost.describe()


# Influence on decisions -------------------------------------------------------------------------


def finding(activity, text="Evening sessions would help working carers.") -> Finding:
    return Finding.objects.create(activity=activity, statement=text, heard_on=date.today())


def response(world, findings, status, **fields) -> Response:
    made = Response.objects.create(
        action="We moved the sessions to the evening.",
        organisation=world.council,
        status=status,
        reason="No budget this year." if status == Response.Status.NOT_POSSIBLE else "",
        **fields,
    )
    made.findings.set(findings)
    return made


def test_influence_counts_responses_to_the_activitys_findings_by_status(world):
    activity = finished_activity(world)
    first, second = finding(activity), finding(activity, "Parking is hard to find.")
    response(world, [first], Response.Status.DONE)
    response(world, [first, second], Response.Status.PLANNED)  # answers two findings: counted once
    response(world, [second], Response.Status.PLANNED)
    other = finished_activity(world, title="Another activity")
    response(world, [finding(other)], Response.Status.DONE)

    influence = measures.influence(activity)

    assert influence.by_status == {"done": 1, "planned": 2}
    assert influence.total == 3
    assert influence.acted_on
    assert influence.describe() == "3 responses: 1 done, 2 planned"


def test_influence_with_no_findings_or_responses(world):
    influence = measures.influence(finished_activity(world))
    assert influence.total == 0
    assert not influence.acted_on
    assert influence.describe() == "No responses recorded yet"


def test_responses_only_considered_or_not_possible_have_not_changed_anything(world):
    activity = finished_activity(world)
    response(world, [finding(activity)], Response.Status.CONSIDERING)
    response(world, [finding(activity)], Response.Status.NOT_POSSIBLE)
    influence = measures.influence(activity)
    assert not influence.acted_on
    assert influence.describe() == "2 responses: 1 considering, 1 not possible"


def test_in_progress_counts_as_acted_on_and_archived_responses_and_findings_do_not_count(world):
    activity = finished_activity(world)
    response(world, [finding(activity)], Response.Status.IN_PROGRESS)
    response(world, [finding(activity)], Response.Status.DONE).archive()
    archived_finding = finding(activity)
    response(world, [archived_finding], Response.Status.DONE)
    archived_finding.archive()
    influence = measures.influence(activity)
    assert influence.by_status == {"in_progress": 1}
    assert influence.acted_on
    assert influence.describe() == "1 response: 1 in progress"


# Participant ratings ------------------------------------------------------------------------------


def test_feedback_summary_gives_each_mean_with_its_count_and_how_many_agreed(world):
    activity = finished_activity(world)
    rate(activity, (5, 4, 2), (4, 4, 1), (3, 5, 2))
    rate(finished_activity(world, title="Elsewhere"), (1, 1, 1))

    summary = measures.feedback_summary(activity=activity)

    assert summary.count == 3
    by_question = {r.question: r for r in summary.ratings}
    assert by_question["listened_to"].mean == pytest.approx(4.0)
    assert by_question["easy_to_take_part"].mean == pytest.approx(13 / 3)
    assert by_question["know_what_happens_next"].mean == pytest.approx(5 / 3)
    assert [r.count for r in summary.ratings] == [3, 3, 3]
    assert [r.agree for r in summary.ratings] == [2, 3, 0]
    assert by_question["listened_to"].agree_percent == 67


def test_feedback_summary_with_no_feedback(world):
    summary = measures.feedback_summary(activity=finished_activity(world))
    assert summary.count == 0
    assert all(r.mean is None and r.count == 0 and r.agree_percent is None for r in summary.ratings)
    assert summary.describe() == "No participant feedback yet"


def test_feedback_summary_is_one_query(world, django_assert_num_queries):
    activity = finished_activity(world)
    rate(activity, *[(4, 4, 4)] * 20)
    with django_assert_num_queries(1):
        measures.feedback_summary(activity=activity)


def test_measures_for_a_planned_activity_with_nothing_recorded(world):
    activity = ActivityFactory(lead_organisation=world.council, cost=None, groups=[world.carers])
    found = measures.measures_for(activity)
    assert found.reach.describe().startswith("Not recorded")
    assert found.groups.describe() == "None of the 1 target group reached"
    assert found.cost.describe() == "Not recorded"
    assert found.influence.total == 0
    assert found.feedback.count == 0
