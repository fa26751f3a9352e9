"""The documentation page in a real browser: it draws, runs requests, keeps to the content
security policy, and passes axe with operations open."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
RECORD_VIOLATIONS = (
    "window.violations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        if CHROMIUM is None:
            pytest.fail("Chromium is not installed. Install it with: apt-get install chromium")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_docs(page, url: str) -> None:
    page.set_default_timeout(10_000)
    page.goto(f"{url}/api/v1/docs")
    page.wait_for_selector(".opblock")


def test_swagger_draws_and_runs_a_request_without_breaking_the_policy(browser, live_server):
    """With the content security policy enforced, the docs draw and try an endpoint."""
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_docs(page, live_server.url)
    assert page.locator(".opblock").count() >= 11
    page.locator(".opblock-get", has_text="/api/v1/groups").locator(".opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert page.evaluate("window.violations") == []
    assert errors == []


def test_the_docs_pass_axe_with_every_operation_open(browser, live_server):
    """Swagger UI is third-party; our template, styles and script make it pass like the rest of the hub."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_context(bypass_csp=True).new_page()  # so that axe can be injected
    open_docs(page, live_server.url)
    assert Axe().run(page).response["violations"] == []

    # Every kind of operation appears among the activities' ones; opening all of the API's would be slow.
    activities = page.locator("[id^='operations-Activities-']")
    controls = activities.locator(".opblock-summary-control")
    for index in range(controls.count()):
        controls.nth(index).click()
    try_it = activities.get_by_role("button", name="Try it out")
    while try_it.count():
        try_it.first.click()
    page.locator(".opblock-get", has_text="/api/v1/activities").first.get_by_role("button", name="Execute").click()
    page.locator(".opblock-post", has_text="/api/v1/activities").first.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table").nth(1).wait_for()
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
