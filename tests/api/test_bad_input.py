"""Wrong input of every kind: a 4xx in the one error shape, naming the field, and nothing changed."""

import pytest

from engaging.register.models import Activity
from tests.api.conftest import assert_error_shape, valid_body

REQUIRED = ("title", "summary", "purpose", "lead_organisation", "type", "level", "start_date", "groups", "areas")
HUGE = 2**70


def stored(activity_pk: int) -> dict:
    activity = Activity.everything.get(pk=activity_pk)
    return {
        "fields": {f.attname: getattr(activity, f.attname) for f in Activity._meta.concrete_fields},
        "links": {name: sorted(getattr(activity, name).values_list("pk", flat=True)) for name in
                  ("groups", "areas", "priorities", "methods", "partner_organisations")},
        "history": activity.history.count(),
    }  # fmt: skip


# (field, value) pairs that are wrong both when creating and when changing an activity.
BAD_VALUES = [
    ("title", ""),
    ("title", "   "),
    ("title", "x" * 201),
    ("title", None),
    ("title", 42),
    ("title", ["a list"]),
    ("title", "nul \x00 character"),
    ("title", "\ud800 unpaired surrogate"),
    ("summary", "s" * 2001),
    ("purpose", "p" * 4001),
    ("how_to_take_part", "h" * 2001),
    ("notes", "n" * 4001),
    ("notes", None),
    ("contact_name", "c" * 121),
    ("contact_phone", "0" * 41),
    ("contact_email", "not-an-email"),
    ("contact_email", "a@" + "b" * 300 + ".org"),
    ("participants_target", -1),
    ("participants_target", 1.5),
    ("participants_target", "40"),
    ("participants_target", HUGE),
    ("participants_actual", -3),
    ("cost", -5),
    ("cost", 1.234),
    ("cost", "a lot"),
    ("cost", "NaN"),
    ("cost", 10**12),
    ("cost", True),
    ("type", "Consultation"),
    ("type", "co-production"),
    ("type", None),
    ("level", "loud"),
    ("start_date", "2025-02-30"),
    ("start_date", "31/01/2025"),
    ("start_date", "2025-1-5"),
    ("start_date", 20250101),
    ("start_date", "2025-01-01T10:00:00"),
    ("start_date", "0001-01-01"),
    ("start_date", "9999-12-31"),
    ("start_date", None),
    ("end_date", "2025-13-01"),
    ("groups", []),
    ("groups", None),
    ("groups", 1),
    ("groups", ["1"]),
    ("groups", [987654]),
    ("groups", [HUGE]),
    ("groups", [0]),
    ("groups", list(range(1, 102))),
    ("areas", [987654]),
    ("areas", [{"id": 1}]),
    ("priorities", [987654]),
    ("methods", [987654]),
    ("partner_organisations", [987654]),
    ("lead_organisation", 987654),
    ("lead_organisation", "1"),
    ("lead_organisation", HUGE),
    ("lead_organisation", None),
    ("lead_organisation", 1.0),
    ("is_public", "yes"),
    ("is_public", None),
    ("statutory_duty", 1),
    ("unknown_field", "x"),
    ("lead_organization", 1),
]


@pytest.mark.parametrize("field, value", BAD_VALUES, ids=[f"{f}={str(v)[:20]!r}" for f, v in BAD_VALUES])
def test_create_refuses_bad_values(field, value, world, as_):
    count = Activity.everything.count()
    response = as_("coordinator").post("activities", valid_body(world, **{field: value}))
    assert_error_shape(response, 400, field=field)
    assert Activity.everything.count() == count


@pytest.mark.parametrize("field, value", BAD_VALUES, ids=[f"{f}={str(v)[:20]!r}" for f, v in BAD_VALUES])
def test_patch_refuses_bad_values(field, value, world, as_, council_activity):
    before = stored(council_activity.pk)
    response = as_("coordinator").patch(f"activities/{council_activity.pk}", {"title": "Changed", field: value})
    assert_error_shape(response, 400, field=field)
    assert stored(council_activity.pk) == before


@pytest.mark.parametrize("field", REQUIRED)
def test_create_requires(field, world, as_):
    body = valid_body(world)
    del body[field]
    count = Activity.everything.count()
    response = as_("coordinator").post("activities", body)
    assert_error_shape(response, 400, field=field)
    assert Activity.everything.count() == count


