"""The API reads and writes an activity's ways to take part, and names the one that is wrong."""

import pytest

from engaging.register.models import Activity
from tests.api.conftest import assert_error_shape, valid_body

# The API -------------------------------------------------------------------------------------


def test_the_api_reads_and_writes_the_ways(world, as_, anon):
    body = valid_body(
        world, is_public=True, take_part_url="https://example.org/s", take_part_phone="020 7946 0123",
        take_part_place="Dudley Library", take_part_times="Mondays 2 to 4pm",
    )  # fmt: skip
    response = as_("officer_council").post("activities", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["take_part_url"], created["take_part_phone"], created["take_part_email"]) == (
        "https://example.org/s", "020 7946 0123", "",
    )  # fmt: skip
    public = anon.get(f"activities/{created['id']}").json()
    assert public["take_part_place"] == "Dudley Library" and public["take_part_times"] == "Mondays 2 to 4pm"
    changed = as_("officer_council").patch(f"activities/{created['id']}", {"take_part_email": "s@example.org"})
    assert changed.status_code == 200 and changed.json()["take_part_email"] == "s@example.org"
    assert Activity.objects.get(pk=created["id"]).take_part_email == "s@example.org"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"is_public": True}, "take_part_url"),
        ({"take_part_url": "http://example.org/s"}, "take_part_url"),
        ({"take_part_url": "https://"}, "take_part_url"),
        ({"take_part_email": "nobody"}, "take_part_email"),
        ({"take_part_phone": "999"}, "take_part_phone"),
        ({"take_part_place": "Dudley Library"}, "take_part_times"),
        ({"take_part_times": None}, "take_part_times"),
    ],
)
def test_the_api_names_the_way_that_is_wrong(world, as_, changes, field):
    response = as_("officer_council").post("activities", valid_body(world, **changes))
    assert_error_shape(response, 400, field)
    assert not Activity.objects.exists()


def test_the_api_refuses_to_remove_the_last_way_of_a_public_activity(world, as_, council_activity):
    response = as_("officer_council").patch(f"activities/{council_activity.pk}", {"take_part_email": ""})
    assert_error_shape(response, 400, "take_part_url")
    council_activity.refresh_from_db()
    assert council_activity.take_part_email == "haveyoursay@example.org"
    # Once it is private, it may have none.
    response = as_("officer_council").patch(
        f"activities/{council_activity.pk}", {"take_part_email": "", "is_public": False}
    )
    assert response.status_code == 200, response.content
