"""Single sign-on, end to end: the hub's sign-in → a real OpenID Connect provider → back → signed in.

The provider is oidc-provider-mock: a real OpenID provider (authlib's, behind Flask) that a test starts in a
thread on a port of its own. The hub runs in Django's live server, and every step goes over real HTTP with
`requests`: the hub's discovery, token and userinfo calls and the signature check against the provider's
keys all happen as in production. The provider's own sign-in page asks only for the person's subject; the
claims it sends for them are set beforehand with its PUT /users/<sub>.
"""

import os
import re
import socket
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
import requests
from oidc_provider_mock import run_server_in_thread

from engaging.accounts import sso
from engaging.accounts.models import AccountEvent, Membership, SignOnLink, SignOnRule, User
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT_ID = "engaging-together-hub"


@pytest.fixture
def provider(settings):
    """A running OpenID provider the hub is configured to use, as the environment would configure it."""
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on this machine
    with run_server_in_thread() as server:
        issuer = f"http://localhost:{server.server_port}"
        settings.OIDC_ISSUER = issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = "client-secret"
        settings.OIDC_BUTTON_LABEL = "Sign in with NHSmail"
        sso.forget_discovery()
        yield issuer
    sso.forget_discovery()


@pytest.fixture
def organisations(db):
    council = OrganisationFactory(name="Dudley Council")
    nhs = OrganisationFactory(name="Black Country Integrated Care Board")
    coordinator = MembershipFactory(
        user__username="coordinator",
        user__first_name="Cora",
        user__last_name="Ordinator",
        organisation=council,
        role=Membership.Role.COORDINATOR,
    ).user
    return council, nhs, coordinator


def person(issuer: str, subject: str, **claims) -> str:
    """Tell the provider who `subject` is: the claims it will send about them."""
    response = requests.put(f"{issuer}/users/{subject}", json=claims, timeout=5)
    assert response.status_code == 204, response.text
    return subject


