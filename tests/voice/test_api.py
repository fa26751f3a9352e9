"""The stories API: public, consented stories for anyone; every consented story for partners."""

import pytest

from engaging.voice.models import Story
from tests.api.conftest import ApiClient, assert_error_shape
from tests.voice.conftest import make_story

INTERNAL = ("officer_council", "officer_healthwatch", "coordinator", "board_member")
PUBLIC_FIELDS = {"id", "title", "teller", "text", "themes", "groups"}


def body(world, **changes) -> dict:
    data = {
        "title": "The walk-in centre closed",
        "text": "I waited four hours in the end.",
        "naming": "description",
        "told_by": "A dad from Lye",
        "groups": [world.young_people.pk],
        "consent_given_by": "The teller",
        "consent_given_on": "2025-04-02",
        "scope": "public",
    }
    data.update(changes)
    return data


def test_anonymous_callers_get_public_consented_stories_with_public_fields(world, as_, board_story, public_story):
    response = as_(None).get("stories")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    (item,) = data["items"]
    assert set(item) == PUBLIC_FIELDS
    assert item["title"] == "Public story" and item["teller"] == "A young carer from Brierley Hill"
    assert item["themes"] == [{"id": public_story.themes.get().pk, "name": "Getting a GP appointment"}]


@pytest.mark.parametrize("persona", INTERNAL)
def test_partners_get_every_consented_story_with_every_field(world, as_, board_story, public_story, persona):
    data = as_(persona).get("stories").json()
    assert {item["title"] for item in data["items"]} == {"Board-only story", "Public story"}
    item = next(i for i in data["items"] if i["title"] == "Board-only story")
    assert item["consent"] == {"given_by": "Maureen", "given_on": "2025-03-12", "scope": "board"}
    assert item["meeting"] == board_story.meeting_id and item["naming"] == "first_name"


def test_paging(world, as_):
    for n in range(3):
        make_story(world.coordinator, title=f"S{n}")
    data = as_("coordinator").get("stories", limit=2, offset=1).json()
    assert (data["count"], data["limit"], data["offset"], len(data["items"])) == (3, 2, 1, 2)
    assert_error_shape(as_("coordinator").get("stories", limit=0), 400, field="limit")


def test_one_story(world, as_, board_story, public_story):
    assert as_(None).get(f"stories/{public_story.pk}").json()["text"] == "Public words: the pharmacy changed my life."
    assert_error_shape(as_(None).get(f"stories/{board_story.pk}"), 404)
    assert as_("board_member").get(f"stories/{board_story.pk}").status_code == 200
    assert_error_shape(as_("board_member").get("stories/999999"), 404)
    assert_error_shape(as_("board_member").get("stories/nope"), 404)


@pytest.mark.parametrize("persona", INTERNAL)
def test_anyone_with_a_role_can_record_a_story(world, as_, persona):
    response = as_(persona).post("stories", body(world))
    assert response.status_code == 201, response.content
    data = response.json()
    story = Story.objects.get()
    assert data["id"] == story.pk and data["consent"]["scope"] == "public"
    assert story.recorded_by == getattr(world, persona)
    assert data["groups"] == [{"id": world.young_people.pk, "name": "Young people"}]


def test_recording_needs_a_token(world, as_):
    assert_error_shape(as_(None).post("stories", body(world)), 401)
    assert not Story.everything.exists()


