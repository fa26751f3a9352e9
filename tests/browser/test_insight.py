"""The insight library in a real browser: an officer records a finding and finds it again, "before you start"
updates as an activity is planned, and every new page passes axe-core with no violations."""

from datetime import date, timedelta

import pytest

from engaging.insight.models import Finding, FindingUse
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit
from tests.factories import ActivityFactory
from tests.insight.factories import FindingFactory, ThemeFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]

PATIENCE_MS = 30_000  # the suite shares the machine with other work; waiting longer is not a timing assertion


@pytest.fixture
def patient_page(new_page):
    """Like new_page, but waits longer for pages and elements before giving up."""

    def make(**options):
        page = new_page(**options)
        page.set_default_timeout(PATIENCE_MS)
        page.set_default_navigation_timeout(PATIENCE_MS)
        return page

    return make


BAD_IMPORT = {
    "name": "findings.csv",
    "mimeType": "text/csv",
    "buffer": (
        b"statement,themes,kind,heard_on,people_count\n"
        b"Evening opening would help,Acess,summary,2025-02-30,12\n"
        b",Transport,rumour,2025-01-10,-4\n"
    ),
}


@pytest.fixture
def library(world):
    """A closed council activity with findings, a planned one to use them, and themes."""
    today = date.today()
    themes = {name: ThemeFactory(name=name) for name in ("Access to GP appointments", "Waiting times", "Transport")}
    heard = ActivityFactory(
        title="Urgent care consultation: lunchtime and evening sessions",
        lead_organisation=world.council,
        start_date=today - timedelta(days=120),
        end_date=today - timedelta(days=90),
        status="closed",
        groups=[world.older_people, world.carers],
        areas=[world.borough],
        priorities=[world.priority],
    )
    planned = ActivityFactory(
        title="GP appointments: what would help older people",
        purpose="Shapes how practices offer appointments to older patients.",
        lead_organisation=world.council,
        groups=[world.older_people],
        areas=[world.locality],
        priorities=[world.priority],
    )
    current = FindingFactory(
        activity=heard,
        statement="Older people said getting a GP appointment by phone is very hard before nine.",
        themes=[themes["Access to GP appointments"]],
        groups=[world.older_people],
        people_count=40,
        representativeness="many",
    )
    stale = FindingFactory(
        activity=heard,
        statement="People said the waiting room at the walk-in centre was crowded and noisy.",
        themes=[themes["Waiting times"]],
        heard_on=today - timedelta(days=900),
    )
    FindingFactory(activity=heard, statement="Carers asked for evening appointments.", superseded_by=current)
    FindingUse.objects.create(finding=stale, activity=planned, used_by=world.officer_council)
    stale.statement = "People said the waiting room at the walk-in centre was crowded, noisy and cold."
    stale.save()  # a change, for the history page
    return {"heard": heard, "planned": planned, "current": current, "stale": stale, "themes": themes}


def test_an_officer_records_a_finding_and_finds_it_in_the_library(patient_page, world, library):
    page = patient_page(user=world.officer_council)
    activity = library["heard"]
    page.goto(f"/register/{activity.pk}/")
    page.get_by_role("link", name="Add a finding").click()
    page.get_by_label("What people said").fill("Patients said the car park at the health centre is always full.")
    page.get_by_label("Transport").check()
    page.get_by_label("How many people said it (optional)").fill("23")
    page.get_by_role("button", name="Save finding", exact=True).click()
    page.wait_for_url(f"**/register/{activity.pk}/")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert page.get_by_text("the car park at the health centre is always full").is_visible()

    page.get_by_role("link", name="Insight", exact=True).click()
    page.get_by_label("Search for").fill("car parks")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    results = page.locator("#main-content ol li")
    assert results.count() == 1
    assert results.locator("mark").first.inner_text().lower().startswith("car")
    screenshot(page, "insight-library-search")
    results.get_by_role("link").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Finding ")
    finding = Finding.objects.get(statement__contains="car park")
    assert finding.created_by == world.officer_council and finding.people_count == 23


