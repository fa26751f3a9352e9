"""The screening's advice read as a board member reads it: why, in words; methods that suit the groups;
actions dated before the decision; groups missed only once the engagement is over."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from engaging.board import screening as engine
from engaging.board.methods import methods_with_reasons
from engaging.board.models import LegalDuty, Meeting, MethodFit, ScreeningRule
from engaging.board.review import engagement_review
from engaging.board.services import screen_agenda_item, timing_for
from engaging.evaluation.models import Evaluation, ParticipantFeedback
from engaging.register.models import ParticipantCount, Status
from tests.board.conftest import answers, form_data
from tests.factories import ActivityFactory, GroupFactory, MethodFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("defaults")]


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.board_member)
    return client


JARGON = re.compile(r"\bweight\b|\brule \d|outweighed|Rule weight", re.IGNORECASE)


def meeting_in(item, days: int, today: date) -> None:
    day = today + timedelta(days=days)
    Meeting.objects.filter(pk=item.meeting_id).update(starts_at=datetime(day.year, day.month, day.day, 14, tzinfo=UTC))
    item.refresh_from_db()


def evaluated(method, group, rating=5):
    activity = ActivityFactory(groups=[group], status=Status.EVALUATED)
    activity.methods.set([method])
    ParticipantCount.objects.create(activity=activity, group=group, count=8)
    Evaluation.objects.create(activity=activity, lessons="Evenings worked.", evaluated_on=date.today())
    ParticipantFeedback.objects.create(
        activity=activity, listened_to=rating, easy_to_take_part=rating, know_what_happens_next=rating
    )


# Why this type and level, in words -------------------------------------------------------------


def test_the_explanation_names_the_answers_that_decided_the_type_and_level(item):
    duty = LegalDuty.objects.get(name="The public sector equality duty")
    screening = screen_agenda_item(
        agenda_item=item, answers=answers(changes_services="yes", legal_duties=[duty], influence="none")
    )
    text = engine.explain(screening.recommended_type, screening.recommended_level, screening.reasons)
    assert text.startswith("Because ")
    assert "there is a legal duty to involve or consult people" in text
    assert "the board should consult the people affected before it decides" in text
    assert "at the level “consult”" in text
    assert not JARGON.search(text)
    assert not any(JARGON.search(r["effect"]) for r in screening.reasons)


def test_with_no_rule_matching_the_explanation_says_the_least_the_board_should_do(item):
    ScreeningRule.everything.all().delete()
    screening = screen_agenda_item(agenda_item=item, answers=answers())
    text = engine.explain(screening.recommended_type, screening.recommended_level, screening.reasons)
    assert text.startswith("None of the answers calls for more, so the board should at least tell")


def test_the_page_explains_in_words_and_shows_no_weights_or_rule_numbers(signed_in, item, world):
    response = signed_in.post(
        f"/board/items/{item.pk}/screening/",
        form_data(changes_services="yes", influence="much", affected_groups=[world.carers]),
    )
    assert response.status_code == 302
    page = signed_in.get(f"/board/items/{item.pk}/").content.decode()
    recommendation = page[page.index('id="recommendation"') : page.index('id="activities"')]
    assert (
        "Because the options are still open, the board should involve people in shaping the options together"
        in recommendation
    )
    assert "What led to this" in recommendation
    assert not JARGON.search(re.sub(r"<[^>]+>", " ", recommendation))


# Methods that suit the groups ------------------------------------------------------------------


def test_children_with_send_are_never_offered_an_enter_and_view_visit(item, world):
    send = GroupFactory(name="Children with special educational needs and disabilities")
    visit = MethodFactory(name="Enter and view visit")
    evaluated(visit, world.carers)  # worked with carers in care homes
    MethodFit.objects.create(method=visit, group=send, suits=False, reason="It covers adults' services only.")
    easy_read = MethodFactory(name="Easy Read materials")
    MethodFit.objects.create(method=easy_read, group=send, reason="Short sentences and pictures help.")
    screening = screen_agenda_item(agenda_item=item, answers=answers(affected_groups=[send, world.carers]))
    names = [m["method"].name for m in methods_with_reasons(screening)]
    assert "Enter and view visit" not in names
    assert names == ["Easy Read materials"]
    [reason] = [r for r in screening.reasons if r.get("left_out")]
    assert reason["left_out"][0]["name"] == "Enter and view visit"


def test_carers_with_evidence_are_offered_the_method_with_its_reason(signed_in, item, world):
    cafe = MethodFactory(name="Carers' café")
    for _ in range(3):
        evaluated(cafe, world.carers, rating=4)
    screen_agenda_item(agenda_item=item, answers=answers(affected_groups=[world.carers]))
    page = signed_in.get(f"/board/items/{item.pk}/").content.decode()
    assert "Carers&#x27; café" in page or "Carers' café" in page
    assert "Worked well with carers in 3 evaluations (rated 4.0 out of 5)." in page


def test_suggesting_methods_takes_the_same_queries_however_much_evidence(item, world, django_assert_max_num_queries):
    from engaging.board.methods import suggest_methods

    groups = [world.carers, world.young_people, world.older_people]
    for n in range(6):
        evaluated(MethodFactory(name=f"Method {n}"), groups[n % 3])
        MethodFit.objects.create(method=MethodFactory(name=f"Fit {n}"), group=groups[n % 3], reason="It suits them.")
    with django_assert_max_num_queries(3):
        advice = suggest_methods(groups, limit=20)
    assert len(advice.suggested) == 12


# Actions dated before the decision -------------------------------------------------------------


def test_with_the_decision_meeting_in_three_weeks_every_action_is_due_before_it(item):
    today = date(2031, 3, 3)
    meeting_in(item, 21, today)
    screening = screen_agenda_item(
        agenda_item=item,
        answers=answers(changes_services="yes", influence="full", community_interest="low", time_available="under_4"),
        today=today,
    )
    actions = list(screening.actions.all())
    assert len(actions) >= 4
    papers = today + timedelta(days=21 - 7)
    assert all(today <= a.due_on <= papers for a in actions), [(a.description, a.due_on) for a in actions]
    timing = timing_for(item, today)
    assert (timing.decision_on, timing.work_done_by, timing.days_left) == (today + timedelta(days=21), papers, 14)
    assert timing.enough_time


def test_an_items_own_decision_date_wins_over_its_meeting(item):
    today = date(2031, 3, 3)
    meeting_in(item, 60, today)
    item.decision_date = today + timedelta(days=30)
    item.save()
    screening = screen_agenda_item(agenda_item=item, answers=answers(influence="full"), today=today)
    assert all(a.due_on <= today + timedelta(days=23) for a in screening.actions.all())


def test_without_enough_time_the_page_says_so_plainly_and_dates_nothing_after_the_decision(signed_in, item):
    today = timezone.localdate()
    meeting_in(item, 9, today)
    screen_agenda_item(agenda_item=item, answers=answers(influence="full", changes_services="yes"), today=today)
    assert all(a.due_on < today + timedelta(days=9) for a in item.screening.actions.all())
    page = signed_in.get(f"/board/items/{item.pk}/").content.decode()
    assert "Only 2 days remain before the papers go out: not enough time to do this engagement properly." in page
    assert "move the decision to a later meeting" in page
    assert "After the decision" not in page


def test_an_action_moved_after_the_decision_is_flagged(signed_in, item):
    today = timezone.localdate()
    meeting_in(item, 40, today)
    screening = screen_agenda_item(agenda_item=item, answers=answers(influence="full"), today=today)
    screening.actions.update(due_on=today + timedelta(days=45))
    page = signed_in.get(f"/board/items/{item.pk}/").content.decode()
    assert "After the decision" in page


# Groups missed only once the engagement is over ------------------------------------------------


def test_before_the_engagement_has_happened_no_group_is_missed(item, world):
    travellers = GroupFactory(name="Travellers", category="seldom_heard")
    screening = screen_agenda_item(
        agenda_item=item, answers=answers(affected_groups=[world.carers, travellers, world.young_people])
    )
    coming = ActivityFactory(title="Carers' survey", groups=[world.carers, travellers])  # starts in two weeks
    item.activities.set([coming])
    review = engagement_review(item, screening)
    assert review.missed == [] and not review.over
    results = {o.group.name: o.result for o in review.groups}
    assert results == {"Carers": "planned", "Travellers": "planned", "Young people": "not_yet"}


def test_after_the_engagement_groups_nobody_was_counted_from_are_missed(item, world, signed_in):
    screening = screen_agenda_item(
        agenda_item=item, answers=answers(affected_groups=[world.carers, world.young_people])
    )
    past = ActivityFactory(
        title="Carers' survey",
        groups=[world.carers, world.young_people],
        start_date=date.today() - timedelta(days=60),
        end_date=date.today() - timedelta(days=30),
        status=Status.OPEN,  # never closed, but its last day has passed
    )
    ParticipantCount.objects.create(activity=past, group=world.carers, count=5)
    item.activities.set([past])
    review = engagement_review(item, screening)
    assert [o.group.name for o in review.missed] == ["Young people"]
    page = signed_in.get(f"/board/items/{item.pk}/").content.decode()
    assert "missed: Young people" in page


def test_the_page_shows_planned_groups_as_planned_not_missed(item, world, signed_in):
    screen_agenda_item(agenda_item=item, answers=answers(affected_groups=[world.carers]))
    item.activities.set([ActivityFactory(title="Carers' café", groups=[world.carers])])
    page = signed_in.get(f"/board/items/{item.pk}/").content.decode()
    review = page[page.index('id="review"') :]
    assert "Planned to reach" in review
    assert "Missed" not in review and "missed:" not in review


# The API -----------------------------------------------------------------------------------------


def test_the_api_gives_the_explanation_method_reasons_and_the_decision_timing(as_, item, world):
    cafe = MethodFactory(name="Carers' café")
    evaluated(cafe, world.carers)
    screen_agenda_item(agenda_item=item, answers=answers(affected_groups=[world.carers], changes_services="yes"))
    data = as_("board_member").get(f"agenda-items/{item.pk}/screening").json()["recommendation"]
    assert data["explanation"].startswith(
        "Because people can still choose between options and it changes a service people use, or how they reach it, "
        "the board should consult the people affected before it decides"
    )
    assert data["method_reasons"] == [
        {"id": cafe.pk, "name": "Carers' café", "why": "Worked well with carers in 1 evaluation (rated 5.0 out of 5)."}
    ]
    assert data["decision_on"] == timezone.localdate(item.meeting.starts_at).isoformat()
    assert date.fromisoformat(data["work_done_by"]) == date.fromisoformat(data["decision_on"]) - timedelta(days=7)
    assert data["enough_time"] is False  # the meeting is in 20 days: 13 before the papers go out
