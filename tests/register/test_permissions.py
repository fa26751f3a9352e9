"""Every role against every action in the register, as a matrix."""

import pytest

from engaging.register.models import Activity, JoinUp
from tests.factories import UserFactory

ROLES = ["officer_council", "officer_healthwatch", "coordinator", "board_member", "no_role", "anonymous"]


def login(client, world, role):
    if role == "anonymous":
        return
    user = UserFactory(username="no-role") if role == "no_role" else getattr(world, role)
    client.force_login(user)


def expect(role, allowed_roles):
    if role == "anonymous":
        return "login"
    return 200 if role in allowed_roles else 403


READ_PAGES = [
    "/register/",
    "/register/your-work/",
    "/register/{own}/",
    "/register/{own}/history/",
    "/register/calendar/",
    "/register/register.ics",
    "/joining-up/",
    "/joining-up/proposals/",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", READ_PAGES)
def test_internal_pages_are_for_people_with_a_role(client, world, council_activity, role, page):
    login(client, world, role)
    response = client.get(page.format(own=council_activity.pk))
    expected = expect(role, {"officer_council", "officer_healthwatch", "coordinator", "board_member"})
    if expected == "login":
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    else:
        assert response.status_code == expected


EDIT_PAGES = ["/register/{own}/edit/", "/register/{own}/participants/", "/register/{own}/archive/"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", EDIT_PAGES)
def test_only_the_lead_organisations_officers_and_coordinators_edit(client, world, council_activity, role, page):
    login(client, world, role)
    response = client.get(page.format(own=council_activity.pk))
    expected = expect(role, {"officer_council", "coordinator"})
    if expected == "login":
        assert response.status_code == 302
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_planning_a_new_activity(client, world, role):
    login(client, world, role)
    response = client.get("/register/new/")
    expected = expect(role, {"officer_council", "officer_healthwatch", "coordinator"})
    assert response.status_code == (302 if expected == "login" else expected)


@pytest.mark.parametrize("role", ROLES)
def test_changing_status(client, world, council_activity, role):
    login(client, world, role)
    response = client.post(f"/register/{council_activity.pk}/status/", {"status": "open"})
    council_activity.refresh_from_db()
    changed = role in {"officer_council", "coordinator"}
    assert (council_activity.status == "open") is changed
    if not changed:
        assert response.status_code in (302, 403)
        if role != "anonymous":
            assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_archiving(client, world, council_activity, role):
    login(client, world, role)
    client.post(f"/register/{council_activity.pk}/archive/")
    archived = Activity.everything.get(pk=council_activity.pk).is_archived
    assert archived is (role in {"officer_council", "coordinator"})


@pytest.mark.parametrize("role", ROLES)
def test_restoring_is_for_coordinators(client, world, council_activity, role):
    council_activity.archive()
    login(client, world, role)
    response = client.post(f"/register/{council_activity.pk}/restore/")
    restored = not Activity.everything.get(pk=council_activity.pk).is_archived
    assert restored is (role == "coordinator")
    if role not in ("coordinator", "anonymous"):
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_proposing_a_joinup_from_an_activity(client, world, council_activity, healthwatch_activity, role):
    login(client, world, role)
    client.post(
        f"/joining-up/activities/{council_activity.pk}/with/{healthwatch_activity.pk}/", {"message": "Shall we?"}
    )
    assert JoinUp.objects.exists() is (role in {"officer_council", "coordinator"})


@pytest.mark.parametrize("role", ROLES)
def test_answering_a_joinup(client, world, council_activity, healthwatch_activity, role):
    joinup = JoinUp.objects.create(
        from_activity=council_activity, to_activity=healthwatch_activity, proposed_by=world.officer_council
    )
    login(client, world, role)
    client.post(f"/joining-up/proposals/{joinup.pk}/", {"decision": "agree"})
    joinup.refresh_from_db()
    assert (joinup.status == "agreed") is (role in {"officer_healthwatch", "coordinator"})


@pytest.mark.parametrize("role", ROLES)
def test_shared_lists_are_kept_by_coordinators(client, world, role):
    login(client, world, role)
    response = client.post("/lists/groups/new/", {"name": "Bus users", "category": "other", "description": ""})
    from engaging.lists.models import Group

    assert Group.objects.filter(name="Bus users").exists() is (role == "coordinator")
    if role not in ("coordinator", "anonymous"):
        assert response.status_code == 403