def test_before_you_start_follows_the_plan_as_it_is_typed(patient_page, world, library):
    page = patient_page(user=world.officer_healthwatch)
    page.goto("/register/new/")
    panel = page.locator("#before-you-start")
    assert "Enter a title" in panel.inner_text()
    page.get_by_label("Title").fill("Getting a GP appointment by phone")
    # The panel asks again once typing pauses; give a busy machine time to answer.
    panel.get_by_text("before nine", exact=False).wait_for()
    # The carers' finding shares one word of four ("appointments"), which is chance: it is not offered.
    assert "Carers asked for evening appointments" not in panel.inner_text()
    page.get_by_label("Title").fill("Evening GP appointments for carers")
    panel.get_by_text("Carers asked for evening appointments", exact=False).wait_for()
    # It has been superseded, and says so.
    superseded = panel.locator("li", has_text="Carers asked for evening appointments")
    assert "Stale: superseded" in superseded.inner_text()
    assert "before nine" in panel.inner_text()
    screenshot(page, "insight-before-you-start")


def test_marking_a_finding_used_from_the_edit_form_keeps_the_form(patient_page, world, library):
    planned, current = library["planned"], library["current"]
    page = patient_page(user=world.officer_council)
    page.goto(f"/register/{planned.pk}/edit/")
    page.get_by_label("Title").fill("A title not yet saved")
    button = page.locator(f"#use-{current.pk}").get_by_role("button", name="Mark as used")
    button.click()
    page.locator(f"#use-{current.pk}").get_by_text("Used in planning").wait_for()
    assert page.get_by_label("Title").input_value() == "A title not yet saved"  # no page load
    assert FindingUse.objects.filter(finding=current, activity=planned).exists()


def test_every_insight_page_passes_axe(patient_page, world, library):
    current, stale, planned, themes = library["current"], library["stale"], library["planned"], library["themes"]
    audit = Audit(patient_page(user=world.officer_council))
    audit.visit("library", "/insight/")
    response = audit.page.goto("/insight/?q=appointment+phone&include_stale=on")
    audit.check("library, search with highlighting", response, shows="mark")
    audit.visit("library, filters", f"/insight/?theme={themes['Waiting times'].pk}&group={world.carers.pk}")
    audit.visit("library, filter errors", "/insight/?heard_after=not-a-date&theme=999999", errors=True)
    audit.visit("finding", f"/insight/findings/{current.pk}/")
    audit.visit("finding, stale and reused", f"/insight/findings/{stale.pk}/")
    audit.visit("finding history", f"/insight/findings/{stale.pk}/history/")
    audit.visit("record a finding", f"/insight/activities/{library['heard'].pk}/findings/new/")
    audit.submit(
        "record a finding, errors", "Save finding", fill={"What people said": "", "When it was heard": ""}, errors=True
    )
    audit.visit("edit a finding", f"/insight/findings/{current.pk}/edit/")
    audit.visit("archive a finding", f"/insight/findings/{current.pk}/archive/")
    audit.visit("import findings", f"/insight/activities/{library['heard'].pk}/findings/import/")
    audit.submit("import findings, nothing chosen", "Check and import", errors=True)
    audit.page.locator("input[type=file]").set_input_files(BAD_IMPORT)
    audit.submit("import findings, problems in the file", "Check and import", errors=True, shows="#problems")
    screenshot(audit.page, "insight-import-problems")
    audit.visit("activity page with findings", f"/register/{library['heard'].pk}/")
    audit.visit("planned activity with suggestions", f"/register/{planned.pk}/")
    audit.visit("activity form with before you start", f"/register/{planned.pk}/edit/")

    audit.page = patient_page(user=world.coordinator)
    audit.visit("themes", "/insight/themes/")
    audit.visit("archived themes", "/insight/themes/?archived=1")
    audit.visit("add a theme", "/insight/themes/new/")
    audit.submit("add a theme, errors", "Save", errors=True)
    audit.visit("rename a theme", f"/insight/themes/{themes['Transport'].pk}/")
    audit.submit("rename a theme, errors", "Save", fill={"Name": "waiting times"}, errors=True)
    audit.visit("merge a theme", f"/insight/themes/{themes['Transport'].pk}/merge/")
    audit.submit("merge a theme, errors", "Merge themes", errors=True)
    audit.assert_clean()
