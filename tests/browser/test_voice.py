"""Community voice in a real browser: every story page passes axe, and consent withdrawn is gone at once."""

import pytest
from playwright.sync_api import expect

from engaging.voice import services
from engaging.voice.models import Consent, Story
from tests.browser.conftest import fill_and_let_hints_settle, screenshot, skip_without_chromium
from tests.browser.test_accessibility import WIDEST_ELEMENTS, Audit
from tests.voice import conftest as voice_fixtures
from tests.voice.conftest import make_story

pytestmark = [pytest.mark.browser, skip_without_chromium]

# The community voice tests' fixtures: a board, one of its meetings, a theme.
board, meeting, theme = voice_fixtures.board, voice_fixtures.meeting, voice_fixtures.theme


@pytest.fixture
def stories(world, meeting, theme):
    public = make_story(
        world.coordinator,
        title="The last bus home",
        text="My clinic runs late.\nThe last bus leaves at ten to six.",
        scope=Consent.Scope.PUBLIC,
        naming=Story.Naming.DESCRIPTION,
        told_by="An older man from Sedgley",
        meeting=meeting,
        themes=[theme],
        groups=[world.older_people],
    )
    make_story(world.officer_council, title="Nobody asked me", naming=Story.Naming.ANONYMOUS, told_by="")
    gone = make_story(world.coordinator, title="Taken back", text="Withdrawn words.")
    services.withdraw_consent(story=gone, user=world.coordinator)
    return public


def test_every_story_page_passes_axe(new_page, world, stories, meeting):
    audit = Audit(new_page(user=world.coordinator))
    audit.visit("stories list (with withdrawn titles)", "/stories/")
    screenshot(audit.page, "voice-stories")
    audit.visit("stories list, filter error", "/stories/?theme=999999", errors=True)
    audit.visit("story page", f"/stories/{stories.pk}/")
    screenshot(audit.page, "voice-story")
    audit.visit("record a story", "/stories/new/")
    audit.submit("record a story, nothing entered", "Save the story", errors=True)
    screenshot(audit.page, "voice-story-errors")
    audit.visit("edit a story", f"/stories/{stories.pk}/edit/")
    audit.submit("edit a story, errors", "Save the story", fill={"A short title": ""}, errors=True)
    audit.visit("withdraw consent", f"/stories/{stories.pk}/withdraw-consent/")
    screenshot(audit.page, "voice-withdraw")
    audit.visit("meeting page with its stories", meeting.get_absolute_url())

    audit.page = new_page(user=world.board_member)
    audit.visit("stories list, board member", "/stories/")
    audit.page = new_page()
    audit.visit("public stories", "/stories/public/")
    screenshot(audit.page, "voice-public")
    audit.assert_clean()


def test_an_officer_records_a_story_and_withdraws_consent_and_it_is_gone(new_page, world, meeting, theme):
    page = new_page(user=world.officer_council)
    page.goto("/stories/")
    page.get_by_role("link", name="Record a story").click()
    page.get_by_label("A short title").fill("Signing at the GP")
    told = "I am Deaf.\nBooking an interpreter means a phone call."
    fill_and_let_hints_settle(page, "The story, as it was told", told)
    page.get_by_role("group", name="How the teller wants to be named").get_by_label("Their first name only").check()
    page.get_by_label("The name or description to show").fill("Jordan")
    page.get_by_label("Who gave consent").fill("Jordan")
    page.get_by_label("Date consent was given").fill("2025-03-12")
    page.get_by_role("group", name="Who may hear the story").get_by_label("The public").check()
    page.get_by_label("The board meeting it was heard at").select_option(str(meeting.pk))
    page.get_by_role("group", name="Themes").get_by_label(theme.name).check()
    page.get_by_role("button", name="Save the story").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Signing at the GP")
    expect(page.locator(".et-story-text")).to_contain_text("Booking an interpreter means a phone call.")
    story = Story.objects.get(title="Signing at the GP")
    assert story.recorded_by == world.officer_council and story.consent.scope == "public"

    # A public story waits for a coordinator before residents can read it.
    expect(page.locator(".govuk-inset-text", has_text="waiting for a coordinator")).to_be_visible()
    resident = new_page()
    resident.goto("/stories/public/")
    expect(resident.get_by_text("Booking an interpreter")).to_have_count(0)

    coordinator = new_page(user=world.coordinator)
    coordinator.goto("/stories/")
    coordinator.get_by_role("link", name="1 story waiting for your approval").click()
    coordinator.get_by_role("link", name="Read and decide on “Signing at the GP”").click()
    coordinator.get_by_label("Approve it: the public can read it now").check()
    coordinator.get_by_role("button", name="Save decision").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text("“Signing at the GP” is approved")

    resident.reload()
    expect(resident.get_by_text("Booking an interpreter means a phone call.")).to_be_visible()

    page.get_by_role("link", name="Withdraw consent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw consent for “Signing at the GP”")
    page.get_by_label("Note (optional)").fill("Jordan emailed us.")
    page.get_by_role("button", name="Withdraw consent").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The story's words and the teller's details are erased everywhere"
    )
    expect(page.get_by_text("Booking an interpreter")).to_have_count(0)

    resident.reload()
    expect(resident.get_by_text("Booking an interpreter")).to_have_count(0)
    response = page.goto(f"/stories/{story.pk}/")
    assert response.status == 404
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_text("Booking an interpreter")).to_have_count(0)


def test_story_pages_reflow_at_320_css_pixels(new_page, world, stories):
    wide = {}
    for label, user, path in [
        ("stories list", world.coordinator, "/stories/"),
        ("story form", world.coordinator, "/stories/new/"),
        ("public stories", None, "/stories/public/"),
    ]:
        page = new_page(user=user, viewport={"width": 320, "height": 640})
        page.goto(path)
        if page.evaluate("document.documentElement.scrollWidth") > 321:
            wide[label] = ", ".join(page.evaluate(WIDEST_ELEMENTS))
    assert not wide, wide
