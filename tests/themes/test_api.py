"""The theme analysis API: reading comments with filters, confirming themes, and classifying a text."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from engaging.themes import services
from engaging.themes.models import Comment, Theme
from tests.api.conftest import as_, assert_error_shape, tokens  # noqa: F401  (fixtures)
from tests.themes.coded import MANNER, TIMELY, TRANSPORT

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(trained):
    data = b"text\nthe ambulance driver took me home\nI waited three hours\nthe staff were kind and friendly\n"
    services.import_comments(framework=trained, data=data, filename="f.csv")
    services.classify_comments(framework=trained)
    return {c.text.split()[1]: c for c in Comment.objects.all()}


@pytest.mark.parametrize(
    ("persona", "read", "code"),
    [(None, 401, 401), ("officer_council", 200, 200), ("coordinator", 200, 200), ("board_member", 200, 403)],
)
def test_who_may_read_and_code(persona, read, code, comments, as_):  # noqa: F811
    client = as_(persona)
    assert client.get("comments").status_code == read
    comment = comments["ambulance"]
    timely = Theme.objects.get(framework=comment.framework, name=TIMELY)
    response = client.post(f"comments/{comment.pk}/themes", {"themes": [timely.pk], "sentiment": "negative"})
    assert response.status_code == code, response.content
    comment.refresh_from_db()
    assert comment.confirmed == (code == 200)
    if code != 200:
        assert_error_shape(response, code)


def test_listing_filters_and_shows_themes_in_few_queries(comments, as_, settings):  # noqa: F811
    settings.KEEP_PAGES = False  # the work of listing, not a page kept from the last request
    client = as_("officer_council")
    client.get("comments")  # what is read once a process (roles, the framework) is read before counting
    with CaptureQueriesContext(connection) as few:
        body = client.get("comments").json()
    assert body["count"] == 3
    framework = Comment.objects.first().framework
    more_text = b"text\nlate again\nthe crew were rude\nthe taxi\n"
    services.import_comments(framework=framework, data=more_text, filename="g.csv")
    services.classify_comments(framework=framework)
    with CaptureQueriesContext(connection) as more:
        assert client.get("comments").json()["count"] == 6
    assert len(more) == len(few) <= 12
    by_text = {item["text"]: item for item in body["items"]}
    assert [t["name"] for t in by_text["the ambulance driver took me home"]["themes"]] == [TRANSPORT]
    manner = Theme.objects.get(name=MANNER, framework__key="nhs-patient-experience")
    assert {i["text"] for i in client.get("comments", theme=manner.pk).json()["items"]} == {
        "the staff were kind and friendly",
        "the crew were rude",
    }
    assert client.get("comments", sentiment="negative").json()["count"] >= 1
    assert client.get("comments", source="feedback").json()["count"] == 0
    assert client.get("comments", confirmed="false").json()["count"] == 6
    assert_error_shape(client.get("comments", sentiment="cross"), 400)
    assert_error_shape(client.get("comments", colour="red"), 400)
    assert_error_shape(client.get("comments", framework="nope"), 400, field="framework")


def test_confirming_names_bad_themes_and_changes_nothing(comments, as_):  # noqa: F811
    client = as_("officer_council")
    comment = comments["ambulance"]
    response = client.post(f"comments/{comment.pk}/themes", {"themes": [999999], "sentiment": "positive"})
    assert_error_shape(response, 400, field="themes")
    assert_error_shape(client.post(f"comments/{comment.pk}/themes", {"themes": []}), 400)
    assert_error_shape(client.post("comments/999999/themes", {"themes": [], "sentiment": "neutral"}), 404)
    comment.refresh_from_db()
    assert not comment.confirmed


def test_confirming_with_no_themes_and_reading_it_back(comments, as_):  # noqa: F811
    client = as_("coordinator")
    comment = comments["staff"]
    body = client.post(f"comments/{comment.pk}/themes", {"themes": [], "sentiment": "neutral"}).json()
    assert body["confirmed"] is True and body["themes"] == [] and body["sentiment"] == "neutral"


def test_anyone_can_classify_a_text(trained, as_):  # noqa: F811
    body = as_(None).post("themes/classify", {"text": "the taxi to the clinic was very late arriving"}).json()
    assert {t["name"] for t in body["themes"]} == {TRANSPORT, TIMELY}
    assert body["sentiment"] in {"negative", "mixed"}
    assert all(0.5 <= t["score"] <= 1 for t in body["themes"])


def test_classify_refuses_bad_input(trained, as_):  # noqa: F811
    client = as_(None)
    assert_error_shape(client.post("themes/classify", {"text": None}), 400)
    assert_error_shape(client.post("themes/classify", {"text": "x" * 10001}), 400, field="text")
    assert_error_shape(client.post("themes/classify", {"text": "hi", "framework": "nope"}), 400, field="framework")
    assert_error_shape(client.post("themes/classify", {"text": "hi", "extra": 1}), 400)


def test_classify_without_a_trained_model_says_so(framework, as_):  # noqa: F811
    assert_error_shape(as_(None).post("themes/classify", {"text": "hello"}), 400, field="framework")


@override_settings(THEMES_API_RATE_LIMIT=2, THEMES_API_RATE_WINDOW=60)
def test_classifying_is_rate_limited_per_address(trained, as_):  # noqa: F811
    client = as_(None)
    assert client.post("themes/classify", {"text": "late"}).status_code == 200
    assert client.post("themes/classify", {"text": "late"}).status_code == 200
    response = client.post("themes/classify", {"text": "late"})
    assert_error_shape(response, 429)
    assert int(response["Retry-After"]) > 0
