"""POST /api/v1/plain-language/check: anyone may check a text; bad input and too many checks are refused."""

import json

import pytest
import textstat
from django.test import Client

from tests.api.conftest import ApiClient, assert_error_shape

URL = "plain-language/check"
TEXT = "Going forward, the ICB will co-produce the plan. It was agreed by the board."


def test_anyone_can_check_a_text_without_a_token(glossary, anon):
    response = anon.post(URL, {"text": TEXT})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        *("reading_age", "flesch_reading_ease", "average_sentence_length", "word_count", "sentence_count"),
        *("target_reading_age", "verdict", "issues"),
    }
    # Under 100 words: no reading age, and the verdict comes from what there is to fix.
    assert body["reading_age"] is None and body["flesch_reading_ease"] is None
    assert (body["word_count"], body["sentence_count"], body["average_sentence_length"]) == (14, 2, 7.0)
    assert body["target_reading_age"] == 9 and body["verdict"] == "above_target"
    kinds = [(issue["kind"], issue["text"]) for issue in body["issues"]]
    assert kinds == [
        ("jargon", "Going forward"),
        ("acronym", "ICB"),
        ("undefined_acronym", "ICB"),
        ("jargon", "co-produce"),
        ("passive", "was agreed"),
    ]
    for issue in body["issues"]:
        assert TEXT[issue["start"] : issue["end"]] == issue["text"]
        assert issue["message"]
    assert body["issues"][0]["suggestion"] == "from now on"
    assert body["issues"][-1]["suggestion"] is None


def test_positions_are_in_characters_even_after_emoji(glossary, anon):
    text = "😀 Stakeholders met."
    issue = anon.post(URL, {"text": text}).json()["issues"][0]
    assert (issue["start"], issue["end"], issue["text"]) == (2, 14, "Stakeholders")


def test_empty_text_has_no_reading_age(glossary, anon):
    body = anon.post(URL, {"text": "   "}).json()
    assert body["reading_age"] is None and body["flesch_reading_ease"] is None
    assert body["verdict"] == "no_text" and body["issues"] == []


LONG_TEXT = " ".join(
    ["The council will review the evidence and report back to residents in the spring."] * 5
    + ["We will write to everyone who took part, and we will put the report in every library."] * 5
)


def test_a_target_reading_age_can_be_sent_and_judges_texts_of_100_words_or_more(glossary, anon):
    body = anon.post(URL, {"text": LONG_TEXT, "target_reading_age": 25}).json()
    assert body["word_count"] >= 100 and body["reading_age"] == round(textstat.flesch_kincaid_grade(LONG_TEXT) + 5, 1)
    assert body["target_reading_age"] == 25 and body["verdict"] == "meets_target"
    assert anon.post(URL, {"text": LONG_TEXT, "target_reading_age": 5}).json()["verdict"] == "above_target"


@pytest.mark.parametrize(
    "text",
    [
        "Come to our drop-in at Brierley Hill library on Tuesday mornings.",
        "Ask your GP, or go to A&E if it cannot wait. We help people with diabetes, dementia and asthma.",
    ],
)
def test_a_short_plain_text_meets_the_target_with_nothing_to_fix(glossary, anon, text):
    body = anon.post(URL, {"text": text}).json()
    assert body["verdict"] == "meets_target" and body["issues"] == [] and body["reading_age"] is None


def test_a_short_text_with_an_uncommon_word_is_above_the_target_naming_it(glossary, anon):
    body = anon.post(URL, {"text": "We will ameliorate the service."}).json()
    assert body["verdict"] == "above_target"
    assert [(issue["kind"], issue["text"]) for issue in body["issues"]] == [("uncommon_word", "ameliorate")]


def test_signed_in_callers_with_a_token_use_it_too(glossary, as_):
    assert as_("board_member").post(URL, {"text": TEXT}).status_code == 200


def test_a_bad_token_is_refused_not_treated_as_anonymous(glossary):
    response = ApiClient("not-a-real-token").post(URL, {"text": TEXT})
    assert_error_shape(response, 401)


