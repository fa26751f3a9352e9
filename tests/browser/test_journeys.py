"""What officers and residents do, end to end, in a real browser against the live hub."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from engaging.register.models import Activity, JoinUp
from tests.browser.conftest import screenshot, sign_in_with_form, skip_without_chromium
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]

COUNCIL_TITLE = "Young carers' wellbeing survey"
COUNCIL_EMAIL = "sam.officer@example.org"


def fill_plan(page, world, *, title="Carers' drop-in at the library"):
    """Fill in the 'Plan an activity' form with a plan that meets the council's survey, section by section."""
    start = date.today() + timedelta(days=20)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Plain summary").fill("Come and tell us what would help you as a carer.")
    page.get_by_label("Purpose", exact=True).fill("Shapes the carers' strategy refresh.")
    page.get_by_role("group", name="Engagement type").get_by_label("Insight").check()
    page.get_by_role("group", name="Level of influence").get_by_label("Consult").check()
    open_section(page, "Who and where")
    choose(page, "Target groups", "Young people")
    choose(page, "Areas", value=world.ward.pk)  # a ward inside the council's locality
    open_section(page, "When")
    fill_date(page, "Start date", start)
    fill_date(page, "End date", start + timedelta(days=1))
    open_section(page, "Public page")
    page.get_by_role("group", name="Show this activity on the public pages?").get_by_label("Yes").check()
    open_section(page, "How people take part")
    page.get_by_label("Email address for taking part").fill("carers@example.org")


