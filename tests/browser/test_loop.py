"""You said, we did, end to end in a real browser, and every feedback-loop page checked with axe."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from engaging.loop.models import LoopClosure, Response
from engaging.register.models import Status
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import WIDEST_ELEMENTS, Audit
from tests.factories import ActivityFactory
from tests.loop.factories import FindingFactory, LoopClosureFactory, ResponseFactory, finished_activity

pytestmark = [pytest.mark.browser, skip_without_chromium]

TODAY = date.today()


@pytest.fixture
def survey(world):
    """A finished, public council activity with what people said, closed 100 days ago and never told."""
    activity = finished_activity(
        closed_on=TODAY - timedelta(days=100),
        title="Young carers' wellbeing survey",
        lead_organisation=world.council,
        summary="We asked young carers what would make school easier.",
        areas=[world.locality],
        priorities=[world.priority],
    )
    FindingFactory(activity=activity, statement="Young carers said they miss lessons when the bus is late.")
    FindingFactory(activity=activity, statement="Several said nobody at school knew they were carers.")
    return activity


def test_an_officer_records_a_response_and_how_people_were_told_and_residents_see_it(new_page, world, survey):
    page = new_page(user=world.officer_council)
    page.goto(f"/register/{survey.pk}/")
    expect(page.locator("#loop-told-heading")).to_have_text("Telling people what happened")
    expect(page.get_by_text("16 days overdue")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Record a response")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a response")
    page.get_by_label("Young carers said they miss lessons when the bus is late.", exact=False).check()
    page.get_by_label("What was decided or done").fill("The council will fund an earlier school bus on the 246 route.")
    page.get_by_role("group", name="Status").get_by_label("Planned").check()
    page.get_by_label("Decided on (optional)").fill((TODAY - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Save response").click()
    expect(page).to_have_url(re.compile(r"/feedback-loop/responses/\d+/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The response has been recorded")
    response = Response.objects.get()
    assert response.organisation == world.council and response.created_by == world.officer_council

    page.goto(f"/register/{survey.pk}/")
    page.get_by_role("link", name=re.compile("^Record how people were told")).click()
    page.get_by_role("group", name="How were people told?").get_by_label("Letter", exact=True).check()
    page.get_by_label("Date people were told").fill(TODAY.isoformat())
    page.get_by_label("What people were told").fill(
        "We wrote to every young carer who took part. We told them about the new bus."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/register/{survey.pk}/$"))
    expect(page.get_by_text("Told late")).to_be_visible()
    assert LoopClosure.objects.get().channel == "letter"

    resident = new_page()
    resident.goto("/you-said-we-did/")
    entry = resident.locator(f"#response-{response.pk}")
    expect(entry).to_contain_text("The council will fund an earlier school bus")
    expect(entry).to_contain_text("Planned")
    entry.get_by_role("link", name="Young carers' wellbeing survey", exact=True).click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Young carers' wellbeing survey")
    expect(resident.get_by_text("We asked young carers what would make school easier.")).to_be_visible()
    expect(resident.get_by_text("Young carers said they miss lessons when the bus is late.")).to_be_visible()
    expect(
        resident.get_by_text("We wrote to every young carer who took part. We told them about the new bus.")
    ).to_be_visible()
    expect(resident.locator("body")).not_to_contain_text("sam.officer@example.org")
    screenshot(resident, "yswd-activity")


@pytest.fixture
def loop_site(world, survey):
    """Enough records for every feedback-loop page to show what it can show."""
    other = ActivityFactory(
        title="Walk-in centre questionnaire",
        lead_organisation=world.healthwatch,
        start_date=TODAY - timedelta(days=70),
        end_date=TODAY - timedelta(days=60),
        status=Status.REPORTED,
        closed_on=TODAY - timedelta(days=58),
    )
    other_finding = FindingFactory(activity=other, statement="People could not get there after work.")
    response = ResponseFactory(
        organisation=world.council,
        status=Response.Status.DONE,
        completed_on=TODAY - timedelta(days=3),
        outcome="The bus now runs at 7.40am.",
        findings=[*survey.findings.all(), other_finding],
        created_by=world.officer_council,
    )
    response.outcome = "The bus now runs at 7.40am, every school day."
    response.save()
    ResponseFactory(
        organisation=world.healthwatch,
        status=Response.Status.NOT_POSSIBLE,
        reason="The centre's lease does not allow later opening.",
        findings=[other_finding],
    )
    LoopClosureFactory(activity=other, told_on=TODAY - timedelta(days=10))
    return response


def test_every_feedback_loop_page_passes_axe(new_page, world, survey, loop_site):
    audit = Audit(new_page())
    audit.visit("you said, we did", "/you-said-we-did/")
    audit.visit("you said, we did, filtered", f"/you-said-we-did/?area={world.ward.pk}&priority={world.priority.pk}")
    audit.visit("you said, we did, filter error", "/you-said-we-did/?area=nowhere", errors=True)
    audit.visit("you said, we did, an activity", f"/you-said-we-did/activities/{survey.pk}/")

    audit.page = new_page(user=world.officer_council)
    audit.visit("feedback loop", "/feedback-loop/")
    audit.visit("feedback loop, period error", "/feedback-loop/?start=2026-06-01&end=2025-01-01", errors=True)
    audit.visit("finished activities", "/feedback-loop/activities/?state=counted")
    audit.visit("activity page with the loop", f"/register/{survey.pk}/")
    audit.visit("record a response", f"/feedback-loop/activities/{survey.pk}/responses/new/")
    audit.submit("record a response, errors", "Save response", errors=True)
    audit.visit("response page", f"/feedback-loop/responses/{loop_site.pk}/")
    audit.visit("change a response", f"/feedback-loop/responses/{loop_site.pk}/edit/")
    audit.visit("archive a response", f"/feedback-loop/responses/{loop_site.pk}/archive/")
    audit.visit("record how people were told", f"/feedback-loop/activities/{survey.pk}/told/new/")
    audit.submit("record how people were told, errors", "Save", errors=True)

    audit.page = new_page(user=world.coordinator)
    audit.visit("feedback loop, coordinator", f"/feedback-loop/?organisation={world.council.pk}")
    audit.assert_clean()


def test_the_new_pages_reflow_at_320_css_pixels(new_page, world, survey, loop_site):
    """WCAG 1.4.10: tables scroll inside their own region; the page itself never scrolls sideways."""
    wide = {}
    for label, user, path in [
        ("you said, we did", None, "/you-said-we-did/"),
        ("you said, we did, an activity", None, f"/you-said-we-did/activities/{survey.pk}/"),
        ("feedback loop", world.coordinator, "/feedback-loop/"),
        ("finished activities", world.coordinator, "/feedback-loop/activities/"),
        ("response page", world.coordinator, f"/feedback-loop/responses/{loop_site.pk}/"),
    ]:
        page = new_page(user=user, viewport={"width": 320, "height": 640})
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 321:
            wide[label] = f"scrollWidth {width}px: {', '.join(page.evaluate(WIDEST_ELEMENTS))}"
    assert not wide, "Pages scroll sideways at 320px:\n" + "\n".join(f"  {k}: {v}" for k, v in wide.items())
