"""The coordinators' "Single sign-on" page: rules that give roles, and linking accounts. The rules themselves."""

import pytest

from engaging.accounts import sign_on
from engaging.accounts.models import AccountEvent, Membership, SignOnLink, SignOnRule
from tests.factories import MembershipFactory, UserFactory

PAGES = [
    ("get", "/accounts/single-sign-on/"),
    ("get", "/accounts/single-sign-on/rules/new/"),
    ("get", "/accounts/single-sign-on/links/new/"),
]


@pytest.mark.parametrize("method,path", PAGES)
def test_only_coordinators_open_the_pages(client, world, method, path):
    assert client.get(path)["Location"].startswith("/accounts/sign-in/")
    for person in (world.officer_council, world.board_member):
        client.force_login(person)
        assert client.get(path).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(path).status_code == 200


def test_the_page_says_when_single_sign_on_is_off_and_the_people_page_links_to_it(client, world, settings):
    settings.OIDC_ISSUER = ""
    client.force_login(world.coordinator)
    assert "Single sign-on is not switched on" in client.get("/accounts/single-sign-on/").content.decode()
    assert 'href="/accounts/single-sign-on/"' in client.get("/accounts/people/").content.decode()


def test_a_coordinator_adds_and_removes_a_rule(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        "/accounts/single-sign-on/rules/new/",
        {"kind": "email_domain", "value": " @Dudley.GOV.uk ", "organisation": world.council.pk, "role": "officer"},
        follow=True,
    )
    assert "ends with @dudley.gov.uk will be officer at Dudley Council" in response.content.decode()
    rule = SignOnRule.objects.get()
    assert (rule.value, rule.created_by) == ("dudley.gov.uk", world.coordinator)
    assert client.get("/accounts/single-sign-on/rules/1/remove/").status_code == 405
    client.post(f"/accounts/single-sign-on/rules/{rule.pk}/remove/")
    assert not SignOnRule.objects.exists()
    assert client.post("/accounts/single-sign-on/rules/99999/remove/").status_code == 404


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({}, "kind", "Choose who the rule covers"),
        ({"kind": "email_domain", "value": "not a domain"}, "value", "Enter a domain like dudley.gov.uk"),
        ({"kind": "claim", "value": ""}, "value", "Enter a domain, group or role"),
        ({"kind": "claim", "value": "g", "role": "coordinator"}, "role", "Select a valid choice"),
        ({"kind": "claim", "value": "g", "organisation": "999999"}, "organisation", "Select a valid choice"),
        ({"kind": "claim", "value": "g", "role": ""}, "role", "Choose a role"),
    ],
)
def test_a_bad_rule_is_explained_and_nothing_is_added(client, world, data, field, message):
    client.force_login(world.coordinator)
    form = {"kind": "", "value": "", "organisation": world.council.pk, "role": "officer", **data}
    page = client.post("/accounts/single-sign-on/rules/new/", form).content.decode()
    assert message in page and f'href="#id_{field}' in page
    assert not SignOnRule.objects.exists()


def test_the_same_rule_twice_is_refused(client, world):
    SignOnRule.objects.create(kind="claim", value="staff", organisation=world.council, role="officer")
    client.force_login(world.coordinator)
    page = client.post(
        "/accounts/single-sign-on/rules/new/",
        {"kind": "claim", "value": "staff", "organisation": world.council.pk, "role": "board_member"},
    ).content.decode()
    assert "There is already a rule for this at that organisation" in page
    assert SignOnRule.objects.count() == 1


def test_a_coordinator_links_and_unlinks_an_account(client, world):
    client.force_login(world.coordinator)
    bad = client.post("/accounts/single-sign-on/links/new/", {"person": "", "email": "nope"}).content.decode()
    assert "Choose a person" in bad and "Enter an email address like name@example.org" in bad
    client.post("/accounts/single-sign-on/links/new/", {"person": world.officer_council.pk, "email": "Officer@NHS.net"})
    link = SignOnLink.objects.get()
    assert (link.user, link.email, link.linked_by) == (world.officer_council, "officer@nhs.net", world.coordinator)
    taken = client.post(
        "/accounts/single-sign-on/links/new/", {"person": world.board_member.pk, "email": "officer@nhs.net"}
    ).content.decode()
    assert "That address is already linked to" in taken
    page = client.get("/accounts/single-sign-on/").content.decode()
    assert "officer@nhs.net" in page
    client.post(f"/accounts/single-sign-on/links/{link.pk}/remove/")
    assert not SignOnLink.objects.exists()
    kinds = set(AccountEvent.objects.filter(user=world.officer_council).values_list("kind", flat=True))
    assert kinds == {"sign_on_linked", "sign_on_unlinked"}
    assert "Linked to an organisation" in client.get(f"/accounts/people/{world.officer_council.pk}/").content.decode()


def test_rules_pick_a_group_over_a_domain_and_skip_archived_organisations(world):
    SignOnRule.objects.create(kind="email_domain", value="dudley.gov.uk", organisation=world.council, role="officer")
    SignOnRule.objects.create(kind="claim", value="board", organisation=world.council, role="board_member")
    SignOnRule.objects.create(kind="claim", value="board", organisation=world.healthwatch, role="officer")
    world.healthwatch.archive()
    wanted = sign_on.roles_from_rules(email="a@dudley.gov.uk", groups={"board"})
    assert wanted == {world.council.pk: "board_member"}
    assert sign_on.roles_from_rules(email="a@sub.dudley.gov.uk", groups=set()) == {}


def test_claims_read_groups_and_only_vouched_addresses(settings):
    assert sign_on.groups_of({"groups": ["a", 2, None], "roles": "b"}) == {"a", "2", "b"}
    assert sign_on.verified_email({"email": "A@B.org", "email_verified": True}) == "a@b.org"
    assert sign_on.verified_email({"email": "a@b.org"}) == ""
    assert sign_on.verified_email({"email": ["a@b.org"], "email_verified": True}) == ""
    settings.OIDC_EMAILS_VERIFIED = True
    assert sign_on.verified_email({"email": "a@b.org"}) == "a@b.org"


def test_rules_never_touch_roles_given_by_hand(world):
    officer = MembershipFactory(user=UserFactory(username="dual"), organisation=world.council).user
    given = Membership.objects.create(user=officer, organisation=world.healthwatch, role="officer", from_sign_on=True)
    sign_on.apply_rules(officer, {world.council.pk: "board_member"})
    assert list(officer.memberships.values_list("organisation", "role", "from_sign_on")) == [
        (world.council.pk, "officer", False)
    ]
    assert not Membership.objects.filter(pk=given.pk).exists()
