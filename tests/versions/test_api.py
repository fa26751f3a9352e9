"""The API's ETag and If-Match: a change made from an old read is refused with 412, and changes nothing."""

import json

import pytest

from engaging.board.models import Screening
from engaging.insight.models import Finding
from engaging.loop.models import Response
from engaging.register.models import Activity
from tests.api.conftest import BASE

pytestmark = pytest.mark.django_db


def send(api, verb: str, path: str, body: dict, **headers):
    call = getattr(api.client, verb)
    return call(f"{BASE}/{path}", json.dumps(body), content_type="application/json", headers={**api.headers, **headers})


def test_an_activity_is_read_with_its_etag(as_, council_activity):
    read = as_("officer_council").get(f"activities/{council_activity.pk}")
    assert read.status_code == 200
    assert read["ETag"] == f'"activity-{council_activity.pk}-1"'


def test_a_change_with_the_current_etag_is_made_and_answers_the_next_one(as_, council_activity):
    officer = as_("officer_council")
    tag = officer.get(f"activities/{council_activity.pk}")["ETag"]
    changed = send(officer, "patch", f"activities/{council_activity.pk}", {"title": "Carers' survey"}, If_Match=tag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] == f'"activity-{council_activity.pk}-2"'
    assert Activity.objects.get(pk=council_activity.pk).version == 2


def test_a_change_from_an_old_read_is_refused_and_changes_nothing(as_, world, council_activity):
    officer, coordinator = as_("officer_council"), as_("coordinator")
    tag = officer.get(f"activities/{council_activity.pk}")["ETag"]
    assert (
        send(coordinator, "patch", f"activities/{council_activity.pk}", {"title": "Carers' survey"}).status_code == 200
    )

    refused = send(officer, "patch", f"activities/{council_activity.pk}", {"notes": "Book the hall"}, If_Match=tag)
    assert refused.status_code == 412
    body = refused.json()
    current = f'"activity-{council_activity.pk}-2"'
    assert refused["ETag"] == body["etag"] == current
    assert body["detail"].startswith(f"{world.coordinator} changed this activity at")
    assert body["detail"].endswith("Nothing was changed.")
    assert body["errors"] == [
        {
            "field": "If-Match",
            "message": f"This is not the current version: read the record again and send If-Match: {current}",
        }
    ]
    assert body["changes"] == ["Title: was ‘Young carers' wellbeing survey’, now ‘Carers' survey’"]
    activity = Activity.objects.get(pk=council_activity.pk)
    assert (activity.notes, activity.version) == (council_activity.notes, 2)


def test_a_change_without_if_match_is_still_made(as_, council_activity):
    officer, coordinator = as_("officer_council"), as_("coordinator")
    officer.get(f"activities/{council_activity.pk}")
    send(coordinator, "patch", f"activities/{council_activity.pk}", {"title": "Carers' survey"})
    changed = send(officer, "patch", f"activities/{council_activity.pk}", {"notes": "Book the hall"})
    assert changed.status_code == 200
    activity = Activity.objects.get(pk=council_activity.pk)
    assert (activity.title, activity.notes, activity.version) == ("Carers' survey", "Book the hall", 3)


@pytest.mark.parametrize(
    "if_match",
    ['W/"activity-{pk}-1"', '"activity-{pk}-99"', '"finding-{pk}-1"', "activity-{pk}-1", '"nonsense"', "", "\u00e9"],
)
def test_an_if_match_that_is_not_the_current_etag_is_412(as_, council_activity, if_match):
    officer = as_("officer_council")
    refused = send(
        officer,
        "patch",
        f"activities/{council_activity.pk}",
        {"notes": "x"},
        If_Match=if_match.format(pk=council_activity.pk),
    )
    assert refused.status_code == 412
    assert Activity.objects.get(pk=council_activity.pk).notes == council_activity.notes


@pytest.mark.parametrize("if_match", ["*", '"activity-{pk}-7", "activity-{pk}-1"'])
def test_a_star_or_a_list_holding_the_current_etag_matches(as_, council_activity, if_match):
    officer = as_("officer_council")
    changed = send(
        officer,
        "patch",
        f"activities/{council_activity.pk}",
        {"notes": "x"},
        If_Match=if_match.format(pk=council_activity.pk),
    )
    assert changed.status_code == 200


def test_a_refused_or_forbidden_change_is_checked_for_permission_first(as_, council_activity):
    refused = send(
        as_("officer_healthwatch"), "patch", f"activities/{council_activity.pk}", {"notes": "x"}, If_Match='"x"'
    )
    assert refused.status_code == 403


