"""The rules engine, case by case: answers in, a known recommendation and its reasons out."""

from datetime import UTC, date, datetime, timedelta

import pytest

from engaging.board import screening as engine
from engaging.board.models import LegalDuty, Meeting, ScreeningAction, ScreeningRule
from engaging.board.services import screen_agenda_item
from tests.board.conftest import answers, rule
from tests.factories import GroupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rules")]


def recommend(**changes):
    return engine.recommend(engine.answers_for(**answers(**changes)))


def test_a_matching_rule_decides_the_type_and_level_and_says_why():
    made = rule(question="changes_services", answer="yes", recommends_type="consultation", recommends_level="consult")
    outcome = recommend(changes_services="yes")
    assert (outcome.type, outcome.level) == ("consultation", "consult")
    assert outcome.type_rule == made and outcome.level_rule == made
    [reason] = outcome.reasons
    assert reason["question"] == "changes_services" and reason["answer"] == "yes"
    assert reason["answer_label"] == "Yes" and reason["rule"] == made.pk
    assert reason["reason"] == made.reason
    assert reason["effect"] == "Sets the type: consultation; sets the level: consult."


def test_a_rule_for_another_answer_does_not_match():
    rule(question="changes_services", answer="yes", recommends_type="consultation")
    outcome = recommend(changes_services="no")
    assert outcome.matched == []
    assert outcome.type == engine.DEFAULT_TYPE


def test_with_no_matching_rule_the_default_applies_and_says_so():
    outcome = recommend()
    assert (outcome.type, outcome.level) == ("information", "inform")
    assert outcome.type_rule is None and outcome.level_rule is None
    assert [r["effect"] for r in outcome.reasons] == [
        "Sets the type: information, the least the board should do.",
        "Sets the level: inform, the least the board should do.",
    ]
    assert all(r["reason"] == engine.DEFAULT_REASON and r["rule"] is None for r in outcome.reasons)


def test_the_heaviest_rule_wins_whatever_the_order_of_the_rules():
    light = rule(question="influence", answer="much", recommends_type="co_production", weight=10)
    heavy = rule(question="changes_services", answer="yes", recommends_type="insight", weight=30)
    outcome = recommend(influence="much", changes_services="yes")
    assert outcome.type == "insight" and outcome.type_rule == heavy
    reversed_order = engine.recommend(
        engine.answers_for(**answers(influence="much", changes_services="yes")), [heavy, light]
    )
    assert reversed_order.type == "insight"
    effects = {r["rule"]: r["effect"] for r in outcome.reasons}
    assert effects[light.pk] == (
        "On its own points to co-production, but the type follows "
        "“it changes a service people use, or how they reach it”."
    )


def test_equal_weights_go_to_more_involvement_then_to_the_older_rule():
    rule(question="influence", answer="much", recommends_level="consult", weight=20)
    more = rule(question="changes_services", answer="yes", recommends_level="collaborate", weight=20)
    outcome = recommend(influence="much", changes_services="yes")
    assert outcome.level_rule == more
    older = rule(question="time_available", answer="over_12", recommends_type="insight", weight=5)
    rule(question="community_interest", answer="high", recommends_type="insight", weight=5)
    outcome = recommend(time_available="over_12", community_interest="high")
    assert outcome.type_rule == older


def test_type_and_level_can_come_from_different_rules():
    rule(question="influence", answer="full", recommends_type="co_production", weight=10)
    rule(question="time_available", answer="over_12", recommends_level="empower", weight=10)
    outcome = recommend(influence="full", time_available="over_12")
    assert (outcome.type, outcome.level) == ("co_production", "empower")


def test_only_the_type_decided_leaves_the_level_at_its_default():
    rule(question="influence", answer="much", recommends_type="collective_involvement")
    outcome = recommend(influence="much")
    assert outcome.level == "inform"
    assert outcome.reasons[-1]["effect"] == "Sets the level: inform, the least the board should do."


def test_a_legal_duty_is_answered_as_any_and_as_itself():
    duty = LegalDuty.objects.create(name="A duty", source="An Act", applies_to="nhs", summary="It says so.")
    other = LegalDuty.objects.create(name="Another duty", source="An Act", applies_to="nhs", summary="It says so.")
    any_duty = rule(question="legal_duty", answer="any", recommends_level="consult", weight=10)
    this_duty = rule(question="legal_duty", answer=str(duty.pk), recommends_level="involve", weight=20)
    none = rule(question="legal_duty", answer="none", action="Check again", action_due_days=3)
    assert recommend(legal_duties=[duty]).level_rule == this_duty
    assert recommend(legal_duties=[other]).level_rule == any_duty
    assert recommend().matched == [none]
    [reason] = [r for r in recommend(legal_duties=[duty]).reasons if r["rule"] == this_duty.pk]
    assert reason["answer_label"] == "This duty applies: A duty"


