"""The assurance API: the dashboard's figures and each organisation's evidence, for people with a role only."""

import pytest

from engaging.accounts.models import ApiToken
from engaging.api.routers.assurance import Dashboard, Evidence
from tests.api.conftest import ApiClient, assert_error_shape
from tests.assurance.conftest import END, START
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERIOD = {"from": START.isoformat(), "to": END.isoformat()}
PERSONAS = ("officer_council", "officer_healthwatch", "coordinator", "board_member")


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_with_a_role_reads_the_figures(known, as_, persona):
    response = as_(persona).get("dashboard", board=known.board.pk, **PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    Dashboard.model_validate(body)  # the documented shape is the real one
    assert body["board"] == {"id": known.board.pk, "name": "Brierley Hill board"}
    assert (body["from"], body["to"], body["by"]) == ("2025-01-01", "2025-06-30", "month")


def test_the_figures_are_the_dashboards(known, as_):
    body = as_("board_member").get("dashboard", board=known.board.pk, **PERIOD).json()
    activity = body["activity"]
    assert [p["label"] for p in activity["periods"]] == [
        "Jan 2025",
        "Feb 2025",
        "Mar 2025",
        "Apr 2025",
        "May 2025",
        "Jun 2025",
    ]
    types = {row["key"]: (row["counts"], row["total"]) for row in activity["by_type"]}
    assert types["consultation"] == ([1, 1, 0, 0, 1, 1], 2)
    assert activity["total"]["total"] == 4
    organisations = {row["name"]: row["total"] for row in activity["by_organisation"]}
    assert organisations == {"Healthwatch Dudley": 3, "Dudley Council": 2}
    flagged = {c["priority"]["name"] for c in body["priority_coverage"] if c["flagged"]}
    assert flagged == {"Housing and health", "Smoke-free lives"}
    by_group = {r["group"]["name"]: (r["activities"], r["participants"]) for r in body["seldom_heard_by_group"]}
    assert by_group == {"Deaf people": (1, 2), "People who are homeless": (2, 8)}
    everyone = next(r for r in body["loop_closure"] if r["organisation"] is None)
    assert (everyone["on_time"], everyone["counted"]) == (1, 3)  # seen today, both Healthwatch activities are late
    completion = next(r for r in body["evaluation_completion"] if r["organisation"] is None)
    assert (completion["evaluated"], completion["finished"]) == (1, 3)
    assert body["overdue_screening_actions"]["count"] == 2  # seen today, "Due today" (15 July 2025) is late too
    ratings = {r["name"]: r for r in body["ratings_by_organisation"]}
    assert ratings["Dudley Council"]["listened_to"] == 4.5 and ratings["Dudley Council"]["responses"] == 2


def test_the_evidence_of_an_organisation(known, as_):
    response = as_("officer_council").get(f"organisations/{known.world.healthwatch.pk}/evidence", **PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    Evidence.model_validate(body)
    assert body["organisation"]["name"] == "Healthwatch Dudley"
    assert body["activities"] == 3
    statuses = {s["status"]: s["count"] for s in body["activities_by_status"]}
    assert (statuses["closed"], statuses["reported"]) == (2, 1)
    assert body["evaluation_completion"] == {
        "organisation": {"id": known.world.healthwatch.pk, "name": "Healthwatch Dudley"},
        "finished": 2,
        "evaluated": 0,
        "rate": 0.0,
    }
    assert body["ratings"]["responses"] == 1


def test_anonymous_callers_are_asked_to_sign_in(known, anon):
    for path in ("dashboard", f"organisations/{known.world.council.pk}/evidence"):
        response = anon.get(path)
        assert_error_shape(response, 401)
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_people_without_a_role_are_refused(known):
    nobody = UserFactory(username="no-role")
    client = ApiClient(ApiToken.issue(user=nobody, name="t")[1])
    for path in ("dashboard", f"organisations/{known.world.council.pk}/evidence"):
        assert_error_shape(client.get(path), 403)


def test_a_revoked_or_malformed_token_is_refused(known):
    assert_error_shape(ApiClient("not-a-token").get("dashboard"), 401)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2025-02-30"}, "from", "Enter the start of the period as a real date, like 2025-04-01"),
        (
            {"to": "2025-01-01", "from": "2025-06-01"},
            "to",
            "The end of the period must be the same as or after its start",
        ),
        ({"board": "999999"}, "board", "There is no board with that id"),
        ({"board": "abc"}, "board", "There is no board with that id"),
        ({"area": "999999"}, "area", "There is no area with that id"),
        ({"by": "day"}, "by", "Choose month or quarter"),
        ({"from": "2010-01-01", "to": "2025-01-01"}, "to", "Choose a period of 5 years or less"),
        ({"colour": "blue"}, "colour", "This is not a filter"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(known, as_, params, field, message):
    response = as_("coordinator").get("dashboard", **params)
    body = assert_error_shape(response, 400, field=field)
    assert body["detail"] == "Some of the filters are not valid."
    assert {"field": field, "message": message} in body["errors"]


def test_an_area_outside_the_board_is_a_400(known, as_):
    response = as_("coordinator").get("dashboard", board=known.board.pk, area=known.world.other_ward.pk)
    body = assert_error_shape(response, 400, field="area")
    assert body["errors"] == [{"field": "area", "message": "Choose an area inside Brierley Hill, the board's area"}]


def test_evidence_of_an_unknown_organisation_is_a_404(known, as_):
    assert_error_shape(as_("coordinator").get("organisations/999999/evidence"), 404)
    assert_error_shape(as_("coordinator").get("organisations/abc/evidence"), 404)
    assert_error_shape(as_("coordinator").get(f"organisations/{known.world.council.pk}/evidence", **{"from": "x"}), 400)


def test_only_get_is_allowed(known, as_):
    response = as_("coordinator").post("dashboard", {})
    assert response.status_code == 405


def test_the_endpoints_are_documented(anon):
    schema = anon.get("/api/v1/openapi.json").json()
    dashboard = schema["paths"]["/api/v1/dashboard"]["get"]
    assert {p["name"] for p in dashboard["parameters"]} == {"from", "to", "board", "area", "by"}
    assert set(dashboard["responses"]) >= {"200", "400", "401", "403"}
    assert "/api/v1/organisations/{id}/evidence" in schema["paths"]
