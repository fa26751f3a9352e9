"""Whatever is sent, the API never fails with a 500, and a refused request changes nothing."""

import json
from datetime import date

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engaging.register.models import Activity, EngagementLevel, EngagementType, Status
from tests.api.conftest import ApiClient, assert_error_shape, valid_body
from tests.api.test_bad_input import stored

FUZZ = settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)


def texts(limit: int):
    return st.text(max_size=40) | st.text(min_size=limit - 2, max_size=limit + 2) | st.just("")


def field_values(world) -> dict:
    """For each field, values that are often nearly right, sometimes right, and sometimes anything at all."""
    ids = st.sampled_from(
        [world.council.pk, world.healthwatch.pk, world.carers.pk, world.young_people.pk, world.ward.pk,
         world.borough.pk, world.priority.pk, world.method.pk, 0, -1, 987654, 2**63, 2**64]
    ) | st.integers()  # fmt: skip
    dates = (
        st.dates(min_value=date(1, 1, 1)).map(date.isoformat)
        | st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z")
        | st.text(max_size=12)
        | st.integers()
    )
    numbers = st.integers() | st.floats(allow_nan=False) | st.decimals(allow_nan=True).map(str) | st.text(max_size=8)
    return {
        "title": texts(200),
        "summary": texts(2000),
        "purpose": texts(4000),
        "how_to_take_part": texts(2000),
        "notes": texts(4000),
        "contact_name": texts(120),
        "contact_phone": texts(40),
        "contact_email": st.emails() | st.text(max_size=30),
        "lead_organisation": ids,
        "partner_organisations": st.lists(ids, max_size=4),
        "groups": st.lists(ids, max_size=4),
        "areas": st.lists(ids, max_size=4),
        "priorities": st.lists(ids, max_size=4),
        "methods": st.lists(ids, max_size=4),
        "type": st.sampled_from([*EngagementType.values, "Co-production", ""]),
        "level": st.sampled_from([*EngagementLevel.values, "high"]),
        "status": st.sampled_from([*Status.values, "done"]),
        "start_date": dates,
        "end_date": dates,
        "participants_target": numbers,
        "participants_actual": numbers,
        "cost": numbers,
        "is_public": st.booleans(),
        "statutory_duty": st.booleans(),
        "not_a_field": json_values,
    }


@st.composite
def bodies(draw, world, base: dict):
    """`base` with some fields changed (to nearly-right or arbitrary values) and some left out."""
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)  # not even an object, sometimes
    values = field_values(world)
    body = dict(base)
    for name in draw(st.lists(st.sampled_from(sorted(values)), max_size=5, unique=True)):
        body[name] = draw(values[name] | json_values) if draw(st.booleans()) else draw(values[name])
    for name in draw(st.lists(st.sampled_from(sorted(base) or ["title"]), max_size=2, unique=True)):
        body.pop(name, None)
    return body


@FUZZ
@given(data=st.data())
def test_create_never_fails_and_a_refusal_creates_nothing(world, tokens, data):
    persona = data.draw(st.sampled_from(["coordinator", "officer_council", "board_member"]))
    body = data.draw(bodies(world, valid_body(world)))
    count = Activity.everything.count()
    response = ApiClient(tokens[persona]).post("activities", body)
    event(f"create: {response.status_code}")
    assert response.status_code < 500
    if response.status_code == 201:
        assert Activity.everything.count() == count + 1
        created = Activity.objects.get(pk=response.json()["id"])
        assert created.end_date >= created.start_date
        assert created.status == Status.PLANNED
        assert created.groups.exists() and created.areas.exists()
    else:
        assert_error_shape(response)
        assert Activity.everything.count() == count


@FUZZ
@given(data=st.data())
def test_patch_never_fails_and_a_refusal_changes_nothing(world, tokens, council_activity, data):
    persona = data.draw(st.sampled_from(["coordinator", "officer_council", "officer_healthwatch"]))
    body = data.draw(bodies(world, {}))
    before = stored(council_activity.pk)
    response = ApiClient(tokens[persona]).patch(f"activities/{council_activity.pk}", body)
    event(f"patch: {response.status_code}")
    assert response.status_code < 500
    if response.status_code == 200:
        after = Activity.objects.get(pk=council_activity.pk)
        assert after.end_date >= after.start_date
        assert after.groups.exists() and after.areas.exists()
    else:
        assert_error_shape(response)
        assert stored(council_activity.pk) == before


@FUZZ
@given(raw=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_bytes_at_all_are_a_clean_400(world, tokens, council_activity, raw):
    client = ApiClient(tokens["coordinator"])
    count, before = Activity.everything.count(), stored(council_activity.pk)
    created = client.post("activities", raw=raw)
    changed = client.patch(f"activities/{council_activity.pk}", raw=raw)
    for response in (created, changed):
        assert response.status_code < 500
        if response.status_code >= 400:
            assert_error_shape(response)
    assert Activity.everything.count() == count + (created.status_code == 201)
    if changed.status_code != 200:
        assert stored(council_activity.pk) == before


@FUZZ
@given(data=st.data())
def test_any_filters_are_a_result_or_a_clean_400(world, tokens, data):
    names = ["organisation", "type", "level", "status", "group", "area", "priority", "method", "q",
             "starts_after", "ends_before", "active", "sort", "limit", "offset"]  # fmt: skip
    params = data.draw(
        st.dictionaries(
            st.sampled_from(names),
            st.sampled_from(["1", "2", "3", "open", "consult", "co_production", "title", "true", "2031-01-31"])
            | st.text(max_size=12)
            | st.integers().map(str)
            | st.dates().map(date.isoformat),
            max_size=4,
        )
    )
    persona = data.draw(st.sampled_from([None, "coordinator"]))
    client = ApiClient(tokens[persona] if persona else None)
    response = client.get("activities", **params)
    event(f"list: {response.status_code}")
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert_error_shape(response)
