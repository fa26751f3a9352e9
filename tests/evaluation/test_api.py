"""The evaluation API: the same permissions as the pages, the one error shape, and anonymous feedback."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from engaging.evaluation.models import EqualityMonitoring, Evaluation, FeedbackLink, ParticipantFeedback
from engaging.register.models import Status
from tests.api.conftest import ApiClient, as_, assert_error_shape, tokens  # noqa: F401  (fixtures)
from tests.evaluation.conftest import evaluate, finished_activity, rate
from tests.factories import ActivityFactory, UserFactory

ANON = None
PERSONAS = (ANON, "officer_council", "officer_healthwatch", "coordinator", "board_member")

# What each persona gets, for evaluations of activities led by the council.
MATRIX = {
    #                      list retrieve create update
    ANON:                  (401, 401, 401, 401),
    "officer_council":     (200, 200, 201, 200),
    "officer_healthwatch": (200, 200, 403, 403),
    "coordinator":         (200, 200, 201, 200),
    "board_member":        (200, 200, 403, 403),
}  # fmt: skip

LESSONS = "Evening sessions suited working carers."


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
def test_permission_matrix(persona, world, as_):  # noqa: F811
    list_, retrieve, create, update = MATRIX[persona]
    existing = evaluate(finished_activity(world, title="Evaluated already"), lessons="First thoughts.")
    to_evaluate = finished_activity(world, title="Not yet evaluated")
    client = as_(persona)

    assert client.get("evaluations").status_code == list_
    assert client.get(f"evaluations/{existing.pk}").status_code == retrieve

    response = client.post("evaluations", {"activity": to_evaluate.pk, "lessons": LESSONS})
    assert response.status_code == create, response.content
    assert Evaluation.objects.filter(activity=to_evaluate).exists() == (create == 201)
    if create >= 400:
        assert_error_shape(response, create)

    response = client.patch(f"evaluations/{existing.pk}", {"lessons": "Second thoughts."})
    assert response.status_code == update, response.content
    existing.refresh_from_db()
    assert existing.lessons == ("Second thoughts." if update == 200 else "First thoughts.")
    if update >= 400:
        assert_error_shape(response, update)


def test_a_person_with_no_role_cannot_read_evaluations(world):
    from engaging.accounts.models import ApiToken

    nobody = UserFactory(username="no-role")
    client = ApiClient(ApiToken.issue(user=nobody, name="t")[1])
    evaluation = evaluate(finished_activity(world))
    assert_error_shape(client.get("evaluations"), 403)
    assert_error_shape(client.get(f"evaluations/{evaluation.pk}"), 403)
    assert_error_shape(client.post("evaluations", {"activity": evaluation.activity_id, "lessons": LESSONS}), 403)


def test_an_evaluation_comes_with_its_measures(world, as_):  # noqa: F811
    activity = finished_activity(world, participants_target=40, participants_actual=30)
    rate(activity, (5, 4, 3), (3, 4, 1))
    evaluation = evaluate(activity, participants_involved=True, how_participants_involved="A review session.")
    body = as_("board_member").get(f"evaluations/{evaluation.pk}").json()
    assert body["activity"] == activity.pk
    assert body["participants_involved"] is True
    measures = body["measures"]
    assert measures["reach"] == {"target": 40, "actual": 30, "ratio": 0.75, "summary": "30 of a target of 40 (75%)"}
    assert {g["name"]: g["reached"] for g in measures["groups"]} == {"Carers": False, "Young people": False}
    assert measures["cost"] == "120.00"
    assert measures["cost_per_participant"] == "4.00"
    assert measures["influence"] == {
        "responses": 0,
        "by_status": {},
        "acted_on": False,
        "summary": "No responses recorded yet",
    }
    assert measures["feedback"]["count"] == 2
    assert measures["feedback"]["listened_to"] == {"mean": 4.0, "count": 2}


def test_listing_is_paged_and_filtered_and_does_not_grow_in_queries(world, as_, settings):  # noqa: F811
    settings.KEEP_PAGES = False  # the work of listing, not a page kept from the last request
    client = as_("coordinator")
    evaluate(finished_activity(world, title="Healthwatch one", lead=world.healthwatch))
    client.get("evaluations")  # the first use of a token also records when it was used
    with CaptureQueriesContext(connection) as few:
        client.get("evaluations")
    council = [evaluate(finished_activity(world, title=f"Council {n}")) for n in range(3)]
    with CaptureQueriesContext(connection) as more:
        assert client.get("evaluations").json()["count"] == 4
    assert len(more) == len(few)
    body = client.get("evaluations", limit=2).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    body = client.get("evaluations", organisation=world.council.pk).json()
    assert {item["id"] for item in body["items"]} == {e.pk for e in council}
    body = client.get("evaluations", activity=council[0].activity_id).json()
    assert [item["id"] for item in body["items"]] == [council[0].pk]
    assert_error_shape(client.get("evaluations", colour="blue"), 400, field="colour")
    assert_error_shape(client.get("evaluations", limit=0), 400, field="limit")


def test_creating_records_who_and_defaults_the_date(world, as_):  # noqa: F811
    from datetime import date

    activity = finished_activity(world)
    response = as_("officer_council").post(
        "evaluations",
        {
            "activity": activity.pk,
            "lessons": LESSONS,
            "participants_involved": True,
            "how_participants_involved": "Carers reviewed it with us.",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["evaluated_by"] == world.officer_council.pk
    assert body["evaluated_on"] == date.today().isoformat()
    assert "measures" in body
    assert Evaluation.objects.get(activity=activity).history.get().history_user == world.officer_council


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"lessons": LESSONS}, "activity", "required"),
        ({"activity": "{activity}"}, "lessons", "required"),
        ({"activity": "{activity}", "lessons": "   "}, "lessons", "blank"),
        ({"activity": "{activity}", "lessons": "x" * 4001}, "lessons", "4000"),
        ({"activity": "{activity}", "lessons": LESSONS, "rating": 5}, "rating", "not a field you can set"),
        ({"activity": 999999, "lessons": LESSONS}, "activity", "no activity with that id"),
        (
            {"activity": "{activity}", "lessons": LESSONS, "participants_involved": "yes"},
            "participants_involved",
            "true or false",
        ),
        (
            {"activity": "{activity}", "lessons": LESSONS, "participants_involved": True},
            "how_participants_involved",
            "Describe how participants took part",
        ),
        ({"activity": "{activity}", "lessons": LESSONS, "evaluated_on": "31/02/2025"}, "evaluated_on", "YYYY-MM-DD"),
        ({"activity": "{planned}", "lessons": LESSONS}, "activity", "once it has closed"),
        ({"activity": "{evaluated}", "lessons": LESSONS}, "activity", "already has an evaluation"),
    ],
)
def test_bad_input_to_create_is_400_naming_the_field(world, as_, body, field, words):  # noqa: F811
    ids = {
        "{activity}": finished_activity(world).pk,
        "{planned}": ActivityFactory(lead_organisation=world.council).pk,
        "{evaluated}": evaluate(finished_activity(world, title="Done")).activity_id,
    }
    body = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    before = Evaluation.objects.count()
    response = as_("officer_council").post("evaluations", body)
    found = assert_error_shape(response, 400, field=field)
    assert words in next(e["message"] for e in found["errors"] if e["field"] == field)
    assert Evaluation.objects.count() == before


def test_bad_input_to_update(world, as_):  # noqa: F811
    evaluation = evaluate(finished_activity(world))
    client = as_("officer_council")
    assert_error_shape(client.patch(f"evaluations/{evaluation.pk}", {"lessons": None}), 400, field="lessons")
    assert_error_shape(client.patch(f"evaluations/{evaluation.pk}", {"activity": 3}), 400, field="activity")
    assert_error_shape(
        client.patch(f"evaluations/{evaluation.pk}", {"participants_involved": True}),
        400,
        field="how_participants_involved",
    )
    assert_error_shape(client.patch("evaluations/999999", {"lessons": "x"}), 404)
    assert_error_shape(client.get("evaluations/999999"), 404)
    assert_error_shape(client.get("evaluations/nonsense"), 404)
    evaluation.refresh_from_db()
    assert evaluation.participants_involved is False
    assert client.patch(f"evaluations/{evaluation.pk}", {}).status_code == 200


def test_a_board_member_is_refused_before_the_body_is_read(world, as_):  # noqa: F811
    assert_error_shape(as_("board_member").post("evaluations", raw=b"{not json"), 403)


# Participant feedback ---------------------------------------------------------------------------------

RATINGS = {"listened_to": 4, "easy_to_take_part": 5, "know_what_happens_next": 2}


def feedback_path(activity) -> str:
    return f"activities/{activity.pk}/participant-feedback"


def test_anyone_can_give_feedback_without_a_token(link, fed_back):
    response = ApiClient().post(
        feedback_path(fed_back), {**RATINGS, "comment": "Good.", "equality": {"age_band": "65_74", "carer": "yes"}}
    )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "activity": fed_back.pk,
        **RATINGS,
        "comment": "Good.",
        "given_on": ParticipantFeedback.objects.get().given_on.isoformat(),
    }
    monitoring = EqualityMonitoring.objects.get()
    assert (monitoring.age_band, monitoring.carer, monitoring.sex) == ("65_74", "yes", "")


def test_a_signed_in_partner_can_send_feedback_too(world, as_, link, fed_back):  # noqa: F811
    assert as_("board_member").post(feedback_path(fed_back), RATINGS).status_code == 201


def test_a_bad_token_is_refused_not_treated_as_anonymous(link, fed_back):
    response = ApiClient("not-a-real-token").post(feedback_path(fed_back), RATINGS)
    assert_error_shape(response, 401)
    assert not ParticipantFeedback.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"listened_to": 6}, "listened_to"),
        ({"listened_to": 0}, "listened_to"),
        ({"easy_to_take_part": "5"}, "easy_to_take_part"),
        ({"easy_to_take_part": 4.5}, "easy_to_take_part"),
        ({"know_what_happens_next": True}, "know_what_happens_next"),
        ({"know_what_happens_next": None}, "know_what_happens_next"),
        ({"comment": "x" * 2001}, "comment"),
        ({"comment": 5}, "comment"),
        ({"name": "Jo Bloggs"}, "name"),
        ({"email": "jo@example.org"}, "email"),
        ({"ip_address": "203.0.113.9"}, "ip_address"),
        ({"equality": {"age_band": "ancient"}}, "equality"),
        ({"equality": {"postcode": "DY1 1AA"}}, "equality"),
    ],
)
def test_bad_feedback_is_400_naming_the_field_and_saves_nothing(link, fed_back, changes, field):
    response = ApiClient().post(feedback_path(fed_back), {**RATINGS, **changes})
    body = assert_error_shape(response, 400, field=field)
    assert body["errors"][0]["message"]
    assert not ParticipantFeedback.objects.exists()
    assert not EqualityMonitoring.objects.exists()


def test_a_missing_rating_is_named(link, fed_back):
    body = {key: value for key, value in RATINGS.items() if key != "listened_to"}
    assert_error_shape(ApiClient().post(feedback_path(fed_back), body), 400, field="listened_to")


def test_a_rating_message_says_what_is_allowed(link, fed_back):
    body = assert_error_shape(ApiClient().post(feedback_path(fed_back), {**RATINGS, "listened_to": 9}), 400)
    assert body["errors"] == [
        {"field": "listened_to", "message": "Give a whole number from 1 (strongly disagree) to 5 (strongly agree)"}
    ]


@pytest.mark.parametrize(
    ("setup", "status"),
    [
        ("no link", 404),
        ("closed link", 410),
        ("cancelled", 410),
        ("not public", 404),
        ("archived", 404),
        ("planned", 404),
    ],
)
def test_feedback_only_while_the_link_is_open(world, fed_back, setup, status):
    link = None if setup == "no link" else FeedbackLink.objects.create(activity=fed_back)
    if setup == "closed link":
        link.is_open = False
        link.save()
    elif setup == "cancelled":
        fed_back.status = Status.CANCELLED
        fed_back.save()
    elif setup == "not public":
        fed_back.is_public = False
        fed_back.save()
    elif setup == "archived":
        fed_back.archive()
    elif setup == "planned":
        fed_back.status = Status.PLANNED
        fed_back.save()
    assert_error_shape(ApiClient().post(feedback_path(fed_back), RATINGS), status)
    assert not ParticipantFeedback.objects.exists()


def test_feedback_about_a_missing_activity(world):
    assert_error_shape(ApiClient().post("activities/999999/participant-feedback", RATINGS), 404)
    assert_error_shape(ApiClient().post("activities/x/participant-feedback", RATINGS), 404)


@override_settings(FEEDBACK_RATE_LIMIT=2)
def test_the_same_rate_limit_as_the_form(client, link, fed_back):
    api = ApiClient(client=client)
    assert api.post(feedback_path(fed_back), RATINGS).status_code == 201
    form = {"listened_to": "3", "easy_to_take_part": "3", "know_what_happens_next": "3"}
    assert client.post(f"/f/{link.code}/", form).status_code == 302  # the form and the API share the limit
    response = api.post(feedback_path(fed_back), RATINGS)
    assert_error_shape(response, 429)
    assert response["Retry-After"] == "3600"
    assert client.post(f"/f/{link.code}/", form).status_code == 429
    assert ParticipantFeedback.objects.count() == 2


def test_reading_feedback_is_not_an_api_action(link, fed_back):
    assert_error_shape(ApiClient().get(feedback_path(fed_back)), 405)
