"""The "Your data" page for everyone, the schedule's form for coordinators, and the record of who viewed what."""

import pytest
from django.core.management import call_command
from django.utils.html import escape

from engaging.core.models import RetentionPeriod, ViewRecord
from engaging.privacy import schedule
from engaging.privacy.forms import field_name
from engaging.privacy.models import RetentionRun

pytestmark = pytest.mark.django_db


def every_days(**changes) -> dict[str, str]:
    data = {field_name(p.kind.key): str(p.days) for p in schedule.periods()}
    data.update({field_name(key): value for key, value in changes.items()})
    return data


def test_anyone_reads_what_is_kept_why_and_for_how_long_from_the_live_schedule(client, world):
    RetentionPeriod.objects.create(kind="stories", days=730)
    page = client.get("/your-data/").content.decode()
    for kind in schedule.KINDS:
        assert escape(kind.name) in page
        assert escape(kind.why) in page
    assert "2 years after consent was given" in page
    assert "3 months after the attempt" in page
    assert "Save the schedule" not in page and 'name="stories"' not in page


@pytest.mark.parametrize("persona", ["officer_council", "board_member"])
def test_only_coordinators_see_the_form_and_the_runs(client, world, persona):
    client.force_login(getattr(world, persona))
    page = client.get("/your-data/").content.decode()
    assert "Save the schedule" not in page and "Last runs" not in page
    assert client.post("/your-data/", every_days(stories="10")).status_code == 403
    assert not RetentionPeriod.objects.exists()


def test_anonymous_posts_are_refused(client, world):
    assert client.post("/your-data/", every_days(stories="10")).status_code == 403
    assert not RetentionPeriod.objects.exists()


def test_a_coordinator_changes_the_days_and_the_change_is_kept_with_who_made_it(client, world):
    client.force_login(world.coordinator)
    response = client.post("/your-data/", every_days(stories="400"), follow=True)
    assert response.redirect_chain[-1][0] == "/your-data/"
    assert "Changed: residents&#x27; stories" in response.content.decode()
    period = RetentionPeriod.objects.get(kind="stories")
    assert period.days == 400 and period.changed_by == world.coordinator
    assert period.history.count() == 1
    assert RetentionPeriod.objects.count() == 1  # the kinds not changed keep following their defaults
    assert "1 year" not in client.get("/your-data/").content.decode().split('id="stories"')[1].split("</dl>")[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter how many days to keep residents&#x27; stories"),
        ("ten", "Enter the days to keep residents&#x27; stories as a whole number"),
        ("0", "Keep residents&#x27; stories for at least 1 day"),
        ("-5", "Keep residents&#x27; stories for at least 1 day"),
        ("99999999", "Keep residents&#x27; stories for 7,320 days or fewer"),
        ("1.5", "Enter the days to keep residents&#x27; stories as a whole number"),
    ],
)
def test_bad_days_are_refused_naming_the_field_and_nothing_changes(client, world, value, message):
    client.force_login(world.coordinator)
    response = client.post("/your-data/", every_days(stories=value, views="30"))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'href="#id_stories"' in page  # the error summary links to the field
    assert "<title>Error: Your data" in page
    assert not RetentionPeriod.objects.exists()  # not even the good value saved


def test_the_last_runs_say_what_they_did(client, world):
    call_command("apply_retention", "--dry-run", stdout=None)
    RetentionRun.objects.create(
        started_at="2026-01-02T03:00:00Z",
        trigger="worker",
        periods={"views": 730},
        counts={"views": {"anonymised": 0, "deleted": 7}},
    )
    client.force_login(world.coordinator)
    page = client.get("/your-data/").content.decode()
    assert "Dry run: nothing changed" in page
    assert "Records of who viewed stories and equality answers: 7 deleted" in page
    assert "No nightly run is waiting" in page  # tests run tasks at once, so nothing is ever queued


def test_the_footer_links_to_the_page(client, world):
    assert 'href="/your-data/"' in client.get("/accessibility/").content.decode()


def test_wrong_methods_are_refused(client, world):
    client.force_login(world.coordinator)
    assert client.put("/your-data/").status_code == 405
    assert client.post("/your-data/views/").status_code == 405


# The record of views -------------------------------------------------------------------------------------


def test_only_coordinators_see_who_viewed_what(client, world):
    assert client.get("/your-data/views/").status_code == 302  # sent to sign in
    client.force_login(world.officer_council)
    assert client.get("/your-data/views/").status_code == 403
    client.force_login(world.board_member)
    assert client.get("/your-data/views/").status_code == 403


def test_views_are_filtered_by_person_kind_and_date_with_bad_dates_named(client, world):
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id="999", path="/stories/999/")
    ViewRecord.objects.create(viewer=world.board_member, kind="evaluation.what-works", path="/evaluation/what-works/")
    client.force_login(world.coordinator)
    page = client.get("/your-data/views/").content.decode()
    assert "officer-council" in page and "board-member" in page
    page = client.get("/your-data/views/", {"person": "officer"}).content.decode()
    assert "officer-council" in page and "board-member" not in page
    page = client.get("/your-data/views/", {"kind": "evaluation.what-works"}).content.decode()
    assert "officer-council" not in page and "board-member" in page
    page = client.get(
        "/your-data/views/", {"viewed_from_day": "31", "viewed_from_month": "2", "viewed_from_year": "2026"}
    )
    assert page.status_code == 200
    assert "The ‘from’ date must be a real date" in page.content.decode()
    page = client.get("/your-data/views/", {"kind": "nonsense"}).content.decode()
    assert "Select a valid choice" in page and "officer-council" not in page


def test_views_page_is_paginated(client, world):
    ViewRecord.objects.bulk_create(
        ViewRecord(viewer=world.officer_council, kind="voice.story", object_id=str(n)) for n in range(60)
    )
    client.force_login(world.coordinator)
    first = client.get("/your-data/views/").content.decode()
    assert "Page 1 of 2" in first
    assert client.get("/your-data/views/", {"page": "2"}).status_code == 200
    assert client.get("/your-data/views/", {"page": "abc"}).status_code == 200
