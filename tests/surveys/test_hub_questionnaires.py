"""Questionnaires answered in the hub are surveys too: followed, their answers become indicators over time."""

from datetime import date

import pytest
from django.test import override_settings

from engaging.questionnaires import services
from engaging.surveys import hub, statistics
from engaging.surveys.importing import import_survey
from engaging.surveys.models import Indicator, Survey
from engaging.surveys.services import answers_of, save_indicator
from tests.questionnaires import conftest as questionnaire_fixtures
from tests.surveys.conftest import write_csv

pytestmark = pytest.mark.django_db

# The questionnaire tests' fixtures: a questionnaire with one question of each kind.
questionnaire = questionnaire_fixtures.questionnaire
questions = questionnaire_fixtures.questions

GIVEN = [("Weekly", ["Days out"], 5), ("Weekly", ["Clubs", "Days out"], 4), ("Never", [], 1), ("Monthly", None, None)]


def answer(questionnaire, questions, often, helps, rating):
    single, several, rated, _ = questions
    answers = {single.pk: often}
    if helps is not None:
        answers[several.pk] = helps
    if rating is not None:
        answers[rated.pk] = rating
    return services.submit_response(questionnaire=questionnaire, answers=answers)


@pytest.fixture
def answered(questionnaire, questions):
    for row in GIVEN:
        answer(questionnaire, questions, *row)
    return questionnaire


def test_a_coordinator_follows_a_questionnaire_and_its_answers_become_respondents(client, world, answered):
    client.force_login(world.coordinator)
    page = client.get("/surveys/").content.decode()
    assert "Questionnaires answered in the hub" in page and "Your say on young carers&#x27; breaks" in page
    response = client.post(f"/surveys/follow/{answered.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == "/surveys/indicators/new/"
    assert "is followed as the survey" in response.content.decode()
    survey = Survey.objects.get(questionnaire=answered)
    assert (survey.name, survey.organisation, survey.respondent_count) == (
        "Your say on young carers' breaks (questionnaire)", world.council, 4
    )  # fmt: skip
    texts = list(survey.questions.values_list("text", flat=True))
    assert texts == [
        "How often do you get a break?",
        "Which breaks would help?: Days out",
        "Which breaks would help?: Clubs",
        "Which breaks would help?: Sleepovers",
        "How good is the support you get now?",
    ]
    often, days_out, clubs, _, rated = survey.questions.all()
    assert [a.text for a in often.answers.all()] == ["Weekly", "Monthly", "Never"]
    assert [a.text for a in days_out.answers.all()] == ["Chosen", "Not chosen"]
    assert rated.answers.count() == 5
    respondents = list(survey.respondents.order_by("pk"))
    assert {r.area_id for r in respondents} == {world.locality.pk}
    assert {r.answered_on for r in respondents} == {date.today()}
    # Weekly, chose days out only, rated 5; weekly, clubs and days out, 4; never, chose nothing, 1;
    # monthly, left the other questions unanswered (0).
    assert [bytes(r.answers) for r in respondents] == [
        bytes([1, 1, 2, 2, 5]),
        bytes([1, 1, 1, 2, 4]),
        bytes([3, 0, 0, 0, 1]),
        bytes([2, 0, 0, 0, 0]),
    ]
    # It is no longer offered, and shows as answered in the hub.
    page = client.get("/surveys/").content.decode()
    assert 'action="/surveys/follow/' not in page and "Answered in the hub" in page


@override_settings(SURVEY_MIN_RESPONDENTS=1)
def test_an_indicator_on_a_followed_questionnaire_counts_new_responses_as_they_come(
    answered,
    questions,
    world,
    django_capture_on_commit_callbacks,
):
    survey = hub.follow(answered)
    question = survey.questions.get(text="How often do you get a break?")
    indicator = save_indicator(
        name="Young carers with a weekly break",
        survey=survey,
        question=question,
        positive_answers=answers_of(question, ["Weekly"], "positive_answers"),
        excluded_answers=[],
        higher_is_better=True,
        period="year",
    )
    [value] = statistics.values_for(indicator)
    assert (value.respondents, value.proportion) == (4, 0.5)
    with django_capture_on_commit_callbacks(execute=True):
        answer(answered, questions, "Weekly", ["Sleepovers"], 3)
    survey.refresh_from_db()
    assert survey.respondent_count == 5
    [value] = statistics.values_for(Indicator.objects.get(pk=indicator.pk))
    assert (value.respondents, value.proportion) == (5, 0.6)
    # Following again rebuilds the same respondents, not twice as many.
    assert hub.follow(answered).respondent_count == 5


def test_responses_to_questionnaires_not_followed_are_left_alone(
    answered,
    questions,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(answered, questions, "Weekly", None, None)
    assert not Survey.objects.exists()


def test_respondents_count_in_the_smallest_area_holding_all_the_activitys_areas(answered, world):
    answered.activity.areas.set([world.ward, world.other_ward])
    assert hub.area_of(answered) == world.borough
    answered.activity.areas.set([world.ward])
    assert hub.area_of(answered) == world.ward
    answered.activity.areas.set([])
    with pytest.raises(Exception, match="Add an area to the activity first"):
        hub.follow(answered)
    assert not Survey.objects.exists()


def test_a_questionnaire_of_free_text_only_is_not_offered(client, world, questionnaire, questions):
    for question in questions[:3]:
        question.delete()
    services.submit_response(questionnaire=questionnaire, answers={questions[3].pk: "More evening clubs"})
    assert hub.to_follow(world.coordinator) == []
    client.force_login(world.coordinator)
    response = client.post(f"/surveys/follow/{questionnaire.pk}/", follow=True)
    assert "no questions with a list of answers" in response.content.decode()
    assert not Survey.objects.exists()


def test_only_the_lead_organisations_officers_and_coordinators_follow_it(client, world, answered):
    client.force_login(world.officer_healthwatch)
    assert "Questionnaires answered in the hub" not in client.get("/surveys/").content.decode()
    assert client.post(f"/surveys/follow/{answered.pk}/").status_code == 403
    client.force_login(world.board_member)
    assert client.post(f"/surveys/follow/{answered.pk}/").status_code == 403
    assert not Survey.objects.exists()
    client.force_login(world.officer_council)
    assert client.get(f"/surveys/follow/{answered.pk}/").status_code == 405
    assert client.post("/surveys/follow/999999/").status_code == 404
    assert client.post(f"/surveys/follow/{answered.pk}/").status_code == 302
    assert Survey.objects.get().questionnaire == answered


def test_a_file_cannot_be_imported_into_a_questionnaires_survey(answered, tmp_path, world):
    survey = hub.follow(answered)
    rows = [["2026-01-05", world.ward.name, "1", "Weekly"]]
    header = ("date", "area", "weight", "How often do you get a break?")
    result = import_survey(path=write_csv(tmp_path, rows, header=header), filename="r.csv", survey_name=survey.name)
    assert not result.ok
    assert "is a questionnaire answered in the hub" in result.problems[0].message
    assert survey.respondents.count() == 4


def test_the_api_lists_it_with_its_questions(client, world, answered):
    hub.follow(answered)
    found = client.get("/api/v1/surveys").json()
    [listed] = [s for s in found["items"] if s["name"].endswith("(questionnaire)")]
    assert listed["respondents"] == 4 and len(listed["questions"]) == 5
