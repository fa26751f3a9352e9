"""The board's index, meeting page, item page and lists take the same number of queries however much there is."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engaging.board.models import AgendaItem, Board, Meeting, ScreeningAction
from engaging.board.services import screen_agenda_item
from engaging.insight.models import FindingUse
from engaging.register.models import ParticipantCount
from tests.board.conftest import answers, rule
from tests.factories import ActivityFactory
from tests.insight.factories import FindingFactory
from tests.loop.factories import ResponseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rules")]


@pytest.fixture(autouse=True)
def worked_out(settings):
    settings.KEEP_PAGES = False  # the work of the page, not a page kept from the last request


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def add_meeting(board, world, n: int, *, items: int = 2):
    meeting = Meeting.objects.create(
        board=board, starts_at=timezone.now() + timedelta(days=(-1) ** n * (10 + n)), venue=f"Room {n}"
    )
    for position in range(items):
        item = AgendaItem.objects.create(
            meeting=meeting,
            title=f"Item {n}.{position}",
            lead_organisation=world.council,
            decision_sought="Agree it",
            order=position,
        )
        screen_agenda_item(agenda_item=item, answers=answers(), today=date.today() - timedelta(days=30))
        item.activities.add(ActivityFactory(lead_organisation=world.council))
    return meeting


@pytest.fixture
def with_actions():
    rule(question="influence", answer="some", action="Publish the options", action_due_days=7)


def test_the_index_does_not_grow_with_boards_and_meetings(client, world, with_actions):
    client.force_login(world.board_member)
    first = Board.objects.create(name="First board")
    add_meeting(first, world, 1)
    small = count_queries(client, "/board/")
    second = Board.objects.create(name="Second board")
    for n in range(2, 8):
        add_meeting(second if n % 2 else first, world, n)
    assert count_queries(client, "/board/") == small


def test_the_meeting_page_does_not_grow_with_items(client, world, board, with_actions):
    client.force_login(world.board_member)
    meeting = add_meeting(board, world, 1, items=1)
    small = count_queries(client, f"/board/meetings/{meeting.pk}/")
    for position in range(1, 7):
        item = AgendaItem.objects.create(
            meeting=meeting, title=f"More {position}", lead_organisation=world.healthwatch, decision_sought="Note it"
        )
        if position % 2:
            screen_agenda_item(agenda_item=item, answers=answers())
    assert count_queries(client, f"/board/meetings/{meeting.pk}/") == small


def test_the_item_page_does_not_grow_with_actions_and_activities(client, world, board, with_actions):
    client.force_login(world.board_member)
    meeting = add_meeting(board, world, 1, items=1)
    item = meeting.items.get()
    small = count_queries(client, f"/board/items/{item.pk}/")
    screening = item.screening
    for n in range(5):
        ScreeningAction.objects.create(screening=screening, description=f"Extra {n}", due_on=date.today())
        item.activities.add(ActivityFactory(lead_organisation=world.healthwatch))
    assert count_queries(client, f"/board/items/{item.pk}/") == small


def test_the_actions_list_does_not_grow_with_actions(client, world, board, with_actions):
    client.force_login(world.officer_council)
    add_meeting(board, world, 1, items=1)
    small = count_queries(client, "/board/actions/?status=all")
    add_meeting(board, world, 2, items=6)
    assert count_queries(client, "/board/actions/?status=all") == small


def test_the_item_page_takes_as_many_queries_with_no_activity_linked_as_with_activities_heard(client, world, board):
    """The review reads the linked activities through a subquery, so an item with nothing linked yet does not
    skip queries that one with activities, counts, findings and responses makes."""
    client.force_login(world.board_member)
    meeting = Meeting.objects.create(board=board, starts_at=timezone.now() + timedelta(days=20), venue="Hall")
    item = AgendaItem.objects.create(
        meeting=meeting, title="Libraries", lead_organisation=world.council, decision_sought="Agree it"
    )
    screen_agenda_item(agenda_item=item, answers=answers(affected_groups=[world.carers]))
    empty = count_queries(client, f"/board/items/{item.pk}/")
    for n in range(3):
        under_way = ActivityFactory(lead_organisation=world.council, groups=[world.carers, world.young_people])
        item.activities.add(under_way)
        ParticipantCount.objects.create(activity=under_way, group=world.young_people, count=n + 1)
        FindingUse.objects.create(finding=FindingFactory(), activity=under_way)
        ResponseFactory(findings=[FindingFactory(activity=under_way)])
    page = client.get(f"/board/items/{item.pk}/").content.decode()
    assert "Planned to reach" in page or "Not reached yet" in page
    assert count_queries(client, f"/board/items/{item.pk}/") == empty
