"""Plain language in a real browser: the glossary pages pass axe, and hints follow an author's typing."""

import re

import pytest
from playwright.sync_api import expect

from engaging.plain.checker import syllables
from engaging.plain.models import GlossaryTerm
from engaging.plain.seeding import seed_glossary
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit

pytestmark = [pytest.mark.browser, skip_without_chromium]

JARGON = "Going forward, stakeholders in the locality will co-produce a new pathway with the ICB."


@pytest.fixture
def glossary(transactional_db):
    """The live server's tests empty the database between tests, so the starting glossary is put back.

    The checker's pronunciation dictionary is loaded first, as the hub does when it starts,
    so that a busy machine does not make the first page time out.
    """
    seed_glossary(GlossaryTerm, GlossaryTerm.history.model)
    syllables("reading")


def test_the_glossary_pages_pass_axe(new_page, world, glossary):
    audit = Audit(new_page())
    audit.visit("words we use", "/words-we-use/")
    audit.page.get_by_role("navigation", name="Jump to a letter").get_by_role("link", name="J", exact=True).click()
    expect(audit.page).to_have_url(re.compile(r"#letter-j$"))
    expect(audit.page.get_by_role("heading", name="J", exact=True)).to_be_visible()

    audit.page = new_page(user=world.coordinator)
    audit.visit("words we use, as a coordinator", "/words-we-use/")
    audit.visit("manage the glossary", "/words-we-use/manage/")
    audit.visit("manage the glossary, found", "/words-we-use/manage/?q=care")
    audit.visit("manage the glossary, nothing found", "/words-we-use/manage/?q=zzzz")
    audit.visit("add a term", "/words-we-use/manage/new/")
    audit.submit("add a term, nothing entered", "Save", errors=True)
    audit.submit(
        "add a term, acronym in lower case",
        "Save",
        fill={"Word, phrase or acronym": "snoc", "Plain alternative": "the carers' network"},
        errors=True,
    )
    synergy = GlossaryTerm.objects.get(term="synergy")
    audit.visit("edit a term", f"/words-we-use/manage/{synergy.pk}/")
    audit.visit("manage the glossary", "/words-we-use/manage/")
    with audit.page.expect_navigation():
        audit.page.get_by_role("button", name="Archive synergy").click()
    audit.check("term archived", shows=".govuk-notification-banner--success")
    audit.visit("archived terms", "/words-we-use/manage/?archived=1")
    audit.assert_clean()


def test_an_error_summary_link_takes_the_coordinator_to_the_field(new_page, world, glossary):
    page = new_page(user=world.coordinator)
    page.goto("/words-we-use/manage/new/")
    page.get_by_label("Word, phrase or acronym").fill("Stakeholder")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a term"))
    page.locator(".govuk-error-summary").get_by_role("link", name="“stakeholder” is already in the glossary").click()
    expect(page.get_by_label("Word, phrase or acronym")).to_be_focused()
    assert GlossaryTerm.objects.filter(term__iexact="stakeholder").count() == 1


def test_hints_follow_the_author_as_they_type_the_summary(new_page, world, glossary):
    page = new_page(user=world.officer_council)
    page.goto("/register/new/")
    hints = page.locator("#plain-hints-id_summary")
    details = page.locator("#plain-details-id_summary")
    expect(hints).to_have_attribute("aria-live", "polite")
    expect(hints).to_contain_text("hints about plain English will appear here")
    page.evaluate("window.sameDocument = true")

    page.get_by_label("Plain summary").press_sequentially(JARGON, delay=5)

    # A sentence has no reading age: it is judged by its words (jargon, the acronym) and its length.
    expect(hints).to_contain_text("things to fix before this is published")
    expect(hints).not_to_contain_text("Reading age")
    expect(details.locator("mark", has_text="stakeholders")).to_contain_text("people with an interest")
    expect(details).to_contain_text("ICB")
    assert page.evaluate("window.sameDocument") is True
    screenshot(page, "plain-hints")

    page.get_by_label("Plain summary").fill("Come and tell us what you think. We will listen to you.")
    page.get_by_label("Plain summary").press("End")
    page.get_by_label("Plain summary").press_sequentially(" Thank you.", delay=5)
    expect(hints).to_contain_text("This is plain: there is nothing to fix.")
    expect(details.locator("mark")).to_have_count(0)

    audit = Audit(page)
    page.get_by_label("Plain summary").fill(JARGON)
    page.get_by_label("Plain summary").press_sequentially(" Thanks.", delay=5)
    expect(details.locator("mark").first).to_be_visible()
    audit.check("activity form with plain-English hints", shows="#plain-details-id_summary mark")
    audit.assert_clean()


