"""Recording an evaluation: who may, when, what it shows, and the guard on marking an activity evaluated."""

from datetime import date, timedelta

import pytest

from engaging.evaluation import services
from engaging.evaluation.models import Evaluation
from engaging.register.models import Activity, ParticipantCount, Status
from tests.evaluation.conftest import evaluate, finished_activity, rate
from tests.factories import ActivityFactory

VALID = {
    "lessons": "Evening sessions suited working carers; the daytime ones were half empty.",
    "what_worked": "Going to the carers' café rather than asking people to come to us.",
    "what_did_not": "The online form: few people used it.",
    "reach_notes": "We reached few young carers.",
    "participants_involved": "yes",
    "how_participants_involved": "Six carers reviewed the findings with us at the café.",
    "evaluated_on": (date.today() - timedelta(days=10)).isoformat(),
}


def url(activity, part="evaluate/"):
    return f"/evaluation/activities/{activity.pk}/{part}"


def test_an_officer_records_an_evaluation(client, world, fed_back):
    client.force_login(world.officer_council)
    response = client.post(url(fed_back), VALID)
    assert response.status_code == 302
    assert response["Location"] == url(fed_back, "")
    evaluation = Evaluation.objects.get(activity=fed_back)
    assert evaluation.lessons == VALID["lessons"]
    assert evaluation.participants_involved is True
    assert evaluation.how_participants_involved == VALID["how_participants_involved"]
    assert evaluation.evaluated_on == date.today() - timedelta(days=10)
    assert evaluation.evaluated_by == world.officer_council
    assert evaluation.history.get().history_user == world.officer_council


def test_the_form_shows_the_worked_out_figures_beside_it(client, world, fed_back):
    ParticipantCount.objects.create(activity=fed_back, group=world.carers, count=18)
    rate(fed_back, (5, 4, 3), (4, 4, 4))
    client.force_login(world.officer_council)
    page = client.get(url(fed_back)).content.decode()
    assert '<h1 class="govuk-heading-l">Evaluate this activity</h1>' in page
    assert "30 of a target of 40 (75%)" in page
    assert "1 of 2 target groups reached" in page
    assert "Young people: no number recorded" in page
    assert "£120.00, or £4.00 per participant" in page
    assert "No responses recorded yet" in page
    assert "I felt listened to: 4.5 out of 5 (2 ratings)" in page
    assert f'value="{date.today().isoformat()}"' in page


