"""The board's API: public meetings for anyone, screenings for the partnership, writes by the page's rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engaging.board.models import AgendaItem, Meeting, Screening
from engaging.board.services import screen_agenda_item
from tests.api.conftest import ApiClient, assert_error_shape
from tests.board.conftest import answers, rule
from tests.factories import GroupFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rules")]

PERSONAS = ("officer_council", "officer_healthwatch", "coordinator", "board_member")


@pytest.fixture
def private(board, world):
    meeting = Meeting.objects.create(board=board, starts_at=timezone.now() + timedelta(days=5), is_public=False)
    item = AgendaItem.objects.create(
        meeting=meeting, title="Staffing", lead_organisation=world.council, decision_sought="Note it"
    )
    return meeting, item


@pytest.fixture
def screened(item):
    rule(
        question="changes_services",
        answer="yes",
        recommends_type="consultation",
        recommends_level="consult",
        action="Publish the timetable",
        action_due_days=14,
    )
    return screen_agenda_item(agenda_item=item, answers=answers(changes_services="yes"))


def body(world, **changes) -> dict:
    data = {
        "changes_services": "yes",
        "affected_groups": [world.carers.pk],
        "influence": "some",
        "time_available": "4_to_12",
        "community_interest": "medium",
        "partner_capability": "low",
    }
    data.update(changes)
    return data


def test_anyone_lists_public_meetings_only(anon, as_, meeting, item, private):
    listed = anon.get("meetings").json()
    assert [m["id"] for m in listed["items"]] == [meeting.pk]
    assert listed["items"][0]["item_count"] == 1 and "notes" not in listed["items"][0]
    partner = as_("officer_healthwatch").get("meetings").json()
    assert {m["id"] for m in partner["items"]} == {meeting.pk, private[0].pk}
    assert "notes" in partner["items"][0]


def test_meetings_filter_by_board_and_dates(as_, board, meeting):
    client = as_("coordinator")
    day = timezone.localtime(meeting.starts_at).date()
    assert client.get("meetings", board=board.pk).json()["count"] == 1
    assert client.get("meetings", board=999999).json()["count"] == 0
    assert client.get("meetings", starts_after=day.isoformat(), starts_before=day.isoformat()).json()["count"] == 1
    assert client.get("meetings", starts_after=(day + timedelta(days=1)).isoformat()).json()["count"] == 0
    assert_error_shape(client.get("meetings", starts_after="tomorrow"), 400, "starts_after")
    assert_error_shape(client.get("meetings", colour="red"), 400, "colour")


def test_a_meeting_comes_with_its_items(anon, as_, meeting, item, private):
    data = anon.get(f"meetings/{meeting.pk}").json()
    assert [i["title"] for i in data["items"]] == [item.title]
    assert "activities" not in data["items"][0] and "screened" not in data["items"][0]
    assert_error_shape(anon.get(f"meetings/{private[0].pk}"), 404)
    assert as_("board_member").get(f"meetings/{private[0].pk}").json()["items"][0]["title"] == "Staffing"
    assert_error_shape(anon.get("meetings/99999999999999999999"), 404)


def test_agenda_items_list_and_detail(anon, as_, meeting, item, private, council_activity):
    item.activities.add(council_activity)
    assert [i["id"] for i in anon.get("agenda-items").json()["items"]] == [item.pk]
    assert anon.get("agenda-items", meeting=private[0].pk).json()["count"] == 0
    partner = as_("officer_council").get(f"agenda-items/{item.pk}").json()
    assert partner["activities"] == [council_activity.pk] and partner["screened"] is False
    assert_error_shape(anon.get(f"agenda-items/{private[1].pk}"), 404)


def test_screenings_are_internal(anon, as_, item, screened, client, world):
    response = anon.get(f"agenda-items/{item.pk}/screening")
    assert_error_shape(response, 401)
    nobody = UserFactory(username="nobody")
    client.force_login(nobody)
    assert_error_shape(ApiClient(client=client).get(f"agenda-items/{item.pk}/screening"), 403)
    for persona in PERSONAS:
        assert as_(persona).get(f"agenda-items/{item.pk}/screening").status_code == 200


def test_a_screening_has_answers_recommendation_reasons_gunning_and_actions(as_, item, screened):
    data = as_("board_member").get(f"agenda-items/{item.pk}/screening").json()
    assert data["answers"]["changes_services"] == "yes"
    assert (data["recommendation"]["type"], data["recommendation"]["level"]) == ("consultation", "consult")
    assert data["reasons"][0]["question"] == "changes_services" and data["reasons"][0]["answer"] == "yes"
    assert data["reasons"][0]["effect"].startswith("Sets the type: consultation")
    assert data["gunning"] == {
        "applies": True,
        "formative": False,
        "reasons": False,
        "time": False,
        "considered": False,
        "all_met": False,
    }
    [action] = data["actions"]
    assert action["description"] == "Publish the timetable" and action["overdue"] is False


def test_an_unscreened_item_has_no_screening(as_, item):
    assert_error_shape(as_("coordinator").get(f"agenda-items/{item.pk}/screening"), 404)


def test_put_screens_and_screens_again(as_, item, world):
    travellers = GroupFactory(name="Travellers", category="seldom_heard")
    rule(question="influence", answer="full", recommends_type="co_production", recommends_level="collaborate")
    client = as_("officer_council")
    first = client.put(
        f"agenda-items/{item.pk}/screening", body(world, affected_groups=[world.carers.pk, travellers.pk])
    )
    assert first.status_code == 201, first.content
    groups = first.json()["recommendation"]["groups"]
    assert [g["name"] for g in groups] == ["Travellers", "Carers"] and groups[0]["seldom_heard"] is True
    again = client.post(f"agenda-items/{item.pk}/screening", body(world, influence="full"))
    assert again.status_code == 200
    assert again.json()["recommendation"]["type"] == "co_production"
    assert Screening.objects.get().screened_by == world.officer_council


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"influence": None}, "influence"),
        ({"influence": "everything"}, "influence"),
        ({"affected_groups": [], "who_is_affected": ""}, "affected_groups"),
        ({"affected_groups": ["one"]}, "affected_groups"),
        ({"insight_reused": [999999]}, "insight_reused"),
        ({"legal_duties": [999999]}, "legal_duties"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_answers_are_400_and_change_nothing(as_, item, world, changes, field):
    data = {k: v for k, v in body(world, **changes).items() if v is not None}
    response = as_("coordinator").put(f"agenda-items/{item.pk}/screening", data)
    assert_error_shape(response, 400, field)
    assert not Screening.objects.exists()


def test_writes_follow_the_pages_rules(anon, as_, item, private, world):
    assert_error_shape(anon.put(f"agenda-items/{item.pk}/screening", body(world)), 401)
    assert_error_shape(as_("officer_healthwatch").put(f"agenda-items/{item.pk}/screening", body(world)), 403)
    assert_error_shape(as_("coordinator").put("agenda-items/99999/screening", body(world)), 404)
    assert not Screening.objects.exists()
    assert as_("board_member").put(f"agenda-items/{private[1].pk}/screening", body(world)).status_code == 201


def test_the_meeting_list_takes_the_same_queries_however_many_meetings(as_, board, world, settings):
    settings.KEEP_PAGES = False  # the work of listing, not a page kept from the last request
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_("coordinator")
    Meeting.objects.create(board=board, starts_at=timezone.now())
    client.get("meetings")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as small:
        client.get("meetings")
    for n in range(5):
        meeting = Meeting.objects.create(board=board, starts_at=timezone.now() + timedelta(days=n))
        AgendaItem.objects.create(meeting=meeting, title="x", lead_organisation=world.council, decision_sought="y")
    with CaptureQueriesContext(connection) as large:
        assert client.get("meetings").json()["count"] == 6
    assert len(small) == len(large)


def test_the_board_endpoints_are_documented(anon):
    spec = anon.get("openapi.json").json()
    for path in ("meetings", "meetings/{id}", "agenda-items", "agenda-items/{id}", "agenda-items/{id}/screening"):
        assert f"/api/v1/{path}" in spec["paths"], path
    assert {"put", "post", "get"} <= set(spec["paths"]["/api/v1/agenda-items/{id}/screening"])
    schemas = spec["components"]["schemas"]
    assert {"ScreeningOut", "ScreeningIn", "ScreeningReason", "GunningChecklist"} <= set(schemas)
    assert "reasons" in schemas["ScreeningOut"]["properties"]