def test_without_javascript_the_hints_appear_when_the_form_comes_back(new_page, world, glossary):
    page = new_page(user=world.officer_council, java_script_enabled=False)
    page.goto("/register/new/")
    page.get_by_label("Plain summary").fill(JARGON)
    # Only text shown to the public has to meet the target.
    page.get_by_role("group", name="Show this activity on the public pages?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save activity").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    details = page.locator("#plain-details-id_summary")
    expect(details.locator("mark", has_text="stakeholders")).to_be_visible()
    expect(page.locator("#plain-hints-id_summary")).to_contain_text("things to fix before this is published")
    # The error names its field, and "Publish anyway" sits under the field it excuses.
    expect(
        page.locator(".govuk-error-summary").get_by_role("link", name=re.compile(r"^Plain summary: "))
    ).to_be_visible()
    anyway = page.locator("#publish-anyway-id_summary")
    expect(anyway.get_by_label("Publish “Plain summary” anyway")).to_be_visible()
    field_box = page.get_by_label("Plain summary", exact=True).bounding_box()
    anyway_box = anyway.bounding_box()
    assert 0 < anyway_box["y"] - (field_box["y"] + field_box["height"]) < 1200, "the choice is just under the field"


def test_easy_read_pages_pass_axe_and_keep_each_picture_beside_its_idea(new_page, world, glossary):
    from engaging.plain.models import EasyRead
    from tests.factories import ActivityFactory

    activity = ActivityFactory(
        title="Carers' café conversations",
        lead_organisation=world.council,
        summary=JARGON,
        how_to_take_part="Email us to book a place. Tea and cake are free.",
    )
    page = new_page(user=world.officer_council)
    audit = Audit(page)
    audit.visit("Easy Read form, drafted", f"/words-we-use/easy-read/activities/{activity.pk}/edit/")
    expect(page.get_by_label("Idea 1", exact=True)).to_have_value(
        "From now on, people with an interest in the area will make together a new route with the local NHS."
    )
    page.get_by_label("Idea 2", exact=True).fill("word " * 25)
    audit.submit("Easy Read form, an idea too long", "Save Easy Read version", errors=True)
    page.get_by_label("Idea 2", exact=True).fill("It is on a weekday.")
    page.get_by_label("Picture for idea 2", exact=True).select_option("calendar")
    with page.expect_navigation():
        page.get_by_role("button", name="Save Easy Read version").click()
    audit.check("Easy Read page", shows=".et-easy-read__idea")
    assert EasyRead.objects.get().ideas[1] == {"text": "It is on a weekday.", "picture": "calendar"}

    reader = new_page(viewport={"width": 320, "height": 800})
    audit.page = reader
    audit.visit("Easy Read page at 320px, signed out", f"/words-we-use/easy-read/activities/{activity.pk}/")
    for idea in reader.locator(".et-easy-read__idea").all():
        picture = idea.locator("svg").bounding_box()
        words = idea.locator("p").bounding_box()
        assert picture["x"] + picture["width"] <= words["x"], "the picture sits beside its idea"
        assert words["x"] + words["width"] <= 320
    assert reader.evaluate("document.documentElement.scrollWidth") <= 320
    font_size = reader.locator(".et-easy-read__text").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font_size >= 22
    screenshot(reader, "easy-read-320")
    audit.assert_clean()
