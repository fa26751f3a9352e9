"""Overdue screening actions: the boundary, the flag on the index, and the list of actions."""

from datetime import date, timedelta

import pytest

from engaging.board.models import AgendaItem, Screening, ScreeningAction
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2031, 6, 15)


@pytest.fixture
def screening(item):
    return Screening.objects.create(
        agenda_item=item,
        changes_services="yes",
        influence="some",
        time_available="4_to_12",
        community_interest="medium",
        partner_capability="medium",
    )


def action(screening, due_on, done_on=None, **fields):
    return ScreeningAction.objects.create(
        screening=screening,
        description=fields.pop("description", f"Due {due_on}"),
        due_on=due_on,
        done_on=done_on,
        **fields,
    )


def test_an_action_due_today_is_not_overdue_until_tomorrow(screening):
    yesterday = action(screening, TODAY - timedelta(days=1))
    today = action(screening, TODAY)
    action(screening, TODAY + timedelta(days=1))
    action(screening, TODAY - timedelta(days=30), done_on=TODAY - timedelta(days=1))  # done late: not overdue
    assert list(ScreeningAction.objects.overdue(TODAY)) == [yesterday]
    assert yesterday.is_overdue(TODAY) and not today.is_overdue(TODAY)
    assert today.is_overdue(TODAY + timedelta(days=1))


def test_actions_of_archived_items_are_left_out(screening, item):
    action(screening, date.today() - timedelta(days=5))
    assert ScreeningAction.objects.live().overdue().count() == 1
    AgendaItem.objects.get(pk=item.pk).archive()
    assert ScreeningAction.objects.live().overdue().count() == 0


def test_the_index_counts_overdue_actions(client, world, screening):
    action(screening, date.today() - timedelta(days=1))
    action(screening, date.today())
    client.force_login(world.officer_healthwatch)
    page = client.get("/board/").content.decode()
    assert "1 screening action is overdue" in page


def test_the_actions_list_filters_by_organisation_owner_and_status(client, world, screening):
    other = OrganisationFactory(name="Dudley CVS")
    late = action(screening, date.today() - timedelta(days=3), owner_organisation=world.council, description="Late")
    soon = action(
        screening,
        date.today() + timedelta(days=3),
        owner_organisation=other,
        owner=world.officer_council,
        description="Soon",
    )
    done = action(screening, date.today() - timedelta(days=9), done_on=date.today(), description="Finished")
    client.force_login(world.board_member)

    def shown(query=""):
        response = client.get(f"/board/actions/{query}")
        assert response.status_code == 200
        return {a.description for a in response.context["actions"]}

    assert shown() == {late.description, soon.description}  # not done, by default
    assert shown("?status=overdue") == {late.description}
    assert shown("?status=done") == {done.description}
    assert shown("?status=all") == {"Late", "Soon", "Finished"}
    assert shown(f"?organisation={other.pk}") == {"Soon"}
    assert shown(f"?owner={world.officer_council.pk}&status=all") == {"Soon"}
    page = client.get("/board/actions/").content.decode()
    assert "Overdue" in page


def test_a_bad_filter_shows_an_error_and_no_actions(client, world, screening):
    action(screening, date.today())
    client.force_login(world.board_member)
    response = client.get("/board/actions/?organisation=999999&status=whenever")
    page = response.content.decode()
    assert "Choose an organisation from the list" in page and "Choose a status from the list" in page
    assert response.context["actions"] == []
