"""Equality monitoring is only ever shown as counts, with small numbers hidden so nobody can be picked out."""

import itertools

import pytest

from engaging.evaluation.measures import FEWER_THAN_5, WITHHELD, equality_summary, suppress
from engaging.evaluation.models import EqualityMonitoring
from tests.evaluation.conftest import finished_activity


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ([12, 7, 9], [12, 7, 9]),
        ([0, 0, 0], [0, 0, 0]),
        ([3, 12, 7, 0], [FEWER_THAN_5, 12, WITHHELD, 0]),  # one small: the next smallest goes too
        ([3, 2, 12], [FEWER_THAN_5, FEWER_THAN_5, 12]),  # two small: neither can be worked out alone
        ([1, 5, 5, 9], [FEWER_THAN_5, WITHHELD, 5, 9]),  # a tie: the first of the smallest
        ([4, 0, 0], [FEWER_THAN_5, 0, 0]),  # nothing else to hide, and no total is shown
        ([5, 6], [5, 6]),  # 5 is not small
        ([20, 1, 1, 1], [20, FEWER_THAN_5, FEWER_THAN_5, FEWER_THAN_5]),
    ],
)
def test_suppression_rule(counts, shown):
    assert suppress(counts) == shown


def test_no_hidden_count_can_be_worked_out_from_the_total():
    """Whatever the counts, every small count is hidden, and a hidden count is never alone (unless it
    is the only count above zero, which no total could reveal more of): subtracting the shown counts
    from a total leaves the sum of two or more hidden ones."""
    for counts in itertools.product([0, 1, 3, 4, 5, 8], repeat=4):
        shown = suppress(list(counts))
        hidden = [i for i, value in enumerate(shown) if isinstance(value, str)]
        assert all(counts[i] > 0 for i in hidden), counts
        assert all(isinstance(shown[i], str) for i, n in enumerate(counts) if 0 < n < 5), counts
        if hidden:
            assert len(hidden) >= 2 or sum(1 for n in counts if n > 0) == 1, counts


def answers(activity, n, **fields):
    EqualityMonitoring.objects.bulk_create(EqualityMonitoring(activity=activity, **fields) for _ in range(n))


def test_summary_of_an_activity_hides_small_numbers(world):
    activity = finished_activity(world)
    answers(activity, 8, age_band="25_34", carer="yes")
    answers(activity, 6, age_band="45_54", carer="no")
    answers(activity, 2, age_band="75_over", carer="no")
    answers(finished_activity(world, title="Elsewhere"), 30, age_band="75_over")

    summary = equality_summary(activities=[activity])

    assert summary.responses == 16
    assert not summary.too_few
    age = next(q for q in summary.questions if q.name == "age_band")
    shown = {a.label: a.shown for a in age.answers}
    assert shown["25 to 34"] == 8
    assert shown["45 to 54"] == WITHHELD
    assert shown["75 or over"] == FEWER_THAN_5
    assert shown["Under 16"] == 0
    assert shown["Prefer not to say"] == 0
    carer = next(q for q in summary.questions if q.name == "carer")
    assert {a.label: a.shown for a in carer.answers} == {"Yes": 8, "No": 8, "Prefer not to say": 0}
    # Nobody answered the ethnicity question: every answer is 0, and skipped answers are not counted.
    ethnicity = next(q for q in summary.questions if q.name == "ethnicity")
    assert {a.shown for a in ethnicity.answers} == {0}


def test_with_fewer_than_five_people_nothing_is_shown(world, client):
    activity = finished_activity(world)
    answers(activity, 4, age_band="25_34", sex="female")
    summary = equality_summary(activities=[activity])
    assert summary.too_few
    client.force_login(world.board_member)
    page = client.get(f"/evaluation/activities/{activity.pk}/").content.decode()
    assert "Fewer than 5 people answered the equality questions" in page
    assert "25 to 34" not in page


def test_the_summary_is_one_query_however_many_answers(world, django_assert_num_queries):
    activity = finished_activity(world)
    answers(activity, 40, age_band="25_34", ethnicity="white", religion="none")
    with django_assert_num_queries(1):
        equality_summary(activities=[activity])


def test_the_evaluation_page_shows_only_the_suppressed_counts(world, client):
    activity = finished_activity(world)
    answers(activity, 9, sexual_orientation="straight")
    answers(activity, 1, sexual_orientation="bisexual")
    client.force_login(world.officer_healthwatch)
    page = client.get(f"/evaluation/activities/{activity.pk}/").content.decode()
    assert "fewer than 5" in page
    assert "withheld" in page
    assert ">1<" not in page.replace(" ", "")
    assert ">10<" not in page.replace(" ", "")  # no total to subtract from
