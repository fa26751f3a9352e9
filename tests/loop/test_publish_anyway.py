"""Responses and loop closures: public text harder to read than the target needs a reason, on the pages and the API."""

from datetime import date, timedelta

import pytest
from django.utils.html import escape

from engaging.accounts.models import ApiToken
from engaging.loop.models import LoopClosure, Response
from engaging.plain.models import PublishAnyway
from engaging.plain.publishing import digest
from tests.api.conftest import ApiClient, assert_error_shape
from tests.loop.factories import ResponseFactory
from tests.loop.test_loop_closures import closure_data
from tests.loop.test_responses import create_url, response_data

HARD = "Stakeholders will co-produce a place-based framework with the ICB to ameliorate services going forward."
PLAIN = "We will add an early bus."
REASON = "It names the framework as the board wrote it."


def closure_url(activity) -> str:
    return f"/feedback-loop/activities/{activity.pk}/told/new/"


# Responses on the pages -------------------------------------------------------------------


def test_the_response_form_has_hints_under_the_action_and_the_outcome(client, world, finished):
    client.force_login(world.officer_council)
    page = client.get(create_url(finished)).content.decode()
    assert 'id="plain-hints-id_action"' in page and 'id="plain-hints-id_outcome"' in page
    assert 'id="publish-anyway"' not in page


def test_a_hard_public_action_is_refused_and_nothing_is_saved(client, world, finished):
    client.force_login(world.officer_council)
    response = client.post(create_url(finished), response_data(world, finished, action=HARD))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What was decided or done: " in page and "Make it plainer, or tick “Publish anyway” under it" in page
    assert 'href="#id_action"' in page
    assert page.index('id="plain-hints-id_action"') < page.index('id="publish-anyway-id_action"')
    assert 'id="publish-anyway-id_outcome"' not in page
    assert Response.objects.count() == 0 and PublishAnyway.objects.count() == 0


def test_publish_anyway_without_a_reason_saves_no_response(client, world, finished):
    client.force_login(world.officer_council)
    response = client.post(
        create_url(finished), response_data(world, finished, action=HARD, publish_anyway_action="on")
    )
    assert response.status_code == 200
    assert "What was decided or done: say why it should be published as it is" in response.content.decode()
    assert Response.objects.count() == 0 and PublishAnyway.objects.count() == 0


def test_publish_anyway_with_a_reason_saves_the_response_and_shows_the_reason(client, world, finished):
    client.force_login(world.officer_council)
    response = client.post(
        create_url(finished),
        response_data(
            world,
            finished,
            action=HARD,
            outcome=HARD,
            publish_anyway_action="on",
            publish_anyway_reason_action=REASON,
            publish_anyway_outcome="on",
            publish_anyway_reason_outcome=REASON,
        ),
    )
    saved = Response.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/feedback-loop/responses/{saved.pk}/"
    records = {r.field: r for r in PublishAnyway.objects.all()}
    assert set(records) == {"action", "outcome"}
    assert all(r.subject == saved and r.recorded_by == world.officer_council for r in records.values())
    assert records["action"].text_digest == digest(HARD) and records["action"].reason == REASON

    client.force_login(world.board_member)
    page = client.get(saved.get_absolute_url()).content.decode()
    section = page[page.index('id="publish-anyway-records-heading"') :]
    missed = escape(records["action"].what_it_missed)
    assert records["action"].reading_age is None and "Reading age" not in section
    for shown in ("What was decided or done", "Outcome", missed, "It names the framework", "officer-council"):
        assert shown in section


def test_a_response_not_shown_to_the_public_is_saved_without_asking(client, world, finished):
    client.force_login(world.officer_council)
    response = client.post(create_url(finished), response_data(world, finished, action=HARD, is_public=None))
    assert response.status_code == 302
    assert Response.objects.get().is_public is False and PublishAnyway.objects.count() == 0


def test_changing_only_the_outcome_checks_only_the_outcome(client, world, finished):
    existing = ResponseFactory(organisation=world.council, action=HARD, findings=[finished.public_findings[0]])
    client.force_login(world.officer_council)
    url = f"/feedback-loop/responses/{existing.pk}/edit/"
    response = client.post(url, response_data(world, finished, action=HARD, outcome=PLAIN))
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.outcome == PLAIN and PublishAnyway.objects.count() == 0

    response = client.post(url, response_data(world, finished, action=HARD, outcome=HARD))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_outcome"' in page and 'href="#id_action"' not in page
    existing.refresh_from_db()
    assert existing.outcome == PLAIN


def test_making_a_private_response_public_checks_its_action(client, world, finished):
    existing = ResponseFactory(
        organisation=world.council, action=HARD, is_public=False, findings=[finished.public_findings[0]]
    )
    client.force_login(world.officer_council)
    url = f"/feedback-loop/responses/{existing.pk}/edit/"
    response = client.post(url, response_data(world, finished, action=HARD))
    assert response.status_code == 200 and 'href="#id_action"' in response.content.decode()
    existing.refresh_from_db()
    assert existing.is_public is False


# Loop closures on the pages ---------------------------------------------------------------


def test_the_closure_form_has_hints_under_the_summary(client, world, finished):
    client.force_login(world.officer_council)
    assert 'id="plain-hints-id_summary"' in client.get(closure_url(finished)).content.decode()