def fill_date(page, legend: str, day: date) -> None:
    """Type a date into its day, month and year boxes."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def open_section(page, title: str) -> None:
    """Go to a section of the planning form from its list of sections (shown one at a time with scripts)."""
    page.get_by_role("navigation", name="Sections").get_by_role("link", name=re.compile(rf"^\d+\. {title}")).click()


def choose(page, legend: str, label: str = "", *, value=None) -> None:
    """Tick a choice in a chooser: with scripts its list is folded away until searched or shown in full."""
    chooser = page.locator("[data-chooser]", has=page.get_by_role("group", name=legend))
    show_all = chooser.get_by_role("button", name=re.compile("^Show all"))
    if show_all.count():
        show_all.click()
    box = chooser.get_by_label(label, exact=True) if value is None else chooser.locator(f"input[value='{value}']")
    box.check()


def test_an_officer_sees_an_overlap_before_saving_and_proposes_joining_up(new_page, world, council_activity):
    page = new_page()
    sign_in_with_form(page, "officer-healthwatch")
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_role("link", name="Plan an activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan an activity")

    overlaps = page.locator("#overlaps")
    expect(overlaps).not_to_contain_text(COUNCIL_TITLE)
    page.evaluate("window.sameDocument = true")
    fill_plan(page, world)
    # The panel updates as the officer fills in the form (HTMX), without leaving the page or saving.
    expect(overlaps).to_contain_text(COUNCIL_TITLE)
    expect(overlaps).to_contain_text("Dudley Council")
    assert page.evaluate("window.sameDocument") is True
    assert Activity.objects.count() == 1
    screenshot(page, "form-with-overlap")

    page.get_by_role("button", name="Save activity").click()
    expect(page).to_have_url(re.compile(r"/register/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers' drop-in at the library")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been added to the register")
    mine = Activity.objects.get(title="Carers' drop-in at the library")
    assert mine.lead_organisation == world.healthwatch

    overlap = page.locator(".et-overlap", has_text=COUNCIL_TITLE)
    expect(overlap).to_contain_text("Sam Officer")
    expect(overlap.get_by_role("link", name=COUNCIL_EMAIL)).to_have_attribute("href", f"mailto:{COUNCIL_EMAIL}")
    screenshot(page, "detail-with-overlap")
    overlap.get_by_role("link", name=re.compile("^Propose joining up")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Propose joining up")
    page.get_by_label("Message to the other organisation (optional)").fill("Shall we run one session together?")
    page.get_by_role("button", name="Send proposal").click()
    expect(page).to_have_url(re.compile(rf"/register/{mine.pk}/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your proposal to join up has been sent to Dudley Council"
    )
    joinup = JoinUp.objects.get()
    assert (joinup.from_activity, joinup.to_activity, joinup.status) == (mine, council_activity, "proposed")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()

    sign_in_with_form(page, "officer-council")
    expect(page).to_have_url(re.compile(r"/register/your-work/$"))
    # "Your work" is the officer's to-do list: the proposal waits there, beside the activity it is about.
    waiting = page.get_by_role("row", name=re.compile("Answer Healthwatch Dudley's proposal to join up"))
    expect(waiting).to_contain_text(COUNCIL_TITLE)
    waiting.get_by_role("link", name="Answer Healthwatch Dudley's proposal to join up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Answer a join-up proposal")
    expect(page.locator(".govuk-inset-text")).to_contain_text("Shall we run one session together?")
    page.get_by_label("Agree to join up").check()
    page.get_by_label("Note (optional)").fill("Yes, let's share the venue.")
    page.get_by_role("button", name="Send answer").click()

    expect(page).to_have_url(re.compile(r"/joining-up/proposals/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("You have agreed the join-up")
    row = page.get_by_role("row", name=re.compile("Carers' drop-in at the library"))
    expect(row.locator(".govuk-tag")).to_have_text("Agreed")
    joinup.refresh_from_db()
    assert joinup.status == "agreed" and joinup.responded_by == world.officer_council


def test_checking_for_overlaps_works_without_javascript(new_page, world, council_activity):
    page = new_page(user=world.officer_healthwatch, java_script_enabled=False)
    page.goto("/register/new/")
    fill_plan(page, world, title="Checked without scripts")
    expect(page.locator("#overlaps")).not_to_contain_text(COUNCIL_TITLE)

    page.get_by_role("button", name="Check for overlaps").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/register/new/$"))
    expect(page.locator("#overlaps")).to_contain_text(COUNCIL_TITLE)
    expect(page.locator("#overlaps")).to_contain_text(COUNCIL_EMAIL)
    # The form comes back as it was filled in, with no errors, and nothing is saved.
    expect(page.get_by_label("Title", exact=True)).to_have_value("Checked without scripts")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert list(Activity.objects.values_list("title", flat=True)) == [COUNCIL_TITLE]


def test_a_resident_finds_a_way_to_take_part(new_page, world, council_activity):
    ActivityFactory(
        title="Stourbridge older people's forum",
        lead_organisation=world.healthwatch,
        groups=[world.older_people],
        areas=[world.other_ward],
        how_to_take_part="Come along to the library.",
        contact_email="private.person@example.org",
    )
    council_activity.how_to_take_part = "Fill in the survey online or at any library."
    council_activity.save()

    page = new_page()
    page.goto("/")
    screenshot(page, "home")
    page.get_by_role("link", name="Find ways to get involved").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get involved")
    listing = page.locator("main")
    expect(listing).to_contain_text(COUNCIL_TITLE)
    expect(listing).to_contain_text("Stourbridge older people's forum")

    page.get_by_label("Area").select_option(value=str(world.locality.pk))
    page.get_by_label("Who it is for").select_option(label="Young people")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"area={world.locality.pk}"))
    expect(listing).to_contain_text("1 way to take part")
    expect(listing).not_to_contain_text("Stourbridge older people's forum")
    screenshot(page, "get-involved-filtered")

    page.get_by_role("link", name=COUNCIL_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COUNCIL_TITLE)
    expect(page.get_by_role("heading", name="How to take part")).to_be_visible()
    expect(listing).to_contain_text("Fill in the survey online or at any library.")
    screenshot(page, "public-activity")
    content = page.content()
    for internal in (COUNCIL_EMAIL, "Sam Officer", "Internal note"):
        assert internal not in content


def test_a_bad_submission_shows_the_errors_first_and_each_link_moves_focus_to_its_field(new_page, world):
    page = new_page(user=world.officer_healthwatch)
    page.goto("/register/new/")
    page.get_by_label("Title", exact=True).fill("")
    open_section(page, "Cost, contact and notes")
    page.get_by_label("Contact email").fill("not-an-email")
    page.get_by_role("button", name="Save activity").click()
    page.wait_for_load_state()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    # The summary comes before everything else in the main content, and is focused so it is read out.
    first = page.locator("#main-content > *").first
    expect(first.locator(".govuk-error-summary")).to_have_count(1)
    expect(summary).to_be_focused()
    heading_box = page.get_by_role("heading", level=1).bounding_box()
    assert summary.bounding_box()["y"] < heading_box["y"]
    screenshot(page, "form-with-errors")

    for message, field_id in [
        ("Enter a title", "id_title"),
        ("Choose at least one target group", "id_groups_0"),
        ("Enter the start date", "id_start_date_day"),
        ("Enter an email address like name@example.org", "id_contact_email"),
    ]:
        summary.get_by_role("link", name=message).click()
        expect(page.locator(f"#{field_id}")).to_be_focused()
    assert Activity.objects.count() == 0
