"""Residents see public activities they can still join, and never partners' internal fields."""

import re
from datetime import timedelta

import pytest
from icalendar import Calendar

from engaging.register.models import Activity, Status
from tests.factories import ActivityFactory

INTERNAL = ["sam.officer@example.org", "Sam Officer", "Internal note", "120"]


def shows(page: str, secret: str) -> bool:
    """Whether `secret` is in the page, as a whole number if it is one: "120" is not in an id such as 3120."""
    return re.search(rf"(?<![\d.]){re.escape(secret)}(?!\d)", page) is not None


def test_the_home_page_and_get_involved_work_for_anyone(client, world, council_activity):
    assert client.get("/").status_code == 200
    page = client.get("/get-involved/").content.decode()
    assert "Young carers" in page
    for secret in INTERNAL:
        assert not shows(page, secret)


def test_the_home_page_leads_to_what_is_open_what_is_coming_and_what_changed(client, world, council_activity):
    from django.utils import timezone

    from engaging.loop.models import Response
    from engaging.reports.models import LocalAccount
    from tests.loop.factories import FindingFactory, ResponseFactory

    soon = ActivityFactory(title="Closing soon", status=Status.OPEN, is_public=True, lead_organisation=world.council)
    ActivityFactory(title="Starting later", status=Status.PLANNED, is_public=True, lead_organisation=world.council)
    Activity.objects.filter(pk=soon.pk).update(end_date=soon.start_date + timedelta(days=3))
    heard = FindingFactory(activity=ActivityFactory(is_public=True, status=Status.EVALUATED))
    ResponseFactory(findings=[heard], status=Response.Status.DONE, action="Buses now stop at the clinic door.")
    ResponseFactory(findings=[heard], status=Response.Status.PLANNED, action="A promise not yet kept.")
    LocalAccount.objects.create(year=2025, is_published=True, published_at=timezone.now())

    page = client.get("/").content.decode()
    open_now, coming_up = page.split("Take part now")[1].split("Coming up")
    assert "Closing soon" in open_now and "Open until" in open_now and "Starting later" not in open_now
    assert "Starting later" in coming_up.split("What changed")[0]
    assert "Buses now stop at the clinic door." in page and "A promise not yet kept." not in page
    assert 'href="/you-said-we-did/"' in page
    assert 'href="/local-account/2025/"' in page and 'href="/local-account/2025/easy-read/"' in page


def test_an_activity_page_has_public_fields_only(client, world, council_activity):
    page = client.get(f"/get-involved/{council_activity.pk}/").content.decode()
    assert "Young carers" in page and "Dudley Council" in page
    for secret in INTERNAL:
        assert not shows(page, secret)


@pytest.mark.parametrize(
    "change, page_status",
    [
        ({"is_public": False}, 404),
        ({"status": Status.CANCELLED}, 404),
        # A finished public activity keeps its page, to say it has closed and where to give feedback.
        ({"status": Status.CLOSED}, 200),
        ({"status": Status.EVALUATED}, 200),
    ],
)
def test_private_cancelled_or_finished_activities_are_not_listed(client, world, council_activity, change, page_status):
    for key, value in change.items():
        setattr(council_activity, key, value)
    council_activity.save()
    response = client.get(f"/get-involved/{council_activity.pk}/")
    assert response.status_code == page_status
    if page_status == 200:
        assert "This activity has closed" in response.content.decode()
        for secret in INTERNAL:
            assert not shows(response.content.decode(), secret)
    assert "Young carers" not in client.get("/get-involved/").content.decode()


def test_archived_activities_are_not_public(client, world, council_activity):
    council_activity.archive()
    assert client.get(f"/get-involved/{council_activity.pk}/").status_code == 404


def test_filters_by_area_group_and_priority(client, world, council_activity, healthwatch_activity):
    assert "Walk-in" not in client.get("/get-involved/", {"group": world.carers.pk}).content.decode()
    assert "Young carers" not in client.get("/get-involved/", {"area": world.other_ward.pk}).content.decode()
    assert "Young carers" in client.get("/get-involved/", {"area": world.borough.pk}).content.decode()
    by_priority = client.get("/get-involved/", {"priority": world.priority.pk}).content.decode()
    assert "Young carers" in by_priority and "Walk-in" not in by_priority
    assert client.get("/get-involved/", {"area": "zzz"}).status_code == 200


@pytest.mark.parametrize("address", ["/get-involved/", "/you-said-we-did/"])
def test_a_filtered_list_says_what_it_was_narrowed_to_and_how_to_clear_it(client, world, address):
    """On a phone the filter is folded away, so the list itself names the chosen area and topic."""
    page = client.get(address, {"area": world.other_ward.pk, "priority": world.priority.pk}).content.decode()
    line = re.search(r'<p class="govuk-body et-chosen-filters">(.*?)</p>', page, re.S).group(1)
    assert f"Area: <strong>{world.other_ward}</strong>" in line
    assert f"Topic: <strong>{world.priority}</strong>" in line
    assert f'href="{address}">Clear filters' in line
    assert "et-chosen-filters" not in client.get(address).content.decode()
    # A value that is not a choice filters nothing, so nothing is named.
    assert "et-chosen-filters" not in client.get(address, {"area": "zzz"}).content.decode()


def test_the_public_feed_is_valid_icalendar_without_internal_fields(client, world, council_activity):
    ActivityFactory(
        title="Hidden planning session", is_public=False, start_date=council_activity.start_date + timedelta(days=1)
    )
    response = client.get("/get-involved/calendar.ics")
    calendar = Calendar.from_ical(response.content)
    titles = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert titles == [council_activity.title]
    body = response.content.decode()
    assert "sam.officer" not in body and "ORGANIZER" not in body


def test_the_accessibility_statement_exists(client, db):
    assert "Accessibility statement" in client.get("/accessibility/").content.decode()


def test_an_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
