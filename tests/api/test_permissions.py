"""Every persona against every endpoint: the API allows exactly what the register's pages allow."""

import pytest

from engaging.accounts.models import ApiToken
from engaging.register.models import Activity, Status
from tests.api.conftest import ApiClient, assert_error_shape, valid_body
from tests.factories import ActivityFactory, UserFactory

ANON = None
OFFICER_COUNCIL = "officer_council"
OFFICER_HEALTHWATCH = "officer_healthwatch"
COORDINATOR = "coordinator"
BOARD = "board_member"
EVERYONE = (ANON, OFFICER_COUNCIL, OFFICER_HEALTHWATCH, COORDINATOR, BOARD)

# What each persona gets when acting on an activity led by the council.
MATRIX = {
    #                     list  retrieve create update delete overlaps
    ANON:                (200, 200, 401, 401, 401, 200),
    OFFICER_COUNCIL:     (200, 200, 201, 200, 204, 200),
    OFFICER_HEALTHWATCH: (200, 200, 403, 403, 403, 200),
    COORDINATOR:         (200, 200, 201, 200, 204, 200),
    BOARD:               (200, 200, 403, 403, 403, 200),
}  # fmt: skip


def snapshot(activity: Activity) -> dict:
    activity = Activity.everything.get(pk=activity.pk)
    return {
        "fields": {f.attname: getattr(activity, f.attname) for f in Activity._meta.concrete_fields},
        "groups": sorted(activity.groups.values_list("pk", flat=True)),
        "history": activity.history.count(),
    }


@pytest.mark.parametrize("persona", EVERYONE, ids=lambda p: p or "anonymous")
def test_permission_matrix(persona, world, as_, council_activity):
    list_, retrieve, create, update, delete, overlaps = MATRIX[persona]
    client = as_(persona)
    path = f"activities/{council_activity.pk}"
    before = snapshot(council_activity)

    assert client.get("activities").status_code == list_
    assert client.get(path).status_code == retrieve
    assert client.get(f"{path}/overlaps").status_code == overlaps

    count = Activity.everything.count()
    response = client.post("activities", valid_body(world))
    assert response.status_code == create, response.content
    if create >= 400:
        assert_error_shape(response, create)
        assert Activity.everything.count() == count

    response = client.patch(path, {"title": "A new title"})
    assert response.status_code == update, response.content
    if update >= 400:
        assert_error_shape(response, update)
        assert snapshot(council_activity) == before
    else:
        assert Activity.objects.get(pk=council_activity.pk).title == "A new title"

    response = client.delete(path)
    assert response.status_code == delete, response.content
    if delete >= 400:
        assert_error_shape(response, delete)
        assert Activity.objects.filter(pk=council_activity.pk).exists()
    else:
        assert response.content == b""
        assert not Activity.objects.filter(pk=council_activity.pk).exists()
        assert Activity.everything.get(pk=council_activity.pk).archived_at is not None
        assert client.get(path).status_code == 404


def test_a_board_member_is_refused_before_their_body_is_read(as_, council_activity):
    """Someone who can never write gets 403 even for a body that is not valid."""
    board = as_(BOARD)
    assert_error_shape(board.post("activities", {"title": 5}), 403)
    assert_error_shape(board.patch(f"activities/{council_activity.pk}", {"title": None}), 403)
    assert_error_shape(board.post("activities", raw=b"{not json"), 403)


def test_an_officer_of_another_organisation_is_refused_before_their_body_is_read(as_, council_activity):
    response = as_(OFFICER_HEALTHWATCH).patch(f"activities/{council_activity.pk}", {"title": None})
    assert_error_shape(response, 403)


