"""The public feedback form at /f/<code>/: anonymous, limited, and kept apart from equality answers."""

import pytest
from django.test import override_settings
from django.utils.html import escape

from engaging.evaluation.models import EqualityMonitoring, FeedbackLink, ParticipantFeedback
from engaging.register.models import Status
from tests.factories import ActivityFactory

VALID = {"listened_to": "5", "easy_to_take_part": "4", "know_what_happens_next": "2", "comment": "Friendly people."}
EQUALITY = {"age_band": "35_44", "ethnicity": "mixed", "carer": "prefer_not_to_say"}


def form_url(link) -> str:
    return f"/f/{link.code}/"


def test_the_form_is_public(client, link):
    response = client.get(form_url(link))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(link.activity.title) in page
    assert "Tell us how it went" in page
    assert "“I felt listened to”" in page
    assert "Prefer not to say" in page
    assert "Do not include your name" in page


def test_valid_feedback_is_saved_and_thanked_after_a_redirect(client, link):
    response = client.post(form_url(link), VALID)
    assert response.status_code == 302
    assert response["Location"] == f"/f/{link.code}/thank-you/"
    feedback = ParticipantFeedback.objects.get()
    assert (feedback.listened_to, feedback.easy_to_take_part, feedback.know_what_happens_next) == (5, 4, 2)
    assert feedback.comment == "Friendly people."
    assert feedback.activity == link.activity
    assert not EqualityMonitoring.objects.exists()  # none of those questions answered
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your feedback" in thanks.content.decode()


def test_equality_answers_are_saved_apart_from_the_feedback(client, link):
    client.post(form_url(link), {**VALID, **EQUALITY})
    feedback = ParticipantFeedback.objects.get()
    monitoring = EqualityMonitoring.objects.get()
    assert (monitoring.age_band, monitoring.ethnicity, monitoring.carer, monitoring.sex) == (
        "35_44",
        "mixed",
        "prefer_not_to_say",
        "",
    )
    assert monitoring.activity == feedback.activity
    # Nothing joins the two rows: no key of one in the other, and no date or order on the equality row.
    monitoring_fields = {f.name for f in EqualityMonitoring._meta.get_fields()}
    feedback_fields = {f.name for f in ParticipantFeedback._meta.get_fields()}
    assert not any(f.is_relation and f.related_model is ParticipantFeedback for f in EqualityMonitoring._meta.fields)
    assert not any(f.is_relation and f.related_model is EqualityMonitoring for f in ParticipantFeedback._meta.fields)
    assert monitoring_fields & {"given_on", "created_at", "feedback"} == set()
    assert "equality_monitoring" not in feedback_fields


