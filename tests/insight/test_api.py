"""The findings API: the library's filters and search, public and partner views, and the site's permissions."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engaging.api.routers import findings as findings_router
from engaging.insight.models import Finding, FindingUse
from tests.api.conftest import assert_error_shape
from tests.factories import ActivityFactory
from tests.insight.factories import FindingFactory

ANON = None
OFFICER_COUNCIL = "officer_council"
OFFICER_HEALTHWATCH = "officer_healthwatch"
COORDINATOR = "coordinator"
BOARD = "board_member"
EVERYONE = (ANON, OFFICER_COUNCIL, OFFICER_HEALTHWATCH, COORDINATOR, BOARD)

# What each persona gets for a public finding of an activity led by the council.
MATRIX = {
    #                     list  search retrieve create update
    ANON:                (200, 200, 200, 401, 401),
    OFFICER_COUNCIL:     (200, 200, 200, 201, 200),
    OFFICER_HEALTHWATCH: (200, 200, 200, 403, 403),
    COORDINATOR:         (200, 200, 200, 201, 200),
    BOARD:               (200, 200, 200, 403, 403),
}  # fmt: skip
PUBLIC_FIELDS = {
    "id", "activity", "statement", "kind", "themes", "groups", "areas", "priorities", "people_count",
    "representativeness", "heard_on", "review_by", "is_stale",
}  # fmt: skip
PARTNER_FIELDS = PUBLIC_FIELDS | {
    "is_public", "superseded_by", "used_by_activities", "created_by", "created_at", "updated_at",
}  # fmt: skip


def new_finding(activity, /, **changes) -> dict:
    body = {"activity": activity.pk, "statement": "The bus stops running at six.", "heard_on": "2025-01-10"}
    body.update(changes)
    return body


def snapshot(finding) -> dict:
    finding = Finding.everything.get(pk=finding.pk)
    return {
        "fields": {f.attname: getattr(finding, f.attname) for f in Finding._meta.concrete_fields},
        "themes": sorted(finding.themes.values_list("pk", flat=True)),
        "history": finding.history.count(),
    }


@pytest.mark.parametrize("persona", EVERYONE, ids=lambda p: p or "anonymous")
def test_permission_matrix(persona, world, as_, council_finding):
    list_, search, retrieve, create, update = MATRIX[persona]
    client = as_(persona)
    before = snapshot(council_finding)
    assert client.get("findings").status_code == list_
    assert client.get("findings/search", q="carers").status_code == search
    assert client.get(f"findings/{council_finding.pk}").status_code == retrieve

    count = Finding.everything.count()
    response = client.post("findings", new_finding(council_finding.activity))
    assert response.status_code == create, response.content
    if create >= 400:
        assert_error_shape(response, create)
        assert Finding.everything.count() == count

    response = client.patch(f"findings/{council_finding.pk}", {"statement": "Changed."})
    assert response.status_code == update, response.content
    if update >= 400:
        assert_error_shape(response, update)
        assert snapshot(council_finding) == before
    else:
        assert Finding.objects.get(pk=council_finding.pk).statement == "Changed."


def test_a_board_member_is_refused_before_their_body_is_read(as_, council_finding):
    board = as_(BOARD)
    assert_error_shape(board.post("findings", {"statement": 5}), 403)
    assert_error_shape(board.patch(f"findings/{council_finding.pk}", raw=b"{not json"), 403)


def test_anonymous_people_see_public_fields_of_public_findings_only(world, as_, council_finding, council_activity):
    private = FindingFactory(activity=council_activity, is_public=False)
    hidden_activity = ActivityFactory(lead_organisation=world.council, is_public=False)
    of_private_activity = FindingFactory(activity=hidden_activity)
    anon = as_(ANON)
    body = anon.get("findings").json()
    assert [item["id"] for item in body["items"]] == [council_finding.pk]
    assert set(body["items"][0]) == PUBLIC_FIELDS
    for hidden in (private, of_private_activity):
        assert_error_shape(anon.get(f"findings/{hidden.pk}"), 404)
    partner = as_(BOARD).get("findings").json()
    assert {item["id"] for item in partner["items"]} == {council_finding.pk, private.pk, of_private_activity.pk}
    assert set(partner["items"][0]) == PARTNER_FIELDS


def test_a_finding_in_full(world, as_, council_finding, healthwatch_activity, themes):
    FindingUse.objects.create(finding=council_finding, activity=healthwatch_activity)
    body = as_(BOARD).get(f"findings/{council_finding.pk}").json()
    assert body["statement"] == council_finding.statement
    assert body["themes"] == [themes["access"].pk]
    assert body["groups"] == [world.carers.pk]
    assert body["used_by_activities"] == [healthwatch_activity.pk]
    assert body["is_stale"] is False and body["created_by"] is None


def test_the_list_uses_the_librarys_filters(world, as_, council_finding, healthwatch_finding, themes):
    client = as_(OFFICER_COUNCIL)

    def ids(**params):
        response = client.get("findings", **params)
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["items"]}

    assert ids() == {council_finding.pk, healthwatch_finding.pk}
    assert ids(theme=themes["waiting"].pk) == {healthwatch_finding.pk}
    assert ids(group=world.carers.pk) == {council_finding.pk}
    assert ids(area=world.ward.pk) == {healthwatch_finding.pk, council_finding.pk}  # the ward sits in the locality
    assert ids(area=world.other_ward.pk) == set()
    assert ids(organisation=world.healthwatch.pk) == {healthwatch_finding.pk}
    assert ids(activity=council_finding.activity_id) == {council_finding.pk}
    assert ids(heard_after=(date.today() - timedelta(days=45)).isoformat()) == {council_finding.pk}
    assert ids(priority=world.priority.pk) == {council_finding.pk}


def test_stale_findings_only_when_asked(as_, council_activity):
    old = FindingFactory(activity=council_activity, heard_on=date(2015, 5, 1))
    client = as_(COORDINATOR)
    assert client.get("findings").json()["count"] == 0
    body = client.get("findings", include_stale="true").json()
    assert [item["id"] for item in body["items"]] == [old.pk] and body["items"][0]["is_stale"] is True


def test_paging(as_, council_activity):
    for n in range(5):
        FindingFactory(activity=council_activity, heard_on=date.today() - timedelta(days=n + 1))
    body = as_(BOARD).get("findings", limit=2, offset=2).json()
    assert body["count"] == 5 and body["limit"] == 2 and body["offset"] == 2 and len(body["items"]) == 2


def test_search_is_ranked_and_highlighted(as_, council_activity):
    best = FindingFactory(activity=council_activity, statement="Waiting, waiting, <b>waiting</b> for a call back.")
    other = FindingFactory(activity=council_activity, statement="The waiting room was warm.")
    FindingFactory(activity=council_activity, statement="Parking was easy.")
    body = as_(ANON).get("findings/search", q="waiting").json()
    assert [item["id"] for item in body["items"]] == [best.pk, other.pk]
    assert body["count"] == 2
    hit = body["items"][0]
    assert "<mark>" in hit["snippet"] and "&lt;b&gt;" in hit["snippet"] and "<b>" not in hit["snippet"]
    assert hit["rank"] >= body["items"][1]["rank"]
    assert set(hit) == PUBLIC_FIELDS | {"snippet", "rank"}


def test_a_search_counts_and_answers_at_most_the_most_recently_recorded_matches(as_, council_activity, monkeypatch):
    monkeypatch.setattr(findings_router, "MOST_COUNTED", 3)
    recorded = [FindingFactory(activity=council_activity, statement=f"Waiting, time {n}.") for n in range(4)]
    body = as_(ANON).get("findings/search", q="waiting").json()
    assert body["count"] == 3 and body["count_capped"] is True
    assert {item["id"] for item in body["items"]} == {finding.pk for finding in recorded[1:]}
    body = as_(ANON).get("findings/search", q="waiting", offset=3).json()
    assert body["count"] == 3 and body["count_capped"] is True and body["items"] == []
    assert as_(ANON).get("findings/search", q="time 2").json()["count_capped"] is False


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "q"),
        ({"q": "!!!"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "a", "theme": "999999"}, "theme"),
        ({"q": "a", "colour": "red"}, "colour"),
    ],
)
def test_bad_searches(as_, council_finding, params, field):
    assert_error_shape(as_(BOARD).get("findings/search", **params), 400, field)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"theme": "x"}, "theme"),
        ({"theme": "999999"}, "theme"),
        ({"area": "0"}, "area"),
        ({"organisation": "999999"}, "organisation"),
        ({"heard_after": "2025-02-30"}, "heard_after"),
        ({"include_stale": "maybe"}, "include_stale"),
        ({"limit": "500"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"q": "waiting"}, "q"),
    ],
)
def test_bad_filters(as_, params, field, world):
    assert_error_shape(as_(ANON).get("findings", **params), 400, field)


@given(q=st.text(min_size=1, max_size=200))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_search_text_is_safe(as_, council_finding, q):
    response = as_(ANON).get("findings/search", q=q)
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert_error_shape(response, 400, "q")


def test_the_list_makes_the_same_number_of_queries_for_more_findings(as_, world, themes, settings):
    settings.KEEP_PAGES = False  # the work of listing, not a page kept from the last request
    client = as_(BOARD)

    def make(n):
        for _ in range(n):
            activity = ActivityFactory(lead_organisation=world.council)
            finding = FindingFactory(activity=activity, themes=[themes["access"]], groups=[world.carers])
            FindingUse.objects.create(finding=finding, activity=ActivityFactory(lead_organisation=world.healthwatch))

    make(2)
    client.get("findings")  # the first use of a token records when it was used
    with CaptureQueriesContext(connection) as few:
        assert client.get("findings").status_code == 200
    make(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get("findings").status_code == 200
    assert len(many) == len(few)


# ---- Writing ----------------------------------------------------------------------------------------


def test_creating_a_finding(world, as_, council_activity, themes):
    response = as_(OFFICER_COUNCIL).post(
        "findings", new_finding(council_activity, themes=[themes["transport"].pk], kind="quote", people_count=9)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    finding = Finding.objects.get(pk=body["id"])
    assert finding.created_by == world.officer_council and body["created_by"] == world.officer_council.pk
    assert finding.review_by == date(2027, 1, 10)
    assert body["themes"] == [themes["transport"].pk] and body["kind"] == "quote" and body["people_count"] == 9
    # Left out, the lists are the activity's.
    assert set(body["groups"]) == {world.young_people.pk, world.carers.pk}
    assert body["areas"] == [world.locality.pk]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"activity": None}, "activity"),
        ({"activity": 999999}, "activity"),
        ({"activity": "1"}, "activity"),
        ({"statement": "   "}, "statement"),
        ({"statement": None}, "statement"),
        ({"statement": "x" * 4001}, "statement"),
        ({"heard_on": "2025-02-30"}, "heard_on"),
        ({"heard_on": "10/01/2025"}, "heard_on"),
        ({"heard_on": (date.today() + timedelta(days=3)).isoformat()}, "heard_on"),
        ({"review_by": "2000-01-01"}, "review_by"),
        ({"kind": "rumour"}, "kind"),
        ({"representativeness": "all"}, "representativeness"),
        ({"themes": [999999]}, "themes"),
        ({"groups": ["a"]}, "groups"),
        ({"people_count": -1}, "people_count"),
        ({"people_count": 1.5}, "people_count"),
        ({"superseded_by": 999999}, "superseded_by"),
        ({"is_public": "yes"}, "is_public"),
        ({"created_by": 1}, "created_by"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(as_, council_activity, changes, field):
    body = new_finding(council_activity, **changes)
    body = {k: v for k, v in body.items() if not (k in changes and changes[k] is None and k != "activity")} | {
        k: v for k, v in changes.items() if v is None
    }
    assert_error_shape(as_(COORDINATOR).post("findings", body), 400, field)
    assert Finding.everything.count() == 0


def test_missing_fields_are_named(as_):
    body = assert_error_shape(as_(COORDINATOR).post("findings", {}), 400)
    assert {e["field"] for e in body["errors"]} == {"activity", "statement", "heard_on"}


def test_an_officer_records_findings_only_for_their_own_activities(as_, healthwatch_activity):
    assert_error_shape(as_(OFFICER_COUNCIL).post("findings", new_finding(healthwatch_activity)), 403, "activity")
    assert Finding.everything.count() == 0


def test_updating_changes_only_what_is_sent(as_, council_finding, themes):
    response = as_(OFFICER_COUNCIL).patch(f"findings/{council_finding.pk}", {"themes": [themes["waiting"].pk]})
    assert response.status_code == 200, response.content
    council_finding.refresh_from_db()
    assert list(council_finding.themes.all()) == [themes["waiting"]]
    assert council_finding.statement.startswith("Young carers")
    assert list(council_finding.groups.all())  # untouched


@pytest.mark.parametrize(
    "body, field",
    [
        ({"statement": ""}, "statement"),
        ({"statement": None}, "statement"),
        ({"themes": None}, "themes"),
        ({"review_by": "1999-01-01"}, "review_by"),
        ({"heard_on": None}, "heard_on"),
        ({"activity": 5}, "activity"),
        ({"superseded_by": "self"}, "superseded_by"),
        ({"superseded_by": "loop"}, "superseded_by"),
    ],
)
def test_a_bad_update_changes_nothing(as_, council_finding, body, field):
    newer = FindingFactory(activity=council_finding.activity, superseded_by=council_finding)
    if body.get("superseded_by") == "self":
        body = {"superseded_by": council_finding.pk}
    elif body.get("superseded_by") == "loop":
        body = {"superseded_by": newer.pk}
    before = snapshot(council_finding)
    assert_error_shape(as_(COORDINATOR).patch(f"findings/{council_finding.pk}", body), 400, field)
    assert snapshot(council_finding) == before


def test_superseding_through_the_api_makes_a_finding_stale(as_, council_finding):
    newer = FindingFactory(activity=council_finding.activity)
    body = as_(COORDINATOR).patch(f"findings/{council_finding.pk}", {"superseded_by": newer.pk}).json()
    assert body["superseded_by"] == newer.pk and body["is_stale"] is True
    body = as_(COORDINATOR).patch(f"findings/{council_finding.pk}", {"superseded_by": None}).json()
    assert body["superseded_by"] is None and body["is_stale"] is False


@pytest.mark.parametrize("path", ["findings/999999", "findings/0", "findings/abc", "findings/99999999999999999999"])
def test_no_such_finding(as_, path):
    assert_error_shape(as_(BOARD).get(path), 404)
    assert_error_shape(as_(COORDINATOR).patch(path, {"statement": "x"}), 404)


def test_archived_findings_and_those_of_archived_activities_are_gone(as_, council_finding, healthwatch_finding):
    council_finding.archive()
    healthwatch_finding.activity.archive()
    assert_error_shape(as_(BOARD).get(f"findings/{council_finding.pk}"), 404)
    assert_error_shape(as_(BOARD).get(f"findings/{healthwatch_finding.pk}"), 404)
    assert as_(BOARD).get("findings").json()["count"] == 0


def test_the_wrong_method(as_, council_finding):
    assert_error_shape(as_(COORDINATOR).delete(f"findings/{council_finding.pk}"), 405)
    assert_error_shape(as_(COORDINATOR).put(f"findings/{council_finding.pk}", {}), 405)


def test_themes_are_listed_for_anyone(as_, themes):
    body = as_(ANON).get("themes").json()
    assert [theme["name"] for theme in body] == ["Access to GP appointments", "Transport", "Waiting times"]