def sign_on(hub: str, subject: str, browser: requests.Session | None = None, *, consent: bool = True):
    """Go from the hub's sign-in page through the provider and back; the hub's last answer and the session."""
    browser = browser or requests.Session()
    page = browser.get(f"{hub}/accounts/sign-in/", timeout=10)
    assert "Sign in with your organisation's account" in page.text
    start = browser.get(f"{hub}/accounts/sso/start/", allow_redirects=False, timeout=10)
    assert start.status_code == 302, start.text
    authorize = start.headers["Location"]
    assert "code_challenge=" in authorize and "nonce=" in authorize
    form = {"sub": subject} if consent else {"action": "deny"}
    at_provider = browser.post(authorize, data=form, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = at_provider.headers["Location"]
    assert back.startswith(f"{hub}/accounts/sso/callback/")
    return browser.get(back, timeout=10), browser


def test_the_sign_in_page_offers_the_organisations_account_above_the_password(live_server, provider, organisations):
    page = requests.get(f"{live_server.url}/accounts/sign-in/", timeout=10).text
    assert page.index("Sign in with your organisation's account") < page.index('name="password"')
    assert "Sign in with NHSmail" in page


def test_a_rule_on_the_email_domain_gives_a_new_person_an_account_and_their_role(live_server, provider, organisations):
    council, _, coordinator = organisations
    SignOnRule.objects.create(kind="email_domain", value="dudley.gov.uk", organisation=council, role="officer")
    subject = person(
        provider, "f3a9-jo", email="Jo.Bloggs@dudley.gov.uk", email_verified=True, given_name="Jo", family_name="Bloggs"
    )

    landed, browser = sign_on(live_server.url, subject)

    assert landed.url == f"{live_server.url}/register/your-work/" and landed.status_code == 200
    jo = User.objects.get(email="jo.bloggs@dudley.gov.uk")
    assert (jo.first_name, jo.last_name, jo.has_usable_password()) == ("Jo", "Bloggs", False)
    membership = jo.memberships.get()
    assert (membership.organisation, membership.role, membership.from_sign_on) == (council, "officer", True)
    assert SignOnLink.objects.get(user=jo).subject == subject
    assert AccountEvent.objects.filter(user=jo, kind="sign_on_created").exists()
    assert browser.get(f"{live_server.url}/register/", timeout=10).status_code == 200

    # Signing out ends the hub's session.
    token = browser.cookies["csrftoken"]
    browser.post(f"{live_server.url}/accounts/sign-out/", data={"csrfmiddlewaretoken": token}, timeout=10)
    after = browser.get(f"{live_server.url}/register/", allow_redirects=False, timeout=10)
    assert after.status_code == 302 and "/accounts/sign-in/" in after.headers["Location"]


def test_a_rule_on_a_group_claim_gives_the_role_and_roles_follow_the_rules_at_each_sign_on(
    live_server, provider, organisations
):
    council, nhs, _ = organisations
    rule = SignOnRule.objects.create(kind="claim", value="hwb-board", organisation=nhs, role="board_member")
    subject = person(provider, "sam-42", email="sam@nhs.net", email_verified=True, groups=["hwb-board", "staff"])

    landed, _ = sign_on(live_server.url, subject)
    sam = User.objects.get(email="sam@nhs.net")
    assert landed.url == f"{live_server.url}/board/"
    assert list(sam.memberships.values_list("organisation", "role")) == [(nhs.pk, "board_member")]

    # A coordinator changes the rule, and gives Sam a role by hand at the council.
    rule.role = "officer"
    rule.save()
    Membership.objects.create(user=sam, organisation=council, role="coordinator")
    sign_on(live_server.url, subject)
    assert set(sam.memberships.values_list("organisation", "role", "from_sign_on")) == {
        (nhs.pk, "officer", True),
        (council.pk, "coordinator", False),
    }

    # The provider no longer puts Sam in the group: the role the rule gave goes, the one given by hand stays.
    person(provider, subject, email="sam@nhs.net", email_verified=True, groups=["staff"])
    sign_on(live_server.url, subject)
    assert list(sam.memberships.values_list("organisation", "role")) == [(council.pk, "coordinator")]
    assert User.objects.filter(email="sam@nhs.net").count() == 1


def test_no_rule_ever_makes_a_coordinator(live_server, provider, organisations):
    council, _, _ = organisations
    # Even a rule written to the database directly, round the form, gives no coordinator role.
    SignOnRule.objects.create(kind="email_domain", value="dudley.gov.uk", organisation=council, role="coordinator")
    subject = person(provider, "max-1", email="max@dudley.gov.uk", email_verified=True)
    landed, _ = sign_on(live_server.url, subject)
    assert landed.status_code == 403
    assert not User.objects.filter(email="max@dudley.gov.uk").exists()


def test_someone_no_rule_covers_is_told_who_to_ask_and_gets_no_account(live_server, provider, organisations, settings):
    council, _, _ = organisations
    settings.SIGN_IN_HELP_EMAIL = "hub-help@dudley.gov.uk"
    SignOnRule.objects.create(kind="email_domain", value="dudley.gov.uk", organisation=council, role="officer")
    people_before = User.objects.count()
    subject = person(provider, "stranger", email="someone@elsewhere.org", email_verified=True)

    landed, browser = sign_on(live_server.url, subject)

    assert landed.status_code == 403
    assert "You cannot sign in yet" in landed.text
    assert "someone@elsewhere.org" in landed.text and "Cora Ordinator, Dudley Council" in landed.text
    assert "hub-help@dudley.gov.uk" in landed.text
    assert User.objects.count() == people_before and not SignOnLink.objects.exists()
    assert browser.get(f"{live_server.url}/register/", allow_redirects=False, timeout=10).status_code == 302


def test_an_unverified_address_matches_no_rule_and_no_account(live_server, provider, organisations):
    council, _, _ = organisations
    UserFactory(username="jo", email="jo@dudley.gov.uk")
    SignOnRule.objects.create(kind="email_domain", value="dudley.gov.uk", organisation=council, role="officer")
    subject = person(provider, "pretender", email="jo@dudley.gov.uk", email_verified=False)
    landed, _ = sign_on(live_server.url, subject)
    assert landed.status_code == 403
    assert not SignOnLink.objects.exists()


def test_an_existing_account_is_found_by_its_address_then_by_the_subject(
    live_server, provider, organisations, settings
):
    settings.TWO_FACTOR_FOR_COORDINATORS = True
    council, _, coordinator = organisations
    coordinator.email = "cora@dudley.gov.uk"
    coordinator.save()
    subject = person(provider, "cora-sub", email="CORA@dudley.gov.uk", email_verified=True)

    landed, _ = sign_on(live_server.url, subject)
    assert landed.status_code == 200 and landed.url.endswith("/register/your-work/")
    assert SignOnLink.objects.get().user == coordinator
    # A coordinator signing on is not asked for a code: their organisation's sign-in has done that job.
    assert "two-step" not in landed.url and "sign-in/code" not in landed.url

    # Later the provider sends a new address: the subject still finds the same account.
    person(provider, subject, email="cora.ordinator@nhs.net", email_verified=True)
    landed, _ = sign_on(live_server.url, subject)
    assert landed.status_code == 200 and User.objects.count() == 1


def test_a_coordinator_links_an_account_whose_address_differs(live_server, provider, organisations):
    council, _, coordinator = organisations
    officer = MembershipFactory(user__username="pat", user__email="pat@gmail.example", organisation=council).user
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    response = client.post("/accounts/single-sign-on/links/new/", {"person": officer.pk, "email": "Pat.Smith@nhs.net"})
    assert response.status_code == 302
    subject = person(provider, "pat-nhs", email="pat.smith@nhs.net", email_verified=True)

    landed, _ = sign_on(live_server.url, subject)

    assert landed.status_code == 200
    link = SignOnLink.objects.get()
    assert (link.user, link.subject, link.linked_by) == (officer, subject, coordinator)
    assert User.objects.count() == 2  # nobody new: Pat signs on to their own account


def test_a_switched_off_account_cannot_sign_on(live_server, provider, organisations):
    officer = UserFactory(username="gone", email="gone@dudley.gov.uk", is_active=False)
    subject = person(provider, "gone-sub", email="gone@dudley.gov.uk", email_verified=True)
    landed, _ = sign_on(live_server.url, subject)
    assert landed.status_code == 403 and "switched off" in landed.text
    assert officer.sign_on_links.count() == 0


def test_a_tampered_state_is_refused(live_server, provider, organisations):
    council, _, _ = organisations
    SignOnRule.objects.create(kind="email_domain", value="dudley.gov.uk", organisation=council, role="officer")
    subject = person(provider, "jo", email="jo@dudley.gov.uk", email_verified=True)
    browser = requests.Session()
    start = browser.get(f"{live_server.url}/accounts/sso/start/", allow_redirects=False, timeout=10)
    back = browser.post(start.headers["Location"], data={"sub": subject}, allow_redirects=False, timeout=10)
    parts = urlparse(back.headers["Location"])
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["state"] = query["state"][:-2] + ("AA" if not query["state"].endswith("AA") else "BB")

    landed = browser.get(urlunparse(parts._replace(query=urlencode(query))), timeout=10)

    assert landed.status_code == 400 and "Your sign-in could not be checked" in landed.text
    assert not User.objects.filter(email="jo@dudley.gov.uk").exists()
    # Nor can the state be used from another browser, which never started this sign-on.
    elsewhere = requests.get(back.headers["Location"], timeout=10)
    assert elsewhere.status_code == 400
    assert not User.objects.filter(email="jo@dudley.gov.uk").exists()


def test_a_client_secret_the_provider_refuses_is_explained(live_server, provider, organisations, settings):
    settings.OIDC_RP_CLIENT_SECRET = ""
    landed, _ = sign_on(live_server.url, person(provider, "jo", email="jo@dudley.gov.uk", email_verified=True))
    assert landed.status_code == 400 and "could not sign you in" in landed.text
    assert not User.objects.filter(email="jo@dudley.gov.uk").exists()


def test_a_code_cannot_be_used_twice(live_server, provider, organisations):
    council, _, _ = organisations
    SignOnRule.objects.create(kind="email_domain", value="dudley.gov.uk", organisation=council, role="officer")
    subject = person(provider, "jo", email="jo@dudley.gov.uk", email_verified=True)
    browser = requests.Session()
    start = browser.get(f"{live_server.url}/accounts/sso/start/", allow_redirects=False, timeout=10)
    back = browser.post(start.headers["Location"], data={"sub": subject}, allow_redirects=False, timeout=10)
    assert browser.get(back.headers["Location"], timeout=10).status_code == 200
    again = requests.Session().get(back.headers["Location"], timeout=10)
    assert again.status_code == 400


def test_refusing_consent_at_the_provider_is_explained(live_server, provider, organisations):
    landed, _ = sign_on(live_server.url, "anyone", consent=False)
    assert landed.status_code == 200 and "You did not finish signing in" in landed.text
    assert "error=access_denied" in landed.request.url


def test_a_provider_that_is_down_gets_a_clear_page_not_a_server_error(live_server, settings, organisations):
    with socket.socket() as unused:
        unused.bind(("localhost", 0))
        port = unused.getsockname()[1]
    settings.OIDC_ISSUER = f"http://localhost:{port}"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    sso.forget_discovery()
    response = requests.get(f"{live_server.url}/accounts/sso/start/", timeout=20)
    assert response.status_code == 200 and "We could not reach your organisation" in response.text
    sso.forget_discovery()


def test_the_provider_going_down_mid_sign_on_is_explained(live_server, settings, organisations):
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    browser = requests.Session()
    with run_server_in_thread() as server:
        settings.OIDC_ISSUER = f"http://localhost:{server.server_port}"
        sso.forget_discovery()
        start = browser.get(f"{live_server.url}/accounts/sso/start/", allow_redirects=False, timeout=10)
        back = browser.post(start.headers["Location"], data={"sub": "x"}, allow_redirects=False, timeout=10)
    landed = browser.get(back.headers["Location"], timeout=20)
    assert landed.status_code == 200 and "We could not reach" in landed.text
    sso.forget_discovery()


def test_off_when_not_configured_no_button_and_no_addresses(client, settings, organisations):
    settings.OIDC_ISSUER = ""
    settings.OIDC_RP_CLIENT_ID = ""
    page = client.get("/accounts/sign-in/").content.decode()
    assert "organisation's account" not in page
    assert client.get("/accounts/sso/start/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


def test_password_sign_in_is_still_throttled_when_single_sign_on_is_on(client, provider, organisations, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/accounts/sign-in/", {"username": "coordinator", "password": "nope"})
    locked = client.post("/accounts/sign-in/", {"username": "coordinator", "password": "engage-test"})
    assert "Too many attempts" in locked.content.decode()


def test_a_callback_with_no_state_or_code_is_refused(client, provider, organisations):
    for query in ("", "?code=abc", "?state=abc", "?code=abc&state=abc"):
        response = client.get(f"/accounts/sso/callback/{query}")
        assert response.status_code == 400, query
        assert re.search(r"Your sign-in could not be checked", response.content.decode())
    assert client.post("/accounts/sso/callback/").status_code == 405
