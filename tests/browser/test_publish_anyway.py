"""Publishing hard-to-read words in a real browser: the hints mark the jargon as it is typed, and a
coordinator publishes the Local Account anyway, with a reason. Every page on the way passes axe."""

import re

import pytest
from playwright.sync_api import expect

from engaging.plain.models import PublishAnyway
from engaging.plain.publishing import records_for
from engaging.reports.models import LocalAccount
from engaging.voice.models import Story
from tests.browser import test_plain as plain_fixtures
from tests.browser.conftest import fill_and_let_hints_settle, screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.reports import conftest as reports_fixtures
from tests.reports.conftest import YEAR

pytestmark = [pytest.mark.browser, skip_without_chromium]

# The glossary (put back for the live server) and a written, unpublished Local Account.
glossary, account = plain_fixtures.glossary, reports_fixtures.account

JARGON = (
    "Going forward, stakeholders in the locality will co-produce a transformational, holistic pathway "
    "with the integrated care board, maximising synergies across organisational boundaries."
)
REASON = "The board agreed these words with its partners."


def test_a_coordinator_sees_the_jargon_marked_and_publishes_the_local_account_anyway(
    new_page, world, glossary, account
):
    page = new_page(user=world.coordinator)
    audit = Audit(page)
    audit.visit("write the words", f"/local-account/manage/{account.pk}/words/")

    section = page.get_by_label("What we learned")
    section.fill("")
    section.press_sequentially(JARGON, delay=5)
    hints = page.locator("#plain-hints-id_what_we_learned")
    details = page.locator("#plain-details-id_what_we_learned")
    expect(hints).to_contain_text("things to fix before this is published")
    expect(details.locator("mark", has_text="stakeholders")).to_contain_text("people with an interest")
    expect(details.locator("mark", has_text="holistic")).to_be_visible()
    audit.check("write the words, jargon marked", shows="#plain-details-id_what_we_learned mark")
    screenshot(page, "local-account-words-hints")

    audit.submit("the Local Account, a section too hard to read", "Save the words")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Local Account {YEAR}")
    expect(page.get_by_text("Some sections miss the plain-English target")).to_be_visible()

    audit.submit("publish, asked why", "Publish", shows="#publish-anyway")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the Local Account")
    # The section is named with what to fix in it, worst first; a short text has no reading age.
    expect(page.locator("#publish-anyway li")).to_have_text(re.compile(r"^What we learned: “Going forward” is jargon"))
    expect(page.locator("#publish-anyway")).not_to_contain_text("reading age")
    assert not LocalAccount.objects.get(pk=account.pk).is_published

    audit.submit("publish, not chosen", "Publish", errors=True)
    expect(page).to_have_title(re.compile(r"^Error: Publish Local Account"))
    assert not LocalAccount.objects.get(pk=account.pk).is_published and not PublishAnyway.objects.exists()

    page.get_by_label("Publish anyway").check()
    page.get_by_label("Why should this be published as it is?").fill(REASON)
    audit.submit("the Local Account, published anyway", "Publish", shows="#publish-anyway-records")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published for everyone to read")
    records = page.get_by_role("region", name="Published although they missed the plain-English target")
    expect(records).to_contain_text("What we learned")
    expect(records).to_contain_text("“Going forward” is jargon")
    expect(records).to_contain_text(REASON)
    screenshot(page, "local-account-published-anyway")

    account.refresh_from_db()
    assert account.is_published and account.what_we_learned == JARGON
    ((record),) = records_for(account)
    assert (record.field, record.reason, record.recorded_by) == ("what_we_learned", REASON, world.coordinator)
    audit.assert_clean()


def test_the_changed_story_and_local_account_forms_pass_axe_when_they_ask_why(new_page, world, glossary, account):
    audit = Audit(new_page(user=world.officer_council))
    page = audit.page
    audit.visit("record a story", "/stories/new/")
    page.get_by_label("A short title").fill(
        "Unacceptable administrative complications regarding reimbursement eligibility "
        "determinations within organisational commissioning infrastructure arrangements"
    )
    fill_and_let_hints_settle(page, "The story, as it was told", JARGON)
    expect(page.locator("#plain-details-id_text mark", has_text="stakeholders")).to_be_visible()
    page.get_by_role("group", name="How the teller wants to be named").get_by_label("Anonymous").check()
    page.get_by_label("Who gave consent").fill("The teller")
    page.get_by_label("Date consent was given").fill("2025-03-12")
    page.get_by_role("group", name="Who may hear the story").get_by_label("The public").check()
    audit.submit("record a story, too hard to read", "Save the story", errors=True, shows="#publish-anyway-id_text")
    expect(page.locator("#plain-details-id_text mark", has_text="stakeholders")).to_be_visible()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=re.compile(r"^The story, as it was told: "))).to_contain_text(
        "Keep the teller's words as they said them"
    )
    expect(summary.get_by_role("link", name=re.compile(r"^A short title: "))).to_be_visible()
    assert not Story.everything.exists()

    # Each field that missed the target has its own choice and reason, under it.
    for label, reason in (("A short title", "The teller chose it."), ("The story, as it was told", "Their words.")):
        page.get_by_label(f"Publish “{label}” anyway").check()
        page.get_by_label(f"Why should “{label}” be published as it is?").fill(reason)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Unacceptable administrative complications regarding reimbursement eligibility "
        "determinations within organisational commissioning infrastructure arrangements"
    )
    assert {record.field for record in records_for(Story.objects.get())} == {"title", "text"}

    LocalAccount.objects.filter(pk=account.pk).update(is_published=True)
    audit.page = page = new_page(user=world.coordinator)
    audit.visit("write the words of a published account", f"/local-account/manage/{account.pk}/words/")
    page.get_by_label("What comes next").fill(JARGON)
    audit.submit("published words, too hard", "Save the words", errors=True, shows="#publish-anyway-id_what_comes_next")
    assert not PublishAnyway.objects.filter(field="what_comes_next").exists()
    audit.assert_clean()