def test_participants_not_involved_clears_how(client, world, fed_back):
    client.force_login(world.coordinator)
    client.post(url(fed_back), {**VALID, "participants_involved": "no"})
    evaluation = Evaluation.objects.get(activity=fed_back)
    assert evaluation.participants_involved is False
    assert evaluation.how_participants_involved == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"lessons": ""}, "lessons", "Enter what you learned"),
        ({"lessons": "x" * 4001}, "lessons", "What you learned must be 4,000 characters or fewer"),
        ({"participants_involved": ""}, "participants_involved", "Choose whether participants took part"),
        ({"participants_involved": "maybe"}, "participants_involved", "Select a valid choice"),
        ({"how_participants_involved": " "}, "how_participants_involved", "Describe how participants took part"),
        ({"evaluated_on": "31/02/2025"}, "evaluated_on", "Enter the date as a real date"),
        ({"evaluated_on": ""}, "evaluated_on", "Enter the date of the evaluation"),
        ({"evaluated_on": "1850-01-01"}, "evaluated_on", "Enter a date after 1900"),
        ({"reach_notes": "x" * 2001}, "reach_notes", "The notes on reach must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_shows_an_error_and_changes_nothing(client, world, fed_back, changes, field, message):
    client.force_login(world.officer_council)
    response = client.post(url(fed_back), {**VALID, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<title>Error: " in page
    assert f'href="#id_{field}' in page
    assert not Evaluation.objects.filter(activity=fed_back).exists()


def test_editing_keeps_one_evaluation_and_records_the_change(client, world, fed_back):
    evaluate(fed_back, lessons="First thoughts.")
    client.force_login(world.officer_council)
    page = client.get(url(fed_back)).content.decode()
    assert "Change the evaluation" in page
    assert "First thoughts." in page
    assert 'value="no" checked' in page.replace("\n", "")
    client.post(url(fed_back), {**VALID, "lessons": "Second thoughts."})
    assert Evaluation.objects.get(activity=fed_back).lessons == "Second thoughts."
    assert Evaluation.objects.count() == 1
    page = client.get(url(fed_back, "")).content.decode()
    assert "History of the evaluation" in page
    assert "what we learned" in page  # the change lists the fields it changed


@pytest.mark.parametrize("status", [Status.PLANNED, Status.OPEN, Status.CANCELLED])
def test_an_activity_that_has_not_finished_cannot_be_evaluated(client, world, status):
    activity = ActivityFactory(lead_organisation=world.council, status=status)
    client.force_login(world.officer_council)
    response = client.get(url(activity), follow=True)
    assert response.redirect_chain[-1][0] == f"/register/{activity.pk}/"
    page = response.content.decode()
    assert "cannot be evaluated" in page or "You can evaluate it once it has closed" in page
    response = client.post(url(activity), VALID)
    assert response.status_code == 302
    assert not Evaluation.objects.exists()


def test_the_service_refuses_an_unfinished_activity(world):
    activity = ActivityFactory(lead_organisation=world.council, status=Status.PLANNED)
    with pytest.raises(Exception, match="once it has closed"):
        services.record_evaluation(activity=activity, user=world.officer_council, lessons="Too early.")


# Who may -----------------------------------------------------------------------------------------------

# persona → (evaluation page, form, save)
MATRIX = {
    "officer_council": (200, 200, 302),
    "coordinator": (200, 200, 302),
    "officer_healthwatch": (200, 403, 403),
    "board_member": (200, 403, 403),
}


@pytest.mark.parametrize("persona", list(MATRIX))
def test_permission_matrix(client, world, fed_back, persona):
    page, form, save = MATRIX[persona]
    client.force_login(getattr(world, persona))
    assert client.get(url(fed_back, "")).status_code == page
    assert client.get(url(fed_back)).status_code == form
    assert client.post(url(fed_back), VALID).status_code == save
    assert Evaluation.objects.filter(activity=fed_back).exists() == (save == 302)


def test_anonymous_people_are_sent_to_sign_in(client, fed_back):
    for path in (url(fed_back), url(fed_back, ""), url(fed_back, "feedback-link/")):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]
    client.post(url(fed_back), VALID)
    assert not Evaluation.objects.exists()


def test_a_missing_or_archived_activity_is_404(client, world, fed_back):
    client.force_login(world.coordinator)
    assert client.get("/evaluation/activities/999999/").status_code == 404
    assert client.get("/evaluation/activities/999999/evaluate/").status_code == 404
    fed_back.archive()
    assert client.get(url(fed_back)).status_code == 404
    assert client.get(url(fed_back, "")).status_code == 404


def test_wrong_methods_are_refused(client, world, fed_back):
    client.force_login(world.coordinator)
    assert client.post(url(fed_back, "")).status_code == 405
    assert client.put(url(fed_back)).status_code == 405


# The activity page -------------------------------------------------------------------------------------


def test_the_activity_page_links_to_evaluate_a_finished_activity(client, world, fed_back):
    client.force_login(world.officer_council)
    page = client.get(f"/register/{fed_back.pk}/").content.decode()
    assert "This activity has not been evaluated yet" in page
    assert f'href="{url(fed_back)}">Evaluate this activity' in page
    assert "Get the feedback link and QR code" in page


def test_the_activity_page_shows_the_evaluation(client, world, fed_back):
    evaluate(fed_back, lessons="Go to where carers already meet.")
    client.force_login(world.board_member)
    page = client.get(f"/register/{fed_back.pk}/").content.decode()
    assert "Go to where carers already meet." in page
    assert "View the evaluation" in page
    assert "Change the evaluation" not in page  # a board member reads only
    assert "Get the feedback link" not in page


def test_a_planned_activity_page_says_when_it_can_be_evaluated(client, world, council_activity):
    client.force_login(world.officer_council)
    page = client.get(f"/register/{council_activity.pk}/").content.decode()
    assert "You can evaluate it once it has closed" in page
    assert "Evaluate this activity" not in page


def test_the_activity_page_query_count_does_not_grow_with_feedback(client, world, fed_back):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.officer_council)
    evaluate(fed_back)
    rate(fed_back, (4, 4, 4))
    with CaptureQueriesContext(connection) as before:
        client.get(f"/register/{fed_back.pk}/")
    rate(fed_back, *[(3, 2, 1)] * 30)
    with CaptureQueriesContext(connection) as after:
        client.get(f"/register/{fed_back.pk}/")
    assert len(after) == len(before)


# The guard, through the register page --------------------------------------------------------------


def test_marking_evaluated_without_an_evaluation_is_refused(client, world, fed_back):
    client.force_login(world.officer_council)
    response = client.post(f"/register/{fed_back.pk}/status/", {"status": "evaluated"}, follow=True)
    assert "Record the evaluation before marking the activity as evaluated." in response.content.decode()
    assert Activity.objects.get(pk=fed_back.pk).status == Status.FED_BACK


def test_marking_evaluated_with_an_evaluation_works(client, world, fed_back):
    client.force_login(world.officer_council)
    client.post(url(fed_back), VALID)
    response = client.post(f"/register/{fed_back.pk}/status/", {"status": "evaluated"}, follow=True)
    assert "The activity is now evaluated." in response.content.decode()
    assert Activity.objects.get(pk=fed_back.pk).status == Status.EVALUATED


def test_an_evaluated_activity_can_still_have_its_evaluation_changed(client, world):
    activity = finished_activity(world, status=Status.EVALUATED, end_date=date.today() - timedelta(days=1))
    evaluate(activity)
    client.force_login(world.officer_council)
    assert client.post(url(activity), {**VALID, "lessons": "Later thoughts."}).status_code == 302
    assert Evaluation.objects.get(activity=activity).lessons == "Later thoughts."