def test_create_reports_every_problem_at_once(world, as_):
    response = as_("coordinator").post("activities", {"title": "", "type": "nope", "groups": [987654]})
    body = assert_error_shape(response, 400)
    fields = {item["field"] for item in body["errors"]}
    assert {"title", "summary", "purpose", "lead_organisation", "type", "level", "start_date", "areas"} <= fields
    messages = {item["field"]: item["message"] for item in body["errors"]}
    assert messages["title"] == "Enter a title"
    assert "co_production" in messages["type"]


def test_create_checks_rules_across_fields(world, as_):
    client = as_("coordinator")
    count = Activity.everything.count()
    body = valid_body(world, start_date="2031-05-10", end_date="2031-05-09")
    message = assert_error_shape(client.post("activities", body), 400, field="end_date")["errors"][0]["message"]
    assert message == "The end date must be the same as or after the start date"
    body = valid_body(world, partner_organisations=[world.council.pk, world.healthwatch.pk])
    assert_error_shape(client.post("activities", body), 400, field="partner_organisations")
    body = valid_body(world, groups=[world.carers.pk, 987654, 987655])
    message = assert_error_shape(client.post("activities", body), 400, field="groups")["errors"][0]["message"]
    assert "987654" in message and "987655" in message
    assert_error_shape(client.post("activities", valid_body(world, status="open")), 400, field="status")
    assert Activity.everything.count() == count


def test_archived_records_cannot_be_linked(world, as_):
    world.carers.archive()
    world.healthwatch.archive()
    client = as_("coordinator")
    assert_error_shape(client.post("activities", valid_body(world)), 400, field="groups")
    body = valid_body(world, lead_organisation=world.healthwatch.pk, groups=[world.young_people.pk])
    assert_error_shape(client.post("activities", body), 400, field="lead_organisation")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"{'title': 'single quotes'}",
        b"[]",
        b"[1, 2]",
        b'"a string"',
        b"42",
        b"null",
        b"true",
        b'{"cost": NaN}',
        b'{"cost": Infinity}',
        b"\xff\xfe\x00garbage",
        b"[" * 100_000,
        b'{"a": ' * 5000 + b"1" + b"}" * 5000,
        b"title=form+encoded",
    ],
    ids=lambda raw: repr(raw[:20]),
)
def test_bodies_that_are_not_a_json_object_are_400(raw, world, as_, council_activity):
    client = as_("coordinator")
    before = stored(council_activity.pk)
    count = Activity.everything.count()
    assert_error_shape(client.post("activities", raw=raw), 400)
    assert_error_shape(client.patch(f"activities/{council_activity.pk}", raw=raw), 400)
    assert Activity.everything.count() == count
    assert stored(council_activity.pk) == before


@pytest.mark.parametrize("bad_id", ["abc", "0", "-1", "1.5", "1e3", str(HUGE), "9" * 5000, "%00", "١"])
def test_bad_ids_in_the_path_are_404(bad_id, as_, anon, council_activity):
    for client in (as_("coordinator"), anon):
        assert_error_shape(client.get(f"activities/{bad_id}"), 404)
        assert_error_shape(client.get(f"activities/{bad_id}/overlaps"), 404)
    assert_error_shape(as_("coordinator").patch(f"activities/{bad_id}", {"title": "x"}), 404)
    assert_error_shape(as_("coordinator").delete(f"activities/{bad_id}"), 404)
    assert_error_shape(anon.patch(f"activities/{bad_id}", {"title": "x"}), 401)


def test_unknown_addresses_and_methods_answer_in_the_error_shape(as_, council_activity):
    client = as_("coordinator")
    assert_error_shape(client.get("nowhere"), 404)
    assert_error_shape(client.get("activities/1/nowhere"), 404)
    response = client.put(f"activities/{council_activity.pk}", {"title": "x"})
    body = assert_error_shape(response, 405)
    assert "PATCH" in response["Allow"] and "PUT" in body["detail"]
    assert_error_shape(client.delete("activities"), 405)
    assert_error_shape(client.post("groups", {}), 405)
    assert Activity.objects.get(pk=council_activity.pk).title != "x"
