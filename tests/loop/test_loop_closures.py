"""Recording how people were told, from the activity's page."""

from datetime import date, timedelta

import pytest

from engaging.loop.models import LoopClosure


def closure_data(**changes):
    data = {
        "channel": "email",
        "told_on": (date.today() - timedelta(days=3)).isoformat(),
        "people_reached": "48",
        "summary": "We emailed everyone who took part. The new bus starts in May.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def url(activity) -> str:
    return f"/feedback-loop/activities/{activity.pk}/told/new/"


def test_an_officer_of_the_lead_organisation_records_how_people_were_told(client, world, finished):
    client.force_login(world.officer_council)
    assert client.get(url(finished)).status_code == 200
    response = client.post(url(finished), closure_data())
    assert response.status_code == 302 and response["Location"] == f"/register/{finished.pk}/"
    closure = LoopClosure.objects.get()
    assert (closure.activity, closure.channel, closure.people_reached) == (finished, "email", 48)
    assert closure.created_by == world.officer_council
    page = client.get(f"/register/{finished.pk}/").content.decode()
    assert "We emailed everyone who took part" in page
    assert "Told late" in page  # it closed 100 days ago, 16 days past the deadline


def test_telling_people_on_the_day_the_activity_started_is_allowed(client, world, finished):
    client.force_login(world.coordinator)
    client.post(url(finished), closure_data(told_on=finished.start_date.isoformat(), people_reached=""))
    assert LoopClosure.objects.get().people_reached is None


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"channel": ""}, "channel_0", "Choose how people were told"),
        ({"channel": "carrier_pigeon"}, "channel_0", "Select a valid choice"),
        ({"told_on": ""}, "told_on", "Enter the date people were told"),
        ({"told_on": "2025-02-30"}, "told_on", "Enter the date as a real date"),
        ({"told_on": (date.today() + timedelta(days=1)).isoformat()}, "told_on", "cannot be in the future"),
        ({"summary": ""}, "summary", "Enter what people were told"),
        ({"people_reached": "-1"}, "people_reached", "cannot be negative"),
        ({"people_reached": "lots"}, "people_reached", "Enter the number of people as a whole number"),
        ({"people_reached": "20000000"}, "people_reached", "no bigger than 10,000,000"),
    ],
)
def test_bad_input_shows_an_error_and_saves_nothing(client, world, finished, changes, field, message):
    client.force_login(world.officer_council)
    response = client.post(url(finished), closure_data(**changes))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    assert message in page and f'href="#id_{field}"' in page
    assert LoopClosure.objects.count() == 0


def test_the_date_cannot_be_before_the_activity_started(client, world, finished):
    client.force_login(world.officer_council)
    day_before = finished.start_date - timedelta(days=1)
    response = client.post(url(finished), closure_data(told_on=day_before.isoformat()))
    started = f"{finished.start_date.day} {finished.start_date:%B %Y}"
    assert f"cannot be before the activity started on {started}" in response.content.decode()
    assert LoopClosure.objects.count() == 0


@pytest.mark.parametrize("persona", ["officer_healthwatch", "board_member"])
def test_others_may_not_record_it(client, world, finished, persona):
    client.force_login(getattr(world, persona))
    assert client.get(url(finished)).status_code == 403
    assert client.post(url(finished), closure_data()).status_code == 403
    assert LoopClosure.objects.count() == 0


def test_anonymous_wrong_method_and_bad_id(client, world, finished):
    assert client.get(url(finished))["Location"].startswith("/accounts/sign-in/")
    client.force_login(world.officer_council)
    assert client.delete(url(finished)).status_code == 405
    assert client.get("/feedback-loop/activities/999999/told/new/").status_code == 404
