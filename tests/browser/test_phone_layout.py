"""On a 375 px phone lists fit the screen with their filters folded away; at 1280 px a partner's menu is one line."""

from datetime import date, timedelta

import pytest

from engaging.accounts.models import Membership
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.factories import ActivityFactory, MembershipFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 375, "height": 812}


def axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    return [(v["id"], len(v["nodes"])) for v in Axe().run(page).response["violations"]]


@pytest.fixture
def activities(world):
    today = date.today()
    return [
        ActivityFactory(
            title=f"Young carers' wellbeing survey with a long title that wraps on a phone {n}",
            lead_organisation=world.council if n % 2 else world.healthwatch,
            start_date=today + timedelta(days=n),
            end_date=today + timedelta(days=n + 30),
            status="open",
            is_public=True,
            groups=[world.young_people],
        )
        for n in range(4)
    ]


@pytest.mark.parametrize(
    ("label", "who", "path"), [("register", "officer", "/register/"), ("get-involved", None, "/get-involved/")]
)
def test_a_list_fits_a_phone_with_its_filters_folded(new_page, world, activities, label, who, path):
    page = new_page(user=world.officer_council if who else None, viewport=PHONE)
    page.goto(path)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    details = page.locator("details.et-filter-details")
    assert details.count() == 1 and details.get_attribute("open") is None
    assert not page.locator(".et-filters button[type=submit]").is_visible()
    # Nothing inside the list is cut off or needs scrolling sideways either.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 375
    # The first result is on the first screen, not below a screenful of filters.
    tops = [page.get_by_role("link", name=a.title).first.bounding_box()["y"] for a in activities]
    assert min(tops) < PHONE["height"]
    # The filters are one tap away.
    page.locator("details.et-filter-details summary").click()
    assert details.get_attribute("open") is not None
    screenshot(page, f"phone-{label}")
    assert axe_violations(page) == []


def test_the_filters_are_open_beside_the_results_on_a_wide_screen(new_page, world, activities):
    page = new_page()
    page.goto("/get-involved/")
    assert page.locator("details.et-filter-details").get_attribute("open") is not None
    assert page.get_by_label("Area").is_visible()


@pytest.mark.parametrize("role", [Membership.Role.COORDINATOR, Membership.Role.BOARD_MEMBER, Membership.Role.OFFICER])
def test_a_partners_menu_is_one_line_at_1280_pixels(new_page, world, role):
    person = MembershipFactory(role=role, organisation=world.council).user
    page = new_page(user=person)
    page.goto("/register/")
    tops = page.evaluate(
        "[...document.querySelectorAll('#navigation > .govuk-service-navigation__item')]"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) >= 6 and len(set(tops)) == 1, tops
    # The public pages are a second level of the menu; the account links are in the header.
    page.get_by_text("Public pages").click()
    page.get_by_role("link", name="You said, we did").click()
    assert page.url.endswith("/you-said-we-did/")
    assert page.get_by_role("navigation", name="Your account").get_by_role("button", name="Sign out").is_visible()
    screenshot(page, f"menu-{role}")
    assert axe_violations(page) == []


def test_your_work_fits_a_phone_with_its_to_do_list_as_cards(new_page, world, activities):
    from tests.loop.factories import FindingFactory

    finished = ActivityFactory(
        title="A finished consultation with a title long enough to wrap twice on a small phone screen",
        lead_organisation=world.council,
        start_date=date.today() - timedelta(days=120),
        end_date=date.today() - timedelta(days=100),
        status="closed",
        groups=[world.young_people],
    )
    FindingFactory(activity=finished)
    page = new_page(user=world.officer_council, viewport=PHONE)
    page.goto("/register/your-work/")
    assert page.get_by_role("button", name="Plan an activity").is_visible()
    assert page.get_by_role("link", name=finished.title).first.is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 375
    assert axe_violations(page) == []
    screenshot(page, "phone-your-work")
