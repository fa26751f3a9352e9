"""The API's list of responses keeps its pages until a response (or what it shows) changes, for everyone with
the same roles, each filter's apart; pages off the list's steps are answered afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.loop.models import Response
from tests.api.conftest import as_, tokens  # noqa: F401 - fixtures
from tests.loop.factories import ResponseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def listed(client, **params):
    with CaptureQueriesContext(connection) as captured:
        answer = client.get("responses", **params)
    assert answer.status_code == 200
    return answer.json(), any('FROM "loop_response"' in query["sql"] for query in captured)


def test_the_list_is_kept_until_a_response_is_added_or_changed(world, as_, finished):  # noqa: F811
    first = ResponseFactory(findings=[finished.public_findings[0]])
    client = as_("officer_council")
    body, read = listed(client)
    assert read and body["count"] == 1
    again, read = listed(client)
    assert again == body and not read
    ResponseFactory(findings=[finished.public_findings[0]], action="We moved the clinic's opening to eight.")
    body, read = listed(client)
    assert read and body["count"] == 2
    Response.objects.filter(pk=first.pk).update(action="We asked the bus company for a 7am service.")
    actions = {item["action"] for item in listed(client)[0]["items"]}
    assert actions == {"We moved the clinic's opening to eight.", "We asked the bus company for a 7am service."}


def test_residents_are_never_given_the_partners_kept_list(world, as_, finished):  # noqa: F811
    ResponseFactory(findings=[finished.public_findings[0]])
    ResponseFactory(findings=[finished.public_findings[0]], is_public=False)
    assert listed(as_("board_member"))[0]["count"] == 2
    public, _ = listed(as_(None))
    assert public["count"] == 1 and "is_public" not in public["items"][0]
    assert listed(as_("board_member"))[0]["count"] == 2


@pytest.mark.parametrize("params", [{"offset": "1"}, {"limit": "3", "offset": "2"}])
def test_pages_off_the_steps_are_answered_afresh(world, as_, finished, params):  # noqa: F811
    ResponseFactory(findings=[finished.public_findings[0]])
    client = as_("coordinator")
    listed(client, **params)
    assert listed(client, **params)[1]


def test_a_filtered_page_is_kept_apart_from_the_whole_list(world, as_, finished):  # noqa: F811
    ResponseFactory(findings=[finished.public_findings[0]], status="planned")
    ResponseFactory(findings=[finished.public_findings[0]], status="considering")
    client = as_("coordinator")
    assert listed(client)[0]["count"] == 2
    planned, read = listed(client, status="planned")
    assert read and planned["count"] == 1
    again, read = listed(client, status="planned")
    assert again == planned and not read
    assert listed(client)[0]["count"] == 2