def test_a_browser_session_must_send_its_csrf_token(world, glossary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_council)
    response = client.post(f"/api/v1/{URL}", json.dumps({"text": TEXT}), content_type="application/json")
    assert_error_shape(response, 403)


def test_text_that_is_too_long_is_refused_naming_the_field(glossary, anon):
    response = anon.post(URL, {"text": "a" * 100_001})
    body = assert_error_shape(response, 400, field="text")
    assert body["errors"][0]["message"] == "Use 100,000 characters or fewer"
    assert anon.post(URL, {"text": "word " * 20_000}).status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "text"),
        ({"text": None}, "text"),
        ({"text": 12}, "text"),
        ({"text": ["a", "b"]}, "text"),
        ({"text": {"a": 1}}, "text"),
        ({"text": "ok", "target_reading_age": "nine"}, "target_reading_age"),
        ({"text": "ok", "target_reading_age": 3}, "target_reading_age"),
        ({"text": "ok", "target_reading_age": 9.5}, "target_reading_age"),
        ({"text": "ok", "colour": "red"}, "colour"),
    ],
)
def test_wrong_types_and_unknown_fields_are_refused(glossary, anon, body, field):
    assert_error_shape(anon.post(URL, body), 400, field=field)


@pytest.mark.parametrize("raw", ["", "not json", "[1, 2]", '"text"', '{"text": NaN}'])
def test_a_body_that_is_not_a_json_object_is_refused(glossary, anon, raw):
    assert_error_shape(anon.post(URL, raw=raw), 400)


def test_other_methods_are_refused(glossary, anon):
    assert_error_shape(anon.get(URL), 405)


def test_too_many_checks_from_one_address_are_refused_for_a_while(glossary, settings):
    settings.PLAIN_API_RATE_LIMIT = 3
    settings.PLAIN_API_RATE_WINDOW = 60
    here = ApiClient(client=Client(REMOTE_ADDR="203.0.113.7"))
    elsewhere = ApiClient(client=Client(REMOTE_ADDR="198.51.100.9"))
    assert [here.post(URL, {"text": TEXT}).status_code for _ in range(3)] == [200, 200, 200]
    body = assert_error_shape(here.post(URL, {"text": TEXT}), 429)
    assert "3 texts every 60 seconds" in body["detail"]
    # Bad requests count too, so they cannot be used to get round the limit.
    assert here.post(URL, {"text": 1}).status_code == 429
    assert elsewhere.post(URL, {"text": TEXT}).status_code == 200


def test_the_address_is_not_kept_in_the_cache(glossary, settings):
    from django.core.cache import cache

    ApiClient(client=Client(REMOTE_ADDR="203.0.113.7")).post(URL, {"text": TEXT})
    keys = list(cache._cache.keys())  # the local-memory cache used in tests
    assert keys and not any("203.0.113.7" in key for key in keys)


def test_the_checker_is_described_in_the_openapi_document(glossary, anon):
    document = anon.get("openapi.json").json()
    operation = document["paths"]["/api/v1/plain-language/check"]["post"]
    assert "429" in operation["responses"]
    schema = document["components"]["schemas"]["IssueOut"]
    assert schema["properties"]["kind"]["enum"] == [
        "long_sentence",
        "jargon",
        "acronym",
        "undefined_acronym",
        "passive",
        "uncommon_word",
    ]


def test_behind_the_hubs_proxy_each_client_is_counted_by_the_address_the_proxy_saw(glossary, settings):
    settings.PLAIN_API_RATE_LIMIT = 1
    settings.BEHIND_PROXY = True
    proxy = ApiClient(client=Client(REMOTE_ADDR="10.0.0.2"))
    first = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    send = proxy.client.post
    body = json.dumps({"text": TEXT})
    url = f"/api/v1/{URL}"
    assert send(url, body, content_type="application/json", **first).status_code == 200
    assert send(url, body, content_type="application/json", **second).status_code == 200
    spoofed = {"HTTP_X_FORWARDED_FOR": "9.9.9.9, 203.0.113.7"}  # the client cannot choose its own bucket
    assert send(url, body, content_type="application/json", **spoofed).status_code == 429