def test_a_hard_summary_for_a_public_activity_needs_a_reason(client, world, finished):
    client.force_login(world.officer_council)
    response = client.post(closure_url(finished), closure_data(summary=HARD))
    assert response.status_code == 200
    assert 'href="#id_summary"' in response.content.decode()
    assert LoopClosure.objects.count() == 0

    response = client.post(
        closure_url(finished),
        closure_data(summary=HARD, publish_anyway_summary="on", publish_anyway_reason_summary=REASON),
    )
    assert response.status_code == 302
    closure = LoopClosure.objects.get()
    record = PublishAnyway.objects.get()
    assert (record.subject, record.field, record.reason) == (closure, "summary", REASON)

    page = client.get(f"/register/{finished.pk}/").content.decode()
    missed = escape(record.what_it_missed)
    assert f"Published although it missed the plain-English target ({missed}) by officer-council" in page
    assert REASON in page


def test_a_hard_summary_for_a_private_activity_is_saved_without_asking(client, world, finished):
    finished.is_public = False
    finished.save()
    client.force_login(world.officer_council)
    response = client.post(closure_url(finished), closure_data(summary=HARD))
    assert response.status_code == 302
    assert LoopClosure.objects.count() == 1 and PublishAnyway.objects.count() == 0


# The API ----------------------------------------------------------------------------------


@pytest.fixture
def api(world) -> ApiClient:
    """The API as the council's officer, with a personal token."""
    return ApiClient(ApiToken.issue(user=world.officer_council, name="t")[1])


def api_response(world, finished, **changes) -> dict:
    body = {
        "findings": [finished.public_findings[0].pk],
        "action": PLAIN,
        "organisation": world.council.pk,
        "status": "planned",
        "decided_on": (date.today() - timedelta(days=3)).isoformat(),
    }
    return {**body, **changes}


def test_the_api_refuses_a_hard_public_action_without_a_reason(world, finished, api):
    response = api.post("responses", api_response(world, finished, action=HARD))
    body = assert_error_shape(response, 400, "action")
    [message] = [e["message"] for e in body["errors"] if e["field"] == "action"]
    assert message.startswith("“Stakeholders” is jargon") or message.startswith("Write out ICB")
    assert "publish_anyway_reason" in message
    assert Response.objects.count() == 0 and PublishAnyway.objects.count() == 0

    blank = api.post("responses", api_response(world, finished, action=HARD, publish_anyway_reason=" "))
    assert_error_shape(blank, 400, "action")
    assert Response.objects.count() == 0


def test_the_api_keeps_the_reason_for_a_hard_action(world, finished, api):
    response = api.post("responses", api_response(world, finished, action=HARD, publish_anyway_reason=REASON))
    assert response.status_code == 201, response.content
    assert "publish_anyway_reason" not in response.json()
    record = PublishAnyway.objects.get()
    assert record.subject == Response.objects.get(pk=response.json()["id"])
    assert (record.field, record.reason, record.recorded_by) == ("action", REASON, world.officer_council)
    assert record.text_digest == digest(HARD)


def test_the_api_does_not_check_a_private_response(world, finished, api):
    response = api.post("responses", api_response(world, finished, action=HARD, is_public=False))
    assert response.status_code == 201, response.content
    assert PublishAnyway.objects.count() == 0


def test_the_api_checks_only_what_a_change_publishes(world, finished, api):
    existing = ResponseFactory(organisation=world.council, action=HARD, findings=[finished.public_findings[0]])
    client = api
    path = f"responses/{existing.pk}"
    assert client.patch(path, {"status": "in_progress", "action": HARD}).status_code == 200  # unchanged

    assert_error_shape(client.patch(path, {"outcome": HARD}), 400, "outcome")
    existing.refresh_from_db()
    assert existing.outcome == ""

    response = client.patch(path, {"outcome": HARD, "publish_anyway_reason": REASON})
    assert response.status_code == 200, response.content
    assert list(PublishAnyway.objects.values_list("field", flat=True)) == ["outcome"]


def test_the_api_checks_a_response_being_made_public(world, finished, api):
    existing = ResponseFactory(
        organisation=world.council, action=HARD, is_public=False, findings=[finished.public_findings[0]]
    )
    response = api.patch(f"responses/{existing.pk}", {"is_public": True})
    assert_error_shape(response, 400, "action")
    existing.refresh_from_db()
    assert existing.is_public is False


def test_the_api_refuses_a_reason_that_is_too_long(world, finished, api):
    response = api.post("responses", api_response(world, finished, action=HARD, publish_anyway_reason="x" * 1001))
    assert_error_shape(response, 400, "publish_anyway_reason")
    assert Response.objects.count() == 0


def test_the_api_checks_a_loop_closure_summary_for_a_public_activity(world, finished, api):
    body = {"activity": finished.pk, "channel": "email", "told_on": date.today().isoformat(), "summary": HARD}
    client = api
    assert_error_shape(client.post("loop-closures", body), 400, "summary")
    assert LoopClosure.objects.count() == 0

    response = client.post("loop-closures", {**body, "publish_anyway_reason": REASON})
    assert response.status_code == 201, response.content
    record = PublishAnyway.objects.get()
    assert record.subject == LoopClosure.objects.get() and record.field == "summary"

    finished.is_public = False
    finished.save()
    assert client.post("loop-closures", body).status_code == 201
    assert PublishAnyway.objects.count() == 1
