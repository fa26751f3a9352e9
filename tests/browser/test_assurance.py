"""The assurance pages in a real browser: charts and tables render, the choices work, and axe finds nothing."""

import pytest

from tests.assurance.conftest import END, START, build_known
from tests.browser.conftest import screenshot, skip_without_chromium
from tests.browser.test_accessibility import Audit

pytestmark = [pytest.mark.browser, skip_without_chromium]

PERIOD = f"from={START.isoformat()}&to={END.isoformat()}"


@pytest.fixture
def known(world):
    return build_known(world)


def test_the_dashboard_shows_charts_beside_their_tables(new_page, known):
    page = new_page(user=known.world.board_member)
    page.goto(f"/assurance/?board={known.board.pk}&{PERIOD}")
    charts = page.locator('svg[role="img"]')
    assert charts.count() == 10
    for i in range(charts.count()):
        chart = charts.nth(i)
        labelled = chart.get_attribute("aria-labelledby").split()
        assert page.locator(f"#{labelled[0]}").count() == 1 and page.locator(f"#{labelled[1]}").count() == 1
    types = page.get_by_role("region", name="Table of activities by type and month")
    assert types.is_visible()
    box = page.locator("svg[aria-labelledby^='chart-types']").bounding_box()
    table_box = types.bounding_box()
    assert box["x"] + box["width"] <= table_box["x"] + 1 and abs(box["y"] - table_box["y"]) < 200  # side by side
    assert page.get_by_role("img", name="Activities by type over time").is_visible()
    screenshot(page, "assurance-dashboard")


def test_a_figure_shows_its_number_and_tells_screen_readers_what_it_counts(new_page, known):
    """The tables' cells carry no classes of their own: the table's style must still make each a numeric
    cell, its link a GOV.UK link, and the words after the number visible to screen readers alone."""
    page = new_page(user=known.world.board_member)
    page.goto(f"/assurance/?board={known.board.pk}&{PERIOD}")
    link = page.get_by_role("link", name="3 activities, Healthwatch Dudley")
    style = link.evaluate("a => [getComputedStyle(a.closest('td')).textAlign, getComputedStyle(a).textDecorationLine]")
    assert style == ["right", "underline"]
    hidden = link.locator("span").bounding_box()
    assert hidden["width"] <= 1 and hidden["height"] <= 1
    assert link.bounding_box()["width"] < 30  # the number alone


def test_a_board_member_changes_the_period_and_follows_a_figure_to_its_records(new_page, known):
    page = new_page(user=known.world.board_member)
    page.goto("/assurance/")
    page.get_by_label("Board").select_option(label="Brierley Hill board")
    page.get_by_label("From", exact=True).fill(START.isoformat())
    page.get_by_label("To", exact=True).fill(END.isoformat())
    page.get_by_role("button", name="Show the figures").click()
    page.wait_for_load_state()
    assert "from 1 January 2025 to 30 June 2025" in page.locator("main").inner_text()
    page.get_by_role("link", name="3 activities, Healthwatch Dudley").click()
    page.wait_for_load_state()
    assert "/register/" in page.url
    main = page.locator("main").inner_text()
    for title in ("Carers' consultation", "Hostel listening sessions", "Youth panel"):
        assert title in main
    assert "Healthy weight leaflet" not in main


def test_the_assurance_pages_have_no_accessibility_problems(new_page, known):
    audit = Audit(new_page(user=known.world.board_member))
    audit.visit("dashboard", f"/assurance/?board={known.board.pk}&{PERIOD}")
    audit.page.get_by_text("organisations, month by month").click()
    audit.check("dashboard, the busiest organisations month by month", shows="details[open] table")
    audit.visit("dashboard by quarter, everywhere", "/assurance/?from=2022-01-01&to=2025-06-30")
    audit.visit("dashboard, default", "/assurance/")
    audit.visit("dashboard with errors", "/assurance/?from=2025-02-30&board=999999", errors=True)
    audit.visit("evidence page", f"/assurance/organisations/{known.world.healthwatch.pk}/?{PERIOD}")
    audit.visit("evidence page with errors", f"/assurance/organisations/{known.world.council.pk}/?to=soon", errors=True)
    audit.visit("assessment", f"/assurance/items/{known.item.pk}/assessment/")
    audit.assert_clean()


def test_the_dashboard_reflows_at_320_css_pixels(new_page, known):
    page = new_page(user=known.world.coordinator, viewport={"width": 320, "height": 640})
    page.goto(f"/assurance/?board={known.board.pk}&{PERIOD}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
