"""Publishing a response that is hard to read, in a real browser: live hints, then “Publish anyway” with a reason."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from engaging.loop.models import Response
from engaging.plain.checker import syllables
from engaging.plain.models import GlossaryTerm, PublishAnyway
from engaging.plain.seeding import seed_glossary
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.loop.factories import FindingFactory, finished_activity

pytestmark = [pytest.mark.browser, skip_without_chromium]

JARGON = "Going forward, stakeholders in the locality will co-produce a new pathway with the ICB."
REASON = "These are the words of the board's decision, which we have to quote."


@pytest.fixture
def survey(transactional_db, world):
    """A finished public activity with something people said, and the starting glossary.

    The live server's tests empty the database between tests, so the glossary is put back, and the
    checker's pronunciation dictionary is loaded first so that a busy machine does not time out.
    """
    seed_glossary(GlossaryTerm, GlossaryTerm.history.model)
    syllables("reading")
    activity = finished_activity(
        closed_on=date.today() - timedelta(days=20),
        title="Young carers' wellbeing survey",
        lead_organisation=world.council,
        areas=[world.locality],
    )
    FindingFactory(activity=activity, statement="Young carers said they miss lessons when the bus is late.")
    return activity


def test_an_officer_sees_hints_then_publishes_a_hard_response_anyway_with_a_reason(new_page, world, survey):
    page = new_page(user=world.officer_council)
    audit = Audit(page)
    page.goto(f"/feedback-loop/activities/{survey.pk}/responses/new/")
    page.get_by_label("Young carers said they miss lessons when the bus is late.", exact=False).check()
    page.get_by_role("group", name="Status").get_by_label("Planned").check()
    expect(page.locator("#publish-anyway-id_action")).to_have_count(0)

    page.evaluate("window.sameDocument = true")
    page.get_by_label("What was decided or done").press_sequentially(JARGON, delay=5)
    hints = page.locator("#plain-hints-id_action")
    details = page.locator("#plain-details-id_action")
    # the machine may be busy
    expect(hints).to_contain_text("things to fix before this is published", timeout=15_000)
    expect(details.locator("mark", has_text="stakeholders")).to_contain_text("people with an interest")
    assert page.evaluate("window.sameDocument") is True  # the hints came without leaving the page

    with page.expect_navigation():
        page.get_by_role("button", name="Save response").click()
    expect(page).to_have_title(re.compile(r"^Error: Record a response"))
    summary = page.locator(".govuk-error-summary")
    # The error names its field and what to fix, worst first, and leads to the field.
    error = summary.get_by_role("link", name=re.compile(r"^What was decided or done: “Going forward” is jargon"))
    expect(error).to_have_attribute("href", "#id_action")
    # The choice sits under the field it excuses.
    choice = page.locator("#publish-anyway-id_action")
    expect(page.locator("[data-plain-for=id_action]").locator("#publish-anyway-id_action")).to_have_count(1)
    expect(choice.get_by_label("Publish “What was decided or done” anyway")).to_be_visible()
    expect(page.get_by_label("What was decided or done", exact=True)).to_have_value(JARGON)
    assert Response.objects.count() == 0
    audit.check("record a response, publish anyway offered", shows="#publish-anyway-id_action", errors=True)
    screenshot(page, "publish-anyway-offered")

    choice.get_by_label("Publish “What was decided or done” anyway").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save response").click()
    expect(summary).to_contain_text("What was decided or done: say why it should be published as it is")
    assert Response.objects.count() == 0
    audit.check("record a response, publish anyway without a reason", shows="#publish-anyway-id_action", errors=True)

    page.get_by_label("Why should “What was decided or done” be published as it is?").fill(REASON)
    with page.expect_navigation():
        page.get_by_role("button", name="Save response").click()
    expect(page).to_have_url(re.compile(r"/feedback-loop/responses/\d+/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The response has been recorded")
    response = Response.objects.get()
    assert response.action == JARGON
    record = PublishAnyway.objects.get()
    assert (record.subject, record.field, record.reason, record.recorded_by) == (
        response,
        "action",
        REASON,
        world.officer_council,
    )

    records = page.get_by_role("region", name="Text published although it missed the plain-English target")
    expect(records).to_contain_text("What was decided or done")
    expect(records).to_contain_text(record.problems)  # what it missed; a sentence has no reading age
    assert record.reading_age is None and "“Going forward” is jargon" in record.problems
    expect(records).to_contain_text(REASON)
    expect(records).to_contain_text("officer-council")
    audit.check("response page with a publish-anyway record", shows="#publish-anyway-records-heading")
    screenshot(page, "publish-anyway-recorded")
    audit.assert_clean()
