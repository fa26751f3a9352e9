"""Every role against every board page, as a matrix, and writes refused to those who may only read."""

import pytest

from engaging.board.models import Screening, ScreeningAction
from engaging.board.services import screen_agenda_item
from tests.board.conftest import answers, form_data, rule
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rules")]

ROLES = ["officer_council", "officer_healthwatch", "coordinator", "board_member", "no_role", "anonymous"]
EVERYONE = {"officer_council", "officer_healthwatch", "coordinator", "board_member"}
RUNS_THE_BOARD = {"coordinator", "board_member"}
SCREENERS = {"coordinator", "board_member", "officer_council"}  # the council leads the item


def login(client, world, role):
    if role == "anonymous":
        return
    user = UserFactory(username="no-role") if role == "no_role" else getattr(world, role)
    client.force_login(user)


@pytest.fixture
def records(board, meeting, item):
    made = rule(question="influence", answer="some", action="Publish the options", action_due_days=7)
    screening = screen_agenda_item(agenda_item=item, answers=answers())
    return {
        "board": board.pk,
        "meeting": meeting.pk,
        "item": item.pk,
        "action": screening.actions.get().pk,
        "rule": made.pk,
    }


PAGES = [
    ("/board/", EVERYONE),
    ("/board/boards/{board}/", EVERYONE),
    ("/board/meetings/{meeting}/", EVERYONE),
    ("/board/items/{item}/", EVERYONE),
    ("/board/actions/", EVERYONE),
    ("/board/rules/", EVERYONE),
    ("/board/boards/new/", {"coordinator"}),
    ("/board/boards/{board}/edit/", {"coordinator"}),
    ("/board/meetings/new/", RUNS_THE_BOARD),
    ("/board/meetings/{meeting}/edit/", RUNS_THE_BOARD),
    ("/board/meetings/{meeting}/items/new/", RUNS_THE_BOARD),
    ("/board/items/{item}/edit/", RUNS_THE_BOARD),
    ("/board/items/{item}/screening/", SCREENERS),
    ("/board/items/{item}/activities/", SCREENERS),
    ("/board/items/{item}/actions/new/", SCREENERS),
    ("/board/actions/{action}/edit/", SCREENERS),
    ("/board/rules/new/", {"coordinator"}),
    ("/board/rules/{rule}/edit/", {"coordinator"}),
    ("/board/rules/{rule}/archive/", {"coordinator"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("page", "allowed"), PAGES, ids=[page for page, _ in PAGES])
def test_who_may_open_each_page(client, world, records, role, page, allowed):
    login(client, world, role)
    response = client.get(page.format(**records))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    else:
        assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", ["officer_healthwatch", "no_role"])
def test_those_who_may_not_screen_change_nothing(client, world, records, role, item):
    login(client, world, role)
    before = Screening.objects.get().updated_at
    assert client.post(f"/board/items/{item.pk}/screening/", form_data(influence="full")).status_code == 403
    assert client.post(f"/board/items/{item.pk}/gunning/", {"gunning_time": "on"}).status_code == 403
    action = ScreeningAction.objects.get()
    assert client.post(f"/board/actions/{action.pk}/done/", {"done": "1"}).status_code == 403
    assert client.post(f"/board/items/{item.pk}/activities/", {"activity": "1", "action": "link"}).status_code == 403
    screening = Screening.objects.get()
    assert screening.updated_at == before and screening.influence == "some" and not screening.gunning_time
    assert ScreeningAction.objects.get().done_on is None


def test_an_officer_whose_organisation_owns_an_action_may_follow_it_up(client, world, records):
    action = ScreeningAction.objects.get()
    client.force_login(world.officer_healthwatch)
    assert client.get(f"/board/actions/{action.pk}/edit/").status_code == 403
    action.owner_organisation = world.healthwatch
    action.save()
    assert client.get(f"/board/actions/{action.pk}/edit/").status_code == 200
    client.post(f"/board/actions/{action.pk}/done/", {"done": "1"})
    action.refresh_from_db()
    assert action.done_on is not None


def test_a_board_member_may_not_change_rules(client, world, records):
    client.force_login(world.board_member)
    assert client.post("/board/rules/new/", {"when": "influence=full", "reason": "x", "weight": "1"}).status_code == 403
    assert client.post(f"/board/rules/{records['rule']}/archive/").status_code == 403
    from engaging.board.models import ScreeningRule

    assert ScreeningRule.objects.count() == 1


def test_pages_show_only_the_buttons_a_role_may_use(client, world, records, item):
    client.force_login(world.officer_healthwatch)
    page = client.get(f"/board/items/{item.pk}/").content.decode()
    assert "Screen again" not in page and "Edit the item" not in page and "Mark as done" not in page
    client.force_login(world.officer_council)
    page = client.get(f"/board/items/{item.pk}/").content.decode()
    assert "Screen again" in page and "Mark as done" in page and "Edit the item" not in page


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_the_add_buttons_show_only_to_those_the_rules_let_add(client, world, records, role):
    """Board members and coordinators arrange the board's meetings; only coordinators add boards."""
    login(client, world, role)
    user = getattr(world, role)
    may_add_meetings = user.has_perm("board.manage_meetings")
    assert may_add_meetings == (role in RUNS_THE_BOARD)
    for path in ("/board/", f"/board/boards/{records['board']}/"):
        page = client.get(path).content.decode()
        assert ('href="/board/meetings/new/' in page) == may_add_meetings, path
        assert ("Add a meeting" in page) == may_add_meetings, path
    index = client.get("/board/").content.decode()
    assert ("Add a board" in index) == (role == "coordinator")
    # The button leads somewhere the person may go.
    assert client.get("/board/meetings/new/").status_code == (200 if may_add_meetings else 403)
