"""The board's pages: they work, refuse what they should, and keep bad input out."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from engaging.board.models import AgendaItem, Board, Meeting, Screening, ScreeningAction
from engaging.board.services import screen_agenda_item
from tests.board.conftest import answers, form_data, rule
from tests.factories import ActivityFactory, GroupFactory
from tests.insight.factories import FindingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.board_member)
    return client


def test_the_index_shows_each_boards_meetings_and_the_overdue_count(signed_in, board, meeting, item, no_rules):
    past = Meeting.objects.create(board=board, starts_at=timezone.now() - timedelta(days=40), venue="Town Hall")
    rule(question="influence", answer="some", action="Publish the options", action_due_days=1)
    screen_agenda_item(agenda_item=item, answers=answers(), today=date.today() - timedelta(days=3))
    page = signed_in.get("/board/").content.decode()
    assert board.name in page
    assert f"/board/meetings/{meeting.pk}/" in page and f"/board/meetings/{past.pk}/" in page
    assert "1 screening action is overdue" in page


def test_the_meeting_page_lists_items_with_their_screening_status(signed_in, meeting, item, world, no_rules):
    other = AgendaItem.objects.create(
        meeting=meeting, title="JSNA refresh", lead_organisation=world.healthwatch, decision_sought="Note", order=2
    )
    rule(question="influence", answer="some", recommends_type="consultation", recommends_level="consult")
    screen_agenda_item(agenda_item=item, answers=answers())
    page = signed_in.get(f"/board/meetings/{meeting.pk}/").content.decode()
    assert page.index(item.title) < page.index(other.title)
    assert "Screened" in page and "Consultation, consult" in page and "Not screened" in page


def test_a_board_member_adds_a_meeting_and_an_agenda_item(signed_in, board, world):
    response = signed_in.post(
        "/board/meetings/new/",
        {"board": board.pk, "date": "2031-05-14", "time": "14:00", "venue": "Council House", "is_public": "on"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/board/meetings/{meeting.pk}/"
    assert timezone.localtime(meeting.starts_at).hour == 14 and meeting.is_public
    response = signed_in.post(
        f"/board/meetings/{meeting.pk}/items/new/",
        {"title": "Mental health strategy", "lead_organisation": world.council.pk, "decision_sought": "Agree it"},
    )
    item = AgendaItem.objects.get()
    assert response["Location"] == f"/board/items/{item.pk}/"
    assert item.meeting == meeting and item.order == 1  # the end of an empty agenda


BAD_MEETINGS = [
    ({}, ["Choose the board", "Enter the date of the meeting", "Enter the time the meeting starts"]),
    ({"date": "2031-02-30", "time": "25:00"}, ["Enter the date as a real date", "Enter the time like 14:00"]),
    ({"date": "1800-01-01", "time": "10:00"}, ["Enter a date between 1900 and 2199"]),
    ({"papers_url": "not a link", "date": "2031-01-01", "time": "10:00"}, ["Enter the link to the papers"]),
]


@pytest.mark.parametrize(("data", "messages"), BAD_MEETINGS)
def test_a_bad_meeting_shows_errors_and_saves_nothing(signed_in, board, data, messages):
    data = {"board": board.pk, **data} if data else {}
    response = signed_in.post("/board/meetings/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "<title>Error: " in page
    for message in messages:
        assert message in page
    assert not Meeting.objects.exists()


def test_a_bad_agenda_item_saves_nothing(signed_in, meeting):
    response = signed_in.post(f"/board/meetings/{meeting.pk}/items/new/", {"title": "", "order": "-1"})
    page = response.content.decode()
    for message in ("Enter the item&#x27;s title", "Choose the lead organisation", "Enter the decision the board"):
        assert message in page
    assert "The place on the agenda cannot be negative" in page
    assert not AgendaItem.objects.exists()


def test_screening_an_item_shows_the_recommendation_and_its_reasons(signed_in, item, world, no_rules):
    made = rule(
        question="changes_services",
        answer="yes",
        recommends_type="consultation",
        recommends_level="consult",
        reason="Services change, so people must have a say.",
        action="Publish the timetable",
        action_due_days=14,
    )
    response = signed_in.post(f"/board/items/{item.pk}/screening/", form_data(changes_services="yes"))
    assert response.status_code == 302 and response["Location"] == f"/board/items/{item.pk}/#recommendation"
    screening = Screening.objects.get(agenda_item=item)
    assert screening.screened_by == world.board_member
    assert screening.reasons[0]["rule"] == made.pk
    page = signed_in.get(f"/board/items/{item.pk}/").content.decode()
    for text in (
        "Consultation",
        "Services change, so people must have a say.",
        "Sets the type: consultation; sets the level: consult",
        "Publish the timetable",
        "Fair consultation: the Gunning principles",
        "Not all four principles are met yet",
    ):
        assert text in page, text


def test_the_screening_form_offers_current_relevant_findings_and_seldom_heard_groups_first(signed_in, item, world):
    travellers = GroupFactory(name="Travellers", category="seldom_heard")
    source = ActivityFactory(title="Urgent care survey", lead_organisation=world.healthwatch)
    current = FindingFactory(activity=source, statement="People want urgent care open in the evening.")
    current.groups.set([world.carers])
    stale = FindingFactory(
        activity=source, statement="Urgent care queues were long.", heard_on=date.today() - timedelta(days=1000)
    )
    page = signed_in.get(f"/board/items/{item.pk}/screening/").content.decode()
    assert "People want urgent care open in the evening." in page
    assert stale.statement not in page
    assert page.index("Travellers (seldom heard)") < page.index(world.carers.name)
    assert travellers.pk  # listed


def test_showing_findings_for_chosen_groups_saves_nothing(signed_in, item, world):
    source = ActivityFactory(title="Carers' café", lead_organisation=world.healthwatch)
    finding = FindingFactory(activity=source, statement="Carers need breaks they can book.")
    finding.groups.set([world.carers])
    response = signed_in.post(
        f"/board/items/{item.pk}/screening/", {"affected_groups": [world.carers.pk], "refresh": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Carers need breaks they can book." in page
    assert "There is a problem" not in page
    assert not Screening.objects.exists()


def test_bad_screening_answers_show_errors_and_change_nothing(signed_in, item, no_rules):
    screen_agenda_item(agenda_item=item, answers=answers(influence="some"))
    before = Screening.objects.get().updated_at
    response = signed_in.post(
        f"/board/items/{item.pk}/screening/",
        {"influence": "everything", "insight_reused": ["abc"], "legal_duties": ["999999"]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    for message in (
        "Choose whether it changes services or how people reach them",
        "Choose how much time there is before the decision",
        "Choose the groups affected, or say who else is affected",
        "Choose findings from the list",
        "Choose legal duties from the list",
    ):
        assert message in page, message
    screening = Screening.objects.get()
    assert screening.updated_at == before and screening.influence == "some"


def test_a_stale_finding_cannot_be_ticked(signed_in, item, world):
    stale = FindingFactory(statement="Old news.", heard_on=date.today() - timedelta(days=1000))
    response = signed_in.post(f"/board/items/{item.pk}/screening/", form_data(insight_reused=[stale]))
    assert "that one is no longer current" in response.content.decode()
    assert not Screening.objects.exists()


def test_the_gunning_checklist_is_saved_and_refused_when_consultation_is_not_recommended(signed_in, item, no_rules):
    rule(question="influence", answer="some", recommends_type="consultation")
    screen_agenda_item(agenda_item=item, answers=answers(influence="some"))
    signed_in.post(f"/board/items/{item.pk}/gunning/", {"gunning_formative": "on", "gunning_time": "on"})
    screening = Screening.objects.get()
    assert (screening.gunning_formative, screening.gunning_reasons, screening.gunning_time) == (True, False, True)
    screen_agenda_item(agenda_item=item, answers=answers(influence="much"))
    response = signed_in.post(f"/board/items/{item.pk}/gunning/", {"gunning_reasons": "on"}, follow=True)
    assert "only when consultation is recommended" in response.content.decode()
    assert not Screening.objects.get().gunning_reasons


def test_linking_and_unlinking_activities(signed_in, item, council_activity):
    page = signed_in.get(f"/board/items/{item.pk}/activities/").content.decode()
    assert f'<input type="hidden" name="activity" value="{council_activity.pk}">' in page  # the lead's own are offered
    signed_in.post(f"/board/items/{item.pk}/activities/", {"activity": council_activity.pk, "action": "link"})
    assert list(item.activities.all()) == [council_activity]
    page = signed_in.get(f"/board/items/{item.pk}/activities/?q=carers wellbeing").content.decode()
    assert "Unlink" in page
    signed_in.post(f"/board/items/{item.pk}/activities/", {"activity": council_activity.pk, "action": "unlink"})
    assert not item.activities.exists()
    response = signed_in.post(f"/board/items/{item.pk}/activities/", {"activity": "999999", "action": "link"})
    assert response.status_code == 302 and not item.activities.exists()


def test_actions_are_changed_and_marked_done(signed_in, item, world, no_rules):
    rule(question="influence", answer="some", action="Publish the options", action_due_days=10)
    screening = screen_agenda_item(agenda_item=item, answers=answers())
    action = screening.actions.get()
    response = signed_in.post(
        f"/board/actions/{action.pk}/edit/",
        {
            "description": "Publish the options online",
            "owner_organisation": world.healthwatch.pk,
            "due_on": "2031-01-31",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.owner_organisation, action.due_on) == (
        "Publish the options online",
        world.healthwatch,
        date(2031, 1, 31),
    )
    signed_in.post(f"/board/actions/{action.pk}/done/", {"done": "1"})
    action.refresh_from_db()
    assert action.done_on == date.today()
    signed_in.post(f"/board/actions/{action.pk}/done/", {"done": "maybe"})
    action.refresh_from_db()
    assert action.done_on == date.today()  # a value that is not an answer changes nothing
    signed_in.post(f"/board/actions/{action.pk}/done/", {"done": "0"})
    action.refresh_from_db()
    assert action.done_on is None
    response = signed_in.post(f"/board/actions/{action.pk}/edit/", {"description": "", "due_on": "someday"})
    assert "Enter what needs doing" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Publish the options online"


def test_an_action_added_by_hand_is_kept_when_screening_again(signed_in, item, world, no_rules):
    screen_agenda_item(agenda_item=item, answers=answers())
    signed_in.post(
        f"/board/items/{item.pk}/actions/new/",
        {"description": "Ask the youth forum", "owner_organisation": world.council.pk, "due_on": "2031-02-01"},
    )
    screen_agenda_item(agenda_item=item, answers=answers(influence="much"))
    assert list(ScreeningAction.objects.values_list("description", flat=True)) == ["Ask the youth forum"]


def test_the_rules_page_lists_rules_and_a_coordinator_adds_one(client, world, no_rules):
    client.force_login(world.coordinator)
    response = client.post(
        "/board/rules/new/",
        {
            "when": "time_available=under_4",
            "recommends_level": "inform",
            "action": "Move the decision date",
            "action_due_days": "7",
            "reason": "Too little time for a fair consultation.",
            "weight": "40",
        },
    )
    assert response.status_code == 302
    page = client.get("/board/rules/").content.decode()
    assert "Too little time for a fair consultation." in page and "Under 4 weeks" in page


BAD_RULES = [
    ({}, ["Choose the question and answer", "Enter why this answer leads to this recommendation", "Enter a weight"]),
    ({"when": "influence=everything", "reason": "x", "weight": "5"}, ["Choose from the list"]),
    ({"when": "influence=full", "reason": "x", "weight": "5000"}, ["Enter a weight from 0 to 1000"]),
    ({"when": "influence=full", "reason": "x", "weight": "5", "action": "Do it"}, ["Enter how many days"]),
    ({"when": "influence=full", "reason": "x", "weight": "5", "action_due_days": "3"}, ["Enter the action, or leave"]),
    ({"when": "influence=full", "reason": "x", "weight": "5", "recommends_type": "party"}, ["Select a valid choice"]),
]


@pytest.mark.parametrize(("data", "messages"), BAD_RULES)
def test_a_bad_rule_shows_errors_and_saves_nothing(client, world, no_rules, data, messages):
    client.force_login(world.coordinator)
    page = client.post("/board/rules/new/", data).content.decode()
    assert "There is a problem" in page
    for message in messages:
        assert message in page
    from engaging.board.models import ScreeningRule

    assert not ScreeningRule.everything.exists()


def test_a_rule_is_archived_and_restored(client, world, no_rules):
    made = rule(question="influence", answer="full", recommends_type="co_production")
    client.force_login(world.coordinator)
    assert "Archive a screening rule" in client.get(f"/board/rules/{made.pk}/archive/").content.decode()
    client.post(f"/board/rules/{made.pk}/archive/")
    made.refresh_from_db()
    assert made.is_archived
    client.post(f"/board/rules/{made.pk}/restore/")
    made.refresh_from_db()
    assert not made.is_archived


@pytest.mark.parametrize(
    "path",
    [
        "/board/boards/999999/",
        "/board/meetings/999999/",
        "/board/items/999999/",
        "/board/items/999999/screening/",
        "/board/actions/999999/edit/",
    ],
)
def test_a_missing_record_is_404(signed_in, path):
    assert signed_in.get(path).status_code == 404


def test_an_item_of_an_archived_meeting_is_404(signed_in, meeting, item):
    meeting.archive()
    assert signed_in.get(f"/board/items/{item.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/board/items/{item}/gunning/", "/board/actions/1/done/", "/board/rules/{rule}/restore/"]
)
def test_posting_pages_refuse_get(client, world, item, path, no_rules):
    client.force_login(world.coordinator)
    made = rule(question="influence", answer="full")
    assert client.get(path.format(item=item.pk, rule=made.pk)).status_code == 405


def test_a_coordinator_adds_and_edits_a_board(client, world):
    client.force_login(world.coordinator)
    client.post("/board/boards/new/", {"name": "Black Country board", "members": [world.council.pk]})
    board = Board.objects.get(name="Black Country board")
    assert list(board.members.all()) == [world.council]
    client.post(f"/board/boards/{board.pk}/edit/", {"name": "Black Country Health and Wellbeing Board"})
    board.refresh_from_db()
    assert board.name == "Black Country Health and Wellbeing Board" and not board.members.exists()
    page = client.post("/board/boards/new/", {"name": board.name}).content.decode()
    assert "A board with this name exists" in page


def test_the_item_page_lists_each_time_it_was_screened(signed_in, item, no_rules):
    rule(question="influence", answer="some", recommends_type="consultation")
    rule(question="influence", answer="full", recommends_type="co_production")
    screen_agenda_item(agenda_item=item, answers=answers(influence="some"))
    page = signed_in.get(f"/board/items/{item.pk}/").content.decode()
    assert "Each time this item was screened" not in page  # only once so far
    screen_agenda_item(agenda_item=item, answers=answers(influence="full"))
    response = signed_in.get(f"/board/items/{item.pk}/")
    assert [h.recommended_type for h in response.context["earlier"]] == ["co_production", "consultation"]
    assert "Each time this item was screened" in response.content.decode()
