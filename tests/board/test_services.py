"""Screening an item and screening it again: answers, recommendation, methods and actions kept in step."""

from datetime import date, timedelta

import pytest

from engaging.board.models import MethodFit, Screening, ScreeningAction
from engaging.board.services import methods_for, screen_agenda_item, seldom_heard_first
from engaging.evaluation.models import Evaluation, ParticipantFeedback
from engaging.register.models import ParticipantCount, Status
from tests.board.conftest import answers, rule
from tests.factories import ActivityFactory, GroupFactory, MethodFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rules")]


def test_screening_again_recomputes_and_keeps_the_earlier_recommendation_in_history(item, world):
    rule(question="influence", answer="some", recommends_type="consultation", recommends_level="consult")
    rule(question="influence", answer="full", recommends_type="co_production", recommends_level="collaborate")
    first = screen_agenda_item(agenda_item=item, answers=answers(influence="some"), user=world.board_member)
    second = screen_agenda_item(agenda_item=item, answers=answers(influence="full"), user=world.coordinator)
    assert first.pk == second.pk and Screening.objects.count() == 1
    assert (second.recommended_type, second.screened_by) == ("co_production", world.coordinator)
    types = list(second.history.order_by("history_date", "history_id").values_list("recommended_type", flat=True))
    assert types[0] == "consultation" and types[-1] == "co_production"


def test_actions_follow_the_rules_that_still_match(item, world):
    kept = rule(question="time_available", answer="under_4", action="Move the decision date", action_due_days=7)
    dropped = rule(question="influence", answer="some", action="Publish the options", action_due_days=14)
    done = rule(question="community_interest", answer="medium", action="Ask the network", action_due_days=3)
    screening = screen_agenda_item(agenda_item=item, answers=answers(time_available="under_4"))
    assert ScreeningAction.objects.count() == 3
    edited = screening.actions.get(rule=kept)
    edited.owner = world.officer_council
    edited.save()
    screening.actions.filter(rule=done).update(done_on=date.today())
    screen_agenda_item(
        agenda_item=item, answers=answers(time_available="under_4", influence="much", community_interest="high")
    )
    left = {a.rule_id: a for a in ScreeningAction.objects.all()}
    assert set(left) == {kept.pk, done.pk}  # the undone action of a rule that no longer matches is gone
    assert left[kept.pk].owner == world.officer_council  # changes people made are kept
    assert dropped.pk not in left


def test_groups_to_involve_put_seldom_heard_groups_first(item, world):
    travellers = GroupFactory(name="Travellers", category="seldom_heard")
    screening = screen_agenda_item(
        agenda_item=item, answers=answers(affected_groups=[world.carers, travellers, world.young_people])
    )
    assert [g.name for g in seldom_heard_first(screening.affected_groups.all())] == [
        "Travellers",
        "Carers",
        "Young people",
    ]
    [groups_reason] = [r for r in screening.reasons if "groups" in r["decides"]]
    assert "Seldom heard, so reach them directly: Travellers." in groups_reason["effect"]


def evaluated(method, group, ratings=(5,), people=10):
    """An evaluated activity that used `method`, counted `people` from `group`, and was rated `ratings`."""
    activity = ActivityFactory(groups=[group], status=Status.EVALUATED)
    activity.methods.set([method])
    if people:
        ParticipantCount.objects.create(activity=activity, group=group, count=people)
    Evaluation.objects.create(activity=activity, lessons="Go to where people are.", evaluated_on=date.today())
    for rating in ratings:
        ParticipantFeedback.objects.create(
            activity=activity, listened_to=rating, easy_to_take_part=rating, know_what_happens_next=rating
        )
    return activity


def test_methods_come_from_what_worked_with_the_groups_each_with_why(item, world):
    outreach = MethodFactory(name="Outreach")
    survey = MethodFactory(name="Online survey")
    evaluated(outreach, world.carers, ratings=(5, 4))
    evaluated(outreach, world.carers, ratings=(4,))
    evaluated(survey, world.carers, ratings=(2,))  # participants rated it poorly: it did not work
    evaluated(MethodFactory(name="Youth parliament"), world.young_people)  # another group
    evaluated(MethodFactory(name="Leaflets"), world.carers, people=0)  # reached no carers
    advice = methods_for([world.carers])
    assert [m.name for m in advice.methods] == ["Outreach"]
    assert advice.suggested[0].why == "Worked well with carers in 2 evaluations (rated 4.3 out of 5)."
    screening = screen_agenda_item(agenda_item=item, answers=answers(affected_groups=[world.carers]))
    assert list(screening.recommended_methods.values_list("name", flat=True)) == ["Outreach"]
    [reason] = [r for r in screening.reasons if "methods" in r["decides"]]
    assert reason["methods"] == [{"id": outreach.pk, "name": "Outreach", "why": advice.suggested[0].why}]


def test_methods_only_used_with_the_groups_are_not_evidence_but_a_fit_is(world):
    drop_in = MethodFactory(name="Drop-in")
    for _ in range(2):
        ActivityFactory(groups=[world.carers]).methods.set([drop_in])
    assert methods_for([world.carers]).methods == []
    MethodFit.objects.create(method=drop_in, group=world.carers, reason="Carers can call in when they are free.")
    advice = methods_for([world.carers])
    assert advice.methods == [drop_in]
    assert advice.suggested[0].why == "Suits carers: carers can call in when they are free."
    assert methods_for([]).methods == []


def test_a_method_that_does_not_suit_one_of_the_groups_is_never_suggested(world):
    children = GroupFactory(name="Children with special educational needs")
    visit = MethodFactory(name="Enter and view visit")
    evaluated(visit, world.carers, ratings=(5,))  # it worked with carers…
    MethodFit.objects.create(
        method=visit, group=children, suits=False, reason="Enter and view covers adults' services."
    )
    assert visit in methods_for([world.carers]).methods
    advice = methods_for([world.carers, children])  # …but not for children
    assert visit not in advice.methods
    assert advice.left_out == [
        (visit, "Not for children with special educational needs: Enter and view covers adults' services.")
    ]


def test_due_dates_count_from_the_day_of_screening(item):
    rule(question="influence", answer="some", action="Publish the options", action_due_days=0)
    day = date(2030, 12, 31)
    screening = screen_agenda_item(agenda_item=item, answers=answers(), today=day)
    assert screening.actions.get().due_on == day + timedelta(days=0)
