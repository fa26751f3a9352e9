"""The questionnaires API: who may build and read, anonymous answers, bad answers named, closing, the rate limit."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from engaging.questionnaires.models import AboutYou, HearBackContact, Questionnaire, QuestionnaireResponse
from tests.api.conftest import ApiClient, as_, assert_error_shape, tokens  # noqa: F401  (fixtures)

ANON = None
PERSONAS = (ANON, "officer_council", "officer_healthwatch", "coordinator", "board_member")

# What each persona gets for the council's questionnaire: create, retrieve, results, paper answers.
MATRIX = {
    ANON:                  (401, 200, 401, 401),
    "officer_council":     (201, 200, 200, 201),
    "officer_healthwatch": (403, 200, 200, 403),
    "coordinator":         (201, 200, 200, 201),
    "board_member":        (403, 200, 200, 403),
}  # fmt: skip


def new_questionnaire(activity, **changes):
    body = {
        "activity": activity.pk,
        "title": "Library opening hours",
        "introduction": "Tell us when you would use the library.",
        "closes_on": (date.today() + timedelta(days=10)).isoformat(),
        "questions": [
            {"kind": "single_choice", "text": "Do you use the library?", "options": ["Yes", "No"], "required": True},
            {"kind": "rating", "text": "How good are the hours?", "options": []},
            {"kind": "text", "text": "Anything else?", "max_length": 50},
        ],
    }
    body.update(changes)
    return body


def answers(questions, *values):
    return {"answers": [{"question": q.pk, "value": v} for q, v in zip(questions, values, strict=False)]}


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
def test_permission_matrix(persona, questionnaire, questions, as_):  # noqa: F811
    create, retrieve, results, paper = MATRIX[persona]
    client = as_(persona)
    response = client.post("questionnaires", new_questionnaire(questionnaire.activity))
    assert response.status_code == create, response.content
    assert Questionnaire.objects.filter(title="Library opening hours").exists() == (create == 201)
    assert client.get(f"questionnaires/{questionnaire.pk}").status_code == retrieve
    assert client.get(f"questionnaires/{questionnaire.pk}/results").status_code == results
    response = client.post(
        f"questionnaires/{questionnaire.pk}/responses", {**answers(questions, "Weekly"), "channel": "paper"}
    )
    assert response.status_code == paper, response.content
    if paper >= 400:
        assert_error_shape(response, paper)
        assert not QuestionnaireResponse.objects.exists()


def test_created_questionnaire_reads_back_with_its_questions_in_order(world, council_activity, as_):  # noqa: F811
    response = as_("officer_council").post("questionnaires", new_questionnaire(council_activity))
    assert response.status_code == 201
    body = response.json()
    assert [q["kind"] for q in body["questions"]] == ["single_choice", "rating", "text"]
    assert body["questions"][1]["rating_labels"][0] == "Very poor" and body["questions"][2]["max_length"] == 50
    again = ApiClient().get(f"questionnaires/{body['id']}").json()
    assert again["questions"] == body["questions"] and again["is_closed"] is False


def test_bad_questions_are_named_and_nothing_is_created(council_activity, as_):  # noqa: F811
    body = new_questionnaire(
        council_activity,
        questions=[
            {"kind": "single_choice", "text": "Pick one", "options": ["Only one"]},
            {"kind": "rating", "text": "Rate", "options": ["a", "b"]},
        ],
    )
    response = as_("officer_council").post("questionnaires", body)
    assert_error_shape(response, 400)
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"questions[0].options", "questions[1].options"}
    assert not Questionnaire.objects.filter(title="Library opening hours").exists()
    response = as_("officer_council").post("questionnaires", {**body, "questions": [{"kind": "poll", "text": "x"}]})
    assert response.status_code == 400


def test_an_anonymous_answer_is_saved_with_about_you_apart(questionnaire, questions):
    body = answers(questions, "Monthly", ["Clubs", "Sleepovers"], 2, "Breaks in the evening")
    body["about_you"] = {"age_band": "16_24"}
    body["contact"] = {"email": "carer@example.org"}
    response = ApiClient().post(f"questionnaires/{questionnaire.pk}/responses", body)
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "online" and response.json()["answers"] == 4
    assert AboutYou.objects.get().age_band == "16_24"
    assert HearBackContact.objects.get().email == "carer@example.org"


def test_each_bad_answer_is_named_and_nothing_is_saved(questionnaire, questions):
    body = {
        "answers": [
            {"question": questions[1].pk, "value": ["Clubs", "Swimming"]},
            {"question": questions[2].pk, "value": 0},
            {"question": questions[3].pk, "value": "x" * 201},
            {"question": 987654, "value": "?"},
        ]
    }
    response = ApiClient().post(f"questionnaires/{questionnaire.pk}/responses", body)
    assert_error_shape(response, 400)
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"answers[0].value", "answers[1].value", "answers[2].value", "answers[3].question", "answers"}
    assert "How often do you get a break?" in errors["answers"]  # the required question left out
    assert "1 to 5" in errors["answers[1].value"]
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"answers": [{"question": "one", "value": "Weekly"}]},
        {"answers": "Weekly"},
        {"answers": [], "name": "Someone"},
        {"answers": [], "about_you": {"age_band": "ancient"}},
    ],
)
def test_malformed_responses_are_400(questionnaire, body):
    response = ApiClient().post(f"questionnaires/{questionnaire.pk}/responses", body)
    assert_error_shape(response, 400)


def test_a_question_answered_twice_is_refused(questionnaire, questions):
    body = {
        "answers": [{"question": questions[0].pk, "value": "Weekly"}, {"question": questions[0].pk, "value": "Never"}]
    }
    response = ApiClient().post(f"questionnaires/{questionnaire.pk}/responses", body)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "answers[1].question"


def test_answers_after_the_closing_date_are_refused_but_paper_ones_are_entered(questionnaire, questions, as_):  # noqa: F811
    Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_on=date.today() - timedelta(days=1))
    response = ApiClient().post(f"questionnaires/{questionnaire.pk}/responses", answers(questions, "Weekly"))
    assert_error_shape(response, 400)
    assert "no longer taking answers" in response.json()["detail"]
    paper = as_("officer_council").post(f"questionnaires/{questionnaire.pk}/responses", answers(questions, "Weekly"))
    assert paper.status_code == 201 and paper.json()["channel"] == "paper"
    assert paper.json()["submitted_on"] == (date.today() - timedelta(days=1)).isoformat()


@override_settings(QUESTIONNAIRE_RATE_LIMIT=20)
def test_twenty_answers_an_hour_from_one_address_then_429(questionnaire, questions):
    client = ApiClient()
    for _ in range(20):
        assert (
            client.post(f"questionnaires/{questionnaire.pk}/responses", answers(questions, "Weekly")).status_code == 201
        )
    refused = client.post(f"questionnaires/{questionnaire.pk}/responses", answers(questions, "Weekly"))
    assert_error_shape(refused, 429)
    assert int(refused["Retry-After"]) > 0
    assert QuestionnaireResponse.objects.count() == 20


def test_a_questionnaire_of_a_private_activity_is_hidden_from_residents(questionnaire, questions, as_):  # noqa: F811
    questionnaire.activity.is_public = False
    questionnaire.activity.save()
    assert ApiClient().get(f"questionnaires/{questionnaire.pk}").status_code == 404
    assert (
        ApiClient().post(f"questionnaires/{questionnaire.pk}/responses", answers(questions, "Weekly")).status_code
        == 404
    )
    assert as_("board_member").get(f"questionnaires/{questionnaire.pk}").status_code == 200
    assert ApiClient().get("questionnaires/999999").status_code == 404


def test_results_count_each_option_the_mean_rating_and_text_answers(questionnaire, questions, as_):  # noqa: F811
    client = ApiClient()
    client.post(
        f"questionnaires/{questionnaire.pk}/responses", answers(questions, "Weekly", ["Clubs"], 4, "More clubs")
    )
    client.post(f"questionnaires/{questionnaire.pk}/responses", answers(questions, "Never", ["Clubs", "Days out"], 2))
    with CaptureQueriesContext(connection) as queries:
        body = as_("coordinator").get(f"questionnaires/{questionnaire.pk}/results").json()
    assert len(queries) <= 12
    assert body["responses"] == 2 and body["by_channel"] == {"online": 2, "paper": 0, "phone": 0}
    single, several, rating, text = body["questions"]
    assert [(o["value"], o["count"], o["percent"]) for o in single["options"]] == [
        ("Weekly", 1, 50.0),
        ("Monthly", 0, 0.0),
        ("Never", 1, 50.0),
    ]
    assert [o["count"] for o in several["options"]] == [1, 2, 0]
    assert rating["mean"] == 3.0 and [o["count"] for o in rating["options"]] == [0, 1, 0, 1, 0]
    assert text["text_answers"] == 1 and text["answered"] == 1
