"""Residents' pages read a fixed number of rows however much there is, and are kept until what they show changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engaging.register.models import Activity, Status
from tests.factories import ActivityFactory

PAGES = ["/", "/get-involved/", "/get-involved/?page=2", "/get-involved/calendar.ics"]


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def public_activities(world, count: int) -> None:
    for number in range(count):
        ActivityFactory(
            title=f"Listening event {number}", status=Status.OPEN if number % 2 else Status.PLANNED, is_public=True,
            lead_organisation=world.council, areas=[world.ward], groups=[world.carers],
        )  # fmt: skip


def test_residents_pages_read_as_many_times_for_many_activities_as_for_a_few(client, world, settings):
    settings.KEEP_PAGES = False
    public_activities(world, 25)
    for path in PAGES:  # the filters' shared lists are read once, then kept in each process
        queries_for(client, path)
    few = {path: queries_for(client, path) for path in PAGES}
    public_activities(world, 40)
    assert {path: queries_for(client, path) for path in PAGES} == few


def test_an_activity_page_reads_as_many_times_however_many_groups_areas_and_methods(client, world, settings):
    settings.KEEP_PAGES = False
    one = ActivityFactory(is_public=True, status=Status.OPEN, groups=[world.carers], areas=[world.ward])
    many = ActivityFactory(
        is_public=True, status=Status.OPEN, groups=[world.carers, world.young_people],
        areas=[world.ward, world.other_ward, world.locality],
    )  # fmt: skip
    queries_for(client, f"/get-involved/{one.pk}/")  # what each process reads once (content types) is read
    assert queries_for(client, f"/get-involved/{one.pk}/") == queries_for(client, f"/get-involved/{many.pk}/")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", "/get-involved/", "/get-involved/{pk}/"])
def test_a_kept_residents_page_shows_a_change_at_once(client, world, council_activity, path):
    council_activity.status = Status.OPEN
    council_activity.save()
    path = path.format(pk=council_activity.pk)
    working = queries_for(client, path)
    assert queries_for(client, path) < working  # kept
    Activity.objects.filter(pk=council_activity.pk).update(title="Carers' café, now on Tuesdays")
    assert "Carers&#x27; café, now on Tuesdays" in client.get(path).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_kept_residents_page_is_shared_but_each_visitor_has_their_own_menu(client, world, council_activity):
    assert "Sign out" not in client.get("/get-involved/").content.decode()
    client.force_login(world.coordinator)
    page = client.get("/get-involved/").content.decode()
    assert "Sign out" in page and "Young carers" in page
    client.logout()
    page = client.get("/get-involved/").content.decode()
    assert "Sign out" not in page and "Young carers" in page


@pytest.mark.django_db(transaction=True)
def test_a_page_past_the_last_is_answered_but_not_kept(client, world, council_activity):
    for path in ("/get-involved/?page=1", "/get-involved/?page=9"):
        queries_for(client, path)
    kept = queries_for(client, "/get-involved/?page=1")
    assert "Young carers" in client.get("/get-involved/?page=9").content.decode()
    assert queries_for(client, "/get-involved/?page=9") > kept


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/get-involved/calendar.ics", "/you-said-we-did/feed.atom"])
def test_a_kept_feed_is_served_whole_until_what_it_shows_changes(client, world, council_activity, path):
    first = client.get(path)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(path)
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert len(captured) <= 1  # the tables' versions
    Activity.objects.filter(pk=council_activity.pk).update(title="Carers' café on Tuesdays")
    if path.endswith(".ics"):
        assert "Carers' café on Tuesdays" in client.get(path).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("query", ["?made=up", "?area=zzz", "?area=999999"])
def test_a_feed_asked_with_anything_but_its_filters_choices_is_answered_but_not_kept(client, world, query):
    path = f"/get-involved/calendar.ics{query}"
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    assert any("register_activity" in query["sql"] for query in captured)


@pytest.mark.django_db(transaction=True)
def test_the_kept_words_we_use_page_offers_only_coordinators_the_link_to_manage_it(client, world):
    manage = 'href="/words-we-use/manage/"'
    assert manage not in client.get("/words-we-use/").content.decode()
    client.force_login(world.coordinator)
    assert manage in client.get("/words-we-use/").content.decode()
    client.force_login(world.officer_council)
    assert manage not in client.get("/words-we-use/").content.decode()
