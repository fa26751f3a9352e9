"""The register's calendar feed is kept whole until an activity changes, for the addresses its filters write."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from engaging.register.models import Activity
from tests.factories import ActivityFactory, UserFactory

FEED = "/register/register.ics"


def fetched(client, path: str, query: dict | None = None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, query or {})
    assert response.status_code == 200
    return response, [entry["sql"] for entry in captured]


def titles(response) -> list[str]:
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


@pytest.mark.django_db(transaction=True)
def test_the_register_feed_is_kept_until_an_activity_changes(client, world, council_activity):
    client.force_login(world.officer_council)
    first, _ = fetched(client, FEED)
    again, queries = fetched(client, FEED)
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert not any("register_activity" in sql for sql in queries)
    Activity.objects.filter(pk=council_activity.pk).update(title="Carers' café on Tuesdays")
    changed, queries = fetched(client, FEED)
    assert "Carers' café on Tuesdays" in titles(changed)
    assert any("register_activity" in sql for sql in queries)


@pytest.mark.django_db(transaction=True)
def test_a_new_activity_joins_the_kept_register_feed_at_once(client, world, council_activity):
    client.force_login(world.officer_council)
    fetched(client, FEED)
    ActivityFactory(title="Pharmacy opening hours survey", lead_organisation=world.healthwatch)
    assert "Pharmacy opening hours survey" in titles(fetched(client, FEED)[0])


@pytest.mark.django_db(transaction=True)
def test_the_register_feed_filtered_by_a_menu_choice_is_kept_for_that_choice(
    client, world, council_activity, healthwatch_activity
):
    client.force_login(world.officer_council)
    query = {"organisation": world.council.pk}
    assert titles(fetched(client, FEED, query)[0]) == [council_activity.title]
    response, queries = fetched(client, FEED, query)
    assert titles(response) == [council_activity.title]
    assert not any("register_activity" in sql for sql in queries)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "query",
    [{"q": "carers"}, {"starts_after": date(2020, 1, 1).isoformat()}, {"made": "up"}, {"organisation": "999999"}],
)
def test_a_register_feed_with_typed_words_dates_or_made_up_values_is_answered_afresh(
    client, world, council_activity, query
):
    client.force_login(world.officer_council)
    fetched(client, FEED, query)
    response, queries = fetched(client, FEED, query)
    assert any("register_activity" in sql for sql in queries)
    if "q" in query:
        assert titles(response) == [council_activity.title]


@pytest.mark.django_db(transaction=True)
def test_the_kept_register_feed_is_still_only_for_people_with_a_role(client, world, council_activity):
    client.force_login(world.officer_council)
    fetched(client, FEED)
    client.logout()
    assert client.get(FEED).status_code == 302
    client.force_login(UserFactory(username="no-role"))  # signed in, with no role in the partnership
    assert client.get(FEED).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_each_event_links_to_its_activity_and_names_its_lead(client, world, council_activity):
    client.force_login(world.officer_council)
    event = Calendar.from_ical(client.get(FEED).content).walk("VEVENT")[0]
    assert str(event["URL"]) == f"http://testserver/register/{council_activity.pk}/"
    assert event["ORGANIZER"].params["CN"] == world.council.name
    assert str(event["CATEGORIES"].cats[0]) == council_activity.get_type_display()


@pytest.mark.django_db(transaction=True)
def test_a_month_of_the_register_calendar_is_kept_until_an_activity_changes(client, world):
    activity = ActivityFactory(title="Spotlight event", start_date=date(2030, 5, 14), end_date=date(2030, 5, 14))
    client.force_login(world.officer_council)
    path = "/register/calendar/2030/5/"
    fetched(client, path)
    page, queries = fetched(client, path)
    assert "Spotlight event" in page.content.decode() and not any("register_activity" in sql for sql in queries)
    Activity.objects.filter(pk=activity.pk).update(title="Spotlight event at the library")
    assert "Spotlight event at the library" in fetched(client, path)[0].content.decode()
    page, queries = fetched(client, path, {"q": "spotlight"})  # words to search for: worked out each time
    assert any("register_activity" in sql for sql in queries)