def test_no_personal_data_is_stored(client, link):
    """Whatever the request carries, the saved rows hold only the answers: no address, browser or cookie."""
    client.post(
        form_url(link),
        {**VALID, **EQUALITY, "name": "Jo Bloggs", "email": "jo@example.org"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Mozilla/5.0 (Test; FeedbackBrowser)",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    feedback = ParticipantFeedback.objects.values().get()
    monitoring = EqualityMonitoring.objects.values().get()
    assert set(feedback) == {
        "id", "activity_id", "listened_to", "easy_to_take_part", "know_what_happens_next", "comment", "given_on",
    }  # fmt: skip
    assert set(monitoring) == {"id", "activity_id", *EqualityMonitoring.QUESTIONS}
    stored = " ".join(str(v) for row in (feedback, monitoring) for v in row.values())
    for secret in ("203.0.113", "198.51.100", "Mozilla", "Jo Bloggs", "jo@example.org"):
        assert secret not in stored


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"listened_to": ""}, "listened_to", "Choose how much you agree that you felt listened to"),
        ({"easy_to_take_part": ""}, "easy_to_take_part", "Choose how much you agree that it was easy to take part"),
        (
            {"know_what_happens_next": ""},
            "know_what_happens_next",
            "Choose how much you agree that you know what will happen next",
        ),
        ({"listened_to": "6"}, "listened_to", "Choose one of the answers for how much you agree"),
        ({"easy_to_take_part": "0"}, "easy_to_take_part", "Choose one of the answers"),
        ({"know_what_happens_next": "two"}, "know_what_happens_next", "Choose one of the answers"),
        ({"comment": "x" * 2001}, "comment", "Your comment must be 2,000 characters or fewer"),
        ({"age_band": "ancient"}, "age_band", "Choose one of the answers, or leave the question out"),
        ({"ethnicity": "Martian"}, "ethnicity", "Choose one of the answers, or leave the question out"),
    ],
)
def test_each_invalid_answer_is_explained_and_nothing_is_saved(client, link, changes, field, message):
    response = client.post(form_url(link), {**VALID, **EQUALITY, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<title>Error: " in page
    assert f'href="#id_{field}' in page
    assert not ParticipantFeedback.objects.exists()
    assert not EqualityMonitoring.objects.exists()


def test_a_filled_honeypot_pretends_success_and_saves_nothing(client, link):
    response = client.post(form_url(link), {**VALID, **EQUALITY, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == f"/f/{link.code}/thank-you/"
    assert not ParticipantFeedback.objects.exists()
    assert not EqualityMonitoring.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, link):
    page = client.get(form_url(link)).content.decode()
    assert '<div class="govuk-visually-hidden" aria-hidden="true">' in page
    assert 'name="website" id="id_website" value="" tabindex="-1" autocomplete="off"' in page


@override_settings(FEEDBACK_RATE_LIMIT=3)
def test_the_rate_limit_refuses_a_client_after_too_many_submissions(client, link, fed_back):
    for _ in range(3):
        assert client.post(form_url(link), VALID, REMOTE_ADDR="203.0.113.9").status_code == 302
    refused = client.post(form_url(link), VALID, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Too many responses from this device" in refused.content.decode()
    assert ParticipantFeedback.objects.count() == 3
    # Another client, or the same client about another activity, is not affected.
    assert client.post(form_url(link), VALID, REMOTE_ADDR="203.0.113.10").status_code == 302
    other = FeedbackLink.objects.create(
        activity=ActivityFactory(lead_organisation=fed_back.lead_organisation, status=Status.OPEN)
    )
    assert client.post(form_url(other), VALID, REMOTE_ADDR="203.0.113.9").status_code == 302
    # Reading the form is never limited.
    assert client.get(form_url(link), REMOTE_ADDR="203.0.113.9").status_code == 200


@override_settings(FEEDBACK_RATE_LIMIT=2)
def test_honeypot_submissions_count_towards_the_limit_but_corrections_do_not(client, link):
    assert client.post(form_url(link), {**VALID, "listened_to": ""}).status_code == 200  # an error: not counted
    assert client.post(form_url(link), {**VALID, "website": "spam"}).status_code == 302
    assert client.post(form_url(link), VALID).status_code == 302
    assert client.post(form_url(link), VALID).status_code == 429
    assert ParticipantFeedback.objects.count() == 1


def test_the_rate_limit_keeps_no_address(client, link):
    from django.core.cache import cache

    client.post(form_url(link), VALID, REMOTE_ADDR="203.0.113.9")
    keys = list(cache._cache.keys())  # the local-memory cache used in tests
    assert keys and not any("203.0.113" in key for key in keys)


def test_a_closed_link_is_gone(client, link):
    link.is_open = False
    link.save()
    response = client.get(form_url(link))
    assert response.status_code == 410
    assert "This feedback form has closed" in response.content.decode()
    assert client.post(form_url(link), VALID).status_code == 410
    assert not ParticipantFeedback.objects.exists()


def test_a_cancelled_activity_takes_no_feedback(client, link, fed_back):
    fed_back.status = Status.CANCELLED
    fed_back.save()
    response = client.post(form_url(link), VALID)
    assert response.status_code == 410
    assert "cancelled" in response.content.decode()
    assert not ParticipantFeedback.objects.exists()


@pytest.mark.parametrize("change", ["not public", "archived"])
def test_a_private_or_archived_activity_is_not_found(client, link, fed_back, change):
    if change == "archived":
        fed_back.archive()
    else:
        fed_back.is_public = False
        fed_back.save()
    for response in (client.get(form_url(link)), client.post(form_url(link), VALID)):
        assert response.status_code == 404
        assert "Feedback form not available" in response.content.decode()
        assert escape(fed_back.title) not in response.content.decode()
    assert client.get(f"/f/{link.code}/thank-you/").status_code == 404
    assert not ParticipantFeedback.objects.exists()


def test_a_planned_activity_is_not_taking_feedback_yet(client, world):
    link = FeedbackLink.objects.create(activity=ActivityFactory(lead_organisation=world.council))
    response = client.get(form_url(link))
    assert response.status_code == 404
    assert "opens when the activity starts" in response.content.decode()


@pytest.mark.parametrize("code", ["nosuch1", "ABC", "a" * 40, "%F0%9F%98%80", "abc-def"])
def test_an_unknown_code_is_not_found(client, link, code):
    response = client.get(f"/f/{code}/")
    assert response.status_code == 404
    assert "There is no feedback form at this address" in response.content.decode()


def test_codes_are_read_without_regard_to_case(client, link):
    assert client.get(f"/f/{link.code.upper()}/").status_code == 200


def test_an_open_activity_takes_feedback(client, world):
    link = FeedbackLink.objects.create(activity=ActivityFactory(lead_organisation=world.council, status=Status.OPEN))
    assert client.post(form_url(link), VALID).status_code == 302
    assert ParticipantFeedback.objects.count() == 1


def test_wrong_method(client, link):
    assert client.put(form_url(link)).status_code == 405
    assert client.post(f"/f/{link.code}/thank-you/").status_code == 405


def test_the_kept_empty_form_carries_each_visitors_own_csrf_token(link):
    from django.test import Client

    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(form_url(link)).content.decode()
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        tokens.append(token)
        assert visitor.post(form_url(link), {**VALID, "csrfmiddlewaretoken": token}).status_code == 302
    assert tokens[0] != tokens[1]
