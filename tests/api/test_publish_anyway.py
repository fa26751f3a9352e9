"""Activities through the API: public text that misses the target needs publish_anyway_reason, which is kept."""

from engaging.plain.checking import check_text
from engaging.plain.models import PublishAnyway
from engaging.plain.publishing import digest, what_to_fix
from engaging.register.models import Activity
from tests.api.conftest import assert_error_shape, valid_body
from tests.factories import ActivityFactory

HARD = "Stakeholders will co-produce a place-based framework with the ICB to ameliorate services going forward."
HARDER = "Views from the survey will be triangulated with the JSNA and benchmarked against neighbouring areas."
REASON = "It is the framework's legal name."
# New activities are private unless chosen, and a public one needs a way to take part: only public text is
# checked, so every body here is public with an email address to take part by.
PUBLIC = {"is_public": True, "take_part_email": "carers@example.org"}


def messages(body: dict) -> dict[str, str]:
    return {item["field"]: item["message"] for item in body["errors"]}


def test_a_hard_public_summary_is_refused_naming_the_field(world, as_):
    response = as_("officer_council").post(
        "activities", valid_body(world, summary=HARD, how_to_take_part=HARDER, **PUBLIC)
    )
    body = assert_error_shape(response, 400)
    found = messages(body)
    assert set(found) == {"summary", "how_to_take_part"}
    assert found["summary"] == (
        f"{what_to_fix(check_text(HARD))}. "
        "Make it plainer, or send publish_anyway_reason saying why it should be published as it is"
    )
    assert "Stakeholders" in found["summary"] and "JSNA" in found["how_to_take_part"]
    assert Activity.objects.count() == 0 and PublishAnyway.objects.count() == 0


def test_the_plain_english_problems_are_reported_with_the_other_problems(world, as_):
    response = as_("officer_council").post(
        "activities", valid_body(world, summary=HARD, start_date="2031-06-01", end_date="2031-05-01", **PUBLIC)
    )
    assert set(messages(assert_error_shape(response, 400))) == {"summary", "end_date"}
    assert Activity.objects.count() == 0


def test_a_blank_reason_is_no_reason(world, as_):
    response = as_("officer_council").post(
        "activities", valid_body(world, summary=HARD, publish_anyway_reason="  ", **PUBLIC)
    )
    assert_error_shape(response, 400, "summary")
    assert Activity.objects.count() == 0


def test_a_reason_that_is_too_long_is_refused(world, as_):
    response = as_("officer_council").post(
        "activities", valid_body(world, summary=HARD, publish_anyway_reason="x" * 1001, **PUBLIC)
    )
    assert_error_shape(response, 400, "publish_anyway_reason")
    assert Activity.objects.count() == 0


def test_with_a_reason_the_activity_is_created_and_the_reason_kept(world, as_):
    response = as_("officer_council").post(
        "activities",
        valid_body(world, summary=HARD, how_to_take_part=HARDER, publish_anyway_reason=f"  {REASON}\n", **PUBLIC),
    )
    assert response.status_code == 201, response.content
    assert "publish_anyway_reason" not in response.json()
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.is_public is True
    records = {r.field: r for r in PublishAnyway.objects.all()}
    assert set(records) == {"summary", "how_to_take_part"}
    for field, text in (("summary", HARD), ("how_to_take_part", HARDER)):
        assert records[field].subject == activity
        assert records[field].text_digest == digest(text)
        assert records[field].reason == REASON
        assert records[field].recorded_by == world.officer_council
        assert records[field].target_reading_age == 9
        # A sentence has no reading age: the record keeps what the API said to fix.
        assert records[field].reading_age is None and records[field].problems == what_to_fix(check_text(text))


def test_a_plain_activity_sent_with_a_reason_keeps_nothing(world, as_):
    response = as_("coordinator").post("activities", valid_body(world, publish_anyway_reason=REASON, **PUBLIC))
    assert response.status_code == 201, response.content
    assert PublishAnyway.objects.count() == 0


def test_a_private_activity_is_not_checked(world, as_):
    response = as_("officer_council").post("activities", valid_body(world, summary=HARD, is_public=False))
    assert response.status_code == 201, response.content
    assert PublishAnyway.objects.count() == 0


def test_a_change_checks_only_the_text_it_changes(world, as_):
    activity = ActivityFactory(lead_organisation=world.council, summary=HARD, is_public=True)
    client = as_("officer_council")
    path = f"activities/{activity.pk}"
    assert client.patch(path, {"title": "A new title", "summary": HARD}).status_code == 200

    assert_error_shape(client.patch(path, {"how_to_take_part": HARDER, "title": "Not saved"}), 400, "how_to_take_part")
    activity.refresh_from_db()
    assert activity.how_to_take_part == "" and activity.title == "A new title"

    response = client.patch(path, {"how_to_take_part": HARDER, "publish_anyway_reason": REASON})
    assert response.status_code == 200, response.content
    assert list(PublishAnyway.objects.values_list("field", flat=True)) == ["how_to_take_part"]


def test_making_an_activity_public_checks_its_text(world, as_):
    activity = ActivityFactory(lead_organisation=world.council, summary=HARD, is_public=False)
    client = as_("officer_council")
    path = f"activities/{activity.pk}"
    assert_error_shape(client.patch(path, {"is_public": True}), 400, "summary")
    activity.refresh_from_db()
    assert activity.is_public is False

    assert client.patch(path, {"is_public": True, "publish_anyway_reason": REASON}).status_code == 200
    activity.refresh_from_db()
    assert activity.is_public is True
    assert PublishAnyway.objects.get().text_digest == digest(HARD)


def test_a_reason_alone_changes_nothing(world, as_):
    activity = ActivityFactory(lead_organisation=world.council, summary=HARD)
    response = as_("officer_council").patch(f"activities/{activity.pk}", {"publish_anyway_reason": REASON})
    assert response.status_code == 200, response.content
    assert PublishAnyway.objects.count() == 0


def test_the_reason_is_documented(world, anon):
    schema = anon.get("openapi.json").json()["components"]["schemas"]
    for name in ("ActivityCreate", "ActivityUpdate"):
        assert "publish_anyway_reason" in schema[name]["properties"]
