"""The "Your data" pages in a browser: axe finds no problem on any of them (with errors shown too), on a desktop
and on a phone, and a coordinator changes the schedule and finds who viewed a story."""

import pytest

from engaging.core.models import RetentionPeriod, ViewRecord
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.voice.conftest import make_story

pytestmark = [pytest.mark.browser, skip_without_chromium]


def test_your_data_pages_pass_axe_for_everyone_and_coordinators(new_page, world):
    story = make_story(world.officer_council, title="Waiting for a carer's assessment")
    ViewRecord.objects.create(viewer=world.officer_council, kind="voice.story", object_id=str(story.pk))

    audit = Audit(new_page())
    audit.visit("your data, for anyone", "/your-data/")
    screenshot(audit.page, "privacy-your-data-public")

    audit.page = new_page(user=world.coordinator)
    audit.visit("your data, for a coordinator", "/your-data/")
    audit.submit(
        "your data, bad days",
        "Save the schedule",
        fill={"Residents' stories: days kept after consent was given": "ten"},
        errors=True,
    )
    screenshot(audit.page, "privacy-your-data-errors")
    audit.submit(
        "your data, saved",
        "Save the schedule",
        fill={"Residents' stories: days kept after consent was given": "730"},
        shows=".govuk-notification-banner",
    )
    assert RetentionPeriod.objects.get(kind="stories").days == 730
    audit.visit("who viewed what", "/your-data/views/")
    audit.visit("who viewed what, one story", f"/your-data/views/?kind=voice.story&record={story.pk}")
    screenshot(audit.page, "privacy-views-one-story")
    audit.visit(
        "who viewed what, bad date",
        "/your-data/views/?viewed_from_day=31&viewed_from_month=2&viewed_from_year=2026",
        errors=True,
    )

    audit.page = new_page(user=world.coordinator, viewport={"width": 375, "height": 800})
    audit.visit("your data on a phone", "/your-data/")
    audit.visit("who viewed what on a phone", "/your-data/views/")
    screenshot(audit.page, "privacy-views-phone")
    audit.assert_clean()
