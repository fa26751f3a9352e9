"""Where each person starts: officers and coordinators on "Your work", board members on the board's pages."""

import pytest

from engaging.accounts.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username: str, **extra):
    return client.post("/accounts/sign-in/" + extra.get("query", ""), {"username": username, "password": "engage-test"})


@pytest.mark.parametrize(
    "username, lands_on",
    [
        ("officer-council", "/register/your-work/"),
        ("coordinator", "/register/your-work/"),
        ("board-member", "/board/"),
    ],
)
def test_after_signing_in_each_role_lands_on_its_own_page(client, world, username, lands_on):
    response = sign_in(client, username)
    assert response.status_code == 302 and response["Location"] == lands_on


def test_someone_on_their_way_to_a_page_is_taken_there_whatever_their_role(client, world):
    response = sign_in(client, "board-member", query="?next=/assurance/")
    assert response["Location"] == "/assurance/"


def test_a_board_member_who_is_also_an_officer_starts_on_their_work(client, world):
    MembershipFactory(user=world.board_member, organisation=world.healthwatch, role=Membership.Role.OFFICER)
    assert sign_in(client, "board-member")["Location"] == "/register/your-work/"


def test_the_hubs_home_takes_a_board_member_to_the_board_and_shows_others_the_residents_home(client, world):
    client.force_login(world.board_member)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/board/"
    board = client.get("/board/").content.decode()
    # The dashboard is one click away: in the page and in the menu.
    assert board.count('href="/assurance/"') == 2
    client.force_login(world.officer_council)
    assert client.get("/").status_code == 200
    client.logout()
    assert client.get("/").status_code == 200
