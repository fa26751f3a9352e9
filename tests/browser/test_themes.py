"""Coding comments in a real browser: the keyboard alone confirms a comment, and the pages pass axe."""

import pytest

from engaging.themes import services
from engaging.themes.models import Comment
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.factories import ActivityFactory
from tests.themes.conftest import coded_for

pytestmark = [pytest.mark.browser, skip_without_chromium]


@pytest.fixture
def comments(world):
    from engaging.themes import frameworks, training

    framework = frameworks.get_framework("nhs-patient-experience")
    training.train(framework=framework, coded=coded_for(framework), source="made-up", evaluate=False)
    activity = ActivityFactory(lead_organisation=world.council)
    for text in ("the ambulance driver took me home", "I waited three hours", "the crew were rude to me"):
        Comment.objects.create(framework=framework, text=text, source="feedback", activity=activity)
    services.classify_comments(framework=framework)
    return framework


def test_an_officer_codes_a_comment_with_the_keyboard(new_page, world, comments):
    audit = Audit(new_page(user=world.officer_council))
    page = audit.page
    audit.visit("themes", "/themes/")
    page.get_by_role("link", name="Code comments").click()
    page.wait_for_load_state()
    audit.check("code a comment")
    screenshot(page, "themes-code")
    assert "3 comments to confirm" in page.locator(".govuk-caption-l").inner_text()
    first = page.locator("#comment-text").inner_text()
    # Untick nothing, tick a theme with the keyboard, then Enter confirms.
    page.get_by_label("Feeling safe").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Confirm and show the next").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "2 comments to confirm" in page.locator(".govuk-caption-l").inner_text()
    confirmed = Comment.objects.get(text=first)
    assert confirmed.confirmed and "Feeling safe" in set(confirmed.themes.values_list("name", flat=True))
    audit.check("the next comment")
    audit.visit("a theme", f"/themes/{confirmed.themes.first().pk}/")
    audit.assert_clean()
