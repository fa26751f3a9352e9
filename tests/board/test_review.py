"""The engagement review's arithmetic, worked by hand."""

import pytest

from engaging.board.review import compare_levels, engagement_review, highest_level
from engaging.board.services import screen_agenda_item
from engaging.insight.models import FindingUse
from engaging.loop.models import Response
from engaging.register.models import ParticipantCount, Status
from tests.board.conftest import answers, rule
from tests.factories import ActivityFactory, GroupFactory
from tests.insight.factories import FindingFactory
from tests.loop.factories import ResponseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rules")]


def test_highest_level_and_comparison():
    assert highest_level(["consult", "empower", "inform"]) == "empower"
    assert highest_level([]) is None
    assert compare_levels("involve", "consult") == "below"
    assert compare_levels("involve", "involve") == "met"
    assert compare_levels("involve", "collaborate") == "above"
    assert compare_levels("involve", None) == "none"


@pytest.fixture
def reviewed(item, world):
    """An item recommended to involve carers, young people and Travellers; two linked activities reached some."""
    rule(question="influence", answer="much", recommends_type="collective_involvement", recommends_level="involve")
    travellers = GroupFactory(name="Travellers", category="seldom_heard")
    old = FindingFactory(statement="Carers said evenings suit them.")
    screening = screen_agenda_item(
        agenda_item=item,
        answers=answers(influence="much", affected_groups=[world.carers, world.young_people, travellers]),
    )
    screening.insight_reused.set([old])
    over = {"status": Status.CLOSED}  # finished, so groups nobody was counted from are missed
    survey = ActivityFactory(title="Survey", level="consult", type="consultation", groups=[world.carers], **over)
    forum = ActivityFactory(
        title="Forum", level="collaborate", type="co_production", groups=[world.older_people], **over
    )
    cancelled = ActivityFactory(title="Cancelled", level="empower", status=Status.CANCELLED)
    item.activities.set([survey, forum, cancelled])
    ParticipantCount.objects.create(activity=survey, group=world.carers, count=12)
    ParticipantCount.objects.create(activity=forum, group=world.carers, count=3)
    ParticipantCount.objects.create(activity=forum, group=world.young_people, count=0)
    ParticipantCount.objects.create(activity=forum, group=world.older_people, count=7)
    FindingUse.objects.create(finding=old, activity=survey)
    FindingUse.objects.create(finding=FindingFactory(statement="Another"), activity=forum)
    heard = [FindingFactory(activity=survey), FindingFactory(activity=survey), FindingFactory(activity=forum)]
    ResponseFactory(findings=[heard[0], heard[2]], status=Response.Status.DONE)  # answers two findings: counted once
    ResponseFactory(findings=[heard[1]], status=Response.Status.PLANNED)
    ResponseFactory(findings=[heard[1]], status=Response.Status.NOT_POSSIBLE, reason="No money")
    ResponseFactory(findings=[FindingFactory()], status=Response.Status.DONE)  # about something else
    return engagement_review(item, screening), travellers


def test_the_level_reached_is_the_highest_among_live_linked_activities(reviewed):
    review, _ = reviewed
    assert [a.title for a in review.activities] == ["Survey", "Forum"]
    assert (review.recommended_level, review.reached_level, review.level_verdict) == ("involve", "collaborate", "above")
    assert review.types_used == ["Consultation", "Co-production"]


def test_groups_reached_and_missed_add_up_across_activities(reviewed, world):
    review, travellers = reviewed
    counts = {o.group.name: (o.recommended, o.count) for o in review.groups}
    assert counts == {
        "Carers": (True, 15),
        "Young people": (True, 0),
        "Travellers": (True, 0),
        "Older people": (False, 7),
    }
    assert [o.group.name for o in review.reached] == ["Carers"]
    assert [o.group.name for o in review.missed] == ["Travellers", "Young people"]  # seldom heard first
    assert [o.group.name for o in review.also_reached] == ["Older people"]
    assert review.recommended_count == 3


def test_insight_used_and_influence_on_the_decision(reviewed):
    review, _ = reviewed
    assert len(review.insight_ticked) == 1 and len(review.ticked_and_used) == 1
    assert len(review.insight_used) == 2
    assert review.findings_heard == 3
    assert review.responses_by_status == {"done": 1, "planned": 1, "not_possible": 1}
    assert (review.responses, review.acted_on) == (3, 1)


def test_with_nothing_linked_there_is_nothing_reached(item):
    screening = screen_agenda_item(agenda_item=item, answers=answers())
    review = engagement_review(item, screening)
    assert review.activities == [] and review.level_verdict == "none" and review.responses == 0


def test_the_review_takes_the_same_number_of_queries_however_much_there_is(item, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    screening = screen_agenda_item(agenda_item=item, answers=answers(affected_groups=[world.carers]))

    def add_activity(n):
        activity = ActivityFactory(title=f"Activity {n}", groups=[world.carers])
        item.activities.add(activity)
        ParticipantCount.objects.create(activity=activity, group=world.carers, count=n + 1)
        finding = FindingFactory(activity=activity)
        ResponseFactory(findings=[finding])
        FindingUse.objects.create(finding=FindingFactory(), activity=activity)

    add_activity(0)
    with CaptureQueriesContext(connection) as small:
        engagement_review(item, screening)
    for n in range(1, 6):
        add_activity(n)
    with CaptureQueriesContext(connection) as large:
        review = engagement_review(item, screening)
    assert len(small) == len(large)
    assert review.groups[0].count == sum(range(1, 7))
