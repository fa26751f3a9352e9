"""Requests the API cannot take answer 400 in its error shape, never a 500 or a traceback, with DEBUG on or off:
a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a query over DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, and ids too
large for any database column, in the path, a filter or the body."""

import json

import pytest

from tests.api.conftest import assert_error_shape, valid_body

HUGE = "99999999999999999999"


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_a_body_over_the_limit_is_a_json_400(debug, as_, world, settings):
    body = json.dumps(valid_body(world, notes="x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    response = as_("coordinator").post("activities", raw=body)
    assert assert_error_shape(response, 400)["detail"] == "The request body is too large."


def test_too_many_query_parameters_is_a_json_400(debug, as_, anon, settings):
    params = {f"p{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    for client in (as_("coordinator"), anon):
        body = assert_error_shape(client.get("activities", **params), 400)
        assert body["detail"] == "The request sends too many parameters: at most 1,000."


@pytest.mark.parametrize(
    "path",
    ["activities/{huge}", "activities/{huge}/overlaps", "findings/{huge}", "responses/{huge}", "stories/{huge}",
     "meetings/{huge}", "agenda-items/{huge}/screening", "organisations/{huge}/evidence", "evaluations/{huge}"],
)  # fmt: skip
def test_a_huge_id_in_the_path_is_a_404_naming_it(path, as_):
    response = as_("coordinator").get(path.format(huge=HUGE))
    body = assert_error_shape(response, 404, field="id")
    assert body["errors"] == [{"field": "id", "message": "There is no record with an id that large"}]


@pytest.mark.parametrize(
    "path, field",
    [("activities", "group"), ("activities", "organisation"), ("findings", "theme"), ("findings", "activity"),
     ("responses", "activity"), ("loop-closures", "organisation"), ("meetings", "board"),
     ("agenda-items", "meeting"), ("evaluations", "activity"), ("dashboard", "board"), ("dashboard", "area")],
)  # fmt: skip
def test_a_huge_id_in_a_filter_is_a_400_naming_it(path, field, as_):
    assert_error_shape(as_("coordinator").get(path, **{field: HUGE}), 400, field=field)


@pytest.mark.parametrize("field", ["lead_organisation", "groups", "areas", "methods", "partner_organisations"])
def test_a_huge_id_in_the_body_is_a_400_naming_it(field, as_, world):
    value = int(HUGE) if field == "lead_organisation" else [int(HUGE)]
    response = as_("coordinator").post("activities", valid_body(world, **{field: value}))
    body = assert_error_shape(response, 400, field=field)
    assert {"field": field, "message": "There is no record with an id that large"} in body["errors"]


def test_feedback_for_a_huge_id_is_a_404_even_with_a_wrong_body(anon):
    assert_error_shape(anon.post(f"activities/{HUGE}/participant-feedback", {}), 404, field="id")
