"""Easy Read for "You said, we did" in a real browser: found from the standard page, a picture beside each idea,
large type, and axe passes on the page residents read and the form partners use."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from engaging.loop.models import Response
from engaging.plain.checker import syllables
from engaging.plain.models import EasyRead, GlossaryTerm
from engaging.plain.seeding import seed_glossary
from engaging.register.models import Status
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory, ResponseFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]


@pytest.fixture
def survey(transactional_db, world):
    """A finished council survey with what people said and what was done; the glossary as the hub starts with."""
    seed_glossary(GlossaryTerm, GlossaryTerm.history.model)
    syllables("reading")  # load the pronunciation dictionary before the first page, as the hub does
    closed = date.today() - timedelta(days=60)
    activity = ActivityFactory(
        title="Young carers' wellbeing survey",
        lead_organisation=world.council,
        start_date=closed - timedelta(days=30),
        end_date=closed,
        status=Status.CLOSED,
        closed_on=closed,
    )
    late = FindingFactory(activity=activity, statement="Young carers miss school. The bus is late.")
    unknown = FindingFactory(activity=activity, statement="Stakeholders at school did not know who the carers were.")
    FindingFactory(activity=activity, statement="A carer named a teacher, Mrs Secret.", is_public=False)
    activity.bus = ResponseFactory(
        action="The council now runs an earlier school bus.",
        outcome="Young carers get to school on time.",
        organisation=world.council,
        status=Response.Status.DONE,
        findings=[late],
    )
    ResponseFactory(
        action="A carers' card for every school.",
        reason="Schools set their own rules.",
        organisation=world.healthwatch,
        status=Response.Status.NOT_POSSIBLE,
        findings=[unknown],
    )
    return activity


def assert_pictures_beside_ideas(page, width: int) -> None:
    """Each idea keeps a picture's place beside its words; a line whose words match no picture's keywords leaves
    the place empty rather than showing a stock picture, so the words of every idea still line up."""
    ideas = page.locator(".et-easy-read__idea").all()
    assert ideas, "the page shows ideas"
    pictured = 0
    for idea in ideas:
        place = idea.locator("svg, .et-easy-read__picture").first.bounding_box()
        words = idea.locator("p").bounding_box()
        assert place["width"] >= 48, "each idea has room for a picture big enough to see"
        assert place["x"] + place["width"] <= words["x"], "the picture sits beside its idea"
        assert words["x"] + words["width"] <= width
        pictured += idea.locator("svg").count()
    assert pictured, "ideas whose words match a picture's keywords show it"
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_resident_follows_the_easy_read_link_and_a_partner_changes_a_response(new_page, world, survey):
    reader = new_page()
    audit = Audit(reader)
    audit.visit("You said, we did for an activity", f"/you-said-we-did/activities/{survey.pk}/")
    with reader.expect_navigation():
        reader.get_by_role("link", name="Easy Read version", exact=True).click()
    expect(reader).to_have_url(re.compile(rf"/you-said-we-did/activities/{survey.pk}/easy-read/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Young carers' wellbeing survey")
    ideas = reader.locator(".et-easy-read__text")
    # It starts with when people were asked (the heading names the activity), and each response with how far
    # it has got: no stock lines.
    expect(ideas.first).to_have_text(re.compile(r"^We asked people what they think from \d+ \w+ \d{4} to "))
    expect(ideas.filter(has_text="People with an interest at school")).to_have_count(1)
    expect(ideas.filter(has_text=re.compile(r"^We did this\."))).to_have_count(1)
    expect(ideas.filter(has_text="We cannot do this.")).to_have_count(1)
    expect(ideas.filter(has_text=re.compile(r"Here is (what|something) we"))).to_have_count(0)
    expect(reader.get_by_text("Mrs Secret")).to_have_count(0)
    assert_pictures_beside_ideas(reader, 1280)
    font_size = ideas.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font_size >= 24, "Easy Read is in large type"
    audit.check("You said, we did in Easy Read", shows=".et-easy-read__idea svg")
    screenshot(reader, "yswd-easy-read")

    narrow = new_page(viewport={"width": 320, "height": 800})
    audit.page = narrow
    audit.visit("You said, we did in Easy Read at 320px", f"/you-said-we-did/activities/{survey.pk}/easy-read/")
    assert_pictures_beside_ideas(narrow, 320)
    screenshot(narrow, "yswd-easy-read-320")

    partner = new_page(user=world.officer_council)
    audit.page = partner
    audit.visit("a response with its Easy Read panel", f"/feedback-loop/responses/{survey.bus.pk}/")
    with partner.expect_navigation():
        partner.get_by_role("link", name="Write an Easy Read version").click()
    audit.check("Easy Read form for a response, drafted")
    screenshot(partner, "yswd-easy-read-form")
    expect(partner.get_by_label("Idea 1", exact=True)).to_have_value("The council now runs an earlier school bus.")
    partner.get_by_label("Idea 2", exact=True).fill("word " * 25)
    audit.submit("Easy Read form for a response, an idea too long", "Save Easy Read version", errors=True)
    partner.get_by_label("Idea 2", exact=True).fill("You get to school on time now.")
    partner.get_by_label("Picture for idea 2", exact=True).select_option("children")
    with partner.expect_navigation():
        partner.get_by_role("button", name="Save Easy Read version").click()
    expect(partner).to_have_url(re.compile(rf"/easy-read/#response-{survey.bus.pk}$"))
    expect(partner.locator(f"#response-{survey.bus.pk} .et-easy-read__text")).to_have_text(
        [re.compile(r"^We did this\."), "The council now runs an earlier school bus.", "You get to school on time now."]
    )
    audit.check("You said, we did in Easy Read, after saving", shows=".govuk-notification-banner--success")
    assert EasyRead.objects.get().ideas[1] == {"text": "You get to school on time now.", "picture": "children"}
    audit.assert_clean()