def test_anonymous_writes_are_401_whatever_the_body(anon, council_activity):
    for response in (
        anon.post("activities", {}),
        anon.post("activities", raw=b"nonsense"),
        anon.patch(f"activities/{council_activity.pk}", {"title": "x"}),
        anon.delete(f"activities/{council_activity.pk}"),
        anon.delete("activities/999999"),
    ):
        body = assert_error_shape(response, 401)
        assert "Bearer" in body["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_officer_creates_only_as_their_own_organisation(world, as_):
    count = Activity.everything.count()
    response = as_(OFFICER_COUNCIL).post("activities", valid_body(world, lead_organisation=world.healthwatch.pk))
    assert_error_shape(response, 403, field="lead_organisation")
    assert Activity.everything.count() == count

    response = as_(OFFICER_HEALTHWATCH).post("activities", valid_body(world, lead_organisation=world.healthwatch.pk))
    assert response.status_code == 201
    assert response.json()["lead_organisation"] == world.healthwatch.pk


def test_an_officer_cannot_hand_their_activity_to_another_organisation(world, as_, council_activity):
    before = snapshot(council_activity)
    response = as_(OFFICER_COUNCIL).patch(
        f"activities/{council_activity.pk}", {"lead_organisation": world.healthwatch.pk, "title": "Moved"}
    )
    assert_error_shape(response, 403, field="lead_organisation")
    assert snapshot(council_activity) == before
    # Sending their own organisation again is no change and is fine.
    response = as_(OFFICER_COUNCIL).patch(f"activities/{council_activity.pk}", {"lead_organisation": world.council.pk})
    assert response.status_code == 200


def test_a_coordinator_can_lead_as_any_organisation(world, as_, council_activity):
    response = as_(COORDINATOR).patch(f"activities/{council_activity.pk}", {"lead_organisation": world.healthwatch.pk})
    assert response.status_code == 200
    assert Activity.objects.get(pk=council_activity.pk).lead_organisation == world.healthwatch
    response = as_(COORDINATOR).post("activities", valid_body(world, lead_organisation=world.board_org.pk))
    assert response.status_code == 201


def test_an_officer_changes_their_own_organisations_activity(as_, healthwatch_activity):
    response = as_(OFFICER_HEALTHWATCH).patch(f"activities/{healthwatch_activity.pk}", {"status": "open"})
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert_error_shape(as_(OFFICER_COUNCIL).patch(f"activities/{healthwatch_activity.pk}", {"status": "open"}), 403)


@pytest.mark.parametrize(
    "changes",
    [{"is_public": False}, {"status": Status.CLOSED}, {"status": Status.CANCELLED}],
    ids=["not public", "closed", "cancelled"],
)
def test_activities_residents_cannot_see_are_404_for_anonymous(changes, world, anon, as_):
    hidden = ActivityFactory(lead_organisation=world.council, groups=[world.carers], areas=[world.ward], **changes)
    assert_error_shape(anon.get(f"activities/{hidden.pk}"), 404)
    assert_error_shape(anon.get(f"activities/{hidden.pk}/overlaps"), 404)
    assert hidden.pk not in [item["id"] for item in anon.get("activities").json()["items"]]
    for persona in (OFFICER_HEALTHWATCH, BOARD, COORDINATOR):
        assert as_(persona).get(f"activities/{hidden.pk}").status_code == 200
        assert hidden.pk in [item["id"] for item in as_(persona).get("activities").json()["items"]]


@pytest.mark.parametrize("persona", EVERYONE, ids=lambda p: p or "anonymous")
def test_archived_and_missing_activities_are_404_for_everyone(persona, world, as_, council_activity):
    council_activity.archive()
    client = as_(persona)
    path = f"activities/{council_activity.pk}"
    assert_error_shape(client.get(path), 404)
    assert_error_shape(client.get(f"{path}/overlaps"), 404)
    assert council_activity.pk not in [item["id"] for item in client.get("activities").json()["items"]]
    if persona in (OFFICER_COUNCIL, COORDINATOR):
        assert_error_shape(client.patch(path, {"title": "Back"}), 404)
        assert_error_shape(client.delete(path), 404)
        assert_error_shape(client.patch("activities/987654", {"title": "Back"}), 404)
    assert Activity.everything.get(pk=council_activity.pk).title == council_activity.title


def test_a_person_without_a_role_reads_like_the_public_and_cannot_write(world, council_activity):
    outsider = UserFactory(username="no-role")
    _, raw = ApiToken.issue(user=outsider, name="t")
    client = ApiClient(raw)
    item = client.get(f"activities/{council_activity.pk}").json()
    assert "notes" not in item and "contact_email" not in item
    assert_error_shape(client.post("activities", valid_body(world)), 403)
    assert_error_shape(client.patch(f"activities/{council_activity.pk}", {"title": "x"}), 403)
    assert_error_shape(client.delete(f"activities/{council_activity.pk}"), 403)
