"""A real Chromium driving the live hub: one browser per worker, a fresh context per test.

The browser tests are skipped only when Chromium is not installed. Everything else that
goes wrong makes them fail.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
NO_CHROMIUM = "Chromium is not installed (looked for /usr/bin/chromium and `chromium` on the PATH)"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "engage-test"  # every persona's password: see tests/factories.py
TIMEOUT_MS = 10_000

# Set BROWSER_SCREENSHOTS=/tmp/shots to keep a picture of the key pages.
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS", "")

# Browser tests never skip: without Chromium they fail and say how to install it (`make test` does).
skip_without_chromium = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.fail(f"{NO_CHROMIUM}. Install it with: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts on the live server; all are closed when the test ends.

    `bypass_csp` lets axe inject its script past the site's strict content security policy.
    """
    contexts = []

    def make(*, user=None, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        if user is not None:
            sign_in_by_cookie(context, user, live_server.url)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(new_context):
    """A page in a fresh context, optionally already signed in as `user`."""

    def make(*, user=None, **options):
        return new_context(user=user, **options).new_page()

    return make


def sign_in_by_cookie(context, user, url: str) -> None:
    """Skip the sign-in form: make a session the way the test client does and hand over its cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": url}])


def sign_in_with_form(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/sign-in/" not in page.url, f"{username} could not sign in"


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def fill_and_let_hints_settle(page, label: str, text: str) -> None:
    """Fill a public text field, leave it, and wait until its plain-language hints have arrived.

    The hints appear above whatever follows the field and push it down the page, so a click aimed
    below them while they are on their way can land in the wrong place.
    """
    field = page.get_by_label(label)
    field.fill(text)
    field.blur()
    page.wait_for_load_state("networkidle")
