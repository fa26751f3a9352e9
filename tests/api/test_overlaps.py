"""GET /activities/{id}/overlaps: the same overlaps the register shows, filtered for the public."""

from datetime import timedelta

import pytest

from engaging.register.models import Status
from tests.api.conftest import assert_error_shape
from tests.factories import ActivityFactory


@pytest.fixture
def scene(world, council_activity):
    """Activities around the council's survey (young people and carers in Brierley Hill)."""
    start, end = council_activity.start_date, council_activity.end_date

    def healthwatch(title, **kwargs):
        kwargs.setdefault("groups", [world.young_people])
        kwargs.setdefault("areas", [world.ward])
        kwargs.setdefault("start_date", start)
        kwargs.setdefault("end_date", end)
        return ActivityFactory(title=title, lead_organisation=kwargs.pop("lead", world.healthwatch), **kwargs)

    return {
        # Overlapping: another organisation, a shared group, areas that meet, dates close together.
        "ward": healthwatch("Same group, a ward inside the locality"),
        "borough": healthwatch("Borough-wide, three weeks later", groups=[world.carers], areas=[world.borough],
                               start_date=end + timedelta(weeks=3), end_date=end + timedelta(weeks=3)),
        "private": healthwatch("Overlapping but not public", is_public=False),
        "open": healthwatch("Overlapping and open", status=Status.OPEN),
        # Not overlapping.
        "other_group": healthwatch("Another group", groups=[world.older_people]),
        "other_place": healthwatch("Another locality", areas=[world.other_ward]),
        "much_later": healthwatch("Ten weeks later", start_date=end + timedelta(weeks=10),
                                  end_date=end + timedelta(weeks=11)),
        "same_lead": healthwatch("The council's own", lead=world.council),
        "cancelled": healthwatch("Cancelled", status=Status.CANCELLED),
    }  # fmt: skip


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["title"] for item in body["items"]}


@pytest.mark.parametrize("persona", ["officer_council", "officer_healthwatch", "coordinator", "board_member"])
def test_partners_see_every_overlap(persona, as_, council_activity, scene):
    response = as_(persona).get(f"activities/{council_activity.pk}/overlaps")
    assert titles(response) == {scene[k].title for k in ("ward", "borough", "private", "open")}
    assert all("notes" in item and "contact_email" in item for item in response.json()["items"])


def test_the_public_sees_only_public_overlaps_with_public_fields(anon, council_activity, scene):
    response = anon.get(f"activities/{council_activity.pk}/overlaps")
    assert titles(response) == {scene[k].title for k in ("ward", "borough", "open")}
    for item in response.json()["items"]:
        assert not {"notes", "contact_name", "contact_email", "contact_phone", "cost", "purpose"} & set(item)


def test_overlaps_work_both_ways(as_, council_activity, scene):
    response = as_("officer_council").get(f"activities/{scene['ward'].pk}/overlaps")
    assert council_activity.title in titles(response)
    assert scene["private"].title not in titles(response)  # same lead as the ward activity


def test_an_activity_without_overlaps_has_an_empty_list(as_, scene):
    response = as_("coordinator").get(f"activities/{scene['other_place'].pk}/overlaps")
    assert response.json() == {"finished": False, "count": 0, "items": []}


def test_the_public_cannot_ask_about_an_activity_it_cannot_see(anon, as_, scene):
    assert_error_shape(anon.get(f"activities/{scene['private'].pk}/overlaps"), 404)
    assert_error_shape(anon.get(f"activities/{scene['cancelled'].pk}/overlaps"), 404)
    assert as_("board_member").get(f"activities/{scene['private'].pk}/overlaps").status_code == 200


def test_an_edit_through_the_api_changes_the_overlaps(world, as_, council_activity, scene):
    client = as_("officer_council")
    assert client.patch(f"activities/{council_activity.pk}", {"groups": [world.older_people.pk]}).status_code == 200
    assert titles(client.get(f"activities/{council_activity.pk}/overlaps")) == {scene["other_group"].title}
    assert client.patch(f"activities/{council_activity.pk}", {"areas": [world.other_locality.pk]}).status_code == 200
    assert titles(client.get(f"activities/{council_activity.pk}/overlaps")) == set()


def test_an_activity_with_extreme_dates_still_has_overlaps(world, as_, council_activity):
    """The site accepts any date; the overlap window must not overflow at the ends of the calendar."""
    from datetime import date

    far = ActivityFactory(
        lead_organisation=world.healthwatch,
        groups=[world.carers],
        areas=[world.ward],
        start_date=date(9999, 12, 1),
        end_date=date(9999, 12, 31),
    )
    early = ActivityFactory(
        lead_organisation=world.council,
        groups=[world.carers],
        areas=[world.ward],
        start_date=date(1, 1, 1),
        end_date=date(1, 1, 2),
    )
    assert titles(as_("coordinator").get(f"activities/{far.pk}/overlaps")) == set()
    assert titles(as_("coordinator").get(f"activities/{early.pk}/overlaps")) == set()
    assert as_("coordinator").get(f"activities/{far.pk}").json()["end_date"] == "9999-12-31"
