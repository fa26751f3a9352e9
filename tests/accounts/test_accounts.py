"""Signing in and out, resetting a password, and personal API tokens."""

import re

from django.core import mail

from engaging.accounts.models import ApiToken
from engaging.accounts.roles import roles_for


def test_signing_in_and_out(client, world):
    response = client.post("/accounts/sign-in/", {"username": "officer-council", "password": "engage-test"})
    assert response.status_code == 302 and response["Location"] == "/register/your-work/"
    assert client.get("/register/").status_code == 200
    client.post("/accounts/sign-out/")
    assert client.get("/register/").status_code == 302


def test_a_wrong_password_is_explained_and_does_not_sign_in(client, world):
    response = client.post("/accounts/sign-in/", {"username": "officer-council", "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert client.get("/register/").status_code == 302


def test_repeated_failures_lock_the_account_for_a_while(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/accounts/sign-in/", {"username": "officer-council", "password": "nope"})
    locked = client.post("/accounts/sign-in/", {"username": "officer-council", "password": "engage-test"})
    assert "Too many attempts" in locked.content.decode()
    assert client.get("/register/").status_code == 302


def test_password_reset_sends_a_link_that_works(client, world):
    client.post("/accounts/password/reset/", {"email": "officer-council@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )
    world.officer_council.refresh_from_db()
    assert world.officer_council.check_password("a-long-new-passphrase")


def test_password_reset_does_not_reveal_whether_an_address_exists(client, world):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 0


def test_tokens_are_shown_once_and_can_be_revoked(client, world):
    client.force_login(world.officer_council)
    page = client.post("/accounts/tokens/new/", {"name": "CRM sync"}).content.decode()
    secret = re.search(r'value="(et_[^"]+)"', page).group(1)
    token = ApiToken.objects.get()
    assert token.key_hash != secret and secret not in client.get("/accounts/").content.decode()
    assert ApiToken.user_for(secret) == world.officer_council
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert ApiToken.user_for(secret) is None


def test_a_token_needs_a_name(client, world):
    client.force_login(world.officer_council)
    response = client.post("/accounts/tokens/new/", {"name": ""})
    assert "Enter what the token is for" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token(client, world):
    token, _ = ApiToken.issue(user=world.officer_council, name="x")
    client.force_login(world.officer_healthwatch)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405


def test_roles_come_from_memberships(world):
    assert roles_for(world.coordinator).coordinator
    assert roles_for(world.board_member).board_member and not roles_for(world.board_member).can_edit_register
    assert roles_for(world.officer_council).officer_of == {world.council.pk}