# --- Findings, responses and screenings ---------------------------------------------------------


@pytest.fixture
def finding(world):
    from tests.versions.test_pages import finding as make

    return make.__wrapped__(world)


def test_findings_have_etags_and_refuse_a_change_from_an_old_read(as_, finding):
    officer, coordinator = as_("officer_council"), as_("coordinator")
    tag = officer.get(f"findings/{finding.pk}")["ETag"]
    assert tag == f'"finding-{finding.pk}-1"'
    assert send(coordinator, "patch", f"findings/{finding.pk}", {"people_count": 20}).status_code == 200
    refused = send(officer, "patch", f"findings/{finding.pk}", {"people_count": 15}, If_Match=tag)
    assert refused.status_code == 412
    assert refused.json()["changes"] == ["How many people said it: was ‘12’, now ‘20’"]
    assert Finding.objects.get(pk=finding.pk).people_count == 20
    matching = send(officer, "patch", f"findings/{finding.pk}", {"people_count": 15}, If_Match=refused["ETag"])
    assert matching.status_code == 200 and matching["ETag"] == f'"finding-{finding.pk}-3"'


def test_responses_have_etags_and_refuse_a_change_from_an_old_read(as_, world, finding):
    from engaging.loop import services

    response = services.save_response(
        response=Response(action="We moved the sessions to evenings.", organisation=world.council),
        findings=[finding],
        user=world.officer_council,
    )
    officer, coordinator = as_("officer_council"), as_("coordinator")
    tag = officer.get(f"responses/{response.pk}")["ETag"]
    assert tag == f'"response-{response.pk}-1"'
    assert send(coordinator, "patch", f"responses/{response.pk}", {"status": "planned"}).status_code == 200
    refused = send(officer, "patch", f"responses/{response.pk}", {"outcome": "Better"}, If_Match=tag)
    assert refused.status_code == 412
    assert Response.objects.get(pk=response.pk).outcome == ""
    assert (
        send(officer, "patch", f"responses/{response.pk}", {"outcome": "Better"}, If_Match=refused["ETag"]).status_code
        == 200
    )


def test_screenings_have_etags_and_refuse_a_screening_from_an_old_read(as_, item, defaults):
    from tests.board.conftest import form_data

    coordinator, member = as_("coordinator"), as_("board_member")
    path = f"agenda-items/{item.pk}/screening"
    assert send(coordinator, "put", path, form_data(), If_Match='"screening-1-1"').status_code == 412  # none yet
    first = send(coordinator, "put", path, form_data())
    assert first.status_code == 201
    screening = Screening.objects.get(agenda_item=item)
    assert first["ETag"] == f'"screening-{screening.pk}-1"' == member.get(path)["ETag"]
    assert send(coordinator, "put", path, form_data(influence="much"), If_Match=first["ETag"]).status_code == 200
    refused = send(member, "put", path, form_data(influence="none"), If_Match=first["ETag"])
    assert refused.status_code == 412
    assert Screening.objects.get(pk=screening.pk).influence == "much"


def no_key_twice(pairs: list) -> dict:
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), keys  # Swagger UI cannot read a document with a key twice in one object
    return dict(pairs)


def test_the_document_says_which_reads_send_an_etag_and_which_changes_take_if_match(anon):
    spec = json.loads(anon.get("openapi.json").content, object_pairs_hook=no_key_twice)
    for path, verb in [
        ("/api/v1/activities/{id}", "patch"),
        ("/api/v1/findings/{id}", "patch"),
        ("/api/v1/responses/{id}", "patch"),
        ("/api/v1/agenda-items/{id}/screening", "put"),
    ]:
        read, change = spec["paths"][path]["get"], spec["paths"][path][verb]
        assert "ETag" in read["responses"]["200"]["headers"]
        assert "ETag" in change["responses"]["200"]["headers"]
        assert "content" in read["responses"]["200"] and "content" in change["responses"]["200"]
        assert "If-Match" in {p["name"] for p in change["parameters"] if p["in"] == "header"}
        refused = change["responses"]["412"]["content"]["application/json"]["schema"]["$ref"]
        assert refused.endswith("/PreconditionFailedOut")
    assert {"etag", "changes", "detail", "errors"} <= set(
        spec["components"]["schemas"]["PreconditionFailedOut"]["properties"]
    )
