"""Overlaps closest first, with the reasons in words, on the page, in the form's panel and in the API."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.register.models import Status
from engaging.register.overlaps import Plan, closeness, is_finished, ranked_overlaps
from tests.factories import ActivityFactory

START = date.today() + timedelta(days=30)


def plan_for(world, *, groups=None, areas=None, start=START, end=None):
    return Plan(
        lead_organisation_id=world.healthwatch.pk,
        group_ids=frozenset(g.pk for g in (groups or [world.young_people, world.carers])),
        area_ids=frozenset(a.pk for a in (areas or [world.ward])),
        start_date=start,
        end_date=end or start,
    )


def council(world, title, *, groups=None, areas=None, start=START, end=None, **kwargs):
    return ActivityFactory(
        title=title,
        lead_organisation=world.council,
        groups=groups or [world.young_people],
        areas=areas or [world.ward],
        start_date=start,
        end_date=end or start,
        **kwargs,
    )


def titles(found) -> list[str]:
    return [activity.title for activity in found]


def test_more_shared_groups_beat_fewer_even_when_further_away(world):
    council(world, "One group, same ward, same day")
    council(world, "Two groups, borough-wide, three weeks on", groups=[world.young_people, world.carers],
            areas=[world.borough], start=START + timedelta(weeks=3))  # fmt: skip
    assert titles(ranked_overlaps(plan_for(world))) == [
        "Two groups, borough-wide, three weeks on",
        "One group, same ward, same day",
    ]


def test_the_same_ward_beats_the_same_locality_beats_borough_wide(world):
    council(world, "Borough-wide", areas=[world.borough])
    council(world, "Same locality", areas=[world.locality])
    council(world, "Same ward", areas=[world.ward], start=START + timedelta(days=20))
    assert titles(ranked_overlaps(plan_for(world))) == ["Same ward", "Same locality", "Borough-wide"]


def test_nearer_dates_beat_far_ones(world):
    council(world, "Three weeks later", start=START + timedelta(weeks=3))
    council(world, "Running at the same time", start=START - timedelta(days=2), end=START + timedelta(days=2))
    council(world, "A week earlier", start=START - timedelta(days=9), end=START - timedelta(days=7))
    assert titles(ranked_overlaps(plan_for(world))) == [
        "Running at the same time",
        "A week earlier",
        "Three weeks later",
    ]


def test_ties_are_broken_by_start_date_then_title_so_the_order_is_stable(world):
    council(world, "Bravo")
    council(world, "Alpha")
    council(world, "Charlie")
    first = titles(ranked_overlaps(plan_for(world)))
    assert first == ["Alpha", "Bravo", "Charlie"]
    assert titles(ranked_overlaps(plan_for(world))) == first


def test_the_reasons_say_which_groups_which_area_and_how_far_apart_in_words(world):
    council(world, "Clash", groups=[world.young_people, world.carers], start=START + timedelta(days=3))
    [clash] = ranked_overlaps(plan_for(world))
    assert clash.closeness.reasons == [
        "Both reach Carers and Young people",
        "same ward: Brockmoor and Pensnett",
        "dates 3 days apart",
    ]


def test_a_ward_inside_a_locality_meets_at_the_locality_and_the_borough_is_borough_wide(world):
    areas = [("000001000002", "locality", "Brierley Hill")]
    ward = [("000001000002000003", "ward", "Brockmoor and Pensnett")]
    borough = [("000001", "borough", "Dudley")]
    day = date(2030, 1, 1)

    def near(mine, theirs):
        found = closeness(group_ids=frozenset({1}), areas=mine, start=day, end=day, other_groups=[(1, "Carers")],
                          other_areas=theirs, other_start=day, other_end=day)  # fmt: skip
        return found.area_level, found.area_name, found.reasons[1]

    assert near(areas, ward) == ("locality", "Brierley Hill", "same locality: Brierley Hill")
    assert near(ward, ward) == ("ward", "Brockmoor and Pensnett", "same ward: Brockmoor and Pensnett")
    assert near(ward, borough) == ("borough", "Dudley", "borough-wide: Dudley")
    # Of several meetings, the nearest counts.
    assert near(ward + borough, borough + ward)[0] == "ward"


def test_one_day_apart_and_overlapping_dates_are_said_plainly():
    day = date(2030, 1, 1)

    def said(other_start, other_end):
        found = closeness(group_ids=frozenset(), areas=[], start=day, end=day + timedelta(days=5), other_groups=[],
                          other_areas=[], other_start=other_start, other_end=other_end)  # fmt: skip
        return found.days_apart, found.reasons[-1]

    assert said(day + timedelta(days=6), day + timedelta(days=8)) == (1, "dates 1 day apart")
    assert said(day - timedelta(days=10), day - timedelta(days=3)) == (3, "dates 3 days apart")
    assert said(day + timedelta(days=2), day + timedelta(days=30)) == (0, "dates overlap")


@pytest.mark.parametrize(
    "status, days_from_now, finished",
    [
        (Status.PLANNED, 10, False),
        (Status.OPEN, 0, False),
        (Status.OPEN, -1, True),
        (Status.CLOSED, 10, True),
        (Status.REPORTED, 10, True),
        (Status.FED_BACK, 10, True),
        (Status.EVALUATED, 10, True),
        (Status.CANCELLED, 10, True),
    ],
)
def test_an_activity_is_finished_once_closed_or_past_its_end_date(status, days_from_now, finished):
    end = date.today() + timedelta(days=days_from_now)
    assert is_finished(status=status, end_date=end) is finished


def page_of(client, activity) -> str:
    response = client.get(f"/register/{activity.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_activity_page_lists_overlaps_closest_first_with_reasons(client, world):
    mine = ActivityFactory(lead_organisation=world.healthwatch, groups=[world.young_people, world.carers],
                           areas=[world.ward], start_date=START, end_date=START)  # fmt: skip
    council(world, "Far borough-wide", areas=[world.borough], start=START + timedelta(weeks=3))
    council(world, "Real clash", groups=[world.young_people, world.carers], start=START + timedelta(days=3))
    client.force_login(world.officer_healthwatch)
    page = page_of(client, mine)
    assert page.index("Real clash") < page.index("Far borough-wide")
    assert "Both reach Carers and Young people · same ward: Brockmoor and Pensnett · dates 3 days apart" in page
    assert "will ask the same people" in page and "Propose joining up" in page
    assert "et-overlap--alongside" not in page


@pytest.mark.parametrize("status", [Status.CLOSED, Status.EVALUATED])
def test_a_finished_activity_shows_what_ran_alongside_it_not_a_warning(client, world, status):
    mine = ActivityFactory(lead_organisation=world.healthwatch, groups=[world.young_people], areas=[world.ward],
                           start_date=START, end_date=START, status=status)  # fmt: skip
    council(world, "Alongside")
    client.force_login(world.officer_healthwatch)
    page = page_of(client, mine)
    assert "What ran alongside it" in page and "Alongside" in page
    assert "reached the same people at about the same time" in page
    assert "will ask the same people" not in page and "govuk-warning-text" not in page
    assert "Propose joining up" not in page
    # A record, not a warning: each one has the grey edge, not the red one.
    assert page.count('class="et-overlap et-overlap--alongside"') == 1 and 'class="et-overlap"' not in page


def test_an_activity_past_its_end_date_shows_what_ran_alongside_it(client, world):
    past = date.today() - timedelta(days=20)
    mine = ActivityFactory(lead_organisation=world.healthwatch, groups=[world.young_people], areas=[world.ward],
                           start_date=past, end_date=past + timedelta(days=5), status=Status.OPEN)  # fmt: skip
    council(world, "Alongside", start=past)
    client.force_login(world.officer_healthwatch)
    page = page_of(client, mine)
    assert "What ran alongside it" in page and "will ask the same people" not in page


def test_the_form_panel_ranks_too_and_is_neutral_for_past_dates(client, world):
    council(world, "Borough-wide", areas=[world.borough])
    council(world, "Same ward", groups=[world.young_people, world.carers])
    client.force_login(world.officer_healthwatch)
    data = {
        "lead_organisation": world.healthwatch.pk,
        "groups": [world.young_people.pk, world.carers.pk],
        "areas": [world.ward.pk],
        "start_date": START.isoformat(),
        "end_date": START.isoformat(),
    }
    page = client.post("/joining-up/overlaps/", data, headers={"HX-Request": "true"}).content.decode()
    assert page.index("Same ward") < page.index("Borough-wide")
    assert "borough-wide: Dudley borough" in page and "will ask the same people" in page
    past = date.today() - timedelta(days=3)
    council(world, "Last week", start=past - timedelta(days=4))
    data.update(start_date=(past - timedelta(days=2)).isoformat(), end_date=past.isoformat())
    page = client.post("/joining-up/overlaps/", data, headers={"HX-Request": "true"}).content.decode()
    assert "Last week" in page and "reached the same people" in page and "will ask" not in page


def test_beside_the_form_and_on_the_page_the_closest_three_show_and_the_rest_fold_away(client, world):
    for days in range(5):
        council(world, f"Clash {days}", start=START + timedelta(days=days))
    client.force_login(world.officer_healthwatch)
    data = {"groups": [world.young_people.pk], "areas": [world.ward.pk], "start_date": START.isoformat()}
    page = client.post("/joining-up/overlaps/", data, headers={"HX-Request": "true"}).content.decode()
    shown, folded = page.split('<details class="govuk-details')
    assert "5 other activities" in shown and all(f"Clash {n}" in shown for n in range(3))
    assert "Show the other 2" in folded and "Clash 3" in folded and "Clash 4" in folded
    assert "Clash 3" not in shown
    # The activity's own page, where the join-up column would otherwise run far below the record, too.
    mine = ActivityFactory(lead_organisation=world.healthwatch, groups=[world.young_people], areas=[world.ward],
                           start_date=START, end_date=START)  # fmt: skip
    panel = page_of(client, mine).split("Joining up", 1)[1]
    shown, folded = panel.split('<details class="govuk-details', 1)
    assert all(f"Clash {n}" in shown for n in range(3)) and "Clash 3" not in shown
    assert "Show the other 2" in folded and "Clash 4" in folded


def test_the_api_lists_overlaps_in_the_same_order_with_their_closeness(client, world):
    from engaging.accounts.models import ApiToken

    mine = ActivityFactory(lead_organisation=world.healthwatch, groups=[world.young_people, world.carers],
                           areas=[world.ward], start_date=START, end_date=START)  # fmt: skip
    council(world, "Borough-wide", areas=[world.borough], start=START + timedelta(days=10))
    council(world, "Same locality", areas=[world.locality])
    council(world, "Two groups", groups=[world.young_people, world.carers], areas=[world.borough])
    _, token = ApiToken.issue(user=world.coordinator, name="test")
    response = client.get(f"/api/v1/activities/{mine.pk}/overlaps", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = response.json()
    assert body["finished"] is False
    assert [item["title"] for item in body["items"]] == ["Two groups", "Same locality", "Borough-wide"]
    assert body["items"][1]["closeness"] == {
        "rank": 2,
        "shared_groups": 1,
        "shared_group_names": ["Young people"],
        "area_level": "locality",
        "area_name": "Brierley Hill",
        "days_apart": 0,
        "reasons": ["Both reach Young people", "same locality: Brierley Hill", "dates overlap"],
    }
    assert body["items"][2]["closeness"]["days_apart"] == 10
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"rank", "shared_groups", "area_level", "days_apart", "reasons"} <= set(schema["Closeness"]["properties"])


def test_the_activity_page_reads_the_same_number_of_queries_however_many_overlaps(client, world, settings):
    settings.KEEP_PAGES = False
    mine = ActivityFactory(lead_organisation=world.healthwatch, groups=[world.young_people], areas=[world.ward],
                           start_date=START, end_date=START)  # fmt: skip
    council(world, "First")
    client.force_login(world.officer_healthwatch)
    page_of(client, mine)
    # A write the page does not show, so that what is kept elsewhere on the page is worked out again, as below.
    council(world, "Elsewhere", groups=[world.older_people])
    with CaptureQueriesContext(connection) as one:
        page_of(client, mine)
    for n in range(10):
        council(world, f"More {n}", areas=[world.ward, world.borough], groups=[world.young_people, world.carers])
    with CaptureQueriesContext(connection) as many:
        assert page_of(client, mine).count('class="et-overlap"') == 11
    assert len(many) == len(one)