def test_seldom_heard_groups_and_ticked_insight_are_answers_too(world):
    travellers = GroupFactory(name="Gypsy, Roma and Traveller communities", category="seldom_heard")
    seldom = rule(question="seldom_heard", answer="yes", action="Reach them where they are", action_due_days=21)
    reuse = rule(question="existing_insight", answer="yes", action="Share the findings", action_due_days=7)
    assert recommend(affected_groups=[world.carers]).matched == []
    assert recommend(affected_groups=[world.carers, travellers]).matched == [seldom]
    assert recommend(insight_reused=["a finding"]).matched == [reuse]


def test_each_matching_rule_with_an_action_adds_it_with_its_days():
    rule(question="time_available", answer="under_4", action="Move the decision date", action_due_days=7)
    rule(question="partner_capability", answer="low", action="Ask for help")  # no days given
    outcome = recommend(time_available="under_4", partner_capability="low")
    assert {(a.description, a.due_in_days) for a in outcome.actions} == {
        ("Move the decision date", 7),
        ("Ask for help", engine.DEFAULT_ACTION_DAYS),
    }


def test_archived_rules_are_not_used():
    made = rule(question="changes_services", answer="yes", recommends_type="consultation")
    made.archive()
    assert recommend(changes_services="yes").type == engine.DEFAULT_TYPE


def test_reasons_list_the_deciding_rules_first():
    rule(question="time_available", answer="over_12", weight=90)  # notes only: decides nothing
    decider = rule(question="influence", answer="some", recommends_type="consultation", weight=10)
    outcome = recommend(time_available="over_12", influence="some")
    assert outcome.reasons[0]["rule"] == decider.pk
    assert outcome.reasons[1]["effect"] == "Noted: it does not change the recommendation."


def test_gunning_is_shown_only_when_consultation_is_recommended(item):
    rule(question="influence", answer="some", recommends_type="consultation", recommends_level="consult")
    rule(question="influence", answer="much", recommends_type="collective_involvement", recommends_level="involve")
    rule(question="influence", answer="none", recommends_type="insight", recommends_level="consult")
    consult = screen_agenda_item(agenda_item=item, answers=answers(influence="some"))
    assert consult.consultation_recommended
    involve = screen_agenda_item(agenda_item=item, answers=answers(influence="much"))
    assert not involve.consultation_recommended
    # The level consult is consultation too, whatever the type.
    level_only = screen_agenda_item(agenda_item=item, answers=answers(influence="none"))
    assert level_only.recommended_type == "insight" and level_only.consultation_recommended


def test_rules_edited_as_data_change_the_outcome(item, client, world):
    """A coordinator changes a rule's weight on the rules page, and the same answers recommend something else."""
    consult = rule(question="changes_services", answer="yes", recommends_type="consultation", weight=30)
    rule(question="influence", answer="full", recommends_type="co_production", weight=20)
    given = answers(changes_services="yes", influence="full")
    assert screen_agenda_item(agenda_item=item, answers=given).recommended_type == "consultation"
    client.force_login(world.coordinator)
    response = client.post(
        f"/board/rules/{consult.pk}/edit/",
        {"when": "changes_services=yes", "recommends_type": "consultation", "reason": consult.reason, "weight": "5"},
    )
    assert response.status_code == 302
    assert screen_agenda_item(agenda_item=item, answers=given).recommended_type == "co_production"
    ScreeningRule.objects.get(pk=consult.pk).archive()
    rule(question="changes_services", answer="yes", recommends_type="information", weight=99)
    assert screen_agenda_item(agenda_item=item, answers=given).recommended_type == "information"


def test_actions_are_owned_by_the_lead_organisation_and_due_days_after_screening(item, world):
    rule(question="time_available", answer="under_4", action="Move the decision date", action_due_days=7)
    today = date(2031, 3, 3)
    Meeting.objects.filter(pk=item.meeting_id).update(starts_at=datetime(2031, 5, 1, 14, tzinfo=UTC))
    item.refresh_from_db()
    screening = screen_agenda_item(agenda_item=item, answers=answers(time_available="under_4"), today=today)
    [action] = ScreeningAction.objects.filter(screening=screening)
    assert action.description == "Move the decision date"
    assert action.owner_organisation == world.council
    assert action.due_on == today + timedelta(days=7)
