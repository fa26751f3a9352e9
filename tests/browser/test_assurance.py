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
    organisations = page.get_by_role("region", name="Table of activities by organisation")
    assert organisations.is_visible()
    box = page.locator("svg[aria-labelledby^='chart-organisations']").bounding_box()
    table_box = organisations.bounding_box()
    assert box["x"] + box["width"] <= table_box["x"] + 1 and abs(box["y"] - table_box["y"]) < 200  # side by side
    # The table with a column for every type needs the page's width, so it sits under its chart.
    types = page.get_by_role("region", name="Table of activities by type and month").bounding_box()
    assert types["y"] >= page.locator("svg[aria-labelledby^='chart-types']").bounding_box()["y"] + 100
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
    audit.visit("dashboard with errors", "/assurance/?from=2025-02-30&board=999999", status=400, errors=True)
    audit.visit("evidence page", f"/assurance/organisations/{known.world.healthwatch.pk}/?{PERIOD}")
    audit.visit(
        "evidence page with errors",
        f"/assurance/organisations/{known.world.council.pk}/?to=soon",
        status=400,
        errors=True,
    )
    audit.visit("assessment", f"/assurance/items/{known.item.pk}/assessment/")
    audit.assert_clean()


def test_the_dashboard_reflows_at_320_css_pixels(new_page, known):
    page = new_page(user=known.world.coordinator, viewport={"width": 320, "height": 640})
    page.goto(f"/assurance/?board={known.board.pk}&{PERIOD}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


MEASURE = """() => {
  const charts = [...document.querySelectorAll('svg.et-chart')].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const size = t => parseFloat(t.getAttribute('font-size') || svg.getAttribute('font-size'));
    const sizes = [...svg.querySelectorAll('text')].map(size);
    return Math.min(...sizes) * scale;
  });
  const boxes = [...document.querySelectorAll('.et-scroll')].map(box => ({
    label: box.getAttribute('aria-label'), overflows: box.scrollWidth > box.clientWidth,
    focusable: box.tabIndex === 0, right: box.getBoundingClientRect().right,
  }));
  return {charts, boxes, page: document.documentElement.scrollWidth, window: window.innerWidth};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_chart_text_is_16px_or_more_and_no_table_is_cut_off(new_page, known, width):
    page = new_page(user=known.world.board_member, viewport={"width": width, "height": 900})
    page.goto(f"/assurance/?board={known.board.pk}&{PERIOD}")
    measured = page.evaluate(MEASURE)
    assert len(measured["charts"]) == 10 and min(measured["charts"]) >= 16, measured["charts"]
    assert measured["page"] <= measured["window"]  # the page itself never scrolls sideways
    for box in measured["boxes"]:
        # Every table fits its box, or scrolls in it and can be reached and scrolled from the keyboard.
        assert box["right"] <= width, box
        assert not box["overflows"] or box["focusable"], box
    if width == 1280:
        assert not any(box["overflows"] for box in measured["boxes"]), measured["boxes"]
    else:
        wide = page.get_by_role("region", name="Table of activities by type and month")
        wide.focus()
        outline = wide.evaluate("e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
        assert outline[0] == "solid" and outline[1] >= 3
    screenshot(page, f"assurance-dashboard-{width}")


def test_a_board_member_signs_in_lands_on_the_board_and_follows_each_headline_link(new_page, known):
    from tests.browser.conftest import sign_in_with_form
    from tests.factories import GroupFactory

    GroupFactory(name="Gypsies and Travellers", category="seldom_heard")
    page = new_page(viewport={"width": 375, "height": 812})
    sign_in_with_form(page, "board-member")
    page.wait_for_url("**/board/")
    page.get_by_role("link", name="Assurance dashboard").click()
    page.wait_for_url("**/assurance/")
    page.goto(f"/assurance/?board={known.board.pk}&{PERIOD}")
    headline = page.locator("#attention-heading + ul > li")
    assert headline.count() == 5
    for key, target in [("priorities", "coverage-heading"), ("groups", "seldom-heading"),
                        ("actions", "actions-heading"), ("evaluations", "evaluation-heading")]:  # fmt: skip
        page.locator(f"#attention-{key} a").click()
        assert page.url.endswith(f"#{target}")
        assert page.locator(f"#{target}").is_visible()
    page.locator("#attention-feedback a").click()
    page.wait_for_load_state()
    assert "/feedback-loop/activities/" in page.url and "state=overdue" in page.url
    assert page.get_by_role("heading", level=1).is_visible()
