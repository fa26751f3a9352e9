"""The coordinators' “Public texts” page in a browser: axe finds nothing, filters work, titles lead to the editor."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from engaging.plain.checker import syllables
from engaging.plain.models import GlossaryTerm, PublicTextScore, PublishAnyway
from engaging.plain.publishing import digest
from engaging.plain.seeding import seed_glossary
from engaging.register.models import Activity
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]

JARGON = "Going forward, stakeholders in the locality will co-produce a new pathway with the ICB."
HARD = (
    "Notwithstanding the aforementioned considerations, the commissioning organisations' "
    "comprehensive reconfiguration of intermediate rehabilitation provision necessitates "
    "substantial collaborative deliberation among representatives."
)


@pytest.fixture
def texts(transactional_db, world):
    """Three public activities, scored as they are saved (the live server's database commits at once)."""
    seed_glossary(GlossaryTerm, GlossaryTerm.history.model)
    syllables("reading")  # load the checker's dictionary now, not during the first page
    notice = ActivityFactory(title="Statutory notice", summary=HARD, lead_organisation=world.council)
    ActivityFactory(title="Pathway review", summary=JARGON, lead_organisation=world.council)
    ActivityFactory(title="Bus survey", summary="Tell us what you think of the bus.", lead_organisation=world.council)
    PublishAnyway.objects.create(
        content_type=ContentType.objects.get_for_model(Activity),
        object_id=notice.pk,
        field="summary",
        reason="It quotes the legal notice word for word.",
        problems="“commissioning” is jargon",  # a sentence has no reading age: what was to fix is kept
        target_reading_age=9,
        text_digest=digest(HARD),
    )
    assert PublicTextScore.objects.count() == 3
    return notice


def test_the_public_texts_page_passes_axe_and_leads_to_the_editor(new_page, world, texts):
    audit = Audit(new_page(user=world.coordinator))
    audit.visit("public texts", "/words-we-use/public-texts/")
    page = audit.page
    expect(page.locator("#public-texts-summary")).to_contain_text("2 of 3 public texts miss the plain-English target")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    # Texts that miss the target first, the one with most to fix at the top; the plain one last.
    expect(rows.first).to_contain_text("Pathway review")
    expect(rows.last).to_contain_text("Bus survey")
    notice = rows.filter(has_text="Statutory notice")
    # The text itself, and what to fix in it, worst first; a sentence is too short for a reading age.
    expect(notice).to_contain_text("Notwithstanding the aforementioned considerations")
    expect(notice.locator("li").first).to_contain_text("“commissioning” is jargon")
    expect(notice).to_contain_text("Too short for one (under 100 words)")
    expect(notice).not_to_contain_text("None")
    expect(notice).to_contain_text("Published anyway: It quotes the legal notice word for word.")
    screenshot(page, "public-texts")

    page.get_by_label("Only texts that miss the target").check()
    audit.submit("public texts, above the target", "Apply filters")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("link", name="Bus survey")).to_have_count(0)

    audit.visit("public texts, unknown kind", "/words-we-use/public-texts/?kind=nonsense", errors=True)
    page.locator(".govuk-error-summary").get_by_role("link", name="Choose a kind of text from the list").click()
    expect(page.get_by_label("Kind of text")).to_be_focused()

    audit.visit("public texts, page past the end", "/words-we-use/public-texts/?page=99999")
    page.get_by_role("link", name="Statutory notice", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/register/{texts.pk}/edit/$"))
    audit.assert_clean()


def test_the_public_texts_page_reflows_at_320_css_pixels(new_page, world, texts):
    page = new_page(user=world.coordinator, viewport={"width": 320, "height": 640})
    page.goto("/words-we-use/public-texts/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
