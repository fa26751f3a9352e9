"""One set of date rules, applied wherever a date is entered: forms, the API and spreadsheet imports.

For each path, a date before the activity started is refused with a message naming the field, and
nothing is saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from engaging.core.dates import (
    activity_date_problems,
    after_activity_problems,
    finding_date_problems,
    response_date_problems,
)
from engaging.evaluation.models import Evaluation
from engaging.insight.models import Finding
from engaging.insight.spreadsheets import import_findings
from engaging.loop.models import LoopClosure, Response
from engaging.register.models import Status
from engaging.register.spreadsheets import import_activities
from tests.api.conftest import assert_error_shape, valid_body
from tests.factories import ActivityFactory
from tests.insight.factories import FindingFactory
from tests.insight.test_import import csv_file, good_row
from tests.register import spreadsheet_helpers as activity_sheets

TODAY = date.today()
STARTED = TODAY - timedelta(days=30)
BEFORE = (STARTED - timedelta(days=1)).isoformat()


@pytest.fixture
def started(world):
    """A council activity that started 30 days ago and has closed, with one finding heard 20 days ago."""
    ended = STARTED + timedelta(days=5)
    activity = ActivityFactory(lead_organisation=world.council, start_date=STARTED, end_date=ended,
                               status=Status.CLOSED, closed_on=ended, groups=[world.carers],
                               areas=[world.ward])  # fmt: skip
    activity.finding = FindingFactory(activity=activity, heard_on=TODAY - timedelta(days=20))
    return activity


@pytest.fixture
def api(world):
    from django.test import Client

    from engaging.accounts.models import ApiToken

    _, token = ApiToken.issue(user=world.officer_council, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_the_rules_as_plain_functions():
    start = date(2030, 5, 10)
    assert activity_date_problems(start=start, end=start - timedelta(days=1)) == [
        ("end_date", "The end date must be the same as or after the start date")
    ]
    assert after_activity_problems(date(2030, 5, 9), field="told_on", name="the date people were told",
                                   activity_start=start, today=date(2031, 1, 1)) == [
        ("told_on", "The date people were told cannot be before the activity started on 10 May 2030")
    ]  # fmt: skip
    assert after_activity_problems(date(2031, 1, 2), field="evaluated_on", name="the date of the evaluation",
                                   activity_start=start, today=date(2031, 1, 1)) == [
        ("evaluated_on", "The date of the evaluation cannot be in the future")
    ]  # fmt: skip
    assert finding_date_problems(heard_on=start, review_by=start, activity_start=start, today=start) == []
    assert response_date_problems(decided_on=None, due_on=date(2030, 5, 1), completed_on=None,
                                  first_heard=start, today=date(2031, 1, 1)) == [
        ("due_on", "The expected date cannot be before the finding it answers was heard on 10 May 2030")
    ]  # fmt: skip


def test_the_finding_form_refuses_a_date_before_the_activity_started(client, world, started):
    client.force_login(world.officer_council)
    response = client.post(f"/insight/activities/{started.pk}/findings/new/", {
        "statement": "Carers want evening sessions.", "kind": "summary", "groups": [world.carers.pk],
        "areas": [world.ward.pk], "representativeness": "many", "heard_on": BEFORE, "is_public": "on"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_heard_on"' in page and "The date it was heard cannot be before the activity started" in page
    assert Finding.objects.count() == 1


def test_the_finding_api_refuses_a_date_before_the_activity_started(api, started):
    body = {"activity": started.pk, "statement": "Carers want evening sessions.", "heard_on": BEFORE}
    response = api.post("/api/v1/findings", body, content_type="application/json")
    error = assert_error_shape(response, 400)
    assert error["errors"][0]["field"] == "heard_on" and "before the activity started" in error["errors"][0]["message"]
    assert Finding.objects.count() == 1


def test_a_finding_spreadsheet_with_a_date_before_the_activity_started_imports_nothing(world, started):
    rows = [good_row(groups="", themes=""), good_row(groups="", themes="", heard_on=BEFORE)]
    result = import_findings(data=csv_file(rows), filename="findings.csv", activity=started, user=world.officer_council)
    assert not result.ok and result.created == 0
    [problem] = result.row_problems
    assert problem.row == 3 and problem.column == "heard_on" and "before the activity started" in problem.message
    assert Finding.objects.count() == 1


def test_the_evaluation_form_refuses_a_date_before_the_activity_started(client, world, started):
    client.force_login(world.officer_council)
    response = client.post(f"/evaluation/activities/{started.pk}/evaluate/", {
        "lessons": "Evenings work.", "participants_involved": "no", "evaluated_on": BEFORE})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_evaluated_on"' in page
    assert "The date of the evaluation cannot be before the activity started" in page
    assert not Evaluation.objects.exists()


def test_the_evaluation_api_refuses_a_date_before_the_activity_started(api, started):
    body = {"activity": started.pk, "lessons": "Evenings work.", "evaluated_on": BEFORE}
    error = assert_error_shape(api.post("/api/v1/evaluations", body, content_type="application/json"), 400)
    assert [e["field"] for e in error["errors"]] == ["evaluated_on"]
    assert not Evaluation.objects.exists()


def test_the_response_form_refuses_an_expected_date_before_the_finding_was_heard(client, world, started):
    client.force_login(world.officer_council)
    response = client.post(f"/feedback-loop/activities/{started.pk}/responses/new/", {
        "findings": [started.finding.pk], "other_findings": "", "action": "We will run evening sessions.",
        "organisation": world.council.pk, "status": "planned", "reason": "", "decision_reference": "",
        "decided_on": "", "due_on": BEFORE, "completed_on": "", "outcome": "", "is_public": "on"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_due_on"' in page and "The expected date cannot be before the finding it answers was heard" in page
    assert not Response.objects.exists()


def test_the_response_api_refuses_a_decision_before_the_finding_was_heard(api, world, started):
    body = {"findings": [started.finding.pk], "action": "We will run evening sessions.",
            "organisation": world.council.pk, "decided_on": BEFORE}  # fmt: skip
    error = assert_error_shape(api.post("/api/v1/responses", body, content_type="application/json"), 400)
    assert [e["field"] for e in error["errors"]] == ["decided_on"]
    assert not Response.objects.exists()


def test_a_loop_closure_follows_the_same_rule_as_a_finding(client, world, started):
    client.force_login(world.officer_council)
    response = client.post(f"/feedback-loop/activities/{started.pk}/told/new/", {
        "channel": "email", "told_on": BEFORE, "summary": "We told everyone what changed."})  # fmt: skip
    assert "The date people were told cannot be before the activity started" in response.content.decode()
    assert not LoopClosure.objects.exists()
    # The day it started is allowed for both.
    assert after_activity_problems(STARTED, field="told_on", name="x", activity_start=STARTED) == []
    assert finding_date_problems(heard_on=STARTED, review_by=None, activity_start=STARTED) == []


# An activity's own dates: the same rule in the model (so the form), the API and the activities import.


def test_an_activitys_dates_are_checked_by_the_model(world):
    activity = ActivityFactory.build(lead_organisation=world.council, start_date=date(2030, 5, 10),
                                     end_date=date(2030, 5, 9))  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        activity.clean()
    assert refused.value.message_dict == {"end_date": ["The end date must be the same as or after the start date"]}
    activity.start_date, activity.end_date = date(1850, 1, 1), date(1850, 1, 2)
    with pytest.raises(ValidationError) as refused:
        activity.clean()
    assert refused.value.message_dict["start_date"] == ["Enter a start date between 1900 and 2199"]


def test_the_api_refuses_an_activity_dated_outside_the_years_people_type(api, world):
    body = valid_body(world, start_date="1850-05-01", end_date="1850-05-02")
    response = api.post("/api/v1/activities", body, content_type="application/json")
    error = assert_error_shape(response, 400)
    assert [e["field"] for e in error["errors"]] == ["start_date", "end_date"]
    assert all("between 1900 and 2199" in e["message"] for e in error["errors"])


def test_the_api_names_the_start_when_only_the_start_moves_past_the_end(api, started):
    later = (started.end_date + timedelta(days=3)).isoformat()
    response = api.patch(f"/api/v1/activities/{started.pk}", {"start_date": later}, content_type="application/json")
    error = assert_error_shape(response, 400)
    assert error["errors"] == [
        {"field": "start_date", "message": "The end date must be the same as or after the start date"}
    ]
    started.refresh_from_db()
    assert started.start_date == STARTED


def test_the_activities_import_uses_the_same_rule(world):
    rows = [activity_sheets.good_row(world, start_date="1850-03-14", end_date="1850-03-15")]
    data = activity_sheets.csv_file(rows)
    result = import_activities(data=data, filename="activities.csv", user=world.officer_council)
    assert not result.ok and result.created == 0
    assert [(p.column, p.message) for p in result.row_problems] == [
        ("start_date", "enter a start date between 1900 and 2199"),
        ("end_date", "enter an end date between 1900 and 2199"),
    ]