def test_a_person_without_a_role_may_not_record(world):
    from engaging.accounts.models import ApiToken
    from tests.factories import UserFactory

    _, token = ApiToken.issue(user=UserFactory(username="resident"), name="t")
    assert_error_shape(ApiClient(token).post("stories", body(world)), 403)
    assert not Story.everything.exists()


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"title": ""}, "title"),
        ({"text": None}, "text"),
        ({"naming": "nickname"}, "naming"),
        ({"told_by": ""}, "told_by"),
        ({"scope": "everyone"}, "scope"),
        ({"consent_given_on": "2025-02-30"}, "consent_given_on"),
        ({"consent_given_on": "2999-01-01"}, "consent_given_on"),
        ({"themes": [999999]}, "themes"),
        ({"groups": ["x"]}, "groups"),
        ({"meeting": 999999}, "meeting"),
        ({"withdrawn_at": "2025-01-01"}, "withdrawn_at"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(world, as_, changes, field):
    assert_error_shape(as_("coordinator").post("stories", body(world, **changes)), 400, field=field)
    assert not Story.everything.exists()


def test_a_missing_field_is_named(world, as_):
    data = body(world)
    del data["consent_given_by"]
    assert_error_shape(as_("coordinator").post("stories", data), 400, field="consent_given_by")


def test_withdrawing_consent_through_the_api(world, as_, board_story):
    response = as_("officer_council").post(f"stories/{board_story.pk}/withdraw-consent", {"note": "By phone"})
    assert response.status_code == 200, response.content
    assert response.json()["id"] == board_story.pk
    board_story.consent.refresh_from_db()
    assert board_story.consent.withdrawal_note == "By phone"
    assert_error_shape(as_("officer_council").get(f"stories/{board_story.pk}"), 404)
    assert_error_shape(as_("officer_council").post(f"stories/{board_story.pk}/withdraw-consent", {}), 404)


def test_withdrawing_needs_no_body(world, as_, board_story):
    response = as_("coordinator").post(f"stories/{board_story.pk}/withdraw-consent", raw=b"")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("persona,status", [("officer_healthwatch", 403), ("board_member", 403), (None, 401)])
def test_only_the_recorder_or_a_coordinator_may_withdraw(world, as_, board_story, persona, status):
    assert_error_shape(as_(persona).post(f"stories/{board_story.pk}/withdraw-consent", {}), status)
    assert Story.objects.consented().filter(pk=board_story.pk).exists()


@pytest.mark.parametrize(
    "raw,field",
    [
        (b'{"note": "' + b"x" * 301 + b'"}', "note"),
        (b'{"note": 5}', "note"),
        (b'{"reason": "x"}', "reason"),
        (b"[1]", None),
        (b"{nope", None),
    ],
)
def test_a_bad_withdrawal_body_is_refused(world, as_, board_story, raw, field):
    response = as_("coordinator").post(f"stories/{board_story.pk}/withdraw-consent", raw=raw)
    assert_error_shape(response, 400, field=field)
    assert Story.objects.consented().filter(pk=board_story.pk).exists()


# Plain English --------------------------------------------------------------------------------

HARD_TITLE = "Reimbursement eligibility determinations by the ICB"
HARD_TEXT = "Our partnership asked the CCG for an evaluation of multidisciplinary interventions."


def test_a_hard_public_story_without_a_reason_is_a_400_naming_each_field_and_saves_nothing(world, as_):
    from engaging.plain.models import PublishAnyway

    response = as_("coordinator").post("stories", body(world, title=HARD_TITLE, text=HARD_TEXT))
    errors = {e["field"]: e["message"] for e in assert_error_shape(response, 400)["errors"]}
    assert set(errors) == {"title", "text", "publish_anyway_reason"}
    assert errors["title"].startswith("Write out ICB in full the first time")
    assert "Keep the teller's words as they said them" in errors["text"]
    assert not Story.everything.exists() and not PublishAnyway.objects.exists()
    blank = body(world, title=HARD_TITLE, text=HARD_TEXT, publish_anyway_reason="  ")
    assert_error_shape(as_("coordinator").post("stories", blank), 400, field="publish_anyway_reason")
    assert not Story.everything.exists()


def test_a_hard_public_story_with_a_reason_is_recorded_and_the_reason_kept(world, as_):
    from engaging.plain.publishing import records_for

    data = body(world, text=HARD_TEXT, publish_anyway_reason="The teller's own words.")
    response = as_("officer_council").post("stories", data)
    assert response.status_code == 201, response.content
    story = Story.objects.get()
    (record,) = records_for(story)
    assert (record.field, record.reason) == ("text", "The teller's own words.")
    assert record.recorded_by == world.officer_council
    # A sentence has no reading age: the record keeps what was to fix in it instead.
    assert record.reading_age is None and "CCG" in record.problems and record.target_reading_age == 9
    assert "publish_anyway_reason" not in response.json()


def test_a_board_only_story_needs_no_reason_however_hard(world, as_):
    from engaging.plain.models import PublishAnyway

    response = as_("coordinator").post("stories", body(world, title=HARD_TITLE, text=HARD_TEXT, scope="board"))
    assert response.status_code == 201 and not PublishAnyway.objects.exists()


def test_a_reason_that_is_too_long_is_refused(world, as_):
    data = body(world, text=HARD_TEXT, publish_anyway_reason="x" * 1001)
    assert_error_shape(as_("coordinator").post("stories", data), 400, field="publish_anyway_reason")
    assert not Story.everything.exists()
