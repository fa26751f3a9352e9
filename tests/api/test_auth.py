"""Tokens, browser sessions and anonymous callers; the change history; the token command."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from engaging.accounts.models import ApiToken
from engaging.register.models import Activity
from tests.api.conftest import ApiClient, assert_error_shape, valid_body

INTERNAL = {"notes", "contact_name", "contact_email", "contact_phone", "cost", "purpose"}


def test_no_authorization_header_is_anonymous_for_reading(anon, council_activity):
    response = anon.get(f"activities/{council_activity.pk}")
    assert response.status_code == 200
    assert not INTERNAL & set(response.json())


def test_a_token_acts_as_its_person(tokens, council_activity):
    response = ApiClient(tokens["board_member"]).get(f"activities/{council_activity.pk}")
    assert response.status_code == 200
    assert INTERNAL <= set(response.json())


def test_the_scheme_is_not_case_sensitive(tokens, council_activity):
    client = Client()
    response = client.get(
        f"/api/v1/activities/{council_activity.pk}", headers={"Authorization": f"bearer {tokens['coordinator']}"}
    )
    assert response.status_code == 200
    assert "notes" in response.json()


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Bearer    ",
        "Token abc",
        "Basic dXNlcjpwYXNz",
        "et_not-a-real-token",
        "Bearer et_not-a-real-token",
        "Bearer " + "x" * 5000,
        "Bearer a b c",
        "Bearer \t",
    ],
)
def test_a_malformed_or_unknown_token_is_401_never_anonymous(header, council_activity):
    client = Client()
    for response in (
        client.get("/api/v1/activities", headers={"Authorization": header}),
        client.get(f"/api/v1/activities/{council_activity.pk}", headers={"Authorization": header}),
        client.get("/api/v1/groups", headers={"Authorization": header}),
    ):
        assert_error_shape(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_401(world, council_activity):
    token, raw = ApiToken.issue(user=world.coordinator, name="old")
    client = ApiClient(raw)
    assert client.get("activities").status_code == 200
    token.revoke()
    assert_error_shape(client.get("activities"), 401)
    assert_error_shape(client.patch(f"activities/{council_activity.pk}", {"title": "x"}), 401)


def test_a_switched_off_persons_token_is_401(world):
    _, raw = ApiToken.issue(user=world.officer_council, name="t")
    world.officer_council.is_active = False
    world.officer_council.save()
    assert_error_shape(ApiClient(raw).get("activities"), 401)


def test_a_signed_in_browser_reads_as_its_person(world, council_activity):
    client = Client()
    client.force_login(world.board_member)
    response = client.get(f"/api/v1/activities/{council_activity.pk}")
    assert response.status_code == 200
    assert "notes" in response.json()


def test_a_signed_in_browser_must_pass_the_csrf_check_to_write(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_council)
    count = Activity.everything.count()
    response = client.post("/api/v1/activities", valid_body(world), content_type="application/json")
    body = assert_error_shape(response, 403)
    assert "CSRF" in body["detail"]
    assert Activity.everything.count() == count

    client.get("/register/")  # any page that sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/activities", valid_body(world), content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 201, response.content


def test_a_token_wins_over_a_browser_session(world, tokens, council_activity):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.board_member)  # read-only
    response = client.patch(
        f"/api/v1/activities/{council_activity.pk}",
        {"title": "Changed with a token"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens['officer_council']}"},
    )
    assert response.status_code == 200, response.content


def test_the_history_records_the_tokens_person(world, tokens, council_activity):
    client = ApiClient(tokens["officer_council"])
    response = client.post("activities", valid_body(world))
    assert response.status_code == 201
    created = Activity.objects.get(pk=response.json()["id"])
    assert created.created_by == world.officer_council
    assert created.history.first().history_user == world.officer_council
    assert set(created.history.values_list("history_user", flat=True)) == {world.officer_council.pk}

    response = ApiClient(tokens["coordinator"]).patch(f"activities/{council_activity.pk}", {"title": "Renamed"})
    assert response.status_code == 200
    latest = council_activity.history.first()
    assert latest.history_user == world.coordinator
    assert latest.title == "Renamed"

    assert ApiClient(tokens["coordinator"]).delete(f"activities/{created.pk}").status_code == 204
    archived = Activity.everything.get(pk=created.pk).history.first()
    assert archived.archived_at is not None
    assert archived.history_user == world.coordinator


def test_create_api_token_prints_only_a_working_token(world, council_activity):
    out = StringIO()
    call_command("create_api_token", world.coordinator.username, stdout=out)
    printed = out.getvalue()
    assert printed.endswith("\n") and printed.count("\n") == 1
    raw = printed.strip()
    assert raw.startswith(ApiToken.PREFIX) and " " not in raw
    assert ApiToken.user_for(raw) == world.coordinator

    client = ApiClient(raw)
    response = client.get(f"activities/{council_activity.pk}")
    assert response.status_code == 200
    assert "notes" in response.json()
    assert client.patch(f"activities/{council_activity.pk}", {"title": "By command"}).status_code == 200
    assert council_activity.history.first().history_user == world.coordinator
