"""Planning an activity with day, month and year boxes and searchable choosers, then cancelling it, in a browser."""

import re
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from engaging.register.models import Activity, Status
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_journeys import choose, fill_date, open_section

pytestmark = [pytest.mark.browser, skip_without_chromium]


def no_violations(page) -> None:
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_an_officer_plans_with_the_date_boxes_and_choosers_then_cancels(new_page, world, council_activity):
    page = new_page(user=world.officer_healthwatch)
    page.goto("/register/new/")
    no_violations(page)
    start = date.today() + timedelta(days=40)
    page.get_by_label("Title", exact=True).fill("Older people's coffee morning")
    page.get_by_label("Plain summary").fill("Come for a coffee and tell us what would help.")
    page.get_by_label("Purpose", exact=True).fill("Shapes the older people's plan.")
    page.get_by_role("group", name="Engagement type").get_by_label("Insight").check()
    page.get_by_role("group", name="Level of influence").get_by_label("Consult").check()

    # One section at a time: the list of sections says which one is showing.
    sections = page.get_by_role("navigation", name="Sections")
    expect(sections.get_by_role("link", name="1. What and why")).to_have_attribute("aria-current", "step")
    expect(page.get_by_role("heading", name="2. Who and where")).to_be_hidden()
    page.get_by_role("button", name="Continue to who and where").click()
    expect(page.get_by_role("heading", name="2. Who and where")).to_be_focused()
    expect(page.get_by_label("Title", exact=True)).to_be_hidden()
    expect(sections.get_by_role("link", name="2. Who and where")).to_have_attribute("aria-current", "step")

    # Search the target groups, choose one, see it chosen, remove it, choose another. The list is folded
    # away until searched or shown in full.
    groups = page.locator("[data-chooser]", has=page.get_by_role("group", name="Target groups"))
    expect(groups.get_by_label("Older people")).to_be_hidden()
    groups.get_by_label("Search target groups").fill("older")
    expect(groups.get_by_label("Young people")).to_be_hidden()
    groups.get_by_label("Older people").check()
    chosen = groups.locator(".et-chooser__chosen")
    expect(chosen).to_contain_text("Chosen (1):")
    expect(chosen).to_contain_text("Older people")
    groups.get_by_label("Search target groups").fill("")
    expect(groups.get_by_label("Carers")).to_be_hidden()
    groups.get_by_role("button", name=re.compile(r"^Show all \d+ target groups$")).click()
    groups.get_by_label("Carers").check()
    expect(chosen).to_contain_text("Chosen (2):")
    chosen.get_by_role("button", name="Remove Carers").click()
    expect(groups.get_by_label("Carers")).not_to_be_checked()
    expect(chosen).to_contain_text("Chosen (1):")

    areas = page.locator("[data-chooser]", has=page.get_by_role("group", name="Areas"))
    areas.get_by_label("Search areas").fill("stourbridge town")
    areas.locator(f"input[value='{world.other_ward.pk}']").check()
    expect(areas.locator(".et-chooser__chosen")).to_contain_text("Wollaston and Stourbridge Town")

    page.get_by_role("button", name="Continue to when").click()
    fill_date(page, "Start date", start)
    fill_date(page, "End date", start)
    page.get_by_role("button", name="Continue to how people take part").click()
    page.get_by_label("Place", exact=True).fill("Stourbridge Library, Crown Centre")
    page.get_by_label("Days and times").fill("10am to 12 noon")
    page.get_by_label("Phone number for taking part").fill("01632 960 555")
    page.get_by_role("button", name="Continue to public page").click()
    page.get_by_role("group", name="Show this activity on the public pages?").get_by_label("Yes").check()
    no_violations(page)

    # The last step shows every answer with a link back to its section.
    open_section(page, "Check your answers")
    answers = page.locator(".govuk-summary-list")
    expect(answers.locator(".govuk-summary-list__row", has_text="Target groups")).to_contain_text("Older people")
    expect(answers.locator(".govuk-summary-list__row", has_text="Start date")).to_contain_text(
        f"{start.day} {start:%B %Y}"
    )
    expect(answers.locator(".govuk-summary-list__row", has_text="Phone number")).to_contain_text("01632 960 555")
    expect(answers.locator(".govuk-summary-list__row", has_text="Web link")).to_contain_text("Not given")
    no_violations(page)
    screenshot(page, "planning-form-check-answers")
    answers.get_by_role("link", name="Change place").click()
    expect(page.get_by_label("Place", exact=True)).to_be_visible()
    open_section(page, "Check your answers")
    page.get_by_role("button", name="Save activity").click()

    expect(page).to_have_url(re.compile(r"/register/\d+/$"))
    saved = Activity.objects.get(title="Older people's coffee morning")
    assert (saved.start_date, saved.end_date, saved.is_public) == (start, start, True)
    assert list(saved.groups.all()) == [world.older_people] and list(saved.areas.all()) == [world.other_ward]
    expect(page.locator(".et-ways")).to_contain_text("Stourbridge Library, Crown Centre")
    expect(page.get_by_role("link", name="01632 960 555")).to_have_attribute("href", "tel:+441632960555")
    no_violations(page)

    page.get_by_role("link", name=re.compile("Cancel the activity")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to cancel this activity?")
    no_violations(page)
    saved.refresh_from_db()
    assert saved.status == Status.PLANNED
    page.get_by_role("button", name="Yes, cancel the activity").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been cancelled")
    saved.refresh_from_db()
    assert saved.status == Status.CANCELLED


def test_a_date_part_error_is_named_and_the_overlap_panel_reads_the_date_boxes(new_page, world, council_activity):
    page = new_page(user=world.officer_healthwatch)
    page.goto("/register/new/")
    open_section(page, "Who and where")
    choose(page, "Target groups", "Young people")
    choose(page, "Areas", value=world.ward.pk)
    open_section(page, "When")
    start = council_activity.start_date
    fill_date(page, "Start date", start)
    fill_date(page, "End date", start)
    page.get_by_role("group", name="End date").get_by_label("Year").blur()
    # The panel asks again as the boxes change, with the dates put together by the form's script.
    expect(page.locator("#overlaps")).to_contain_text(council_activity.title)

    page.get_by_role("group", name="End date").get_by_label("Month").fill("13")
    open_section(page, "Public page")
    page.get_by_role("button", name="Save activity").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="The end date must be a real date")).to_have_attribute(
        "href", "#id_end_date_month"
    )
    expect(page.locator("#id_end_date_month")).to_have_class(re.compile("govuk-input--error"))
    # Each section with a problem is marked in the list of sections; the form opens at the first of them
    # (the title, left empty), and the summary's link opens the section of the date it names.
    sections = page.get_by_role("navigation", name="Sections")
    expect(sections.locator("li", has_text="3. When")).to_contain_text("Has a problem")
    expect(sections.locator("li", has_text="2. Who and where")).not_to_contain_text("Has a problem")
    expect(sections.get_by_role("link", name="1. What and why")).to_have_attribute("aria-current", "step")
    summary.get_by_role("link", name="The end date must be a real date").click()
    expect(page.locator("#id_end_date_month")).to_be_focused()
    expect(sections.get_by_role("link", name="3. When")).to_have_attribute("aria-current", "step")
    expect(page.locator("#id_end_date_day")).not_to_have_class(re.compile("govuk-input--error"))
    no_violations(page)


def test_a_resident_on_a_phone_finds_how_to_take_part(new_page, council_activity):
    council_activity.take_part_url = "https://example.org/survey"
    council_activity.take_part_phone = "020 7946 0123"
    council_activity.save()
    page = new_page(viewport={"width": 375, "height": 812})
    page.goto("/get-involved/")
    page.get_by_role("link", name=council_activity.title).click()
    block = page.locator("#how-to-take-part").locator("..")
    expect(block.get_by_role("link", name="Take part online")).to_have_attribute("href", "https://example.org/survey")
    expect(block.get_by_role("link", name="020 7946 0123")).to_have_attribute("href", "tel:+442079460123")
    expect(block.get_by_role("link", name="haveyoursay@example.org")).to_have_attribute(
        "href", "mailto:haveyoursay@example.org"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    no_violations(page)
