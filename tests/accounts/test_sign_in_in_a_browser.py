"""Signing in as people do, in Chromium: a coordinator sets up their app and gives codes; a partner signs on with
their organisation's account through a real OpenID provider's own page. Every page passes axe."""

import base64
import hashlib
import hmac
import os
import struct
import time

import pytest
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from engaging.accounts import sso
from engaging.accounts.models import Membership, SignOnRule
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.fail(NO_CHROMIUM)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = chromium.new_context(base_url=live_server.url, bypass_csp=True, locale="en-GB")
        context.set_default_timeout(10_000)
        yield context.new_page()
        chromium.close()


def accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def app_code(key: str, at: float | None = None) -> str:
    """The code an authenticator app shows for `key` (RFC 6238), worked out as the app does."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(key.replace(" ", "")), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def test_a_coordinator_sets_up_an_app_then_signs_in_with_its_codes(page, settings):
    settings.TWO_FACTOR_FOR_COORDINATORS = True
    MembershipFactory(user__username="coordinator", role=Membership.Role.COORDINATOR)

    page.goto("/accounts/sign-in/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "engage-test")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("heading", name="Set up two-step sign-in").wait_for()
    assert page.locator("svg.et-qr").count() == 1
    accessible(page)
    page.get_by_text("I cannot scan the QR code").click()
    key = page.inner_text("#key")
    page.fill("#id_code", "12")
    page.get_by_role("button", name="Continue").click()
    assert "Enter the code as 6 digits" in page.inner_text(".govuk-error-summary")
    accessible(page)
    page.fill("#id_code", app_code(key))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Your backup codes").wait_for()
    accessible(page)
    backup = page.locator("#backup-codes code").all_inner_texts()
    assert len(backup) == 10
    page.get_by_role("button", name="I have kept my codes, continue").click()
    assert page.url.endswith("/register/your-work/")

    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/sign-in/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "engage-test")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("heading", name="Enter the code from your authenticator app").wait_for()
    accessible(page)
    page.fill("#id_code", backup[0])
    page.get_by_role("button", name="Continue").click()
    assert page.url.endswith("/register/your-work/")
    assert "You used a backup code. You have 9 left." in page.content()


def test_a_partner_signs_on_through_their_organisations_sign_in_page(page, live_server, settings):
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    council = OrganisationFactory(name="Dudley Council")
    SignOnRule.objects.create(kind="email_domain", value="dudley.gov.uk", organisation=council, role="officer")
    jo = ProviderUser(sub="jo-1", claims={"email": "jo@dudley.gov.uk", "email_verified": True, "name": "Jo Bloggs"})
    with run_server_in_thread(user_claims=[jo]) as server:
        settings.OIDC_ISSUER = f"http://localhost:{server.server_port}"
        settings.OIDC_RP_CLIENT_ID = "hub"
        settings.OIDC_RP_CLIENT_SECRET = "hub-secret"
        settings.OIDC_BUTTON_LABEL = "Sign in with NHSmail"
        sso.forget_discovery()

        page.goto("/accounts/sign-in/")
        accessible(page)
        page.get_by_role("button", name="Sign in with NHSmail").click()
        page.get_by_role("heading", name="Authorize Client").wait_for()  # the provider's own page
        page.get_by_role("button", name="jo-1").click()
        page.wait_for_url(f"{live_server.url}/register/your-work/")
        page.goto("/accounts/")
        assert "Officer, Dudley Council" in page.inner_text("main")

        page.get_by_role("button", name="Sign out").click()
        page.goto("/accounts/sso/start/")
        page.get_by_role("button", name="Deny").click()
        page.get_by_role("heading", name="You did not finish signing in").wait_for()
        accessible(page)
    sso.forget_discovery()
