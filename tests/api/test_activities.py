"""Reading, filtering, creating, changing and archiving activities."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.api import schemas
from engaging.api.routers.activities import with_link_ids, with_links
from engaging.api.schemas import dump_activity
from engaging.evaluation.models import Evaluation
from engaging.register.models import Activity, Status
from tests.api.conftest import assert_error_shape, valid_body
from tests.factories import ActivityFactory, MethodFactory, PriorityFactory

PUBLIC_KEYS = {
    "id", "title", "summary", "how_to_take_part", "lead_organisation", "type", "level", "status",
    "start_date", "end_date", "methods", "groups", "areas", "priorities", "take_part_url", "take_part_email",
    "take_part_phone", "take_part_place", "take_part_times",
}  # fmt: skip
PARTNER_ONLY = {
    "purpose", "partner_organisations", "is_public", "participants_target", "participants_actual", "cost",
    "statutory_duty", "contact_name", "contact_email", "contact_phone", "notes", "created_at", "updated_at",
}  # fmt: skip
NEVER_PUBLIC = {"contact_name", "contact_email", "contact_phone", "notes", "cost", "created_by", "purpose"}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


# Reading --------------------------------------------------------------------------------


def test_anonymous_sees_public_activities_with_public_fields_only(world, anon, council_activity):
    hidden = ActivityFactory(lead_organisation=world.council, is_public=False, notes="Secret")
    closed = ActivityFactory(lead_organisation=world.council, status=Status.CLOSED)
    response = anon.get("activities")
    assert ids(response) == [council_activity.pk]
    (item,) = response.json()["items"]
    assert set(item) == PUBLIC_KEYS
    assert not NEVER_PUBLIC & set(item)
    assert item["groups"] == sorted([world.young_people.pk, world.carers.pk])
    assert item["areas"] == [world.locality.pk]
    assert item["priorities"] == [world.priority.pk]
    assert item["type"] == "consultation" and item["level"] == "consult" and item["status"] == "planned"
    assert item["start_date"] == council_activity.start_date.isoformat()

    detail = anon.get(f"activities/{council_activity.pk}").json()
    assert detail == item
    for secret in ("Sam Officer", "sam.officer@example.org", "Internal note", "120"):
        assert secret not in anon.get(f"activities/{council_activity.pk}").content.decode()
    assert hidden.pk not in ids(anon.get("activities")) and closed.pk not in ids(anon.get("activities"))


def test_partners_see_every_live_activity_with_every_field(world, as_, council_activity):
    council_activity.partner_organisations.set([world.healthwatch])
    council_activity.methods.set([world.method])
    hidden = ActivityFactory(lead_organisation=world.healthwatch, is_public=False)
    cancelled = ActivityFactory(lead_organisation=world.healthwatch, status=Status.CANCELLED)
    archived = ActivityFactory(lead_organisation=world.healthwatch)
    archived.archive()
    response = as_("board_member").get("activities")
    assert set(ids(response)) == {council_activity.pk, hidden.pk, cancelled.pk}
    item = as_("board_member").get(f"activities/{council_activity.pk}").json()
    assert set(item) == PUBLIC_KEYS | PARTNER_ONLY
    assert item["contact_name"] == "Sam Officer"
    assert item["contact_email"] == "sam.officer@example.org"
    assert item["notes"].startswith("Internal note")
    assert item["cost"] == "120.00"
    assert item["partner_organisations"] == [world.healthwatch.pk]
    assert item["methods"] == [world.method.pk]
    assert item["is_public"] is True and item["statutory_duty"] is False


def test_the_list_is_paged(world, as_):
    for day in range(5):
        ActivityFactory(lead_organisation=world.council, start_date=date(2031, 1, 1) + timedelta(days=day))
    client = as_("coordinator")
    first = client.get("activities", limit=2).json()
    assert first["count"] == 5 and first["limit"] == 2 and first["offset"] == 0 and len(first["items"]) == 2
    rest = client.get("activities", limit=2, offset=4).json()
    assert len(rest["items"]) == 1
    assert [i["start_date"] for i in first["items"]] == ["2031-01-05", "2031-01-04"]  # newest first
    everything = ids(client.get("activities", limit=200))
    assert len(everything) == len(set(everything)) == 5


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
    ],
)
def test_bad_paging_is_400(params, field, as_, anon):
    for client in (as_("coordinator"), anon):
        assert_error_shape(client.get("activities", **params), 400, field=field)


def _list_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("activities", **params)
    assert response.status_code == 200
    return len(queries)


def _add_activities(world, n: int, start: int = 0):
    extra_method, extra_priority = MethodFactory(), PriorityFactory()
    for i in range(start, start + n):
        activity = ActivityFactory(
            lead_organisation=world.council if i % 2 else world.healthwatch,
            groups=[world.young_people, world.carers],
            areas=[world.ward, world.borough],
            priorities=[world.priority, extra_priority],
        )
        activity.methods.set([world.method, extra_method])
        activity.partner_organisations.set([world.board_org])


@pytest.mark.parametrize("persona", ["coordinator", None], ids=["partner", "anonymous"])
def test_the_list_takes_the_same_number_of_queries_however_many_activities(persona, world, as_, settings):
    settings.KEEP_PAGES = False  # the work of listing, not a list kept from the last request
    client = as_(persona)
    _list_queries(client)  # first use of the token records when it was used
    _add_activities(world, 2)
    few = _list_queries(client)
    _add_activities(world, 20, start=2)
    many = _list_queries(client)
    assert len(client.get("activities").json()["items"]) == 22
    assert few == many
    assert many <= 9
    assert _list_queries(client, area=world.ward.pk, group=world.carers.pk) <= 12


def test_the_list_reads_every_linked_list_of_a_page_in_one_query_and_leaves_out_archived_items(world, as_, settings):
    settings.KEEP_PAGES = False  # the work of listing, not a list kept from the last request
    _add_activities(world, 3)
    world.carers.archive()
    client = as_("coordinator")
    _list_queries(client)  # first use of the token records when it was used
    with CaptureQueriesContext(connection) as queries:
        items = client.get("activities").json()["items"]
    links = [q["sql"] for q in queries.captured_queries if "register_activity_groups" in q["sql"]]
    assert len(links) == 1 and "register_activity_partner_organisations" in links[0]
    assert len(items) == 3
    for item in items:
        assert item["groups"] == [world.young_people.pk]
        assert item["areas"] == sorted([world.ward.pk, world.borough.pk])
        assert item["partner_organisations"] == [world.board_org.pk] and len(item["methods"]) == 2
    public = as_(None).get("activities").json()["items"]
    assert public and all("partner_organisations" not in item for item in public)


# Filters ----------------------------------------------------------------------------------


@pytest.fixture
def register(world, council_activity, healthwatch_activity):
    """Two more activities beside the council's and Healthwatch's."""
    older = ActivityFactory(
        title="Older people's falls forum",
        summary="Talk about staying steady on your feet.",
        lead_organisation=world.healthwatch,
        type="co_production",
        level="empower",
        status=Status.OPEN,
        groups=[world.older_people],
        areas=[world.other_ward],
        start_date=date(2099, 6, 1),
        end_date=date(2099, 6, 30),
    )
    borough_wide = ActivityFactory(
        title="Borough-wide carers survey",
        lead_organisation=world.council,
        groups=[world.carers],
        areas=[world.borough],
        start_date=date(2020, 1, 1),
        end_date=date(2020, 1, 31),
    )
    borough_wide.partner_organisations.set([world.healthwatch])
    return {"council": council_activity, "healthwatch": healthwatch_activity, "older": older, "borough": borough_wide}


def test_partner_filters_mirror_the_register(world, as_, register):
    client = as_("officer_council")
    pk = {name: a.pk for name, a in register.items()}

    def found(**params):
        return set(ids(client.get("activities", **params)))

    assert found(organisation=world.healthwatch.pk) == {pk["healthwatch"], pk["older"], pk["borough"]}
    assert found(type="co_production") == {pk["older"]}
    assert found(level="empower") == {pk["older"]}
    assert found(status="open") == {pk["older"]}
    assert found(group=world.older_people.pk) == {pk["older"]}
    # An area finds work in the areas around it and inside it: a ward finds borough-wide work.
    assert found(area=world.ward.pk) == {pk["council"], pk["healthwatch"], pk["borough"]}
    assert found(area=world.other_ward.pk) == {pk["older"], pk["borough"]}
    assert found(priority=world.priority.pk) == {pk["council"]}
    assert found(q="falls steady") == {pk["older"]}
    assert found(starts_after="2099-06-15") == {pk["older"]}
    assert found(ends_before="2020-12-31") == {pk["borough"]}
    assert found(status="open", group=world.carers.pk) == set()
    assert ids(client.get("activities", sort="title"))[0] == pk["borough"]


def test_anonymous_may_filter_by_area_group_and_priority(world, anon, register):
    assert set(ids(anon.get("activities", area=world.other_ward.pk))) == {register["older"].pk, register["borough"].pk}
    assert set(ids(anon.get("activities", group=world.older_people.pk))) == {register["older"].pk}
    assert set(ids(anon.get("activities", priority=world.priority.pk))) == {register["council"].pk}
    listed = anon.get("activities").json()["items"]
    assert [i["start_date"] for i in listed] == sorted(i["start_date"] for i in listed)  # soonest first


@pytest.mark.parametrize("name, value", [("q", "survey"), ("organisation", 1), ("status", "open"), ("sort", "title")])
def test_partner_only_filters_are_refused_for_anonymous(name, value, anon, register):
    body = assert_error_shape(anon.get("activities", **{name: value}), 400, field=name)
    assert "partners" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"organisation": "abc"}, "organisation"),
        ({"organisation": 987654}, "organisation"),
        ({"organisation": 2**70}, "organisation"),
        ({"organisation": "9" * 5000}, "organisation"),
        ({"group": 987654}, "group"),
        ({"area": 0}, "area"),
        ({"area": 987654}, "area"),
        ({"priority": -1}, "priority"),
        ({"method": 987654}, "method"),
        ({"type": "Consultation"}, "type"),
        ({"level": "loud"}, "level"),
        ({"status": "finished"}, "status"),
        ({"starts_after": "2025-02-30"}, "starts_after"),
        ({"ends_before": "31/01/2025"}, "ends_before"),
        ({"ends_before": "0001-01-01"}, "ends_before"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00byte"}, "q"),
        ({"sort": "random"}, "sort"),
        ({"active": "maybe"}, "active"),
        ({"colour": "red"}, "colour"),
        ({"organization": 1}, "organization"),
    ],
)
def test_invalid_filters_are_400_naming_the_filter(params, field, as_, register):
    body = assert_error_shape(as_("coordinator").get("activities", **params), 400, field=field)
    assert body["detail"] == "Some of the filters are not valid."


def test_an_archived_list_item_is_not_a_filter(world, as_, register):
    world.older_people.archive()
    assert_error_shape(as_("coordinator").get("activities", group=world.older_people.pk), 400, field="group")


# Creating ---------------------------------------------------------------------------------


def test_create_with_every_field(world, as_):
    body = valid_body(
        world,
        partner_organisations=[world.healthwatch.pk],
        methods=[world.method.pk],
        groups=[world.carers.pk, world.young_people.pk],
        areas=[world.ward.pk, world.other_ward.pk],
        priorities=[world.priority.pk],
        is_public=False,
        how_to_take_part="Come to the library on Tuesday.",
        participants_target=40,
        participants_actual=0,
        cost="250.50",
        statutory_duty=True,
        contact_name="Ada",
        contact_email="ada@example.org",
        contact_phone="01384 000000",
        notes="Room booked.",
    )
    response = as_("officer_council").post("activities", body)
    assert response.status_code == 201, response.content
    item = response.json()
    activity = Activity.objects.get(pk=item["id"])
    for key, value in body.items():
        if isinstance(value, list):
            assert sorted(item[key]) == sorted(value), key
        elif key != "cost":
            assert item[key] == value, key
    assert item["cost"] == "250.50" and activity.cost == Decimal("250.50")
    assert item["status"] == "planned" and activity.status == Status.PLANNED
    assert set(activity.areas.all()) == {world.ward, world.other_ward}
    assert activity.partner_organisations.get() == world.healthwatch
    assert response.json() == as_("officer_council").get(f"activities/{activity.pk}").json()


def test_create_defaults(world, as_):
    body = valid_body(world)
    del body["end_date"]
    response = as_("coordinator").post("activities", body)
    assert response.status_code == 201, response.content
    item = response.json()
    assert item["end_date"] == item["start_date"] == "2031-05-01"
    # Nothing is public until someone says so.
    assert item["status"] == "planned" and item["is_public"] is False and item["statutory_duty"] is False
    assert item["cost"] is None and item["participants_target"] is None
    assert item["notes"] == "" and item["partner_organisations"] == [] and item["methods"] == []


def test_create_accepts_a_cost_as_a_number_and_repeats_ids_once(world, as_):
    body = valid_body(world, cost=99.5, groups=[world.carers.pk, world.carers.pk])
    response = as_("coordinator").post("activities", body)
    assert response.status_code == 201, response.content
    assert response.json()["cost"] == "99.50"
    assert response.json()["groups"] == [world.carers.pk]


# Changing ---------------------------------------------------------------------------------


def test_patch_changes_only_what_is_sent(world, as_, council_activity):
    path = f"activities/{council_activity.pk}"
    before = as_("coordinator").get(path).json()
    response = as_("officer_council").patch(path, {"title": "Young carers: what helps?"})
    assert response.status_code == 200, response.content
    after = response.json()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {"title", "updated_at"}


def test_patch_replaces_lists_and_clears_optional_values(world, as_, council_activity):
    path = f"activities/{council_activity.pk}"
    response = as_("officer_council").patch(
        path,
        {
            "groups": [world.older_people.pk],
            "areas": [world.borough.pk],
            "priorities": [],
            "partner_organisations": [world.healthwatch.pk],
            "cost": None,
            "participants_target": 12,
            "contact_email": "",
        },
    )
    assert response.status_code == 200, response.content
    item = response.json()
    assert item["groups"] == [world.older_people.pk] and item["areas"] == [world.borough.pk]
    assert item["priorities"] == [] and item["partner_organisations"] == [world.healthwatch.pk]
    assert item["cost"] is None and item["participants_target"] == 12 and item["contact_email"] == ""
    activity = Activity.objects.get(pk=council_activity.pk)
    assert activity.cost is None and list(activity.groups.all()) == [world.older_people]


def test_patch_with_nothing_changes_nothing(as_, council_activity):
    history = council_activity.history.count()
    response = as_("coordinator").patch(f"activities/{council_activity.pk}", {})
    assert response.status_code == 200
    assert council_activity.history.count() == history


def test_status_follows_the_lifecycle(as_, council_activity):
    client = as_("officer_council")
    path = f"activities/{council_activity.pk}"
    for status in ("open", "closed", "reported", "fed_back"):
        response = client.patch(path, {"status": status})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
    body = assert_error_shape(client.patch(path, {"status": "evaluated"}), 400, field="status")
    assert "Record the evaluation" in body["errors"][0]["message"]
    Evaluation.objects.create(
        activity=council_activity, lessons="Evening sessions suited carers.", evaluated_on=date.today()
    )
    response = client.patch(path, {"status": "evaluated"})
    assert response.status_code == 200, response.content
    body = assert_error_shape(client.patch(path, {"status": "open"}), 400, field="status")
    assert "evaluated" in body["errors"][0]["message"]
    assert Activity.objects.get(pk=council_activity.pk).status == Status.EVALUATED


@pytest.mark.parametrize(
    "start, new_status",
    [
        ("planned", "closed"),
        ("planned", "evaluated"),
        ("open", "planned"),
        ("cancelled", "open"),
        ("reported", "cancelled"),
    ],
)
def test_status_moves_the_lifecycle_does_not_allow_are_400(start, new_status, world, as_):
    activity = ActivityFactory(lead_organisation=world.council, status=start)
    response = as_("coordinator").patch(f"activities/{activity.pk}", {"status": new_status, "title": "Changed"})
    assert_error_shape(response, 400, field="status")
    activity.refresh_from_db()
    assert activity.status == start and activity.title != "Changed"


def test_an_end_before_the_start_is_checked_against_what_is_stored(as_, council_activity):
    path = f"activities/{council_activity.pk}"
    day_before = (council_activity.start_date - timedelta(days=1)).isoformat()
    assert_error_shape(as_("coordinator").patch(path, {"end_date": day_before}), 400, field="end_date")
    day_after_end = (council_activity.end_date + timedelta(days=1)).isoformat()
    assert_error_shape(as_("coordinator").patch(path, {"start_date": day_after_end}), 400, field="start_date")
    both = {"start_date": "2032-01-10", "end_date": "2032-01-12"}
    assert as_("coordinator").patch(path, both).status_code == 200


def test_the_lead_cannot_become_a_partner(world, as_, council_activity):
    council_activity.partner_organisations.set([world.healthwatch])
    path = f"activities/{council_activity.pk}"
    response = as_("coordinator").patch(path, {"lead_organisation": world.healthwatch.pk})
    assert_error_shape(response, 400, field="lead_organisation")
    response = as_("coordinator").patch(path, {"partner_organisations": [world.council.pk]})
    assert_error_shape(response, 400, field="partner_organisations")
    both = {"lead_organisation": world.healthwatch.pk, "partner_organisations": [world.council.pk]}
    assert as_("coordinator").patch(path, both).status_code == 200


# Archiving ----------------------------------------------------------------------------------


def test_delete_archives(world, as_, council_activity):
    client = as_("officer_council")
    response = client.delete(f"activities/{council_activity.pk}")
    assert response.status_code == 204 and response.content == b""
    assert_error_shape(client.get(f"activities/{council_activity.pk}"), 404)
    assert council_activity.pk not in ids(client.get("activities"))
    stored = Activity.everything.get(pk=council_activity.pk)
    assert stored.archived_at is not None and stored.title == council_activity.title
    assert_error_shape(client.delete(f"activities/{council_activity.pk}"), 404)


@pytest.mark.parametrize("schema", [schemas.Activity, schemas.PublicActivity], ids=["partner", "public"])
def test_an_activity_is_written_out_as_its_schema_validates_it(schema, world, council_activity):
    council_activity.partner_organisations.set([world.healthwatch])
    council_activity.methods.set([world.method])
    bare = ActivityFactory(
        title="Tom & Jerry's <forum>", lead_organisation=world.healthwatch, cost=None, participants_target=None
    )
    priced = ActivityFactory(lead_organisation=world.council, cost=Decimal("250.5"), participants_actual=0)
    pks = [council_activity.pk, bare.pk, priced.pk]
    page = with_link_ids(list(Activity.objects.filter(pk__in=pks).order_by("pk")), partner=True)
    prefetched = list(with_links(Activity.objects.filter(pk__in=pks).order_by("pk"), partner=True))
    for activity in page + prefetched:
        assert dump_activity(activity, schema) == schema.model_validate(activity).model_dump(mode="json")
    assert dump_activity(page[2], schema).get("cost", "250.50") == "250.50"


def test_a_new_activity_may_say_it_starts_planned(world, as_):
    response = as_("coordinator").post("activities", valid_body(world, status="planned"))
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "planned"


@pytest.mark.parametrize("status", ["open", "evaluated", "", None, 1])
def test_a_new_activity_in_any_other_status_is_refused_naming_status(status, world, as_):
    before = Activity.objects.count()
    body = assert_error_shape(as_("coordinator").post("activities", valid_body(world, status=status)), 400)
    assert [error["field"] for error in body["errors"]] == ["status"]
    if status is not None:
        assert "starts as planned" in body["errors"][0]["message"]
    assert Activity.objects.count() == before
