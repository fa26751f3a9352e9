"""The API for responses and loop closures: the same people may do the same things as on the site."""

from datetime import date, timedelta

import pytest

from engaging.loop.models import LoopClosure, Response
from tests.api.conftest import as_, assert_error_shape, tokens  # noqa: F401 - fixtures
from tests.loop.factories import FindingFactory, LoopClosureFactory, ResponseFactory

ANON, OFFICER_COUNCIL, OFFICER_HEALTHWATCH, COORDINATOR, BOARD = (
    None,
    "officer_council",
    "officer_healthwatch",
    "coordinator",
    "board_member",
)
EVERYONE = (ANON, OFFICER_COUNCIL, OFFICER_HEALTHWATCH, COORDINATOR, BOARD)


@pytest.fixture
def council_response(world, finished):
    return ResponseFactory(organisation=world.council, findings=[finished.public_findings[0], finished.private_finding])


def new_response(world, finished, **changes) -> dict:
    body = {
        "findings": [finished.public_findings[1].pk],
        "action": "An earlier school bus on the 246 route.",
        "organisation": world.council.pk,
        "status": "planned",
        "decided_on": (date.today() - timedelta(days=3)).isoformat(),
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


# What each persona gets for a response the council is responsible for, and for loop closures
# of the council's activity.
MATRIX = {
    #                     list retrieve create update delete | closures: list create retrieve
    ANON:                (200, 200, 401, 401, 401, 200, 401, 200),
    OFFICER_COUNCIL:     (200, 200, 201, 200, 204, 200, 201, 200),
    OFFICER_HEALTHWATCH: (200, 200, 403, 403, 403, 200, 403, 200),
    COORDINATOR:         (200, 200, 201, 200, 204, 200, 201, 200),
    BOARD:               (200, 200, 403, 403, 403, 200, 403, 200),
}  # fmt: skip


@pytest.mark.parametrize("persona", EVERYONE, ids=lambda p: p or "anonymous")
def test_permission_matrix(persona, world, as_, finished, council_response):  # noqa: F811
    list_, retrieve, create, update, delete, c_list, c_create, c_retrieve = MATRIX[persona]
    client = as_(persona)
    path = f"responses/{council_response.pk}"
    assert client.get("responses").status_code == list_
    assert client.get(path).status_code == retrieve

    count = Response.everything.count()
    response = client.post("responses", new_response(world, finished))
    assert response.status_code == create, response.content
    if create >= 400:
        assert_error_shape(response, create)
        assert Response.everything.count() == count

    response = client.patch(path, {"outcome": "Runs from May."})
    assert response.status_code == update, response.content
    assert (Response.objects.get(pk=council_response.pk).outcome == "Runs from May.") is (update == 200)
    if update >= 400:
        assert_error_shape(response, update)

    response = client.delete(path)
    assert response.status_code == delete, response.content
    assert Response.objects.filter(pk=council_response.pk).exists() is (delete != 204)
    if delete == 204:
        assert Response.everything.get(pk=council_response.pk).archived_at is not None
        assert client.get(path).status_code == 404

    closure = LoopClosureFactory(activity=finished, told_on=date.today())
    assert client.get("loop-closures").status_code == c_list
    assert client.get(f"loop-closures/{closure.pk}").status_code == c_retrieve
    response = client.post(
        "loop-closures",
        {"activity": finished.pk, "channel": "letter", "told_on": date.today().isoformat(), "summary": "We wrote."},
    )
    assert response.status_code == c_create, response.content
    assert LoopClosure.objects.count() == (2 if c_create == 201 else 1)


def test_an_officer_of_another_organisation_may_respond_as_their_own(world, as_, finished):  # noqa: F811
    response = as_(OFFICER_HEALTHWATCH).post(
        "responses", new_response(world, finished, organisation=world.healthwatch.pk)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation"] == world.healthwatch.pk and body["activities"] == [finished.pk]


def test_anonymous_readers_see_public_responses_with_public_fields_and_findings(world, as_, finished, council_response):  # noqa: F811
    ResponseFactory(findings=[finished.private_finding])  # answers only a private finding
    ResponseFactory(findings=[finished.public_findings[0]], is_public=False)
    body = as_(ANON).get("responses").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == council_response.pk
    assert item["findings"] == [finished.public_findings[0].pk]  # not the private one
    assert "is_public" not in item and "created_by" not in item and "created_at" not in item
    partner = as_(BOARD).get("responses").json()
    assert partner["count"] == 3
    mine = next(i for i in partner["items"] if i["id"] == council_response.pk)
    assert mine["findings"] == sorted([finished.public_findings[0].pk, finished.private_finding.pk])
    assert mine["is_public"] is True


def test_a_private_response_is_not_found_without_a_token(world, as_, finished):  # noqa: F811
    hidden = ResponseFactory(findings=[finished.public_findings[0]], is_public=False)
    assert_error_shape(as_(ANON).get(f"responses/{hidden.pk}"), 404)
    assert as_(OFFICER_HEALTHWATCH).get(f"responses/{hidden.pk}").status_code == 200


def test_responses_can_be_filtered(world, as_, finished, other_finding, council_response):  # noqa: F811
    elsewhere = ResponseFactory(findings=[other_finding], organisation=world.healthwatch, status="done")
    client = as_(COORDINATOR)

    def ids(**params):
        return {item["id"] for item in client.get("responses", **params).json()["items"]}

    assert ids(activity=finished.pk) == {council_response.pk}
    assert ids(organisation=world.healthwatch.pk) == {elsewhere.pk}
    assert ids(status="done") == {elsewhere.pk}
    assert ids(status="planned", activity=other_finding.activity_id) == set()
    page = client.get("responses", limit=1, offset=1).json()
    assert (page["count"], len(page["items"]), page["limit"], page["offset"]) == (2, 1, 1, 1)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"status": "shelved"}, "status"),
        ({"organisation": 999999}, "organisation"),
        ({"activity": 999999}, "activity"),
        ({"activity": "x"}, "activity"),
        ({"colour": "red"}, "colour"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_filters_are_400_naming_the_filter(world, as_, params, field):  # noqa: F811
    assert_error_shape(as_(ANON).get("responses", **params), 400, field)


def test_anonymous_readers_cannot_filter_by_a_private_activity(world, as_, finished):  # noqa: F811
    finished.is_public = False
    finished.save()
    assert_error_shape(as_(ANON).get("responses", activity=finished.pk), 400, "activity")
    assert_error_shape(as_(ANON).get("loop-closures", activity=finished.pk), 400, "activity")


@pytest.mark.parametrize(
    "changes, status, field, message",
    [
        ({"status": "not_possible", "reason": ""}, 400, "reason", "Explain why it is not possible"),
        ({"status": "not_possible"}, 400, "reason", "Explain why it is not possible"),
        ({"findings": [999999]}, 400, "findings", "There is no finding numbered 999999"),
        ({"findings": []}, 400, "findings", "Choose at least one finding this responds to"),
        ({"findings": ...}, 400, "findings", "Choose at least one finding this responds to"),
        ({"findings": ["1"]}, 400, "findings", "Enter a whole number"),
        ({"action": ...}, 400, "action", "Enter what was decided or done"),
        ({"action": "   "}, 400, "action", "Enter what was decided or done"),
        ({"organisation": ...}, 400, "organisation", "Choose the responsible organisation"),
        ({"organisation": 999999}, 400, "organisation", "There is no organisation with that id"),
        ({"status": "shelved"}, 400, "status", "Choose one of"),
        ({"status": None}, 400, "status", "This cannot be null"),
        ({"completed_on": "2020-01-01"}, 400, "completed_on", "Only give a completion date when the status is done"),
        ({"decided_on": "2199-01-01"}, 400, "decided_on", "cannot be in the future"),
        ({"decided_on": "2025-02-30"}, 400, "decided_on", "Enter a real date"),
        ({"colour": "red"}, 400, "colour", "This is not a field you can set"),
        ({"organisation": "HEALTHWATCH"}, 400, "organisation", "Enter an id"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_saves_nothing(world, as_, finished, changes, status, field, message):  # noqa: F811
    response = as_(OFFICER_COUNCIL).post("responses", new_response(world, finished, **changes))
    body = assert_error_shape(response, status, field)
    assert message in {e["field"]: e["message"] for e in body["errors"]}[field]
    assert Response.everything.count() == 0


def test_an_archived_finding_cannot_be_answered(world, as_, finished):  # noqa: F811
    archived = FindingFactory(activity=finished)
    archived.archive()
    response = as_(COORDINATOR).post("responses", new_response(world, finished, findings=[archived.pk]))
    assert_error_shape(response, 400, "findings")


def test_an_officer_cannot_make_another_organisation_responsible(world, as_, finished, council_response):  # noqa: F811
    client = as_(OFFICER_COUNCIL)
    body = assert_error_shape(
        client.post("responses", new_response(world, finished, organisation=world.healthwatch.pk)), 403, "organisation"
    )
    assert "your own organisation" in body["detail"]
    assert_error_shape(client.patch(f"responses/{council_response.pk}", {"organisation": world.healthwatch.pk}), 403)
    assert Response.objects.get(pk=council_response.pk).organisation == world.council
    assert Response.everything.count() == 1


def test_patch_checks_the_merged_response(world, as_, council_response):  # noqa: F811
    client = as_(OFFICER_COUNCIL)
    path = f"responses/{council_response.pk}"
    assert_error_shape(client.patch(path, {"status": "not_possible"}), 400, "reason")
    body = client.patch(path, {"status": "not_possible", "reason": "The route is run commercially."}).json()
    assert (body["status"], body["reason"]) == ("not_possible", "The route is run commercially.")
    assert_error_shape(client.patch(path, {"completed_on": date.today().isoformat()}), 400, "completed_on")
    body = client.patch(path, {"status": "done", "completed_on": date.today().isoformat(), "decided_on": None}).json()
    assert (body["status"], body["completed_on"], body["decided_on"]) == ("done", date.today().isoformat(), None)
    assert_error_shape(client.patch(path, {"findings": None}), 400, "findings")
    assert_error_shape(client.patch(path, {"findings": [999999]}), 400, "findings")
    assert len(client.get(path).json()["findings"]) == 2


def test_missing_responses_are_404(world, as_):  # noqa: F811
    client = as_(COORDINATOR)
    assert_error_shape(client.get("responses/999999"), 404)
    assert_error_shape(client.patch("responses/999999", {"outcome": "x"}), 404)
    assert_error_shape(client.delete("responses/999999"), 404)
    assert_error_shape(as_(COORDINATOR).get("loop-closures/999999"), 404)
    assert_error_shape(as_(COORDINATOR).get("responses/abc"), 404)


def test_loop_closures_without_a_token_are_public_and_show_public_fields(world, as_, finished):  # noqa: F811
    shown = LoopClosureFactory(activity=finished, people_reached=321)
    private = FindingFactory().activity
    private.is_public = False
    private.save()
    hidden = LoopClosureFactory(activity=private)
    body = as_(ANON).get("loop-closures").json()
    assert [item["id"] for item in body["items"]] == [shown.pk]
    assert set(body["items"][0]) == {"id", "activity", "channel", "told_on", "summary"}
    assert_error_shape(as_(ANON).get(f"loop-closures/{hidden.pk}"), 404)
    partner = as_(BOARD).get("loop-closures", organisation=world.council.pk).json()
    assert [item["id"] for item in partner["items"]] == [shown.pk]
    assert partner["items"][0]["people_reached"] == 321


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"told_on": (date.today() + timedelta(days=1)).isoformat()}, "told_on", "cannot be in the future"),
        ({"told_on": "2000-01-01"}, "told_on", "cannot be before the activity started"),
        ({"told_on": ...}, "told_on", "Enter the date people were told"),
        ({"channel": "pigeon"}, "channel", "Choose one of"),
        ({"channel": ...}, "channel", "Choose how people were told"),
        ({"summary": ""}, "summary", "Enter what people were told"),
        ({"activity": 999999}, "activity", "There is no activity with that id"),
        ({"activity": ...}, "activity", "Choose the activity"),
        ({"people_reached": -1}, "people_reached", "cannot be negative"),
    ],
)
def test_bad_loop_closures_are_400_and_save_nothing(world, as_, finished, changes, field, message):  # noqa: F811
    body = {"activity": finished.pk, "channel": "website", "told_on": date.today().isoformat(), "summary": "Posted."}
    body.update(changes)
    body = {k: v for k, v in body.items() if v is not ...}
    errors = assert_error_shape(as_(COORDINATOR).post("loop-closures", body), 400, field)["errors"]
    assert message in {e["field"]: e["message"] for e in errors}[field]
    assert LoopClosure.objects.count() == 0


def test_a_board_member_is_refused_before_their_body_is_read(world, as_, council_response):  # noqa: F811
    board = as_(BOARD)
    assert_error_shape(board.post("responses", {"action": 5}), 403)
    assert_error_shape(board.patch(f"responses/{council_response.pk}", {"action": None}), 403)
    assert_error_shape(board.post("loop-closures", raw=b"{not json"), 403)


@pytest.mark.parametrize("persona", [ANON, COORDINATOR], ids=["anonymous", "partner"])
def test_lists_make_the_same_number_of_queries_for_more_records(world, as_, finished, persona, settings):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.KEEP_PAGES = False  # the work of listing, not a page kept from the last request
    client = as_(persona)
    ResponseFactory(findings=[finished.public_findings[0]])
    LoopClosureFactory(activity=finished)
    client.get("responses")  # the first request with a token records when it was last used
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("responses").status_code == 200
            assert client.get("loop-closures").status_code == 200
        counts.append(len(queries))
        for _n in range(4):
            ResponseFactory(findings=[FindingFactory(activity=finished), finished.public_findings[1]])
            LoopClosureFactory(activity=finished)
    assert counts[0] == counts[1]
    assert client.get("responses").json()["count"] == 9
