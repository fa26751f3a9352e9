"""The board in a real browser: a board member screens an agenda item and reads the recommendation and why;
every board page passes axe with no violations, in each state that matters, and reflows at 320px."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engaging.board.defaults import install_defaults
from engaging.board.models import (
    AgendaItem,
    Board,
    LegalDuty,
    Meeting,
    MethodFit,
    Screening,
    ScreeningAction,
    ScreeningRule,
)
from engaging.board.services import screen_agenda_item
from engaging.register.models import ParticipantCount, Status
from tests.browser.conftest import screenshot, sign_in_with_form, skip_without_chromium
from tests.browser.test_accessibility import WIDEST_ELEMENTS, Audit
from tests.factories import ActivityFactory, GroupFactory, MethodFactory
from tests.insight.factories import FindingFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]


@pytest.fixture
def board_site(world, live_server):
    """A board with a past and an upcoming meeting, one item screened (with actions, one overdue) and one not."""
    install_defaults(LegalDuty, ScreeningRule)
    travellers = GroupFactory(name="Gypsy, Roma and Traveller communities", category="seldom_heard")
    board = Board.objects.create(name="Dudley Health and Wellbeing Board", area=world.borough)
    board.members.set([world.council, world.healthwatch])
    past = Meeting.objects.create(
        board=board,
        starts_at=timezone.now() - timedelta(days=30),
        venue="Council House",
        papers_url="https://example.org/p",
    )
    upcoming = Meeting.objects.create(board=board, starts_at=timezone.now() + timedelta(days=20), venue="Civic Hall")
    survey = ActivityFactory(
        title="Urgent care survey",
        lead_organisation=world.council,
        groups=[world.carers, travellers],
        areas=[world.locality],
        status=Status.CLOSED,
        start_date=date.today() - timedelta(days=60),
        end_date=date.today() - timedelta(days=40),
    )
    ParticipantCount.objects.create(activity=survey, group=world.carers, count=14)
    finding = FindingFactory(activity=survey, statement="People want urgent care open in the evening.")
    finding.groups.set([world.carers])
    screened = AgendaItem.objects.create(
        meeting=past,
        title="Urgent care review",
        lead_organisation=world.council,
        decision_sought="Agree the options for urgent care to consult on.",
        order=1,
    )
    screened.activities.add(survey)
    screening = screen_agenda_item(
        agenda_item=screened,
        answers={
            "changes_services": "yes",
            "legal_duties": list(LegalDuty.objects.filter(name__startswith="Integrated care boards")),
            "affected_groups": [world.carers, travellers],
            "who_is_affected": "",
            "insight_reused": [finding],
            "influence": "some",
            "time_available": "4_to_12",
            "community_interest": "high",
            "partner_capability": "medium",
        },
        user=world.board_member,
        today=date.today() - timedelta(days=40),
    )
    unscreened = AgendaItem.objects.create(
        meeting=upcoming,
        title="Mental health strategy",
        lead_organisation=world.council,
        decision_sought="Agree how the strategy will be written with people who use services.",
        order=1,
    )
    return {
        "board": board,
        "past": past,
        "upcoming": upcoming,
        "screened": screened,
        "unscreened": unscreened,
        "action": screening.actions.order_by("pk").first(),
        "rule": ScreeningRule.objects.order_by("pk").first(),
    }


def test_a_board_member_screens_an_agenda_item_and_sees_the_recommendation_and_its_reasons(new_page, world, board_site):
    item = board_site["unscreened"]
    MethodFit.objects.create(
        method=world.method, group=world.carers, reason="Carers can come to a small group at a time they choose."
    )
    visit = MethodFactory(name="Enter and view visit")
    MethodFit.objects.create(
        method=visit, group=world.carers, suits=False, reason="It looks at a service's premises, not at caring at home."
    )
    page = new_page()
    sign_in_with_form(page, "board-member")
    page.get_by_role("link", name="Board", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The board")
    page.get_by_role(
        "link", name=re.compile(timezone.localtime(board_site["upcoming"].starts_at).strftime("%-d %B %Y"))
    ).click()
    page.get_by_role("link", name="Mental health strategy").click()
    page.get_by_role("link", name="Screen this item").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screen “Mental health strategy”")

    page.get_by_role("group", name="Does it change services, or how people reach them?").get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_label("Integrated care boards' duty to involve the public").check()
    page.get_by_role("group", name="Which groups are affected?").get_by_label("Carers", exact=True).check()
    page.get_by_role("button", name="Show findings for the groups chosen").click()
    expect(page.get_by_role("status")).to_contain_text("Nothing has been saved yet")
    page.get_by_label("People want urgent care open in the evening.").check()
    page.get_by_role("group", name="How much can people still influence the decision?").get_by_label(
        "Full: people can shape the whole thing"
    ).check()
    page.get_by_role("group", name="How much time is there before the decision?").get_by_label("Over 12 weeks").check()
    page.get_by_role("group", name="How interested in this").get_by_label("High", exact=True).check()
    page.get_by_role("group", name="How able are the board and its partners to involve them?").get_by_label(
        "Medium", exact=True
    ).check()
    screenshot(page, "board-screening-form")
    page.get_by_role("button", name="Screen and see the recommendation").click()

    expect(page).to_have_url(re.compile(rf"/board/items/{item.pk}/#recommendation$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The item has been screened")
    expect(page.locator("#why-this-type")).to_contain_text("Because people can shape the whole thing")
    recommendation = page.locator("dl", has_text="Type of engagement").first
    expect(recommendation).to_contain_text("Co-production")
    expect(recommendation).to_contain_text("Collaborate")
    expect(recommendation).to_contain_text("Carers")
    expect(recommendation).to_contain_text("People want urgent care open in the evening.")
    # Methods come from what is known to suit the groups, each with why; one that does not suit is named.
    expect(recommendation).to_contain_text("Suits carers: carers can come to a small group at a time they choose.")
    expect(recommendation).to_contain_text("Not suggested, because they do not suit these groups:")
    expect(recommendation).to_contain_text("Enter and view visit")
    # The reasons are in words: which answer set the type and level, and which it outweighed, no rule weights.
    reasons = page.locator("h3:has-text('What led to this') + ul")
    expect(reasons).to_contain_text("How much can people still influence?")
    expect(reasons).to_contain_text("People can shape the whole thing: design it with them.")
    expect(reasons).to_contain_text("Sets the type: co-production; sets the level: collaborate")
    # the duty and the service change asked for consultation on their own
    expect(reasons).to_contain_text("On its own points to consultation, but the type follows")
    expect(page.locator("main")).not_to_contain_text("weight")
    actions = page.get_by_role("table", name="Actions from the screening")
    expect(actions).to_contain_text("Set up a co-production group")
    expect(page.get_by_text("Fair consultation: the Gunning principles")).to_have_count(0)
    screenshot(page, "board-recommendation")
    screening = Screening.objects.get(agenda_item=item)
    assert (screening.recommended_type, screening.screened_by) == ("co_production", world.board_member)
    # Every action is due before the papers for the decision go out, a week before the meeting.
    papers_due = timezone.localdate(board_site["upcoming"].starts_at) - timedelta(days=7)
    assert screening.actions.exists()
    assert all(action.due_on <= papers_due for action in screening.actions.all())


def test_screening_works_without_javascript(new_page, world, board_site):
    item = board_site["unscreened"]
    page = new_page(user=world.officer_council, java_script_enabled=False)
    page.goto(f"/board/items/{item.pk}/screening/")
    page.get_by_role("button", name="Screen and see the recommendation").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose how much people can still influence")
    page.get_by_role("group", name="Does it change services, or how people reach them?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Who else is affected? (optional)").fill("Everyone who uses a pharmacy")
    page.get_by_role("group", name="How much can people still influence the decision?").get_by_label(
        "None: the decision has been made"
    ).check()
    page.get_by_role("group", name="How much time is there before the decision?").get_by_label("Under 4 weeks").check()
    page.get_by_role("group", name="How interested in this").get_by_label("Low", exact=True).check()
    page.get_by_role("group", name="How able are the board and its partners to involve them?").get_by_label(
        "Low", exact=True
    ).check()
    page.get_by_role("button", name="Screen and see the recommendation").click()
    expect(page.locator("dl", has_text="Type of engagement").first).to_contain_text("Information")
    assert Screening.objects.get(agenda_item=item).recommended_level == "inform"


def test_every_board_page_passes_axe(new_page, world, board_site):
    site = board_site
    audit = Audit(new_page(user=world.board_member))
    audit.visit("board index", "/board/")
    screenshot(audit.page, "a11y-board-index")
    audit.visit("a board", f"/board/boards/{site['board'].pk}/")
    audit.visit("a past meeting", f"/board/meetings/{site['past'].pk}/")
    audit.visit("an upcoming meeting", f"/board/meetings/{site['upcoming'].pk}/")
    audit.check("a screened item", audit.page.goto(f"/board/items/{site['screened'].pk}/"), shows="#gunning")
    screenshot(audit.page, "a11y-board-item")
    audit.visit("an item not screened", f"/board/items/{site['unscreened'].pk}/")
    audit.visit("add a meeting", "/board/meetings/new/")
    audit.submit("add a meeting, errors", "Save meeting", errors=True)
    audit.visit("edit a meeting", f"/board/meetings/{site['past'].pk}/edit/")
    audit.visit("add an agenda item", f"/board/meetings/{site['upcoming'].pk}/items/new/")
    audit.submit("add an agenda item, errors", "Save agenda item", errors=True)
    audit.visit("edit an agenda item", f"/board/items/{site['screened'].pk}/edit/")
    audit.visit("screening form", f"/board/items/{site['unscreened'].pk}/screening/")
    audit.submit("screening form, errors", "Screen and see the recommendation", errors=True)
    audit.page.get_by_role("group", name="Which groups are affected?").get_by_label("Carers", exact=True).check()
    audit.submit("screening form, findings shown", "Show findings for the groups chosen", shows="[role=status]")
    audit.visit("screening again", f"/board/items/{site['screened'].pk}/screening/")
    audit.visit("link activities", f"/board/items/{site['unscreened'].pk}/activities/")
    audit.visit("link activities, searched", f"/board/items/{site['unscreened'].pk}/activities/?q=urgent")
    audit.visit("add an action", f"/board/items/{site['screened'].pk}/actions/new/")
    audit.submit("add an action, errors", "Save action", errors=True)
    audit.visit("change an action", f"/board/actions/{site['action'].pk}/edit/")
    audit.visit("actions", "/board/actions/")
    audit.visit("actions, overdue", "/board/actions/?status=overdue")
    audit.visit("actions, filter errors", "/board/actions/?organisation=999999", errors=True)
    audit.visit("screening rules", "/board/rules/")

    audit.page = new_page(user=world.coordinator)
    audit.visit("add a board", "/board/boards/new/")
    audit.submit("add a board, errors", "Save board", errors=True)
    audit.visit("edit a board", f"/board/boards/{site['board'].pk}/edit/")
    audit.visit("add a rule", "/board/rules/new/")
    audit.submit("add a rule, errors", "Save rule", errors=True)
    audit.visit("change a rule", f"/board/rules/{site['rule'].pk}/edit/")
    audit.visit("archive a rule", f"/board/rules/{site['rule'].pk}/archive/")
    audit.submit("rules, with an archived rule", "Archive the rule", shows="text=Archived rules")
    audit.page = new_page(user=world.officer_healthwatch)
    audit.visit("a screened item, read only", f"/board/items/{site['screened'].pk}/")
    audit.assert_clean()


def test_board_pages_reflow_at_320_css_pixels(new_page, world, board_site):
    wide = {}
    paths = {
        "index": "/board/",
        "item": f"/board/items/{board_site['screened'].pk}/",
        "screening": f"/board/items/{board_site['unscreened'].pk}/screening/",
        "rules": "/board/rules/",
    }
    for label, path in paths.items():
        page = new_page(user=world.board_member, viewport={"width": 320, "height": 640})
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 321:
            wide[label] = f"scrollWidth {width}px; widest: {', '.join(page.evaluate(WIDEST_ELEMENTS))}"
    assert not wide, "Board pages scroll sideways at 320px:\n" + "\n".join(f"  {k}: {v}" for k, v in wide.items())


def test_marking_an_action_done_from_the_actions_list(new_page, world, board_site):
    action = board_site["action"]
    page = new_page(user=world.board_member)
    page.goto("/board/actions/")
    page.get_by_role("button", name=re.compile(rf"^Mark as done\s*: {re.escape(action.description)}$")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is marked as done")
    assert ScreeningAction.objects.get(pk=action.pk).done_on == date.today()
